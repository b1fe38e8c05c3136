/**
 * Video translations and lip-syncs, the two HeyGen jobs that re-render an existing video
 * (contract: test/fixtures/contracts/heygen-v3-translate-lipsync.json; its README lists what the
 * contract leaves open). What they share lives here: the job record, its progression, its
 * presigned outputs under /files/jobs/…, its callback, and the checks of a `{type: url|asset_id}`
 * media input. The routes are translations.ts and lipsyncs.ts.
 *
 * Progression: `pending` → `running` → `completed` | `failed`, as GET /v3/video-translations/{id}
 * and GET /v3/lipsyncs/{id} report it (contract VideoTranslateGet / LipsyncGet enums); the bulk
 * statuses endpoints report the same job as `queued` → `processing` → `completed` | `failed`, and
 * `not_found` for unknown ids (VideoTranslateStatusesList / LipsyncStatusesList descriptions).
 * Like render.ts, `timing.mode` 'time' follows the clock (scaled by HeyGenState.timeScale) and
 * 'polls' advances one step per status check. Translations take "5–30 min" for real
 * (heygen-com/skills, heygen-translate/references/troubleshooting.md).
 *
 * Variants the sources disagree on, each selectable so tests cover both:
 *  - `languageForm`: GET /v3/video-translations/languages lists names ("Spanish (Spain)": the
 *    create's output_languages description, developers.heygen.com/reference/create-video-translation)
 *    or codes ("es-ES": the languages schema's own description, and the older reference page);
 *    `acceptLanguages` says which the create takes.
 *  - `skillShape`: the shape heygen-com/skills documents for the same API (heygen-translate
 *    SKILL.md and troubleshooting.md): the create answers `video_translations[]` objects, a finished
 *    job is `succeeded`, a failed one carries `failure_reason`. Off = the contract's shape.
 *  - `tooLong`: a source over the length limit is rejected by the create (400) or, as HeyGen's
 *    `video_translate.preflight.validation_failed` event suggests, fails the job during preflight.
 */
import { randomBytes } from 'node:crypto';

import { fixture, renderedVideo } from '../media';
import type { SandboxReply, SandboxServer } from '../server';
import { queryString } from '../server';
import { heyGenError, listPage, type HeyGenApi } from './api';
import { liveAsset, sniffSandbox } from './assets';
import { s3Error } from './files';
import { callbackBody } from './render';
import type { CallbackDelivery, HeyGenState } from './state';

export type JobKind = 'translation' | 'lipsync';
export type JobStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface SandboxJob {
	id: string;
	kind: JobKind;
	body: Record<string, unknown>;
	/** Translations: the target language as the create sent it. */
	outputLanguage?: string;
	/** Translations: the language's name and code (the table below). */
	language?: TranslationLanguage;
	createdAt: number;
	polls: number;
	/** Set at creation: the job fails with this message. */
	failure?: string;
	completedAt?: number;
	callbackFired?: boolean;
	deleted?: boolean;
	/** Source length in seconds (JobsState.mediaSeconds). */
	duration: number;
	/** The source video's frame, which the output keeps (`keep_the_same_format` even keeps its resolution). */
	aspect?: '9:16' | '16:9';
}

export interface TranslationLanguage {
	name: string;
	code: string;
}

/**
 * The sandbox's target languages: names as HeyGen lists them (heygen-com/skills,
 * heygen-translate/references/language-locale-guide.md and troubleshooting.md) with BCP-47 codes.
 */
