/**
 * The render state machine every created video goes through (POST /v3/videos and template
 * generation): `pending` → `processing` → `completed` | `failed`, as GET /v3/videos/{video_id}
 * reports it (contract VideoGet; the create itself answers `waiting`). Real renders take
 * "typically 5-15 minutes" (heygen-com/skills, video-status.md); tests choose on HeyGenState:
 *   render.mode 'time'   the status follows the clock since creation (queueMs, then renderMs,
 *                        scaled by timeScale; per video via renderFor)
 *   render.mode 'polls'  the status advances one step per status check (pendingPolls, then
 *                        processingPolls), so a test controls it exactly
 * `outcomeFor` decides at creation whether the video will fail (failure_code/failure_message).
 *
 * When a video settles, its `callback_url` (if any) gets the documented event
 * `{"event_type":"avatar_video.success","event_data":{"video_id","url","callback_id"}}` or
 * `avatar_video.fail` with `msg` (https://docs.heygen.com/docs/using-heygens-webhook-events), retried
 * with backoff on failure (HeyGenState.callbackRetryDelaysMs). That page documents webhook events;
 * the body of a per-video callback is not documented, so HeyGenState.callbackShape can move the
 * event data under `data` or to the top level, and HeyGenState.callbackLeadMs can send the
 * callback before the status reads final.
 */
import { randomBytes } from 'node:crypto';

import type { CallbackDelivery, HeyGenState, SandboxVideo } from './state';

type VideoStatus = 'pending' | 'processing' | 'completed' | 'failed';

const finalStatus = (v: SandboxVideo): 'completed' | 'failed' =>
	v.outcome ? 'failed' : 'completed';

/** Configured milliseconds on the sandbox's clock (timeScale < 1 renders faster). */
const scaled = (state: HeyGenState, ms: number) => ms * state.timeScale;

/** The video's status now; reaching `completed`/`failed` settles it (and fires its callback). */
export function statusOf(state: HeyGenState, v: SandboxVideo): VideoStatus {
	if (v.completedAt) return finalStatus(v);
	let status: VideoStatus;
	if (state.render.mode === 'polls') {
		if (v.polls <= state.render.pendingPolls) status = 'pending';
		else if (v.polls <= state.render.pendingPolls + state.render.processingPolls)
			status = 'processing';
		else status = finalStatus(v);
	} else {
		const elapsed = Date.now() - v.createdAt;
		const timing = v.timing ?? state.render;
		if (elapsed < scaled(state, timing.queueMs)) status = 'pending';
		else if (elapsed < scaled(state, timing.queueMs + timing.renderMs)) status = 'processing';
		else status = finalStatus(v);
	}
	if (status === 'completed' || status === 'failed') settle(state, v);
	return status;
}

function settle(state: HeyGenState, v: SandboxVideo): void {
	if (v.completedAt) return;
	v.completedAt = Date.now();
	fireCallback(state, v);
}

/** Sends the video's callback once (when it settles, or callbackLeadMs before). */
function fireCallback(state: HeyGenState, v: SandboxVideo): void {
	const callbackUrl = v.body.callback_url;
	if (typeof callbackUrl === 'string' && !v.callbackFired) {
		v.callbackFired = true;
		deliverCallback(state, v, callbackUrl);
	}
}

/** The callback body in HeyGenState.callbackShape (videos and jobs alike). */
export function callbackBody(
	state: HeyGenState,
	eventType: string,
	eventData: Record<string, unknown>,
): Record<string, unknown> {
	if (state.callbackShape === 'data') return { event_type: eventType, data: eventData };
	if (state.callbackShape === 'top-level') return { event_type: eventType, ...eventData };
	return { event_type: eventType, event_data: eventData };
}

/**
 * POSTs the video's event to its callback_url; a network error, 404, 408, 429 or 5xx is retried
 * after each of callbackRetryDelaysMs in turn. Timers are unref'd (never keep a process alive).
 */
