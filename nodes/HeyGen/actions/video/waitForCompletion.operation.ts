import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { waitProperties } from '../../descriptions';
import { readWaitSettings, waitForVideo } from '../../helpers/wait';

const show = { resource: ['video'], operation: ['waitForCompletion'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		displayOptions: { show },
		default: '={{ $json.video_id }}',
		required: true,
	},
	...waitProperties(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		displayOptions: { show },
		default: {},
		options: [retryOption],
	},
];

/** All items of the execution wait at the same time, not one after another. */
export function concurrency(this: IExecuteFunctions): number {
	return Math.min(this.getInputData().length, 100);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const videoId = String(this.getNodeParameter('videoId', itemIndex, '') ?? '').trim();
	if (!videoId) throw new NodeOperationError(this.getNode(), 'Video ID is empty', { itemIndex });
	const result = await waitForVideo(this, itemIndex, videoId, readWaitSettings(this, itemIndex));
	return [{ ...result, pairedItem: { item: itemIndex } }];
}