export const TRANSLATION_LANGUAGES: TranslationLanguage[] = [
	{ name: 'English', code: 'en' },
	{ name: 'English (United States)', code: 'en-US' },
	{ name: 'Spanish (Spain)', code: 'es-ES' },
	{ name: 'Spanish (Mexico)', code: 'es-MX' },
	{ name: 'French (France)', code: 'fr-FR' },
	{ name: 'German (Germany)', code: 'de-DE' },
	{ name: 'Italian (Italy)', code: 'it-IT' },
	{ name: 'Portuguese (Brazil)', code: 'pt-BR' },
	{ name: 'Portuguese (Portugal)', code: 'pt-PT' },
	{ name: 'Japanese (Japan)', code: 'ja-JP' },
	{ name: 'Korean (Korea)', code: 'ko-KR' },
	{ name: 'Chinese (Mandarin, Simplified)', code: 'zh-CN' },
	{ name: 'Chinese (Cantonese, Traditional)', code: 'zh-HK' },
	{ name: 'Arabic', code: 'ar' },
	{ name: 'Hindi (India)', code: 'hi-IN' },
	{ name: 'Dutch (Netherlands)', code: 'nl-NL' },
	{ name: 'Polish (Poland)', code: 'pl-PL' },
	{ name: 'Turkish (Turkey)', code: 'tr-TR' },
];

export interface JobTiming {
	mode: 'time' | 'polls';
	/** time mode: how long a job stays `pending`, then `running`. */
	queueMs: number;
	runMs: number;
	/** polls mode: status checks answered `pending`, then `running`, before the final status. */
	pendingPolls: number;
	runningPolls: number;
}

/** The jobs' data and the knobs tests turn (HeyGenState.jobs). */
export class JobsState {
	jobs = new Map<string, SandboxJob>();
	timing: JobTiming = { mode: 'time', queueMs: 40, runMs: 160, pendingPolls: 1, runningPolls: 2 };
	languages: TranslationLanguage[] = [...TRANSLATION_LANGUAGES];
	/** What GET …/languages lists and a translation's `output_language` says: names or codes. */
	languageForm: 'names' | 'codes' = 'names';
	/** Which language values POST /v3/video-translations accepts. */
	acceptLanguages: 'names' | 'codes' | 'both' = 'both';
	/** The shape heygen-com/skills documents instead of the contract's (see the file comment). */
	skillShape = false;
	/**
	 * Length in seconds of a source, by asset id or URL (the sandbox's fixtures are 1 s long).
	 * Legacy HeyGen: "Video is too long (> 3600.0s). Please upgrade your plan" (heygen-api status
	 * error 40119); lip-sync audio follows the generation limit "audio ≤ 10 min"
	 * (developers.heygen.com/docs/usage-limits).
	 */
	mediaSeconds = new Map<string, number>();
	maxVideoSeconds = 3600;
	maxAudioSeconds = 600;
	tooLong: 'fail' | 'reject' = 'fail';
	/** Decides at creation whether a job fails, and with which message. */
	failureFor?: (
		kind: JobKind,
		body: Record<string, unknown>,
		language?: string,
	) => string | undefined;
	/** The event a lip-sync's callback_url gets: none is documented for lip-syncs (see README). */
	lipsyncCallback: 'video_translate' | 'lipsync' = 'video_translate';
	/** How long a new photo avatar stays `processing` (before timeScale). */
	photoAvatarTrainMs = 100;
	/** Bulk statuses requests answered, per kind. */
	statusesCalls: Record<JobKind, number> = { translation: 0, lipsync: 0 };

	/** The language entry for a value the create sent (a name or a code, as `acceptLanguages` allows). */
	findLanguage(value: string): TranslationLanguage | undefined {
		const byName = this.acceptLanguages !== 'codes';
		const byCode = this.acceptLanguages !== 'names';
		return this.languages.find((l) => (byName && l.name === value) || (byCode && l.code === value));
	}

	/** A language as the API shows it (languageForm). */
	show(language: TranslationLanguage): string {
		return this.languageForm === 'codes' ? language.code : language.name;
	}
}

const scaled = (state: HeyGenState, ms: number) => ms * state.timeScale;

export function newJob(
	state: HeyGenState,
	kind: JobKind,
	body: Record<string, unknown>,
	extra: Partial<SandboxJob> & { duration: number },
): SandboxJob {
	const jobs = state.jobs;
	const job: SandboxJob = {
		id: randomBytes(16).toString('hex'),
		kind,
		body,
		createdAt: Date.now(),
		polls: 0,
		...extra,
	};
	job.failure ??= jobs.failureFor?.(kind, body, job.outputLanguage);
	jobs.jobs.set(job.id, job);
	if (jobs.timing.mode === 'time') {
		// settle (and fire callback_url) on time even when nobody polls
		const arm = (delay: number) =>
			setTimeout(() => {
				const status = jobStatus(state, job);
				if (status !== 'completed' && status !== 'failed' && !job.deleted) arm(20);
			}, delay).unref();
		arm(scaled(state, jobs.timing.queueMs + jobs.timing.runMs) + 5);
	}
	return job;
}

