import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type {
	ApiContext,
	ApiRequest,
	ApiResponse,
	ParsedApiError,
	ServiceSpec,
} from '../../shared/transport';
import {
	apiRequest,
	decodeErrorBody,
	parseTextBody,
	withHeaderRequestId,
} from '../../shared/transport';
import type { MultipartBody } from '../../shared/multipart';

export const ELEVENLABS_REGIONS: Record<string, string> = {
	default: 'https://api.elevenlabs.io',
	us: 'https://api.us.elevenlabs.io',
	eu: 'https://api.eu.residency.elevenlabs.io',
	in: 'https://api.in.residency.elevenlabs.io',
	sg: 'https://api.sg.residency.elevenlabs.io',
};

/** Resolves the API base URL from the credential's region / custom base URL fields. */
export function elevenLabsBaseUrl(credentials: IDataObject): string {
	const region = (credentials.region as string) || 'default';
	if (region === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		if (custom) return custom.replace(/\/+$/, '').replace(/\/v1$/, '');
	}
	return ELEVENLABS_REGIONS[region] ?? ELEVENLABS_REGIONS.default;
}

const CONCURRENCY_CODES = new Set(['concurrent_limit_exceeded', 'too_many_concurrent_requests']);
const RATE_CODES = new Set(['system_busy', 'rate_limit_exceeded']);
const FATAL_CODES = new Set(['quota_exceeded', 'invalid_api_key', 'missing_permissions']);

/**
 * Decodes the four ElevenLabs error body shapes:
 * 1. legacy `{"detail":{"status","message"}}`
 * 2. current `{"detail":{"type","code","message","request_id","param"}}`
 * 3. FastAPI 422 `{"detail":[{"loc":[…],"msg","type"}]}`
 * 4. anything else (plain `{"detail":"Not Found"}`, text, an HTML challenge page)
 */
export function parseElevenLabsError(statusCode: number, body: unknown): ParsedApiError {
	let parsed: ParsedApiError;
	const detail = body && typeof body === 'object' ? (body as IDataObject).detail : undefined;
	if (Array.isArray(detail)) {
		const parts = detail.map((d) => {
			const entry = d as IDataObject;
			const loc = Array.isArray(entry.loc) ? entry.loc.filter((l) => l !== 'body').join('.') : '';
			return loc ? `${loc}: ${String(entry.msg)}` : String(entry.msg);
		});
		const first = detail[0] as IDataObject | undefined;
		const loc = Array.isArray(first?.loc)
			? (first.loc as string[]).filter((l) => l !== 'body')
			: [];
		parsed = {
			code: 'validation_error',
			message: parts.join('; ') || 'Invalid request',
			param: loc.join('.') || undefined,
		};
	} else if (detail && typeof detail === 'object') {
		const d = detail as IDataObject;
		parsed = {
			code: (d.code as string) ?? (d.status as string) ?? undefined,
			message: (d.message as string) ?? JSON.stringify(d),
			param: (d.param as string) ?? undefined,
			requestId: (d.request_id as string) ?? undefined,
		};
	} else if (typeof detail === 'string') {
		parsed = { message: detail };
	} else if (typeof body === 'string') {
		parsed = parseTextBody(body);
	} else if (body && typeof body === 'object') {
		const b = body as IDataObject;
		parsed = { message: (b.message as string) ?? JSON.stringify(b).slice(0, 300) };
	} else {
		parsed = { message: `HTTP ${statusCode}` };
	}
	if (parsed.code && CONCURRENCY_CODES.has(parsed.code)) parsed.kind = 'concurrency';
	else if (parsed.code && RATE_CODES.has(parsed.code)) parsed.kind = 'rate';
	else if (parsed.code && FATAL_CODES.has(parsed.code)) parsed.kind = 'fatal';
	return parsed;
}

