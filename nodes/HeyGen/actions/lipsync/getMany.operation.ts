import { LIPSYNC } from '../../helpers/jobs';
import { getManyOperation } from '../../helpers/jobOperations';

export const { description, execute } = getManyOperation(LIPSYNC);
