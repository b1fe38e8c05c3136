import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../shared/descriptions';
import type { ItemResult } from '../../shared/router';
import { waitProperties } from '../descriptions';
import { waitForCallback } from './callback';
import { requiredId } from './common';
import type { VideoJob, WaitOptions } from './poll';
import { waitForVideos } from './poll';
import type { JobKind } from './statuses';
import { createdAtOf, readWaitSettings } from './wait';

/** The properties of `kind`'s Wait for Completion (Video, Video Translation, Lip Sync). */
function properties(kind: JobKind): INodeProperties[] {
	const { noun, label } = kind;
	const isVideo = kind.resource === 'video';
	const creator = isVideo ? 'generates the video' : `creates the ${noun}`;
	const takes = isVideo ? 'Renders usually take' : `A ${noun} usually takes`;
	return [
		{
			displayName: kind.idLabel,
			name: kind.idParam,
			type: 'string',
			default: `={{ $json.${kind.idField} }}`,
			required: true,
		},
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			default: 'poll',
			hint: `${takes} ${kind.typical}, longer at peak times. Polling keeps this node running until the ${noun} is ready, failed or Max Wait has passed; in callback mode the execution waits without running.`,
			options: [
				{
					name: 'Callback (No Polling)',
					value: 'callback',
					description: `Pause the execution until HeyGen calls back: no status polls and no worker held while ${isVideo ? 'rendering' : 'it runs'}. The HeyGen node that ${creator} must have Wait for Completion set to "Send Resume URL for a Callback-Mode Wait". Needs a saved, active or manually started workflow on a server HeyGen can reach.`,
				},
				{
					name: 'Polling',
					value: 'poll',
					description: `Check the status on a cadence (Wait Options → Poll Cadence; HeyGen's is 10 s, then 30 s after 2 min, 60 s after 5 min) while the execution runs; all items' ${isVideo ? 'videos' : `${noun}s`} are checked together`,
				},
			],
		},
		{
			displayName: `The execution waits (status "waiting") until HeyGen calls its resume URL, then this node checks the ${noun}, goes on polling if it still reads "${isVideo ? 'processing' : 'running'}", and outputs what polling outputs. n8n continues the workflow after a resume without running this node again, so a ${isVideo ? 'failed render' : `failed ${noun}`} or a timeout cannot stop it: those items carry status "failed" or "timeout" and the error (as with On Error → Continue). ${isVideo ? 'Videos' : `${label}s`} HeyGen was not sent the resume URL for, or cannot reach it (set n8n's WEBHOOK_URL to a public HTTPS address), are polled instead, with a notice in the output.`,
			name: 'callbackNotice',
			type: 'notice',
			displayOptions: { show: { waitMode: ['callback'] } },
			default: '',
		},
		...waitProperties({}, kind),
		retryOptions(),
	];
}

/**
 * `<resource>` → Wait for Completion: all items' jobs are waited for in one loop
 * (helpers/poll.ts), or in callback mode (helpers/callback.ts), the same way for every job kind.
 */
export function waitOperation(kind: JobKind) {
	return {
		description: updateDisplayOptions(
			{ show: { resource: [kind.resource], operation: ['waitForCompletion'] } },
			properties(kind),
		),
		async executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
			const items = this.getInputData();
			const results: ItemResult[] = [];
			const jobs: VideoJob[] = [];
			for (let i = 0; i < items.length; i++) {
				try {
					const id = requiredId(this, kind.idParam, kind.idLabel, i);
					const settings = readWaitSettings(this, i);
					jobs.push({
						itemIndex: i,
						videoId: id,
						settings,
						createdAt: createdAtOf(items[i].json, id, Date.now(), kind.idField),
					});
				} catch (error) {
					results[i] = error as Error;
					if (!this.continueOnFail()) return results;
				}
			}
			let notices = new Map<number, string>();
			let options: WaitOptions = { kind };
			if (this.getNodeParameter('waitMode', 0, 'poll') === 'callback') {
				const plan = await waitForCallback(this, jobs, results, kind);
				if (plan.waiting) return plan.waiting;
				({ notices, ...options } = plan);
			}
			const done = await waitForVideos(this, jobs, { ...options, kind });
			jobs.forEach(({ itemIndex }, k) => {
				const result = done[k];
				const notice = notices.get(itemIndex);
				results[itemIndex] =
					result instanceof Error || !notice
						? result
						: result.map((item) => ({ ...item, json: { ...item.json, notice } }));
			});
			return results;
		},
	};
}
