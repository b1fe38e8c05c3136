import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { requiredId, retryFor } from '../../helpers/common';
import { videoOutput } from '../../helpers/wait';
import { heyGenApiRequest } from '../../transport';

const show = { resource: ['video'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		displayOptions: { show },
		default: '',
		required: true,
	},
	retryOptions(show),
];

/** GET /v3/videos/{id}: status, fresh presigned URLs, failure details. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = requiredId(this, 'videoId', 'Video ID', itemIndex);
	const response = await heyGenApiRequest.call(this, {
		method: 'GET',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		itemIndex,
		retry: retryFor(this, itemIndex),
	});
	const data = ((response.body as IDataObject).data ?? {}) as IDataObject;
	return [{ json: videoOutput(data), pairedItem: { item: itemIndex } }];
}