export function elevenLabsHint(statusCode: number, error: ParsedApiError): string | undefined {
	switch (error.code) {
		case 'invalid_api_key':
		case 'needs_authorization':
			return 'Check the API key in the ElevenLabs credential, and that its Region matches where the key was created.';
		case 'missing_permissions': {
			const permission = /permission\s+([a-z_]+)/i.exec(error.message)?.[1];
			return `The API key is restricted${permission ? ` and lacks the "${permission}" permission` : ''}. Edit the key at elevenlabs.io → Developers → API Keys, or enter IDs manually instead of picking from a list.`;
		}
		case 'quota_exceeded':
			return 'The account or this key has run out of credits. Upgrade the plan, raise the key quota, or wait for the monthly reset (see User → Get Subscription).';
		case 'voice_not_found':
			return 'The voice ID does not exist in this account. Pick the voice from the list, or add it from the Voice Library first.';
		case 'max_character_limit_exceeded':
			return 'The text is longer than the model allows per request. The Text to Speech operation splits long text automatically; check that "Split Long Text" is on.';
		case 'concurrent_limit_exceeded':
		case 'too_many_concurrent_requests':
			return "Too many requests at once for this plan. Lower the node's Concurrency option.";
		case 'system_busy':
		case 'rate_limit_exceeded':
			return 'ElevenLabs is rate limiting or busy. Retry later or raise the Retry settings.';
		case 'voice_limit_reached':
			return 'The account has as many custom voices as its plan allows. Delete a voice (Voice → Delete) or upgrade the plan.';
		case 'paid_plan_required':
		case 'can_not_use_instant_voice_cloning':
			return "The account's plan does not include this feature (instant voice cloning needs a paid plan).";
		case 'invalid_content':
			return 'ElevenLabs could not decode an uploaded file as audio. Send playable recordings (MP3, WAV, M4A, …).';
		case 'duplicate_files':
			return 'The same recording was sent twice. Send each sample once.';
		case 'html_response':
			return "Often a Cloudflare challenge for the server's IP address; try another region or network.";
		case 'validation_error':
			return 'A parameter was rejected; the field is named above.';
		default:
			break;
	}
	if (statusCode === 403) return 'The plan does not include this feature or output format.';
	return undefined;
}

/** An error body answered with HTTP 200: ElevenLabs (FastAPI) errors are `{"detail": …}` and nothing else. */
export function elevenLabsErrorInSuccessBody(body: unknown): ParsedApiError | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const keys = Object.keys(body as IDataObject);
	if (keys.length !== 1 || keys[0] !== 'detail') return undefined;
	return parseElevenLabsError(200, body);
}

export const elevenLabsService: ServiceSpec = {
	service: 'ElevenLabs',
	credentialType: 'heygenElevenlabsElevenLabsApi',
	baseUrl: elevenLabsBaseUrl,
	parseError: parseElevenLabsError,
	errorInSuccessBody: elevenLabsErrorInSuccessBody,
	hint: elevenLabsHint,
	// `request-id` is the documented header (request-stitching cookbook); `x-request-id` is accepted too
	requestIdHeaders: ['request-id', 'x-request-id'],
};

/** Per-request response timeout: the official SDK's default (`timeoutInSeconds` 240). */
export const ELEVENLABS_TIMEOUT_MS = 240_000;

/** The single request helper of the ElevenLabs node. */
export async function elevenLabsApiRequest<T = unknown>(
	this: ApiContext,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	return await apiRequest<T>(this, elevenLabsService, {
		timeoutMs: ELEVENLABS_TIMEOUT_MS,
		...request,
	});
}

// ------------------------------------------------------------------ endpoint helpers

type CallOptions = Pick<ApiRequest, 'itemIndex' | 'retry'>;

export interface VoicesQuery {
	search?: string;
	category?: string;
	voiceType?: string;
	sort?: string;
	sortDirection?: string;
	pageSize: number;
	pageToken?: string;
}

export interface VoicesPage {
	voices: IDataObject[];
	hasMore: boolean;
	nextPageToken?: string;
}

