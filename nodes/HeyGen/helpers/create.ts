import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../shared/router';
import { getRetryOptions } from '../../shared/transport';
import { heyGenData } from '../transport';
import { httpUrl, idempotencyKeyFor } from './common';
import type { VideoJob } from './poll';
import { waitForVideos } from './poll';
import { readWaitSettings } from './wait';

/** The generate operations' "Wait for Completion": output at once, poll here, or send the resume URL. */
type Completion = 'no' | 'poll' | 'callback';

function completionOf(ctx: IExecuteFunctions): Completion {
	return ctx.getNodeParameter('waitForCompletion', 0, 'no') as Completion;
}

/**
 * The create's callback_url: this execution's resume URL when the node is set to resume a
 * callback-mode Wait for Completion later on, else the Callback URL option (if any).
 */
function callbackUrl(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const option = ctx.getNodeParameter('options.callbackUrl', itemIndex, '') as unknown;
	if (completionOf(ctx) === 'callback') {
		if (option) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Callback URL cannot be set when Wait for Completion sends the resume URL',
				{
					itemIndex,
					description:
						'HeyGen calls one URL per video. Remove the Callback URL option, or choose another Wait for Completion setting.',
				},
			);
		}
		return String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex));
	}
	return option ? httpUrl(ctx, option, 'Callback URL', itemIndex) : undefined;
}

/** A POST that creates a video, and what it sent. */
export interface Created {
	/** The response's `data`. */
	data: IDataObject;
	/** The body sent, callback_url included. */
	request: IDataObject;
	idempotencyKey: string;
}

/**
 * POSTs a create (POST /v3/videos, POST /v3/templates/{id}) with its callback_url and an
 * Idempotency-Key that is stable across retries of this item.
 */
export async function postCreate(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	purpose: 'video' | 'template',
	body: IDataObject,
): Promise<Created> {
	const url = callbackUrl(ctx, itemIndex);
	const request = url ? { ...body, callback_url: url } : body;
	const idempotencyKey = idempotencyKeyFor(ctx, itemIndex, purpose, { path, request });
	const data = await heyGenData.call(ctx, {
		method: 'POST',
		path,
		body: request,
		idempotencyKey,
		timeoutMs: 120_000,
		itemIndex,
		retry: getRetryOptions(ctx, itemIndex),
	});
	if (!data.video_id && !data.id) {
		throw new NodeOperationError(ctx.getNode(), 'HeyGen did not return a video_id', { itemIndex });
	}
	return { data, request, idempotencyKey };
}

/**
 * The generate operations: creates each item's video (`create` returns its output fields, with
 * `video_id`), one after another, then — when the node waits here — waits for all of them in one
 * loop. A finished video's output keeps the create's fields (request, idempotency_key, …).
 */
export async function generateVideos(
	ctx: IExecuteFunctions,
	create: (itemIndex: number) => Promise<IDataObject>,
): Promise<ItemResult[]> {
	const wait = completionOf(ctx) === 'poll';
	const results: ItemResult[] = [];
	const jobs: VideoJob[] = [];
	const created: IDataObject[] = [];
	for (let i = 0; i < ctx.getInputData().length; i++) {
		try {
			// the wait settings are checked before any credit is spent
			const settings = wait ? readWaitSettings(ctx, i) : undefined;
			created[i] = await create(i);
			results[i] = [{ json: created[i] }];
			if (settings)
				jobs.push({
					itemIndex: i,
					videoId: String(created[i].video_id),
					settings,
					createdAt: Date.now(),
				});
		} catch (error) {
			results[i] = error as Error;
			if (!ctx.continueOnFail()) return results;
		}
	}
	const finished = await waitForVideos(ctx, jobs);
	jobs.forEach(({ itemIndex }, k) => {
		const done = finished[k];
		results[itemIndex] =
			done instanceof Error
				? done
				: done.map((item) => ({ ...item, json: { ...created[itemIndex], ...item.json } }));
	});
	return results;
}
