import { TRANSLATION } from '../../helpers/jobs';
import { deleteOperation } from '../../helpers/jobOperations';

export const { description, execute } = deleteOperation(TRANSLATION);
