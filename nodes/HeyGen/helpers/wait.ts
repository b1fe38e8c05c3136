import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RetryOptions } from '../../shared/transport';
import { lowerCaseHeaders } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';
import type { BinaryStream } from './common';
import { displayUrl, isCancelled, retryFor } from './common';
import type { OwnSchedule } from './statusHub';
import { statusHub } from './statusHub';

export interface WaitSettings {
	initialIntervalMs: number;
	/** Poll interval while the video is younger than 2 minutes, 2–5 minutes, and after 5 minutes. */
	intervalEarlyMs: number;
	intervalMidMs: number;
	intervalLateMs: number;
	maxWaitMs: number;
	onTimeout: 'error' | 'output';
	downloadVideo: boolean;
	downloadCaptioned: boolean;
	videoProperty: string;
	downloadSubtitles: boolean;
	subtitlesProperty: string;
}

/** An execution (polling) or a resume-webhook call (callback mode). */
export type WaitContext = IExecuteFunctions | IWebhookFunctions;

const WAIT_NUMBERS: Record<string, string> = {
	initialIntervalSeconds: 'Initial Poll Interval',
	intervalEarlySeconds: 'Poll Interval First 2 Min',
	intervalMidSeconds: 'Poll Interval From 2 to 5 Min',
	intervalLateSeconds: 'Poll Interval After 5 Min',
	maxWaitMinutes: 'Max Wait',
};

