import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { includeInputFields, withInputFields } from '../../shared/inputFields';
import type { ItemResult } from '../../shared/router';
import { getRetryOptions } from '../../shared/transport';
import { unreachableResumeUrl } from './callback';
import { checkIdempotencyKey, httpUrl, idempotencyKeyFor } from './common';
import type { VideoJob } from './poll';
import { waitForVideos } from './poll';
import { createWhenSlotFree, noteCreated } from './renderSlots';
import type { JobKind } from './statuses';
import { VIDEO_JOB } from './statuses';
import { readWaitSettings } from './wait';

/** The create operations' "Wait for Completion": output at once, poll here, or send the resume URL. */
type Completion = 'no' | 'poll' | 'callback';

function completionOf(ctx: IExecuteFunctions): Completion {
	return ctx.getNodeParameter('waitForCompletion', 0, 'no') as Completion;
}

/**
 * The create's callback_url: this execution's resume URL when the node is set to resume a
 * callback-mode Wait for Completion later on, else the Callback URL option (if any).
 */
export function callbackUrl(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const option = ctx.getNodeParameter('options.callbackUrl', itemIndex, '') as unknown;
	if (completionOf(ctx) === 'callback') {
		if (option) {
			throw new NodeOperationError(
				ctx.getNode(),
				'Callback URL cannot be set when Wait for Completion sends the resume URL',
				{
					itemIndex,
					description:
						'HeyGen calls one URL per job. Remove the Callback URL option, or choose another Wait for Completion setting.',
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
 * Idempotency-Key that is stable across retries of this item, waiting for a free render slot
 * when HeyGen's limit of videos rendering at once is reached (renderSlots.ts).
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
	const data = await createWhenSlotFree(ctx, itemIndex, {
		method: 'POST',
		path,
		body: request,
		idempotencyKey,
		timeoutMs: 120_000,
		itemIndex,
		retry: getRetryOptions(ctx, itemIndex),
	});
	const videoId = (data.video_id ?? data.id) as string | undefined;
	if (!videoId) {
		throw new NodeOperationError(ctx.getNode(), 'HeyGen did not return a video_id', { itemIndex });
	}
	noteCreated(ctx, itemIndex, String(videoId));
	return { data, request, idempotencyKey };
}

/**
 * The page of a video in the HeyGen app, to watch the render. The API's own `video_page_url`
 * (GET /v3/videos/{id}) is used when the response has it; a create's response does not, so the
 * link is built as https://app.heygen.com/videos/<video_id>, the form HeyGen's app links to videos
 * in (seen in public integrations; not in HeyGen's API documentation, so UNCONFIRMED).
 */
export function videoPageUrl(data: IDataObject, videoId: string): string {
	return typeof data.video_page_url === 'string' && data.video_page_url
		? data.video_page_url
		: `https://app.heygen.com/videos/${encodeURIComponent(videoId)}`;
}

/**
 * The create operations (Video → Generate, Template → Generate Video, Video Translation →
 * Translate, Lip Sync → Create): creates each item's jobs (`create` returns the output fields of
 * each, with the kind's ID field: one video, or one translation per language), one item after
 * another, then — when the node waits here — waits for all of them in one loop. A finished job's
 * output keeps the create's fields (request, idempotency_key, …), and with `inputFields` (the
 * video creates' Include Input Fields, default on) the input item's fields and files underneath.
 * Items sharing an Idempotency Key override fail before anything is sent. When the node sends the
 * resume URL but HeyGen cannot reach it, the jobs are still created and each item says so in
 * `notice`.
 */
export async function createAndWait(
	ctx: IExecuteFunctions,
	create: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	{ kind = VIDEO_JOB, inputFields = true }: { kind?: JobKind; inputFields?: boolean } = {},
): Promise<ItemResult[]> {
	const completion = completionOf(ctx);
	const wait = completion === 'poll';
	const unreachable = completion === 'callback' ? await unreachableResumeUrl(ctx) : undefined;
	const input = ctx.getInputData();
	const results: ItemResult[] = [];
	const jobs: VideoJob[] = [];
	/** Per job: the create's fields. */
	const created: IDataObject[] = [];
	const output = (i: number, item: INodeExecutionData) =>
		withInputFields(input[i], item, inputFields && includeInputFields(ctx, i));
	const refused = new Set<number>();
	for (let i = 0; i < input.length; i++) {
		try {
			checkIdempotencyKey(ctx, i);
		} catch (error) {
			results[i] = error as Error;
			refused.add(i);
			if (!ctx.continueOnFail()) return results;
		}
	}
	for (let i = 0; i < input.length; i++) {
		if (refused.has(i)) continue;
		try {
			// the wait settings are checked before any credit is spent
			const settings = wait ? readWaitSettings(ctx, i) : undefined;
			const made = await create(i);
			const fields = (Array.isArray(made) ? made : [made]).map((json) =>
				unreachable
					? {
							...json,
							notice: `${unreachable} A Wait for Completion in callback mode polls instead.`,
						}
					: json,
			);
			results[i] = fields.map((json) => output(i, { json }));
			if (!settings) continue;
			for (const json of fields) {
				created[jobs.length] = json;
				jobs.push({
					itemIndex: i,
					videoId: String(json[kind.idField]),
					settings,
					createdAt: Date.now(),
				});
			}
		} catch (error) {
			results[i] = error as Error;
			if (!ctx.continueOnFail()) return results;
		}
	}
	const finished = await waitForVideos(ctx, jobs, { kind });
	const waited = new Map<number, INodeExecutionData[] | Error>();
	jobs.forEach(({ itemIndex }, k) => {
		const done = finished[k];
		const before = waited.get(itemIndex) ?? [];
		if (before instanceof Error) return;
		waited.set(
			itemIndex,
			done instanceof Error
				? done
				: [
						...before,
						...done.map((item) =>
							output(itemIndex, { ...item, json: { ...created[k], ...item.json } }),
						),
					],
		);
	});
	for (const [itemIndex, result] of waited) results[itemIndex] = result;
	return results;
}
