import { LIPSYNC } from '../../helpers/jobKinds';
import { getOperation } from '../../helpers/jobOperations';

export const { description, execute } = getOperation(LIPSYNC);