/** Reads the wait settings: `download`, `binaryPropertyName` and the `waitOptions` collection. */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const o = ctx.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject;
	for (const [name, label] of Object.entries(WAIT_NUMBERS)) {
		const value = o[name];
		if (value === undefined) continue;
		if (
			typeof value !== 'number' ||
			!Number.isFinite(value) ||
			value < 0 ||
			(name !== 'maxWaitMinutes' && value === 0)
		) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} must be a ${name === 'maxWaitMinutes' ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value) ?? String(value)}`,
				{
					itemIndex,
					description: 'Set it under Wait Options, or remove the option to use the default.',
				},
			);
		}
	}
	return waitSettingsFrom((name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback));
}

/** The same settings read through any parameter getter (a webhook call has no item index). */
export function waitSettingsFrom(
	param: (name: string, fallback: unknown) => unknown,
): WaitSettings {
	const o = param('waitOptions', {}) as IDataObject;
	const seconds = (v: unknown, d: number) =>
		Math.max(0, typeof v === 'number' && Number.isFinite(v) ? v : d) * 1000;
	const download = param('download', false) as boolean;
	return {
		initialIntervalMs: Math.max(1, seconds(o.initialIntervalSeconds, 10)),
		intervalEarlyMs: Math.max(1, seconds(o.intervalEarlySeconds, 10)),
		intervalMidMs: Math.max(1, seconds(o.intervalMidSeconds, 30)),
		intervalLateMs: Math.max(1, seconds(o.intervalLateSeconds, 60)),
		maxWaitMs: seconds(o.maxWaitMinutes, 30) * 60,
		onTimeout: o.onTimeout === 'output' ? 'output' : 'error',
		downloadVideo: download,
		downloadCaptioned: download && o.downloadCaptioned === true,
		videoProperty: download ? String(param('binaryPropertyName', 'data') || 'data') : 'data',
		downloadSubtitles: download && o.downloadSubtitles === true,
		subtitlesProperty: String(o.subtitlesPropertyName || 'subtitles'),
	};
}

/**
 * The next poll delay: starts at the initial interval and doubles each poll, capped by HeyGen's
 * documented cadence for the video's age (10 s for the first 2 minutes, 30 s until 5 minutes,
 * 60 s afterwards — all configurable).
 */
export function nextDelay(settings: WaitSettings, pollsDone: number, elapsedMs: number): number {
	const cap =
		elapsedMs < 120_000
			? settings.intervalEarlyMs
			: elapsedMs < 300_000
				? settings.intervalMidMs
				: settings.intervalLateMs;
	const ramp = settings.initialIntervalMs * 2 ** Math.max(0, pollsDone - 1);
	return Math.max(1, Math.min(cap, ramp));
}

/**
 * The poll schedule of one video on its own, as the video's age sets it (nextDelay). With a known
 * creation time the first poll is one initial interval after it — a video older than that is
 * checked at once — otherwise at `started` (when the wait began), the age then counting from
 * there. Nothing is scheduled past Max Wait (from `started`). The status hub accrues its request
 * budget from it.
 */
export function ownSchedule(
	settings: WaitSettings,
	started: number,
	createdAt?: number,
): OwnSchedule {
	const origin = Math.min(createdAt ?? started, started);
	const deadline = started + settings.maxWaitMs;
	/** Polls made by the time `due` is cashed (the creation counts as the first when known). */
	let polls = createdAt === undefined ? 1 : 2;
	/** The gap that leads to `due`: once that poll is cashed, the floor for the next round. */
	let gap = settings.initialIntervalMs;
	const own: OwnSchedule = {
		due: createdAt === undefined ? started : Math.min(Math.max(started, origin + gap), deadline),
		floorMs: Math.min(settings.intervalEarlyMs, gap),
		advance() {
			own.floorMs = Math.min(settings.intervalEarlyMs, gap);
			const next = nextDelay(settings, polls, own.due - origin);
			const left = deadline - own.due;
			gap = left > 0 ? Math.min(next, left) : next;
			own.due += gap;
			polls++;
		},
	};
	return own;
}

/**
 * The creation time (ms) an input item states for `videoId`: `created_at` in seconds, as HeyGen's
 * video objects and this node's Generate output have it. Undefined when absent or implausible.
 */
export function createdAtOf(
	json: IDataObject | undefined,
	videoId: string,
	now = Date.now(),
): number | undefined {
	if (!json || json.video_id !== videoId || typeof json.created_at !== 'number') return undefined;
	const ms = json.created_at * 1000;
	return ms > now - 7 * 24 * 3_600_000 && ms <= now + 60_000 ? ms : undefined;
}

/** GET /v3/videos/{id}. `retry` defaults to the node's Retry options (executions only). */
export async function getVideo(
	ctx: WaitContext,
	itemIndex: number,
	videoId: string,
	retry: Partial<RetryOptions> | undefined = 'getExecutionCancelSignal' in ctx
		? retryFor(ctx, itemIndex)
		: undefined,
): Promise<IDataObject> {
	const response = await heyGenApiRequest.call(ctx, {
		method: 'GET',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		itemIndex,
		retry,
	});
	return ((response.body as IDataObject).data ?? {}) as IDataObject;
}

function failureHint(code: string | undefined): string {
	const generic =
		'Check the inputs (avatar/voice combination, audio file, script length) and generate again; if it keeps failing, contact HeyGen support with the video ID.';
	if (!code) return generic;
	if (/audio/i.test(code))
		return `The audio could not be used. Upload an MP3 or WAV under 10 minutes as an asset and try again. ${generic}`;
	if (/avatar|look/i.test(code))
		return `The avatar could not be rendered with these settings (check the look's supported engines). ${generic}`;
	if (/credit|quota|balance/i.test(code))
		return 'The HeyGen account ran out of credits or quota while rendering.';
	if (/moderation|policy|content/i.test(code)) return 'HeyGen rejected the content (moderation).';
	return generic;
}

/** Output fields of a completed (or failed) video. */
function videoFields(video: IDataObject): IDataObject {
	const out: IDataObject = { video_id: video.id, status: video.status };
	for (const key of [
		'title',
		'video_url',
		'captioned_video_url',
		'subtitle_url',
		'thumbnail_url',
		'gif_url',
		'video_page_url',
		'duration',
		'created_at',
		'completed_at',
		'folder_id',
		'failure_code',
		'failure_message',
	]) {
		if (video[key] !== undefined && video[key] !== null) out[key] = video[key];
	}
	return out;
}

export function videoOutput(video: IDataObject): IDataObject {
	return videoFields(video);
}

type UrlField = 'video_url' | 'captioned_video_url' | 'subtitle_url';

/**
 * Streams a presigned file into n8n's binary storage. Presigned URLs expire: on 403/404 the video
 * is fetched again for a fresh URL (at most twice). The request carries no API key.
 */
