import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { requiredId, retryFor } from '../../helpers/common';
import { heyGenApiRequest } from '../../transport';

const show = { resource: ['video'], operation: ['delete'] };

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

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = requiredId(this, 'videoId', 'Video ID', itemIndex);
	const response = await heyGenApiRequest.call(this, {
		method: 'DELETE',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		itemIndex,
		retry: retryFor(this, itemIndex),
	});
	const data = ((response.body as IDataObject).data ?? {}) as IDataObject;
	return [
		{
			json: { deleted: data.deleted ?? true, video_id: data.id ?? videoId },
			pairedItem: { item: itemIndex },
		},
	];
}
