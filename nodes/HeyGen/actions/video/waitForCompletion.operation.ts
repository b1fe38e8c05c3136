import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import type { ItemResult } from '../../../shared/router';
import { waitProperties } from '../../descriptions';
import { requiredId } from '../../helpers/common';
import { waitForCallback } from '../../helpers/callback';
import type { VideoJob, WaitOptions } from '../../helpers/poll';
import { waitForVideos } from '../../helpers/poll';
import { createdAtOf, readWaitSettings } from '../../helpers/wait';

const properties: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		default: '={{ $json.video_id }}',
		required: true,
	},
	{
		displayName: 'Wait Mode',
		name: 'waitMode',
		type: 'options',
		noDataExpression: true,
		default: 'poll',
		hint: 'Renders usually take 5–20 minutes, longer at peak times. Polling keeps this node running until the video is ready, failed or Max Wait has passed; in callback mode the execution waits without running.',
		options: [
			{
				name: 'Callback (No Polling)',
				value: 'callback',
				description:
					'Pause the execution until HeyGen calls back: no status polls and no worker held while rendering. The HeyGen node that generates the video must have Wait for Completion set to "Send Resume URL for a Callback-Mode Wait". Needs a saved, active or manually started workflow on a server HeyGen can reach.',
			},
			{
				name: 'Polling',
				value: 'poll',
				description:
					"Check the status on a cadence (Wait Options → Poll Cadence; HeyGen's is 10 s, then 30 s after 2 min, 60 s after 5 min) while the execution runs; all items' videos are checked together",
			},
		],
	},
	{
		displayName:
			'The execution waits (status "waiting") until HeyGen calls its resume URL, then this node checks the video, goes on polling if it still reads "processing", and outputs what polling outputs. n8n continues the workflow after a resume without running this node again, so a failed render or a timeout cannot stop it: those items carry status "failed" or "timeout" and the error (as with On Error → Continue). Videos HeyGen was not sent the resume URL for, or cannot reach it (set n8n\'s WEBHOOK_URL to a public HTTPS address), are polled instead, with a notice in the output.',
		name: 'callbackNotice',
		type: 'notice',
		displayOptions: { show: { waitMode: ['callback'] } },
		default: '',
	},
	...waitProperties(),
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['waitForCompletion'] } },
	properties,
);

/** All items' videos are waited for in one loop (helpers/poll.ts), or in callback mode. */
export async function executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
	const items = this.getInputData();
	const results: ItemResult[] = [];
	const jobs: VideoJob[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const videoId = requiredId(this, 'videoId', 'Video ID', i);
			const settings = readWaitSettings(this, i);
			jobs.push({
				itemIndex: i,
				videoId,
				settings,
				createdAt: createdAtOf(items[i].json, videoId),
			});
		} catch (error) {
			results[i] = error as Error;
			if (!this.continueOnFail()) return results;
		}
	}
	let notices = new Map<number, string>();
	let options: WaitOptions = {};
	if (this.getNodeParameter('waitMode', 0, 'poll') === 'callback') {
		const plan = await waitForCallback(this, jobs, results);
		if (plan.waiting) return plan.waiting;
		({ notices, ...options } = plan);
	}
	const done = await waitForVideos(this, jobs, options);
	jobs.forEach(({ itemIndex }, k) => {
		const result = done[k];
		const notice = notices.get(itemIndex);
		results[itemIndex] =
			result instanceof Error || !notice
				? result
				: result.map((item) => ({ ...item, json: { ...item.json, notice } }));
	});
	return results;
}