/**
 * One page of GET /v2/voices (needs `voices_read`). Page 0 may also carry the default voices.
 * `include_total_count=false`: the count "incurs a performance cost" (OpenAPI) and paging relies on
 * `has_more` and `next_page_token` only.
 */
export async function getVoicesPage(
	this: ApiContext,
	query: VoicesQuery,
	options: CallOptions = {},
): Promise<VoicesPage> {
	const qs: IDataObject = {
		page_size: Math.min(100, Math.max(1, Math.floor(query.pageSize))),
		include_total_count: false,
	};
	if (query.search) qs.search = query.search;
	if (query.category) qs.category = query.category;
	if (query.voiceType) qs.voice_type = query.voiceType;
	if (query.sort) qs.sort = query.sort;
	if (query.sortDirection) qs.sort_direction = query.sortDirection;
	if (query.pageToken) qs.next_page_token = query.pageToken;
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: '/v2/voices',
		qs,
		...options,
	});
	const body = (response.body ?? {}) as IDataObject;
	const token = body.next_page_token;
	return {
		voices: Array.isArray(body.voices) ? (body.voices as IDataObject[]) : [],
		hasMore: body.has_more === true && typeof token === 'string' && token.length > 0,
		nextPageToken: typeof token === 'string' && token ? token : undefined,
	};
}

/** GET /v1/voices/{voice_id} (needs `voices_read`). */
export async function getVoice(
	this: ApiContext,
	voiceId: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: `/v1/voices/${encodeURIComponent(voiceId)}`,
		...options,
	});
	return response.body as IDataObject;
}

/** GET /v1/models (needs `models_read`). */
export async function getModels(
	this: ApiContext,
	options: CallOptions = {},
): Promise<IDataObject[]> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: '/v1/models',
		...options,
	});
	return Array.isArray(response.body) ? (response.body as IDataObject[]) : [];
}

export interface SpeechRequest extends CallOptions {
	voiceId: string;
	withTimestamps: boolean;
	qs: IDataObject;
	body: IDataObject;
	onConcurrencyLimit?: () => Promise<void>;
	/** Whether a timed-out request is sent again (it may already be generated and billed). */
	retryTimeouts?: boolean;
}

export interface SpeechResult {
	audio: Buffer;
	contentType?: string;
	requestId?: string;
	characterCost?: number;
	alignment?: IDataObject | null;
	attempts: number;
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	return Buffer.alloc(0);
}

/** An HTTP 200 text-to-speech answer without audio, with the request id when the headers have one. */
function noAudioError(
	ctx: ApiContext,
	error: ParsedApiError,
	headers: Record<string, string>,
	missing: string,
	itemIndex: number | undefined,
): NodeApiError {
	const parsed = withHeaderRequestId(elevenLabsService, error, headers);
	const details = [
		'ElevenLabs answered the text-to-speech request without audio. Run the node again; if it keeps happening, check the ElevenLabs status page.',
	];
	if (parsed.requestId) details.push(`Request ID: ${parsed.requestId}`);
	return new NodeApiError(
		ctx.getNode(),
		{
			service: 'ElevenLabs',
			code: parsed.code ?? null,
			message: parsed.message,
			requestId: parsed.requestId ?? null,
		} as JsonObject,
		{
			message: `ElevenLabs: ${parsed.message}${parsed.code ? ` [${parsed.code}]` : ''} (HTTP 200 without ${missing})`,
			description: details.join('\n'),
			httpCode: '200',
			itemIndex,
		},
	);
}

/** Why a timed-out text-to-speech request is not sent again, and what the user can do. */
export const TTS_TIMEOUT_HINT =
	'No answer arrived in time, but ElevenLabs may still have generated the audio and billed its characters, so the request was not sent again (a retry could bill it twice). Check the history at elevenlabs.io before running the node again. To avoid timeouts, raise Options → Retry → Timeout; to retry anyway, turn on Options → Retry Timed-Out Requests.';