function deliverCallback(state: HeyGenState, v: SandboxVideo, callbackUrl: string): void {
	const callbackId = (v.body.callback_id as string | null | undefined) ?? null;
	const payload = v.outcome
		? callbackBody(state, 'avatar_video.fail', {
				video_id: v.id,
				msg: v.outcome.failure_message,
				callback_id: callbackId,
			})
		: callbackBody(state, 'avatar_video.success', {
				video_id: v.id,
				url: state.presign(`videos/${v.id}.${v.outputFormat}`),
				callback_id: callbackId,
			});
	const delivery: CallbackDelivery = { url: callbackUrl, payload, status: 0, attempts: 0 };
	state.callbacks.push(delivery);
	const delays = [...state.callbackRetryDelaysMs];
	const attempt = () => {
		delivery.attempts++;
		fetch(callbackUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(payload),
			signal: AbortSignal.timeout(10_000),
		})
			.then(async (r) => {
				await r.arrayBuffer().catch(() => undefined);
				delivery.status = r.status;
			})
			.catch(() => {
				delivery.status = -1;
			})
			.finally(() => {
				const retryable =
					delivery.status === -1 ||
					[404, 408, 429].includes(delivery.status) ||
					delivery.status >= 500;
				const delay = delays.shift();
				if (retryable && delay !== undefined) setTimeout(attempt, delay).unref();
			});
	};
	attempt();
}

/**
 * The video object of GET /v3/videos/{video_id} (contract VideoGet), also listed by GET /v3/videos
 * and returned by template generation. Finished videos carry presigned, expiring URLs (files.ts).
 */
export function videoResource(state: HeyGenState, v: SandboxVideo) {
	const status = statusOf(state, v);
	const done = status === 'completed';
	return {
		id: v.id,
		title: v.title,
		status,
		created_at: Math.floor(v.createdAt / 1000),
		completed_at:
			v.completedAt && (status === 'completed' || status === 'failed')
				? Math.floor(v.completedAt / 1000)
				: null,
		duration: done ? 1.0 : null,
		video_url: done ? state.presign(`videos/${v.id}.${v.outputFormat}`) : null,
		captioned_video_url:
			done && v.captionStyle ? state.presign(`videos/${v.id}_captioned.${v.outputFormat}`) : null,
		subtitle_url: done ? state.presign(`subtitles/${v.id}.srt`) : null,
		thumbnail_url: done ? state.presign(`thumbnails/${v.id}.jpg`) : null,
		gif_url: null,
		video_page_url: `https://app.heygen.com/videos/${v.id}`,
		folder_id: v.folderId,
		failure_code: status === 'failed' ? v.outcome!.failure_code : null,
		failure_message: status === 'failed' ? v.outcome!.failure_message : null,
	};
}

/** Stores a new video from a create request's body and starts its render. */
export function newVideo(
	state: HeyGenState,
	type: SandboxVideo['type'],
	body: Record<string, unknown>,
	key: string | undefined,
	extra: Partial<SandboxVideo> = {},
): SandboxVideo {
	const video: SandboxVideo = {
		id: randomBytes(16).toString('hex'),
		type,
		body,
		title: (body.title as string | null | undefined) ?? null,
		createdAt: Date.now(),
		polls: 0,
		outcome: state.outcomeFor?.(body),
		aspectRatio: (body.aspect_ratio as string | null | undefined) ?? '16:9',
		outputFormat: body.output_format === 'webm' ? 'webm' : 'mp4',
		captionStyle: !!(body.caption as { style?: string | null } | null | undefined)?.style,
		idempotencyKey: key,
		folderId: null,
		script: typeof body.script === 'string' ? body.script : undefined,
		timing: state.renderFor?.(body),
		...extra,
	};
	state.videos.set(video.id, video);
	if (state.render.mode === 'time') {
		// finish (and fire callback_url) on time even when nobody polls; re-arm if a coarse or
		// warped clock fires the timer a little early
		const timing = video.timing ?? state.render;
		const arm = (delay: number) => {
			const timer = setTimeout(() => {
				const status = statusOf(state, video);
				if (status !== 'completed' && status !== 'failed' && !video.deleted) arm(20);
			}, delay);
			timer.unref();
		};
		const finish = scaled(state, timing.queueMs + timing.renderMs);
		arm(finish + 5);
		if (state.callbackLeadMs > 0) {
			setTimeout(
				() => {
					if (!video.deleted) fireCallback(state, video);
				},
				Math.max(0, finish - state.callbackLeadMs),
			).unref();
		}
	}
	return video;
}
