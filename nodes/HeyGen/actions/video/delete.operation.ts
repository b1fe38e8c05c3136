import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { requiredId } from '../../helpers/common';
import { heyGenData } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Video ID', name: 'videoId', type: 'string', default: '', required: true },
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['delete'] } },
	properties,
);

/** DELETE /v3/videos/{id}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = requiredId(this, 'videoId', 'Video ID', itemIndex);
	const data = await heyGenData.call(this, {
		method: 'DELETE',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: { deleted: data.deleted ?? true, video_id: data.id ?? videoId } }];
}
