import { TRANSLATION } from '../../helpers/jobKinds';
import { getOperation } from '../../helpers/jobOperations';

export const { description, execute } = getOperation(TRANSLATION);