/** A live (not deleted) job of this kind. */
export function liveJob(state: HeyGenState, kind: JobKind, id: string): SandboxJob | undefined {
	const job = state.jobs.jobs.get(id);
	return job && job.kind === kind && !job.deleted ? job : undefined;
}

/** The job's status now; reaching `completed`/`failed` settles it (and fires its callback). */
export function jobStatus(state: HeyGenState, job: SandboxJob): JobStatus {
	const final: JobStatus = job.failure ? 'failed' : 'completed';
	if (job.completedAt) return final;
	const t = state.jobs.timing;
	let status: JobStatus;
	if (t.mode === 'polls') {
		if (job.polls <= t.pendingPolls) status = 'pending';
		else if (job.polls <= t.pendingPolls + t.runningPolls) status = 'running';
		else status = final;
	} else {
		const elapsed = Date.now() - job.createdAt;
		if (elapsed < scaled(state, t.queueMs)) status = 'pending';
		else if (elapsed < scaled(state, t.queueMs + t.runMs)) status = 'running';
		else status = final;
	}
	if (status === final) settle(state, job);
	return status;
}

/** The status word of a single-item GET (skillShape: `succeeded`). */
export function shownStatus(state: HeyGenState, status: JobStatus): string {
	return status === 'completed' && state.jobs.skillShape ? 'succeeded' : status;
}

function settle(state: HeyGenState, job: SandboxJob): void {
	if (job.completedAt) return;
	job.completedAt = Date.now();
	const url = job.body.callback_url;
	if (typeof url === 'string' && !job.callbackFired) {
		job.callbackFired = true;
		deliver(state, url, callbackPayload(state, job));
	}
}

/**
 * Translation events carry `video_translate_id`, `url` or `message`, `callback_id` and
 * `output_language` (https://docs.heygen.com/docs/using-heygens-webhook-events). Lip-syncs have
 * no event of their own; by default they report like the translations whose pipeline (and
 * request fields) they share, or (`lipsyncCallback: 'lipsync'`) as `lipsync.success/.fail`. The
 * body of a per-job callback_url is not documented either: HeyGenState.callbackShape puts the
 * event data under `event_data` (the webhook events' form), `data` or at the top level.
 */
function callbackPayload(state: HeyGenState, job: SandboxJob) {
	const ok = !job.failure;
	const outcome = ok
		? { url: state.presign(`jobs/${job.id}/video.mp4`) }
		: { message: job.failure };
	const callback_id = (job.body.callback_id as string | null | undefined) ?? null;
	if (job.kind === 'lipsync' && state.jobs.lipsyncCallback === 'lipsync') {
		return callbackBody(state, ok ? 'lipsync.success' : 'lipsync.fail', {
			lipsync_id: job.id,
			callback_id,
			...outcome,
		});
	}
	return callbackBody(state, ok ? 'video_translate.success' : 'video_translate.fail', {
		video_translate_id: job.id,
		callback_id,
		output_language: job.language ? state.jobs.show(job.language) : null,
		...outcome,
	});
}

/** The frame of a source video's bytes (the sandbox's fixtures: 9:16 or 16:9). */
export function sourceAspect(bytes: Buffer | undefined): '9:16' | '16:9' {
	return bytes && renderedVideo('9:16', 'mp4').body.equals(bytes) ? '9:16' : '16:9';
}

