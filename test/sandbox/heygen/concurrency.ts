/**
 * The account's limit of videos rendering at once (HeyGenState.renderLimit), applied to every
 * create (POST /v3/videos and POST /v3/templates/{id}) after its request checks and idempotency
 * lookup, so a replayed key is never refused and a refused create stores nothing under its key.
 *
 * Documented (https://developers.heygen.com/docs/usage-limits): "Pay-As-You-Go 10 concurrent video
 * jobs. Concurrent jobs include any asynchronous generation in progress … Exceeding the limit
 * returns 429 Too Many Requests with a Retry-After header — see the rate_limit_exceeded error"
 * (/docs/error-codes: 429 "Too many requests hit the API too quickly, or a usage quota was
 * exceeded"). The exact message is not published. `reply` makes the sandbox answer each variant a
 * client must accept:
 *   rate_limit_exceeded  429, code rate_limit_exceeded, Retry-After (the documented answer)
 *   no_retry_after       the same without Retry-After
 *   concurrency_code     429 with a concurrency-specific code (concurrency_limit_exceeded)
 *   resource_limit_400   400 resource_limit_exceeded naming the concurrent limit (the code HeyGen's
 *                        changelog uses for other limits "with guidance to wait for limits to reset")
 *   queue                the older page (https://docs.heygen.com/reference/limits): "Other videos
 *                        will sit in a queue until currently still processing videos are
 *                        completed" — nothing is refused; the video stays pending until a slot is
 *                        free (time mode only: its queue time is extended at creation).
 */
import type { SandboxReply } from '../server';
import { heyGenError } from './api';
import { statusOf } from './render';
import type { HeyGenState, SandboxVideo } from './state';

/** Videos not yet completed or failed (pending or processing), every create of the account. */
export function inProgress(state: HeyGenState): SandboxVideo[] {
	return [...state.videos.values()].filter((v) => {
		if (v.deleted) return false;
		const status = statusOf(state, v);
		return status !== 'completed' && status !== 'failed';
	});
}

/** The answer to a create over the limit, or undefined when it may start (or queue). */
export function refuseOverLimit(state: HeyGenState): SandboxReply | undefined {
	const limit = state.renderLimit;
	if (!limit || limit.reply === 'queue') return undefined;
	const running = inProgress(state).length;
	if (running < limit.max) return undefined;
	state.renderLimitRefusals++;
	const message = `Concurrent video job limit reached: ${running} of ${limit.max} jobs are in progress. Retry after one of them finishes.`;
	const retryAfter = { 'Retry-After': String(limit.retryAfterSeconds ?? 1) };
	switch (limit.reply) {
		case 'no_retry_after':
			return heyGenError(429, 'rate_limit_exceeded', message);
		case 'concurrency_code':
			return { ...heyGenError(429, 'concurrency_limit_exceeded', message), headers: retryAfter };
		case 'resource_limit_400':
			return heyGenError(400, 'resource_limit_exceeded', message);
		default:
			return { ...heyGenError(429, 'rate_limit_exceeded', message), headers: retryAfter };
	}
}

/** Counts the videos in progress right after a create (HeyGenState.peakInProgress). */
export function notePeak(state: HeyGenState): void {
	state.peakInProgress = Math.max(state.peakInProgress, inProgress(state).length);
}

/** When a video (time mode) holds a render slot: from `slotAt` (or its creation) to its end. */
function slotOf(state: HeyGenState, v: SandboxVideo): { from: number; to: number } {
	const timing = v.timing ?? state.render;
	return {
		from: v.slotAt ?? v.createdAt,
		to: v.createdAt + (timing.queueMs + timing.renderMs) * state.timeScale,
	};
}

/**
 * In 'queue' mode (time mode), the fields of a new video that has to wait for a slot: its slot
 * time and a queue time extended by the wait, first come first served. {} when it starts at once.
 */
export function queueSlot(
	state: HeyGenState,
	body: Record<string, unknown>,
): Partial<SandboxVideo> {
	const limit = state.renderLimit;
	if (limit?.reply !== 'queue' || state.render.mode !== 'time') return {};
	const now = Date.now();
	const slots = [...state.videos.values()]
		.filter((v) => !v.deleted)
		.map((v) => slotOf(state, v))
		.filter((s) => s.to > now);
	const after = Math.max(now, ...slots.map((s) => s.from));
	const candidates = [after, ...slots.map((s) => s.to).filter((t) => t > after)].sort(
		(a, b) => a - b,
	);
	const start =
		candidates.find((t) => slots.filter((s) => s.from <= t && t < s.to).length < limit.max) ??
		after;
	if (start <= now) return {};
	const base = state.renderFor?.(body) ?? {
		queueMs: state.render.queueMs,
		renderMs: state.render.renderMs,
	};
	return {
		slotAt: start,
		timing: { queueMs: base.queueMs + (start - now) / state.timeScale, renderMs: base.renderMs },
	};
}