/**
 * POST /v1/text-to-speech/{voice_id} (audio bytes) or …/with-timestamps (JSON with base64 audio and
 * the character alignment). An error response is not billed, so 5xx/network errors are retried
 * like the official SDK does; 429s wait (see `onConcurrencyLimit`). A timeout is not retried unless
 * the user allows it: the generation may have finished and been billed without an answer arriving.
 */
export async function textToSpeech(
	this: ApiContext,
	request: SpeechRequest,
): Promise<SpeechResult> {
	const path = `/v1/text-to-speech/${encodeURIComponent(request.voiceId)}${request.withTimestamps ? '/with-timestamps' : ''}`;
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path,
		qs: request.qs,
		body: request.body,
		headers: {
			'Content-Type': 'application/json',
			Accept: request.withTimestamps ? 'application/json' : 'audio/*',
		},
		encoding: request.withTimestamps ? 'json' : 'arraybuffer',
		idempotent: true,
		retryTimeouts: request.retryTimeouts ?? false,
		timeoutHint: TTS_TIMEOUT_HINT,
		itemIndex: request.itemIndex,
		retry: request.retry,
		onConcurrencyLimit: request.onConcurrencyLimit,
	});
	const cost = Number(response.headers['character-cost']);
	const common = {
		contentType: response.headers['content-type'],
		requestId: response.headers['request-id'] || undefined,
		characterCost: Number.isFinite(cost) ? cost : undefined,
		attempts: response.attempts,
	};
	if (!request.withTimestamps) {
		const audio = toBuffer(response.body);
		const type = String(response.headers['content-type'] ?? '').toLowerCase();
		if (audio.length === 0 || /json|^text\//.test(type)) {
			// HTTP 200 without audio: an error body (or nothing) must not become an audio file
			const decoded = audio.length ? await decodeErrorBody(audio) : '';
			const parsed = audio.length
				? parseElevenLabsError(200, decoded)
				: { message: 'The response contained no audio' };
			throw noAudioError(this, parsed, response.headers, 'audio', request.itemIndex);
		}
		return { audio, ...common };
	}
	const json = (response.body ?? {}) as IDataObject;
	const audioBase64 = typeof json.audio_base64 === 'string' ? json.audio_base64 : '';
	if (!audioBase64) {
		const parsed = { message: 'The response contained no audio' };
		throw noAudioError(this, parsed, response.headers, 'audio_base64', request.itemIndex);
	}
	return {
		audio: Buffer.from(audioBase64, 'base64'),
		alignment:
			(json.alignment as IDataObject | null | undefined) ??
			(json.normalized_alignment as IDataObject | null | undefined) ??
			null,
		...common,
	};
}

// ------------------------------------------------------------------ audio files in and out

export interface AudioResult {
	audio: Buffer;
	contentType?: string;
	requestId?: string;
	characterCost?: number;
	attempts: number;
}

/**
 * The audio of a successful response. An HTTP 200 that carries JSON, text or nothing (an error
 * body answered with 200) must not become an audio file.
 */
async function audioOf(
	ctx: ApiContext,
	response: ApiResponse,
	itemIndex: number | undefined,
	operation: string,
): Promise<AudioResult> {
	const audio = toBuffer(response.body);
	const type = String(response.headers['content-type'] ?? '').toLowerCase();
	if (audio.length === 0 || /json|^text\//.test(type)) {
		const parsed = audio.length
			? parseElevenLabsError(200, await decodeErrorBody(audio))
			: { code: undefined, message: 'The response contained no audio' };
		throw new NodeApiError(
			ctx.getNode(),
			{ service: 'ElevenLabs', code: parsed.code ?? null, message: parsed.message } as JsonObject,
			{
				message: `ElevenLabs: ${parsed.message}${parsed.code ? ` [${parsed.code}]` : ''} (HTTP 200 without audio)`,
				description: `ElevenLabs answered the ${operation} request without audio. Run the node again; if it keeps happening, check the ElevenLabs status page.`,
				httpCode: '200',
				itemIndex,
			},
		);
	}
	const cost = Number(response.headers['character-cost']);
	return {
		audio,
		contentType: response.headers['content-type'],
		requestId: response.headers['request-id'] || undefined,
		characterCost: Number.isFinite(cost) ? cost : undefined,
		attempts: response.attempts,
	};
}