/** POSTs a callback; retried like render.ts's (HeyGenState.callbackRetryDelaysMs). */
function deliver(state: HeyGenState, url: string, payload: unknown): void {
	const delivery: CallbackDelivery = { url, payload, status: 0, attempts: 0 };
	state.callbacks.push(delivery);
	const delays = [...state.callbackRetryDelaysMs];
	const attempt = async () => {
		delivery.attempts++;
		try {
			const r = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(payload),
				signal: AbortSignal.timeout(10_000),
			});
			await r.arrayBuffer().catch(() => undefined);
			delivery.status = r.status;
		} catch {
			delivery.status = -1;
		}
		const s = delivery.status;
		const delay = delays.shift();
		if ((s === -1 || [404, 408, 429].includes(s) || s >= 500) && delay !== undefined)
			setTimeout(() => void attempt(), delay).unref();
	};
	void attempt();
}

/** An entry of the bulk statuses endpoints (ids are returned as `video_id`). */
export function bulkStatus(state: HeyGenState, kind: JobKind, id: string) {
	const job = liveJob(state, kind, id);
	const entry = { video_id: id, batch_id: null, item_index: null };
	if (!job) return { ...entry, status: 'not_found', error: null };
	job.polls++;
	const status = jobStatus(state, job);
	const word = {
		pending: 'queued',
		running: 'processing',
		completed: 'completed',
		failed: 'failed',
	};
	return {
		...entry,
		status: word[status],
		error: status === 'failed' ? { code: 'job_failed', message: job.failure } : null,
	};
}

/** GET …/statuses: up to 100 comma-separated `idsParam` and/or `batch_ids` (unknown batches: not_found). */
export function statusesReply(
	state: HeyGenState,
	kind: JobKind,
	query: Record<string, string | string[]>,
	idsParam: string,
): SandboxReply {
	const list = (name: string) => [
		...new Set(
			(queryString(query, name) ?? '')
				.split(',')
				.map((x) => x.trim())
				.filter(Boolean),
		),
	];
	const ids = list(idsParam);
	const batches = list('batch_ids');
	if (!ids.length && !batches.length)
		return heyGenError(400, 'invalid_parameter', `Provide ${idsParam} and/or batch_ids.`, idsParam);
	if (ids.length + batches.length > 100)
		return heyGenError(400, 'invalid_parameter', `At most 100 ids per request.`, idsParam);
	state.jobs.statusesCalls[kind]++;
	const data = [
		...ids.map((id) => bulkStatus(state, kind, id)),
		...batches.map((id) => ({
			video_id: null,
			status: 'not_found',
			error: null,
			batch_id: id,
			item_index: null,
		})),
	];
	return { body: { data, has_more: false, next_token: null } };
}

/**
 * The reads every job kind has: GET {path}/statuses (bulk, `idsParam`), GET {path} (cursor list,
 * newest first), GET and DELETE {path}/{idParam}. A GET counts as a status check.
 */
export function installJobReads(
	{ route, state }: HeyGenApi,
	kind: JobKind,
	spec: {
		path: string;
		idParam: string;
		idsParam: string;
		noun: string;
		resource: (state: HeyGenState, job: SandboxJob) => unknown;
	},
): void {
	const { path, idParam } = spec;
	// registered before {path}/{idParam}, which would match too
	route('GET', `${path}/statuses`, { query: [spec.idsParam, 'batch_ids'] }, (req) =>
		statusesReply(state, kind, req.query, spec.idsParam),
	);
	route('GET', path, { query: ['limit', 'token'] }, (req) => {
		const items = [...state.jobs.jobs.values()]
			.filter((j) => j.kind === kind && !j.deleted)
			.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
		return listPage(items, req.query, { max: 100, default: 10 }, kind, (j) =>
			spec.resource(state, j),
		);
	});
	const notFound = () => heyGenError(404, 'not_found', `${spec.noun} not found.`, idParam);
	route('GET', `${path}/{${idParam}}`, {}, (req) => {
		const job = liveJob(state, kind, req.params[idParam]);
		if (!job) return notFound();
		job.polls++;
		return { body: { data: spec.resource(state, job) } };
	});
	route('DELETE', `${path}/{${idParam}}`, {}, (req) => {
		const job = liveJob(state, kind, req.params[idParam]);
		if (!job) return notFound();
		job.deleted = true;
		return { body: { data: { id: job.id } } };
	});
}

