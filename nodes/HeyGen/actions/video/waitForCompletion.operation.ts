import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import type { ItemResult } from '../../../shared/router';
import { waitProperties } from '../../descriptions';
import { requiredId } from '../../helpers/common';
import type { VideoJob } from '../../helpers/poll';
import { waitForVideos } from '../../helpers/poll';
import { checkStatuses, FINISHED } from '../../helpers/statuses';
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
					"Check the status on HeyGen's cadence (10 s, then 30 s after 2 min, 60 s after 5 min) while the execution runs; all items' videos are checked together",
			},
		],
	},
	{
		displayName:
			'In callback mode the execution waits (status "waiting") until HeyGen calls the execution\'s resume URL. If Max Wait passes first, the items continue unchanged, still carrying their video_id. Videos HeyGen was not given the resume URL for are polled instead, with a notice in the output.',
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

const POLLED_NOTICE =
	'Polled instead of waiting for a callback: HeyGen was not sent this execution\'s resume URL for this video. To wait without polling, set Wait for Completion to "Send Resume URL for a Callback-Mode Wait" on the HeyGen node that generates the video, earlier in this workflow.';

/**
 * Callback mode: check the videos once (a callback that came before the wait would be lost), and
 * if any is still rendering, put the execution to wait until HeyGen calls the resume URL
 * (helpers/callback.ts) or Max Wait passes. Only when every item shows its create sent this
 * execution's resume URL (`request.callback_url`); otherwise no callback would come, so the videos
 * are polled, with a notice on the items concerned.
 */
async function waitForCallback(
	ctx: IExecuteFunctions,
	jobs: VideoJob[],
): Promise<{ waiting: boolean; polled: Set<number> }> {
	const items = ctx.getInputData();
	const resumeUrl = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));
	const polled = new Set(
		jobs
			.map((job) => job.itemIndex)
			.filter(
				(i) => (items[i].json.request as IDataObject | undefined)?.callback_url !== resumeUrl,
			),
	);
	if (polled.size || !jobs.length) return { waiting: false, polled };
	const reports = await checkStatuses(ctx, jobs);
	// an error or not_found is left to polling, which reports it
	const rendering = reports.some(
		(r) => !(r instanceof Error) && !FINISHED.has(r.status) && r.status !== 'not_found',
	);
	if (rendering) await ctx.putExecutionToWait(new Date(Date.now() + jobs[0].settings.maxWaitMs));
	// already finished: no need to wait one interval after the creation before reading them
	else for (const job of jobs) job.createdAt = undefined;
	return { waiting: rendering, polled };
}

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
	let polled = new Set<number>();
	if (this.getNodeParameter('waitMode', 0, 'poll') === 'callback') {
		const callback = await waitForCallback(this, jobs);
		if (callback.waiting) return items.map((item) => [{ json: item.json, binary: item.binary }]);
		polled = callback.polled;
	}
	const done = await waitForVideos(this, jobs);
	jobs.forEach(({ itemIndex }, k) => {
		const result = done[k];
		results[itemIndex] =
			result instanceof Error || !polled.has(itemIndex)
				? result
				: result.map((item) => ({ ...item, json: { ...item.json, notice: POLLED_NOTICE } }));
	});
	return results;
}
