import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { requiredId } from '../../helpers/common';
import { getVideo, videoFields } from '../../helpers/video';

const properties: INodeProperties[] = [
	{ displayName: 'Video ID', name: 'videoId', type: 'string', default: '', required: true },
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['get'] } },
	properties,
);

/** GET /v3/videos/{id}: status, fresh presigned URLs, failure details. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = requiredId(this, 'videoId', 'Video ID', itemIndex);
	return [{ json: videoFields(await getVideo(this, itemIndex, videoId)) }];
}
