import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { waitProperties } from '../../descriptions';
import { createdAtOf, getVideo, readWaitSettings, waitForVideo } from '../../helpers/wait';

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
	{
		displayName: 'Wait Mode',
		name: 'waitMode',
		type: 'options',
		displayOptions: { show },
		default: 'poll',
		options: [
			{
				name: 'Callback (No Polling)',
				value: 'callback',
				description:
					'Pause the execution until HeyGen calls back: no status polls and no worker held while rendering. HeyGen → Generate sends the resume URL automatically when this node follows it. Needs a saved, active or manually started workflow on a server HeyGen can reach.',
			},
			{
				name: 'Polling',
				value: 'poll',
				description:
					'Check the status on an adaptive schedule (fast at first, then 10 s → 30 s → 60 s) while the execution runs',
			},
		],
	},
	{
		displayName:
			'In callback mode the execution waits (status "waiting") until HeyGen calls the execution\'s resume URL. If Max Wait passes first, the items continue unchanged, still carrying their video_id.',
		name: 'callbackNotice',
		type: 'notice',
		displayOptions: { show: { ...show, waitMode: ['callback'] } },
		default: '',
	},
	...waitProperties(show),
	retryOptions(show),
];

/** All items of the execution wait at the same time, not one after another. */
export function concurrency(this: IExecuteFunctions): number {
	return Math.min(this.getInputData().length, 100);
}

function videoIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const videoId = String(ctx.getNodeParameter('videoId', itemIndex, '') ?? '').trim();
	if (!videoId) throw new NodeOperationError(ctx.getNode(), 'Video ID is empty', { itemIndex });
	return videoId;
}

/**
 * Callback mode: check every video once (a callback that arrived before the wait started is not
 * lost), and when any is still rendering put the execution to wait until HeyGen calls the resume
 * URL (see helpers/callback.ts) or Max Wait passes. When every video is already finished (or its
 * ID is bad), fall through to the per-item path, which outputs them exactly like polling.
 */
export async function executeBatch(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][] | undefined> {
	if (this.getNodeParameter('waitMode', 0, 'poll') !== 'callback') return undefined;
	const items = this.getInputData();
	const statuses = await Promise.all(
		items.map(async (_item, i) => {
			try {
				return String((await getVideo(this, i, videoIdOf(this, i))).status);
			} catch {
				return 'error';
			}
		}),
	);
	if (statuses.every((s) => s === 'completed' || s === 'failed' || s === 'error')) return undefined;
	const { maxWaitMs } = readWaitSettings(this, 0);
	await this.putExecutionToWait(new Date(Date.now() + maxWaitMs));
	return [
		items.map((item, i) => ({ json: item.json, binary: item.binary, pairedItem: { item: i } })),
	];
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = videoIdOf(this, itemIndex);
	const createdAt = createdAtOf(this.getInputData()[itemIndex]?.json, videoId);
	const result = await waitForVideo(
		this,
		itemIndex,
		videoId,
		readWaitSettings(this, itemIndex),
		createdAt,
	);
	return [{ ...result, pairedItem: { item: itemIndex } }];
}
