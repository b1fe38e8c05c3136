import { TRANSLATION } from '../../helpers/jobKinds';
import { deleteOperation } from '../../helpers/jobOperations';

export const { description, execute } = deleteOperation(TRANSLATION);
