import { TRANSLATION } from '../../helpers/jobs';
import { getManyOperation } from '../../helpers/jobOperations';

export const { description, execute } = getManyOperation(TRANSLATION);