/** Common fields of a finished job's resource (presigned, expiring URLs under /files/jobs/). */
export function jobTimes(state: HeyGenState, job: SandboxJob, status: JobStatus) {
	return {
		id: job.id,
		title: (job.body.title as string | null | undefined) ?? null,
		status: shownStatus(state, status),
		created_at: Math.floor(job.createdAt / 1000),
		callback_id: (job.body.callback_id as string | null | undefined) ?? null,
		duration: status === 'completed' ? job.duration : null,
		video_url: status === 'completed' ? state.presign(`jobs/${job.id}/video.mp4`) : null,
		...(status === 'failed'
			? state.jobs.skillShape
				? { failure_reason: job.failure }
				: { failure_message: job.failure }
			: { failure_message: null }),
	};
}

type MediaKind = 'video' | 'audio' | 'image' | 'subtitle';
type Media = { type?: string; url?: string; asset_id?: string } | null | undefined;

/**
 * A `{type: 'url'|'asset_id'}` input (the contract's AssetUrl / AssetId): the type matches the
 * field given, an asset exists and is of the kind, a URL downloads as a file of the kind, as
 * HeyGen fetches it ("400 video URL not accessible", "400 asset_id not found": heygen-com/skills,
 * heygen-translate/references/troubleshooting.md). Returns the source's length in seconds.
 */
export async function checkMedia(
	state: HeyGenState,
	media: Media,
	kind: MediaKind,
	field: string,
): Promise<{ reply: SandboxReply } | { seconds: number; bytes?: Buffer }> {
	if (!media) return { seconds: 0 };
	if (media.type === 'asset_id' && media.asset_id) {
		const asset = liveAsset(state, media.asset_id);
		if (!asset)
			return {
				reply: heyGenError(404, 'resource_not_found', `asset_id not found.`, `${field}.asset_id`),
			};
		if (asset.kind !== kind)
			return {
				reply: heyGenError(
					400,
					'invalid_parameter',
					`Asset is ${asset.mimeType}, not ${kind}.`,
					`${field}.asset_id`,
				),
			};
		return { seconds: state.jobs.mediaSeconds.get(asset.id) ?? 1, bytes: asset.bytes };
	}
	if (media.type === 'url' && media.url) {
		const fetched = await download(media.url, kind, `${field}.url`);
		if ('reply' in fetched) return fetched;
		return { seconds: state.jobs.mediaSeconds.get(media.url) ?? 1, bytes: fetched.bytes };
	}
	return {
		reply: heyGenError(
			400,
			'invalid_parameter',
			`${field}.type must be 'url' (with url) or 'asset_id' (with asset_id).`,
			`${field}.type`,
		),
	};
}

/** Fetches a URL like HeyGen does: a public file of the kind, or 400 download_failed. */
async function download(
	url: string,
	kind: MediaKind,
	field: string,
): Promise<{ reply: SandboxReply } | { bytes: Buffer }> {
	const fail = (why: string) => ({
		reply: heyGenError(
			400,
			'download_failed',
			`Could not fetch ${kind} from ${url}: ${why}. The URL must be public and point at the file.`,
			field,
		),
	});
	if (!/^https?:\/\//i.test(url)) return fail('not an http(s) URL');
	try {
		const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(5000) });
		const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const bytes = Buffer.from(await res.arrayBuffer());
		if (!res.ok) return fail(`HTTP ${res.status}`);
		// subtitle files are served as application/x-subrip, text/plain, …: only their bytes tell
		if (kind !== 'subtitle' && !type.startsWith(`${kind}/`))
			return fail(`content-type ${type || 'missing'}`);
		if (sniffSandbox(bytes)?.kind !== kind) return fail('the file is not a supported format');
		return { bytes };
	} catch (error) {
		return fail((error as Error).message);
	}
}

/** checkMedia of the create body's field `field`, a file of the kind `kind` (by default the field's name). */
export function checkBodyMedia(
	state: HeyGenState,
	body: Record<string, unknown>,
	field: string,
	kind = field as MediaKind,
): ReturnType<typeof checkMedia> {
	return checkMedia(state, body[field] as Media, kind, field);
}

