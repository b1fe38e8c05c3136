import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiRequest, ParsedApiError } from '../../shared/transport';
import {
	backoffDelay,
	buildApiError,
	getRetryOptions,
	DEFAULT_RETRY,
	parseRetryAfter,
	withHeaderRequestId,
} from '../../shared/transport';
import { heyGenApiRequest, heyGenService, parseHeyGenError } from '../transport';
import { sleepUnlessCancelled } from './common';
import { checkStatuses, VIDEO_JOB } from './statuses';
import { readWaitSettings } from './wait';

/**
 * HeyGen's limit on renders at once. "Pay-As-You-Go: 10 concurrent video jobs … Exceeding the limit
 * returns 429 Too Many Requests with a Retry-After header — see the rate_limit_exceeded error"
 * (https://developers.heygen.com/docs/usage-limits, /docs/error-codes). An older page says extra
 * videos "sit in a queue" instead (https://docs.heygen.com/reference/limits): then nothing is
 * refused and a queued video only takes longer, which the wait already handles.
 *
 * A refusal for concurrency and one for request rate share the 429 and the code, so a create
 * refused with any 429 but quota_exceeded (which does not pass by waiting), or with a 4xx that
 * names a concurrent limit (a 400/403 whose code or message says "concurren…", in case HeyGen
 * words it so), is sent again, with the same Idempotency-Key, once a video this node execution
 * created has finished rendering or Retry-After has passed, whichever comes first, for at most the
 * item's Max Wait (Wait Options; its default, 30 min, with Don't Wait and Send Resume URL, which do
 * not show it). So a create's 429s are bounded by Max Wait, not by the Retry option's attempts.
 */

/** Per node execution: the videos it created that it has not yet seen finish. */
const rendering = new WeakMap<object, Array<{ itemIndex: number; videoId: string }>>();

function renderingOf(ctx: IExecuteFunctions) {
	let videos = rendering.get(ctx);
	if (!videos) {
		videos = [];
		rendering.set(ctx, videos);
	}
	return videos;
}

/** Remembers a video this node execution created (its render may hold one of the account's slots). */
export function noteCreated(ctx: IExecuteFunctions, itemIndex: number, videoId: string): void {
	if (videoId) renderingOf(ctx).push({ itemIndex, videoId });
}

/** Whether a refused create may pass once a render slot is free (see the top of this file). */
export function isSlotRefusal(statusCode: number, error: ParsedApiError): boolean {
	if (error.kind === 'fatal' || error.code === 'quota_exceeded') return false;
	if (statusCode === 429) return true;
	return (
		statusCode >= 400 &&
		statusCode < 500 &&
		/concurren/i.test(`${error.code ?? ''} ${error.message}`)
	);
}

/** One refusal: HeyGen's error, and its Retry-After (ms) when it sent one. */
interface Refusal {
	statusCode: number;
	error: ParsedApiError;
	retryAfterMs?: number;
}

/**
 * Statuses a create's answer is read for a refusal: 429, and 400/403 in case the limit comes
 * worded as a concurrent limit with another status. Any other error is thrown by the transport.
 */
const REFUSAL_STATUSES = [400, 403, 429];

