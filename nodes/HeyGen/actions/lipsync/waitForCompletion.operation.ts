import { LIPSYNC_JOB } from '../../helpers/jobKinds';
import { waitOperation } from '../../helpers/waitOperation';

export const { description, executeBatch } = waitOperation(LIPSYNC_JOB);
