import type { IBinaryKeyData, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { getRetryOptions } from '../../shared/transport';
import { heyGenData } from '../transport';
import type { JobKind } from './statuses';
import { VIDEO_JOB } from './statuses';
import type { DownloadSettings, FileSource, VideoContext } from './video';
import { downloadFile, isExecution } from './video';

/**
 * A HeyGen resource of jobs that re-render an existing video (API v3): video translations and
 * lip-syncs. Both are `{id, status: pending|running|completed|failed, video_url, failure_message,
 * …}` (contract VideoTranslateGet / LipsyncGet).
 */
export interface JobResource {
	resource: string;
	/** The collection path: POST creates, GET lists, /statuses lists statuses, /{id} gets and deletes. */
	path: string;
	/** The id's field in our output (and in the create's answer). */
	idField: string;
	/** The id parameter of Get, Delete and Wait for Completion. */
	idParam: string;
	/** "video translation", "lip-sync": for names and messages. */
	noun: string;
	/** Idempotency-Key purpose of the create. */
	purpose: string;
}

export const TRANSLATION: JobResource = {
	resource: 'videoTranslation',
	path: '/v3/video-translations',
	idField: 'video_translation_id',
	idParam: 'videoTranslationId',
	noun: 'video translation',
	purpose: 'translation',
};

export const LIPSYNC: JobResource = {
	resource: 'lipsync',
	path: '/v3/lipsyncs',
	idField: 'lipsync_id',
	idParam: 'lipsyncId',
	noun: 'lip-sync',
	purpose: 'lipsync',
};

/** "Video Translation ID", "Lip-Sync ID". */
export const idLabel = (kind: { noun: string }) =>
	`${kind.noun.replace(/(^|[ -])\w/g, (c) => c.toUpperCase())} ID`;

/**
 * A job as our output shows it: its id under the kind's own name first, then HeyGen's fields.
 * HeyGen's own skill docs describe finished jobs as `succeeded` with a `failure_reason`, the
 * contract as `completed` with `failure_message`: both read as the contract's words.
 */
export function jobFields(kind: JobResource, data: IDataObject): IDataObject {
	const out: IDataObject = { [kind.idField]: data.id ?? data[kind.idField], ...data };
	if (out.status === 'succeeded' || out.status === 'success') out.status = 'completed';
	if (!out.failure_message && typeof data.failure_reason === 'string')
		out.failure_message = data.failure_reason;
	return out;
}

/** Where a job kind's files come from (downloadFile): its detail GET signs fresh links. */
export const filesOf = (kind: Pick<JobKind, 'noun' | 'label' | 'detail'>): FileSource => ({
	noun: kind.noun,
	refresh: kind.detail,
	getOperation: `${kind.label} → Get`,
});

/** GET {path}/{id}, in the contract's words (jobFields). */
function detailOf(resource: JobResource) {
	return async (ctx: VideoContext, itemIndex: number, id: string): Promise<IDataObject> =>
		jobFields(
			resource,
			await heyGenData.call(ctx, {
				method: 'GET',
				path: `${resource.path}/${encodeURIComponent(id)}`,
				itemIndex,
				retry: isExecution(ctx) ? getRetryOptions(ctx, itemIndex) : undefined,
			}),
		);
}

function failureHint(message: string): string {
	const generic =
		'Check the source (a clearly visible speaker, audible speech) and the options, then try again; if it keeps failing, contact HeyGen support with the ID.';
	if (/too long|duration|length|exceed/i.test(message))
		return 'The source is longer than HeyGen allows for this plan: process a part of it (Start/End Time options) or upgrade the plan.';
	if (/download|fetch|access|url/i.test(message))
		return 'HeyGen could not download the source: use a public, direct link to the file, or upload it (Source: Binary File or Asset ID).';
	if (/language/i.test(message))
		return 'Choose languages that Video Translation → Get Languages lists.';
	if (/credit|quota|balance/i.test(message))
		return 'The HeyGen account ran out of credits or quota while processing.';
	return generic;
}

/** One caption file: which URL field, and its type. */
interface Caption {
	field: string;
	mime: string;
	extension: string;
}

const SRT = (field: string): Caption => ({
	field,
	mime: 'application/x-subrip',
	extension: 'srt',
});

/**
 * The wait kind of a job resource: the bulk statuses at {path}/statuses (`queued|processing|
 * completed|failed|not_found`, each entry naming its job `video_id`: contract
 * VideoTranslateStatusesList / LipsyncStatusesList) read in the detail GET's words (`pending|
 * running|completed|failed`); a finished job's output is its fields (as Get shows them), its
 * video (`video_url`, MP4) and, when asked, its caption file, streamed with refreshed links.
 */
function jobKind(
	resource: JobResource,
	extra: {
		label: string;
		typical: string;
		callbackIdFields: string[];
		caption: (settings: DownloadSettings) => Caption;
	},
): JobKind {
	const detail = detailOf(resource);
	const files = filesOf({ noun: resource.noun, label: extra.label, detail });
	const kind: JobKind = {
		resource: resource.resource,
		label: extra.label,
		noun: resource.noun,
		idField: resource.idField,
		idParam: resource.idParam,
		idLabel: idLabel(resource),
		listIdFields: ['video_id', resource.idField, 'id'],
		callbackIdFields: extra.callbackIdFields,
		bulkPath: `${resource.path}/statuses`,
		bulkQuery: `${resource.idField}s`,
		detail,
		finished: new Set(['completed', 'failed']),
		failed: 'failed',
		notStarted: new Set(['pending', 'queued', 'waiting']),
		aliases: {
			queued: 'pending',
			processing: 'running',
			succeeded: 'completed',
			success: 'completed',
		},
		typical: extra.typical,
		failure(ctx, itemIndex, job) {
			const id = String(job.id ?? job[resource.idField]);
			const message = (job.failure_message as string | undefined) || 'no reason given';
			const response = { [resource.idField]: id, failure_message: message };
			const fields: IDataObject = { ...response, status: 'failed' };
			if (job.output_language) fields.output_language = job.output_language;
			const error = new NodeApiError(ctx.getNode(), response as JsonObject, {
				message: `HeyGen: ${resource.noun} ${id} failed: ${message}`,
				description: `${failureHint(message)}\n${kind.idLabel}: ${id}`,
				itemIndex,
			});
			return { error, fields };
		},
		async finish(ctx, itemIndex, job, settings, timings) {
			if (job.status === 'failed') throw kind.failure(ctx, itemIndex, job).error;
			const json: IDataObject = { ...job, timings };
			const binary: IBinaryKeyData = {};
			if (settings.downloadVideo) {
				binary[settings.videoProperty] = await downloadFile(
					ctx,
					itemIndex,
					job,
					'video_url',
					'video/mp4',
					'mp4',
					files,
				);
			}
			const caption = extra.caption(settings);
			if (settings.downloadSubtitles && job[caption.field]) {
				binary[settings.subtitlesProperty] = await downloadFile(
					ctx,
					itemIndex,
					job,
					caption.field,
					caption.mime,
					caption.extension,
					files,
				);
			}
			return Object.keys(binary).length ? { json, binary } : { json };
		},
	};
	return kind;
}

/** Video translations: GET /v3/video-translations/statuses and /v3/video-translations/{id}. */
export const TRANSLATION_JOB = jobKind(TRANSLATION, {
	label: 'Video Translation',
	// "5–30 min" (heygen-com/skills, heygen-translate/references/troubleshooting.md)
	typical: '5–30 minutes',
	// video_translate.* events name it video_translate_id (docs.heygen.com, webhook events)
	callbackIdFields: ['video_translation_id', 'video_translate_id', 'video_id'],
	caption: (settings) =>
		settings.subtitleFormat === 'vtt'
			? { field: 'vtt_caption_url', mime: 'text/vtt', extension: 'vtt' }
			: SRT('srt_caption_url'),
});

/** Lip-syncs: GET /v3/lipsyncs/statuses and /v3/lipsyncs/{id}; `caption_url` is an SRT file. */
export const LIPSYNC_JOB = jobKind(LIPSYNC, {
	label: 'Lip Sync',
	// not documented; a lip-sync re-renders a whole video like a translation
	typical: 'several minutes',
	// no lip-sync event is documented: its own name, or the translation event's it shares a pipeline with
	callbackIdFields: ['lipsync_id', 'video_translate_id', 'video_translation_id', 'video_id'],
	caption: () => SRT('caption_url'),
});

/** The wait kind of each resource with a Wait for Completion. */
export const WAIT_KINDS: Record<string, JobKind> = {
	video: VIDEO_JOB,
	videoTranslation: TRANSLATION_JOB,
	lipsync: LIPSYNC_JOB,
};