/** A multipart upload (see nodes/shared/multipart.ts); a streamed one skips the redirect transport. */
function formRequest(
	form: MultipartBody,
): Pick<ApiRequest, 'body' | 'headers' | 'disableFollowRedirect'> {
	return {
		body: form.body as unknown as IDataObject,
		headers: { 'Content-Type': form.contentType },
		disableFollowRedirect: form.streamed,
	};
}

/** Uploads take as long as the file needs; ElevenLabs then processes it before answering. */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

export interface AudioUpload extends CallOptions {
	/** `/v1/speech-to-speech/{voice_id}` or `/v1/audio-isolation`. */
	path: string;
	qs?: IDataObject;
	form: MultipartBody;
	/** For messages: "speech-to-speech", "audio isolation". */
	operation: string;
}

/**
 * A multipart audio upload answered with audio bytes: POST /v1/speech-to-speech/{voice_id} (needs
 * `speech_to_speech`) and POST /v1/audio-isolation (`audio_isolation`). A failed request is not
 * billed, so 5xx and network errors are retried like the official SDK does (the file is read again).
 */
export async function convertAudio(this: ApiContext, request: AudioUpload): Promise<AudioResult> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: request.path,
		qs: request.qs,
		...formRequest(request.form),
		encoding: 'arraybuffer',
		idempotent: true,
		timeoutMs: UPLOAD_TIMEOUT_MS,
		itemIndex: request.itemIndex,
		retry: request.retry,
	});
	return await audioOf(this, response, request.itemIndex, request.operation);
}

/** POST /v1/sound-generation (JSON in, audio out; needs `sound_generation`). */
export async function generateSoundEffect(
	this: ApiContext,
	request: CallOptions & { qs: IDataObject; body: IDataObject },
): Promise<AudioResult> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: '/v1/sound-generation',
		qs: request.qs,
		body: request.body,
		headers: { 'Content-Type': 'application/json', Accept: 'audio/*' },
		encoding: 'arraybuffer',
		idempotent: true,
		itemIndex: request.itemIndex,
		retry: request.retry,
	});
	return await audioOf(this, response, request.itemIndex, 'sound effect');
}

/**
 * POST /v1/speech-to-text (needs `speech_to_text`): a multipart form with the file (or a URL) and
 * the options; the transcript comes back as JSON. Retried like the other uploads.
 */
export async function transcribe(
	this: ApiContext,
	request: CallOptions & { qs?: IDataObject; form: MultipartBody },
): Promise<{ body: IDataObject; requestId?: string }> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: '/v1/speech-to-text',
		qs: request.qs,
		...formRequest(request.form),
		idempotent: true,
		timeoutMs: UPLOAD_TIMEOUT_MS,
		itemIndex: request.itemIndex,
		retry: request.retry,
	});
	return {
		body: (response.body ?? {}) as IDataObject,
		requestId: response.headers['request-id'] || undefined,
	};
}

/** GET /v1/user (needs `user_read`). */
export async function getUser(this: ApiContext, options: CallOptions = {}): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: '/v1/user',
		...options,
	});
	return (response.body ?? {}) as IDataObject;
}

// ------------------------------------------------------------------ voice management and history

/**
 * POST /v1/voices/add (instant voice cloning), a multipart upload: `name`, `description`, `labels`
 * (a JSON string), `remove_background_noise` and one `files` part per recording. Needs
 * `voices_write`. Not idempotent (a retry could create the voice twice), so only a 429 is retried;
 * it resends the whole body, the files read again.
 */