const minutes = (ms: number) =>
	ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 6000) / 10} min`;

/** A progress line in n8n's log and, for a manual execution, the browser console. */
function progress(ctx: IExecuteFunctions, message: string): void {
	ctx.sendMessageToUI(message);
	try {
		ctx.logger.info(message, { node: ctx.getNode().name });
	} catch {
		// no logger outside a full n8n instance (tests, benchmarks)
	}
}

/**
 * Sends a create (POST /v3/videos, POST /v3/templates/{id}) and returns the response's `data`. A
 * refusal a free render slot may lift is waited out as described at the top of this file; the
 * request's Idempotency-Key is the same for every attempt, so a create is never made twice.
 */
export async function createWhenSlotFree(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: ApiRequest,
): Promise<IDataObject> {
	let started: number | undefined;
	for (let refusals = 1; ; refusals++) {
		const response = await heyGenApiRequest.call(ctx, {
			...request,
			okStatuses: REFUSAL_STATUSES,
		});
		if (!REFUSAL_STATUSES.includes(response.statusCode))
			return ((response.body as IDataObject | undefined)?.data ?? {}) as IDataObject;
		const refusal: Refusal = {
			statusCode: response.statusCode,
			error: withHeaderRequestId(
				heyGenService,
				parseHeyGenError(response.statusCode, response.body),
				response.headers,
			),
			retryAfterMs: parseRetryAfter(response.headers['retry-after']),
		};
		if (!isSlotRefusal(refusal.statusCode, refusal.error))
			throw buildApiError(
				ctx,
				heyGenService,
				refusal.statusCode,
				refusal.error,
				itemIndex,
				response.attempts,
			);
		const settings = readWaitSettings(ctx, itemIndex);
		started ??= Date.now();
		await waitForRenderSlot(ctx, itemIndex, refusal, {
			deadline: started + settings.maxWaitMs,
			maxWaitMs: settings.maxWaitMs,
			checkEveryMs: settings.intervalEarlyMs,
			refusals,
			startedAt: started,
		});
	}
}

/**
 * Waits after a refusal until a video of this node execution has finished (checked with one
 * status round every `checkEveryMs`) or the refusal's Retry-After (at least the node's retry
 * backoff) has passed. Past the deadline the refusal becomes the item's error.
 */
async function waitForRenderSlot(
	ctx: IExecuteFunctions,
	itemIndex: number,
	refusal: Refusal,
	wait: {
		deadline: number;
		maxWaitMs: number;
		checkEveryMs: number;
		refusals: number;
		startedAt: number;
	},
): Promise<void> {
	const now = Date.now();
	const own = renderingOf(ctx);
	const what = `${refusal.error.message}${refusal.error.code ? ` [${refusal.error.code}]` : ''}`;
	if (now >= wait.deadline) {
		throw buildApiError(
			ctx,
			heyGenService,
			refusal.statusCode,
			refusal.error,
			itemIndex,
			wait.refusals,
			`HeyGen kept refusing to start this video for ${minutes(now - wait.startedAt)} (Max Wait ${minutes(wait.maxWaitMs)}): the account's limit of videos rendering at once (Pay-As-You-Go: 10) stayed reached${own.length ? `, with ${own.length} of this execution's videos rendering` : ''}. Raise Max Wait, split the items over several executions, or ask HeyGen for a higher limit.`,
		);
	}
	const retry = { ...DEFAULT_RETRY, ...getRetryOptions(ctx, itemIndex) };
	const until = Math.min(
		wait.deadline,
		now + Math.max(refusal.retryAfterMs ?? 0, backoffDelay(wait.refusals, retry)),
	);
	if (wait.refusals === 1) {
		const waitFor =
			[
				own.length
					? `one of the ${own.length} videos this execution is rendering to finish`
					: undefined,
				refusal.retryAfterMs !== undefined
					? `${minutes(refusal.retryAfterMs)} (Retry-After)`
					: undefined,
			]
				.filter(Boolean)
				.join(' or ') || 'a moment';
		progress(
			ctx,
			`HeyGen did not start the video of item ${itemIndex} yet: ${what}. Waiting for ${waitFor}, then trying again with the same Idempotency-Key, for at most ${minutes(wait.maxWaitMs)} (Max Wait).`,
		);
	}
	while (Date.now() < until) {
		const pause = own.length ? Math.min(wait.checkEveryMs, until - Date.now()) : until - Date.now();
		await sleepUnlessCancelled(ctx, pause, itemIndex);
		if (!own.length || Date.now() >= until) continue;
		const reports = await checkStatuses(ctx, own);
		const finished = new Set(
			own.filter((_v, k) => {
				const report = reports[k];
				return (
					!(report instanceof Error) &&
					(VIDEO_JOB.finished.has(report.status) || report.status === 'not_found')
				);
			}),
		);
		if (finished.size) {
			own.splice(0, own.length, ...own.filter((v) => !finished.has(v)));
			return;
		}
	}
}