/** The too-long check: a 400 (tooLong 'reject') or the failure message the job will end with. */
export function lengthCheck(
	state: HeyGenState,
	seconds: number,
	max: number,
	what: string,
	field: string,
): { reply?: SandboxReply; failure?: string } {
	if (seconds <= max) return {};
	const message = `${what} is too long (> ${max.toFixed(1)}s). Please upgrade your plan or trim it.`;
	return state.jobs.tooLong === 'reject'
		? { reply: heyGenError(400, 'invalid_parameter', message, field) }
		: { failure: message };
}

/** lengthCheck of the source video (`video`) against maxVideoSeconds: translations and lip-syncs alike. */
export function videoLengthCheck(
	state: HeyGenState,
	seconds: number,
): { reply?: SandboxReply; failure?: string } {
	return lengthCheck(state, seconds, state.jobs.maxVideoSeconds, 'Video', 'video');
}

/** The checks every job create starts with: callback_url (checkCallbackUrl), then the time range. */
export function checkCreateBasics(body: Record<string, unknown>): SandboxReply | undefined {
	return checkCallbackUrl(body) ?? checkTimeRange(body);
}

/** callback_url, when set, is an http(s) URL. */
export function checkCallbackUrl(body: Record<string, unknown>): SandboxReply | undefined {
	const url = body.callback_url;
	if (url === undefined || url === null || /^https?:\/\//.test(String(url))) return undefined;
	return heyGenError(
		400,
		'invalid_parameter',
		'callback_url must be an http(s) URL.',
		'callback_url',
	);
}

/** start_time/end_time: non-negative, start before end. */
export function checkTimeRange(body: Record<string, unknown>): SandboxReply | undefined {
	const start = body.start_time as number | null | undefined;
	const end = body.end_time as number | null | undefined;
	if ((start ?? 0) < 0 || (end ?? 1) <= 0)
		return heyGenError(400, 'invalid_parameter', 'Times must be positive.', 'start_time');
	if (typeof start === 'number' && typeof end === 'number' && end <= start)
		return heyGenError(400, 'invalid_parameter', 'end_time must be after start_time.', 'end_time');
	return undefined;
}

/**
 * /files/jobs/{id}/{file}: a finished job's video.mp4, audio.mp3 and captions.srt / .vtt behind
 * presigned, expiring URLs (HeyGenState.presign), 403 AccessDenied when expired or foreign.
 */
export function installJobFiles(server: SandboxServer, state: HeyGenState): void {
	for (const method of ['GET', 'HEAD']) {
		server.route(method, 'files', '/jobs/{id}/{file}', (req) => {
			const sig = state.signatures.get(queryString(req.query, 'X-Amz-Signature') ?? '');
			if (!sig || sig.file !== `jobs/${req.params.id}/${req.params.file}`)
				return s3Error(403, 'AccessDenied', 'Invalid signature');
			if (Date.now() > sig.expiresAt) return s3Error(403, 'AccessDenied', 'Request has expired');
			const job = state.jobs.jobs.get(req.params.id);
			if (!job || job.deleted) return { status: 404, body: '' };
			const file = jobFile(job, req.params.file);
			if (!file) return { status: 404, body: '' };
			const headers = { 'content-type': file.contentType, 'content-length': file.body.length };
			return { status: 200, headers, body: req.method === 'HEAD' ? '' : file.body };
		});
	}
}

function jobFile(job: SandboxJob, name: string): { body: Buffer; contentType: string } | undefined {
	const cue = job.language?.name ?? 'Lip-synced';
	switch (name) {
		case 'video.mp4':
			return renderedVideo(job.aspect ?? '16:9', 'mp4');
		case 'audio.mp3':
			return { body: fixture('mp3_44100_128.mp3'), contentType: 'audio/mpeg' };
		case 'captions.srt':
			return {
				body: Buffer.from(`1\n00:00:00,000 --> 00:00:01,000\n${cue}\n`),
				contentType: 'application/x-subrip',
			};
		case 'captions.vtt':
			return {
				body: Buffer.from(`WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${cue}\n`),
				contentType: 'text/vtt',
			};
		default:
			return undefined;
	}
}