export async function downloadFile(
	ctx: WaitContext,
	itemIndex: number,
	video: IDataObject,
	field: UrlField,
	fallbackMime: string,
	extension: string,
) {
	let current = video;
	for (let refresh = 0; ; refresh++) {
		const url = current[field] as string | undefined;
		if (!url) {
			throw new NodeOperationError(
				ctx.getNode(),
				`HeyGen returned no ${field} for video ${String(video.id)}`,
				{ itemIndex },
			);
		}
		let response: { statusCode: number; headers: Record<string, unknown>; body: BinaryStream };
		try {
			response = (await ctx.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Retry → Timeout applies to the download too; otherwise allow 30 min for a large render
				timeout:
					('getExecutionCancelSignal' in ctx ? retryFor(ctx, itemIndex).timeoutMs : undefined) ||
					30 * 60_000,
				abortSignal:
					'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined,
			})) as typeof response;
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Downloading ${field} of video ${String(video.id)} failed: ${(error as Error).message}`,
				{
					itemIndex,
				},
			);
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) {
			const header = lowerCaseHeaders(response.headers)['content-type'];
			const contentType = String(header ?? '')
				.split(';')[0]
				.trim();
			const mimeType =
				contentType &&
				contentType !== 'application/octet-stream' &&
				contentType !== 'binary/octet-stream'
					? contentType
					: fallbackMime;
			const ext = mimeType === 'video/webm' ? 'webm' : extension;
			const fileName = `${String(video.id)}${field === 'captioned_video_url' ? '_captioned' : ''}.${ext}`;
			try {
				return await ctx.helpers.prepareBinaryData(response.body, fileName, mimeType);
			} catch (error) {
				// a connection cut mid-body: never emit a partial file
				throw new NodeOperationError(
					ctx.getNode(),
					`Downloading ${field} of video ${String(video.id)} was cut off: ${(error as Error).message || (error as { code?: string }).code || 'connection closed'}`,
					{
						itemIndex,
						description: 'Run the node again; the presigned link is refreshed when it has expired.',
					},
				);
			}
		}
		response.body?.destroy?.();
		if ((status === 403 || status === 404) && refresh < 2) {
			// the presigned URL expired: a fresh GET of the video signs new ones
			current = await getVideo(ctx, itemIndex, String(video.id));
			continue;
		}
		throw new NodeApiError(
			ctx.getNode(),
			{ httpCode: status, url: displayUrl(url) } as JsonObject,
			{
				message: `HeyGen: downloading ${field} of video ${String(video.id)} failed (HTTP ${status})`,
				description:
					status === 403 || status === 404
						? 'The download link kept expiring; run Video → Get to get fresh links.'
						: undefined,
				httpCode: String(status),
				itemIndex,
			},
		);
	}
}

/** Statuses before rendering starts (`queued` from the bulk endpoint arrives as `pending`). */
const NOT_STARTED = new Set(['pending', 'waiting', 'queued']);

/**
 * Waits until the video is completed or failed (every other status — waiting, pending,
 * processing, anything new — counts as in progress), then optionally downloads the video and its
 * subtitles as binary data.
 *
 * The status checks go through the execution's status hub (helpers/statusHub.ts): one poll loop
 * for all items of the node, one GET /v3/videos/statuses per tick for every waiting video. When
 * the video is reported finished (or not found), one GET /v3/videos/{id} reads its URLs and
 * details — a 404 there is the item's "video not found" error; a video the bulk endpoint did not
 * know yet keeps waiting.
 */
export async function waitForVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	videoId: string,
	settings: WaitSettings,
	/** When the video was created (ms), if known: its first check comes one initial interval after. */
	createdAt?: number,
): Promise<INodeExecutionData> {
	const started = Date.now();
	const hub = await statusHub(ctx);
	let polls = 0;
	let firstProcessingAt: number | undefined;
	let lastStatus = 'unknown';
	let video: IDataObject = {};
	const own = ownSchedule(settings, started, createdAt);
	// a video created a while ago (or at an unknown time) may be finished: check it at once
	const checkAtOnce = own.due <= started;
	for (;;) {
		if (isCancelled(ctx))
			throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
		const report = await hub.check(ctx, itemIndex, videoId, own, polls === 0 && checkAtOnce);
		polls++;
		lastStatus = report.status;
		if (report.video) {
			video = report.video;
		} else if (
			lastStatus === 'completed' ||
			lastStatus === 'failed' ||
			lastStatus === 'not_found'
		) {
			video = await getVideo(ctx, itemIndex, videoId);
			lastStatus = String(video.status ?? 'unknown');
		}
		const now = Date.now();
		if (!NOT_STARTED.has(lastStatus) && firstProcessingAt === undefined) firstProcessingAt = now;
		if (lastStatus === 'completed' || lastStatus === 'failed') break;
		const elapsed = now - started;
		if (elapsed >= settings.maxWaitMs) {
			const limit =
				settings.maxWaitMs < 60_000
					? `${Math.round(settings.maxWaitMs / 100) / 10} s`
					: `${Math.round((settings.maxWaitMs / 60_000) * 10) / 10} min`;
			if (settings.onTimeout === 'output') {
				return {
					json: {
						video_id: videoId,
						status: 'timeout',
						last_status: lastStatus,
						timings: { waited_seconds: Math.round(elapsed / 100) / 10, polls },
					},
				};
			}
			throw new NodeOperationError(
				ctx.getNode(),
				`HeyGen video ${videoId} was still "${lastStatus}" after ${limit} (Max Wait)`,
				{
					itemIndex,
					description:
						'Rendering usually takes 5–20 minutes and longer at peak times. Raise "Max Wait", set "On Timeout" to output the video ID, or check again later with Video → Wait for Completion.',
				},
			);
		}
	}

	const finishedAt = Date.now();
	const timings: IDataObject = {
		queued_seconds: Math.round(((firstProcessingAt ?? finishedAt) - started) / 100) / 10,
		render_seconds:
			typeof video.created_at === 'number' && typeof video.completed_at === 'number'
				? video.completed_at - video.created_at
				: Math.round((finishedAt - (firstProcessingAt ?? started)) / 100) / 10,
		waited_seconds: Math.round((finishedAt - started) / 100) / 10,
		polls,
	};
	return await finishedVideoOutput(ctx, itemIndex, video, settings, timings);
}

/**
 * The output of a finished video, shared by polling and callback mode: a failed video is a
 * NodeApiError with HeyGen's failure code and message; a completed one gives its URLs, duration
 * and timings, and the streamed downloads the settings ask for.
 */
export async function finishedVideoOutput(
	ctx: WaitContext,
	itemIndex: number,
	video: IDataObject,
	settings: WaitSettings,
	timings: IDataObject,
): Promise<INodeExecutionData> {
	const videoId = String(video.id);
	const lastStatus = String(video.status);
	if (lastStatus === 'failed') {
		const code = (video.failure_code as string | undefined) ?? undefined;
		const message = (video.failure_message as string | undefined) ?? 'no reason given';
		throw new NodeApiError(
			ctx.getNode(),
			{ video_id: videoId, failure_code: code ?? null, failure_message: message } as JsonObject,
			{
				message: `HeyGen: video ${videoId} failed: ${message}${code ? ` [${code}]` : ''}`,
				description: `${failureHint(code)}\nVideo ID: ${videoId}`,
				itemIndex,
			},
		);
	}

	const json: IDataObject = { ...videoFields(video), timings };
	const binary: IBinaryKeyData = {};
	if (settings.downloadVideo) {
		const field: UrlField =
			settings.downloadCaptioned && video.captioned_video_url ? 'captioned_video_url' : 'video_url';
		binary[settings.videoProperty] = await downloadFile(
			ctx,
			itemIndex,
			video,
			field,
			'video/mp4',
			'mp4',
		);
	}
	if (settings.downloadSubtitles && video.subtitle_url) {
		binary[settings.subtitlesProperty] = await downloadFile(
			ctx,
			itemIndex,
			video,
			'subtitle_url',
			'application/x-subrip',
			'srt',
		);
	}
	return Object.keys(binary).length ? { json, binary } : { json };
}