export async function addVoice(
	this: ApiContext,
	form: MultipartBody,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: '/v1/voices/add',
		...formRequest(form),
		timeoutMs: 10 * 60_000,
		...options,
	});
	return response.body as IDataObject;
}

/** POST /v1/text-to-voice/design: three previews (base64 audio + generated_voice_id) of a described voice. */
export async function designVoice(
	this: ApiContext,
	qs: IDataObject,
	body: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: '/v1/text-to-voice/design',
		qs,
		body,
		...options,
	});
	return response.body as IDataObject;
}

/** POST /v1/text-to-voice: saves a designed preview (generated_voice_id) as a voice of the account. */
export async function createVoiceFromPreview(
	this: ApiContext,
	body: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: '/v1/text-to-voice',
		body,
		...options,
	});
	return response.body as IDataObject;
}

/** DELETE /v1/voices/{voice_id} (needs `voices_write`). */
export async function deleteVoice(
	this: ApiContext,
	voiceId: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'DELETE',
		path: `/v1/voices/${encodeURIComponent(voiceId)}`,
		...options,
	});
	return (response.body ?? {}) as IDataObject;
}

/** POST /v1/voices/{voice_id}/settings/edit (needs `voices_write`); setting values is idempotent. */
export async function editVoiceSettings(
	this: ApiContext,
	voiceId: string,
	settings: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'POST',
		path: `/v1/voices/${encodeURIComponent(voiceId)}/settings/edit`,
		body: settings,
		idempotent: true,
		...options,
	});
	return (response.body ?? {}) as IDataObject;
}

export interface HistoryPage {
	items: IDataObject[];
	hasMore: boolean;
	lastId?: string;
}

/** One page of GET /v1/history (needs `speech_history_read`), newest first unless asked otherwise. */
export async function getHistoryPage(
	this: ApiContext,
	qs: IDataObject,
	options: CallOptions = {},
): Promise<HistoryPage> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: '/v1/history',
		qs,
		...options,
	});
	const body = (response.body ?? {}) as IDataObject;
	const lastId = body.last_history_item_id;
	return {
		items: Array.isArray(body.history) ? (body.history as IDataObject[]) : [],
		hasMore: body.has_more === true,
		lastId: typeof lastId === 'string' && lastId ? lastId : undefined,
	};
}

type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

const historyPath = (id: string) => `/v1/history/${encodeURIComponent(id)}`;

/** GET /v1/history/{history_item_id} (needs `speech_history_read`). */
export async function getHistoryItem(
	this: ApiContext,
	historyItemId: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: historyPath(historyItemId),
		...options,
	});
	return response.body as IDataObject;
}

/** GET /v1/history/{history_item_id}/audio as a stream (audio/mpeg per the OpenAPI). */
export async function getHistoryAudio(
	this: ApiContext,
	historyItemId: string,
	options: CallOptions = {},
): Promise<{ stream: BinaryStream; contentType?: string; contentLength?: number }> {
	const response = await elevenLabsApiRequest.call<
		ApiContext,
		[ApiRequest],
		Promise<ApiResponse<BinaryStream>>
	>(this, {
		method: 'GET',
		path: `${historyPath(historyItemId)}/audio`,
		headers: { Accept: 'audio/*' },
		encoding: 'stream',
		...options,
	});
	const length = Number(response.headers['content-length']);
	return {
		stream: response.body,
		contentType: response.headers['content-type'] || undefined,
		contentLength: Number.isFinite(length) ? length : undefined,
	};
}

/** DELETE /v1/history/{history_item_id} (needs `speech_history_write`). */
export async function deleteHistoryItem(
	this: ApiContext,
	historyItemId: string,
	options: CallOptions = {},
): Promise<IDataObject> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'DELETE',
		path: historyPath(historyItemId),
		...options,
	});
	return (response.body ?? {}) as IDataObject;
}
