import { VIDEO_JOB } from '../../helpers/statuses';
import { waitOperation } from '../../helpers/waitOperation';

export const { description, executeBatch } = waitOperation(VIDEO_JOB);
