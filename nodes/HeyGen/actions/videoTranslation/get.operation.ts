import { TRANSLATION } from '../../helpers/jobs';
import { getOperation } from '../../helpers/jobOperations';

export const { description, execute } = getOperation(TRANSLATION);
