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
import { getRetryOptions, lowerCaseHeaders } from '../../shared/transport';
import { heyGenData } from '../transport';
import type { StreamResponse } from './common';
import { displayUrl, openStream } from './common';

/** An execution, or a webhook call (the Trigger, a callback-mode resume). */
export type VideoContext = IExecuteFunctions | IWebhookFunctions;

/** Which files of a finished video go into the output item. */
export interface DownloadSettings {
	downloadVideo: boolean;
	downloadCaptioned: boolean;
	videoProperty: string;
	downloadSubtitles: boolean;
	subtitlesProperty: string;
	/** Which caption file of a video translation (HeyGen makes both). */
	subtitleFormat: 'srt' | 'vtt';
}

export const isExecution = (ctx: VideoContext): ctx is IExecuteFunctions =>
	'getExecutionCancelSignal' in ctx;

/** GET /v3/videos/{id}. `retry` defaults to the node's Retry options (executions only). */
export async function getVideo(
	ctx: VideoContext,
	itemIndex: number,
	videoId: string,
	retry: Partial<RetryOptions> | undefined = isExecution(ctx)
		? getRetryOptions(ctx, itemIndex)
		: undefined,
): Promise<IDataObject> {
	return await heyGenData.call(ctx, {
		method: 'GET',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		itemIndex,
		retry,
	});
}

const VIDEO_FIELDS = [
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
];

/** The output fields of a HeyGen video object (its `id` as `video_id`). */
export function videoFields(video: IDataObject): IDataObject {
	const out: IDataObject = { video_id: video.id, status: video.status };
	for (const key of VIDEO_FIELDS) {
		if (video[key] !== undefined && video[key] !== null) out[key] = video[key];
	}
	return out;
}

/** Whose files a download fetches: the noun for messages, and the GET that signs fresh links. */
export interface FileSource {
	noun: string;
	refresh: (ctx: VideoContext, itemIndex: number, id: string) => Promise<IDataObject>;
	/** The operation that gets fresh links by hand ("Video → Get"). */
	getOperation: string;
}

export const VIDEO_FILES: FileSource = {
	noun: 'video',
	refresh: getVideo,
	getOperation: 'Video → Get',
};

/**
 * Streams a presigned file (`job[field]`) into n8n's binary storage. Presigned URLs expire: on
 * 403/404 the job is fetched again for a fresh URL (at most twice). The request carries no API key.
 */
export async function downloadFile(
	ctx: VideoContext,
	itemIndex: number,
	video: IDataObject,
	field: string,
	fallbackMime: string,
	extension: string,
	source: FileSource = VIDEO_FILES,
) {
	const what = `${field} of ${source.noun} ${String(video.id)}`;
	let current = video;
	for (let refresh = 0; ; refresh++) {
		const url = current[field] as string | undefined;
		if (!url) {
			throw new NodeOperationError(
				ctx.getNode(),
				`HeyGen returned no ${field} for ${source.noun} ${String(video.id)}`,
				{ itemIndex },
			);
		}
		let response: StreamResponse;
		try {
			// Retry → Timeout applies to the download too; otherwise allow 30 min for a large render
			const timeoutMs =
				(isExecution(ctx) ? getRetryOptions(ctx, itemIndex).timeoutMs : undefined) || 30 * 60_000;
			response = await openStream(ctx, url, timeoutMs);
		} catch (error) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Downloading ${what} failed: ${(error as Error).message}`,
				{ itemIndex },
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
					`Downloading ${what} was cut off: ${(error as Error).message || (error as { code?: string }).code || 'connection closed'}`,
					{
						itemIndex,
						description: 'Run the node again; the presigned link is refreshed when it has expired.',
					},
				);
			}
		}
		response.body?.destroy?.();
		if ((status === 403 || status === 404) && refresh < 2) {
			// the presigned URL expired: a fresh GET of the job signs new ones
			current = await source.refresh(ctx, itemIndex, String(video.id));
			continue;
		}
		throw new NodeApiError(
			ctx.getNode(),
			{ httpCode: status, url: displayUrl(url) } as JsonObject,
			{
				message: `HeyGen: downloading ${what} failed (HTTP ${status})`,
				description:
					status === 403 || status === 404
						? `The download link kept expiring; run ${source.getOperation} to get fresh links.`
						: undefined,
				httpCode: String(status),
				itemIndex,
			},
		);
	}
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

/**
 * A failed render as an error: HeyGen's failure code and message, a hint, and (for the item it
 * becomes with Continue On Fail) the video's fields: video_id, status, failure_code, failure_message.
 */
export function failedVideo(
	ctx: VideoContext,
	itemIndex: number,
	video: IDataObject,
): { error: NodeApiError; fields: IDataObject } {
	const videoId = String(video.id);
	const code = (video.failure_code as string | undefined) ?? undefined;
	const message = (video.failure_message as string | undefined) ?? 'no reason given';
	const response = { video_id: videoId, failure_code: code ?? null, failure_message: message };
	const fields = { ...response, status: 'failed' };
	// (a `status` in the error response would become the error's httpCode)
	const error = new NodeApiError(ctx.getNode(), response as JsonObject, {
		message: `HeyGen: video ${videoId} failed: ${message}${code ? ` [${code}]` : ''}`,
		description: `${failureHint(code)}\nVideo ID: ${videoId}`,
		itemIndex,
	});
	return { error, fields };
}

/**
 * The output of a completed video, shared by polling and callback mode: its URLs, duration and
 * timings, and the streamed downloads the settings ask for. A failed video throws failedVideo's
 * error.
 */
export async function finishedVideoOutput(
	ctx: VideoContext,
	itemIndex: number,
	video: IDataObject,
	settings: DownloadSettings,
	timings: IDataObject,
): Promise<INodeExecutionData> {
	if (video.status === 'failed') throw failedVideo(ctx, itemIndex, video).error;

	const json: IDataObject = { ...videoFields(video), timings };
	const binary: IBinaryKeyData = {};
	if (settings.downloadVideo) {
		const field =
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
