import { LIPSYNC } from '../../helpers/jobKinds';
import { getManyOperation } from '../../helpers/jobOperations';

export const { description, execute } = getManyOperation(LIPSYNC);
