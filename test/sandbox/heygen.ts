/**
 * HeyGen v3 API sandbox (mounted under /heygen). Contract: test/fixtures/contracts/heygen-v3-endpoints.json.
 * OWNER: HeyGen vertical.
 *
 * Every JSON request body is validated against the contract's (closed) request schema and every
 * response is built in the contract's response shape (the tests prove it with validateHeyGen).
 * Implemented: users/me; assets (multipart upload ≤ 32 MB, direct upload → presigned PUT under
 * /uploads → complete, get, delete); videos (create with Idempotency-Key replay, status
 * progression, bulk statuses, presigned expiring URLs under /files, list, delete, callback_url);
 * avatar looks, voices and templates listings (cursor pagination), template get/generate.
 *
 * Behaviour is configurable on the returned HeyGenState (render timing, URL expiry, failures,
 * lost responses, in-flight delays) so tests stay fast and deterministic.
 */
import busboy from 'busboy';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';

import { validateHeyGen } from './contracts';
import { fixture, renderedVideo } from './media';
import type { Query, SandboxReply, SandboxRequest, SandboxServer } from './server';
import { queryString } from './server';

export interface HeyGenKey {
	/** Scopes of the key; undefined = unrestricted. */
	scopes?: string[];
}

export interface RenderConfig {
	/** 'time': status follows wall-clock time since creation; 'polls': it advances one step per GET. */
	mode: 'time' | 'polls';
	/** time mode: how long a video stays `pending`, then `processing`. */
	queueMs: number;
	renderMs: number;
	/** polls mode: how many status GETs answer `pending`, then `processing`, before the final status. */
	pendingPolls: number;
	processingPolls: number;
}

export interface Failure {
	failure_code: string;
	failure_message: string;
}

export interface SandboxAsset {
	id: string;
	name: string;
	/** MIME type sniffed from the stored bytes. */
	mimeType: string;
	kind: 'image' | 'video' | 'audio' | 'pdf' | 'subtitle';
	bytes: Buffer;
	uploadedAt: number;
	/** How it arrived: multipart (POST /v3/assets) or direct (presigned PUT). */
	via: 'multipart' | 'direct';
	/** The multipart part's own filename and Content-Type, as sent by the client. */
	partFilename?: string;
	partContentType?: string;
	/** Real size when `bytes` holds only the head of the file (HeyGenState.directUploadRetainBytes). */
	sizeBytes?: number;
	deleted?: boolean;
}

export interface DirectUpload {
	assetId: string;
	filename: string;
	contentType: string;
	sizeBytes: number;
	uploadHeaders: Record<string, string>;
	signature: string;
	expiresAt: number;
	received?: Buffer;
	/** What the PUT looked like (headers, chunk count) for the tests. */
	put?: { headers: http.IncomingHttpHeaders; chunks: number; bytes: number };
	/** SHA-256 of every byte PUT (computed while streaming, also when `received` is only a head). */
	sha256?: string;
	completed?: boolean;
}

export interface SandboxVideo {
	id: string;
	type: 'avatar' | 'image' | 'template';
	body: Record<string, unknown>;
	title: string | null;
	createdAt: number;
	polls: number;
	outcome?: Failure;
	aspectRatio: string;
	outputFormat: 'mp4' | 'webm';
	captionStyle: boolean;
	completedAt?: number;
	callbackFired?: boolean;
	deleted?: boolean;
	idempotencyKey?: string;
	folderId: string | null;
	script?: string;
	/** Own render timing (time mode), from HeyGenState.renderFor; else HeyGenState.render. */
	timing?: { queueMs: number; renderMs: number };
}

export interface PublicFile {
	body: Buffer;
	contentType: string;
	/** Answer HEAD with this status instead (e.g. 405 for hosts that refuse HEAD). */
	headStatus?: number;
	/** Answer every request with this status (e.g. 403 for an auth-walled file). */
	status?: number;
}

export interface CallbackDelivery {
	url: string;
	payload: unknown;
	/** Status of the last attempt: 0 = in flight, -1 = network error (e.g. the server was down). */
	status: number;
	/** POSTs made so far (1 + retries). */
	attempts: number;
}

interface IdempotencyEntry {
	hash: string;
	state: 'inflight' | 'done';
	reply?: SandboxReply;
}

export interface VoiceRecord {
	voice_id: string;
	name: string;
	language: string;
	gender: string;
	preview_audio_url: string | null;
	support_pause: boolean;
	support_locale: boolean;
	type: 'public' | 'private';
	/** Not in the listing; used for the `engine` filter and engine_settings compatibility. */
	engine: 'starfish' | 'elevenlabs' | 'fish';
}

export interface LookRecord {
	id: string;
	name: string;
	avatar_type: 'studio_avatar' | 'digital_twin' | 'photo_avatar';
	group_id: string;
	default_voice_id: string;
	gender: string;
	preview_image_url: string;
	preview_video_url: string | null;
	image_width: number;
	image_height: number;
	preferred_orientation: 'portrait' | 'landscape' | 'square';
	supported_api_engines: string[];
	tags: string[];
	/** Not in the listing: public/private for the `ownership` filter. */
	ownership: 'public' | 'private';
}

export interface TemplateRecord {
	id: string;
	name: string;
	aspect_ratio: string;
	created_at: number;
	updated_at: number;
	variables: Record<string, { name: string; type: string; properties: Record<string, unknown> }>;
	scenes: Array<{
		scene_id: string;
		script: string;
		variables: Array<{ name: string; variable_type: string }>;
	}>;
}

export const SIMPLE_UPLOAD_LIMIT = 32 * 1024 * 1024;

const LANGUAGES = ['English', 'Spanish', 'German', 'French', 'Japanese', 'Portuguese'];
const FIRST_NAMES = [
	'Abigail',
	'Brandon',
	'Chloe',
	'Daniel',
	'Elena',
	'Felix',
	'Grace',
	'Hugo',
	'Iris',
	'Jonas',
	'Kira',
	'Leo',
	'Maya',
];
const SETTINGS = ['Office', 'Studio', 'Outdoor', 'Lounge', 'Casual'];

function buildVoices(): VoiceRecord[] {
	const engines: VoiceRecord['engine'][] = ['starfish', 'elevenlabs', 'fish'];
	return Array.from({ length: 250 }, (_, i) => {
		const language = LANGUAGES[i % LANGUAGES.length];
		const gender = i % 2 === 0 ? 'female' : 'male';
		const name =
			i === 217
				? 'Zephyr Narrator'
				: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${String(i + 1).padStart(3, '0')}`;
		return {
			voice_id: createHash('md5').update(`voice-${i}`).digest('hex'),
			name,
			language,
			gender,
			preview_audio_url: `https://static.heygen.example/voices/${i}.mp3`,
			support_pause: i % 3 !== 0,
			support_locale: i % 4 === 0,
			type: i < 5 ? 'private' : 'public',
			engine: engines[i % engines.length],
		};
	});
}

function buildLooks(voices: VoiceRecord[]): LookRecord[] {
	const types: LookRecord['avatar_type'][] = ['studio_avatar', 'digital_twin', 'photo_avatar'];
	const engines: Record<LookRecord['avatar_type'], string[]> = {
		studio_avatar: ['avatar_iv', 'avatar_iii'],
		digital_twin: ['avatar_v', 'avatar_iv', 'avatar_iii'],
		photo_avatar: ['avatar_iv', 'avatar_iii'],
	};
	const orientations: LookRecord['preferred_orientation'][] = ['landscape', 'portrait', 'square'];
	return Array.from({ length: 130 }, (_, i) => {
		const avatarType = types[i % types.length];
		const name =
			i === 111
				? 'Zara Rooftop'
				: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${SETTINGS[i % SETTINGS.length]} ${i + 1}`;
		return {
			id: createHash('md5').update(`look-${i}`).digest('hex'),
			name,
			avatar_type: avatarType,
			group_id: createHash('md5')
				.update(`group-${Math.floor(i / 3)}`)
				.digest('hex'),
			default_voice_id: voices[i % voices.length].voice_id,
			gender: i % 2 === 0 ? 'female' : 'male',
			preview_image_url: `https://static.heygen.example/looks/${i}.png`,
			preview_video_url:
				avatarType === 'photo_avatar' ? null : `https://static.heygen.example/looks/${i}.mp4`,
			image_width: avatarType === 'photo_avatar' ? 1024 : 1920,
			image_height: avatarType === 'photo_avatar' ? 1024 : 1080,
			preferred_orientation: orientations[i % orientations.length],
			supported_api_engines: engines[avatarType],
			tags: [
				avatarType === 'photo_avatar' ? 'photo' : 'video',
				SETTINGS[i % SETTINGS.length].toLowerCase(),
			],
			ownership: i < 10 ? 'private' : 'public',
		};
	});
}

function buildTemplates(voices: VoiceRecord[]): TemplateRecord[] {
	return Array.from({ length: 25 }, (_, i) => ({
		id: createHash('md5').update(`template-${i}`).digest('hex'),
		name: i === 0 ? 'Product Announcement' : `Template ${i + 1}`,
		aspect_ratio: i % 2 === 0 ? '16:9' : '9:16',
		created_at: 1_760_000_000 + i * 3600,
		updated_at: 1_760_000_000 + i * 7200,
		variables: {
			headline: { name: 'headline', type: 'text', properties: { content: 'Welcome' } },
			presenter_voice: {
				name: 'presenter_voice',
				type: 'voice',
				properties: { voice_id: voices[0].voice_id },
			},
			logo: {
				name: 'logo',
				type: 'image',
				properties: { url: 'https://static.heygen.example/logo.png', asset_id: null },
			},
		},
		scenes: [
			{
				scene_id: `scene_${i}_1`,
				script: 'Hello! {{headline}}',
				variables: [
					{ name: 'headline', variable_type: 'text' },
					{ name: 'presenter_voice', variable_type: 'voice' },
				],
			},
			{
				scene_id: `scene_${i}_2`,
				script: 'Thanks for watching.',
				variables: [{ name: 'logo', variable_type: 'image' }],
			},
		],
	}));
}

export class HeyGenState {
	keys = new Map<string, HeyGenKey>();
	/** Overrides the public base URL of the sandbox (default: the server's own). */
	publicBaseUrl = '';
	server?: SandboxServer;

	get baseUrl(): string {
		return this.publicBaseUrl || this.server?.baseUrl || '';
	}
	/** Speeds up (< 1) or slows down (> 1) the default render timing (for the standalone CLI). */
	timeScale = 1;
	render: RenderConfig = {
		mode: 'time',
		queueMs: 40,
		renderMs: 160,
		pendingPolls: 1,
		processingPolls: 2,
	};
	/** Lifetime of presigned video/subtitle/upload URLs. */
	urlTtlMs = 15 * 60_000;
	/** max_bytes of direct uploads. */
	maxDirectUploadBytes = 5 * 1024 * 1024 * 1024;
	/** Holds a create (video or template) this long before it answers: duplicates get 409 request_in_progress. */
	createDelayMs = 0;
	/** Process the next N creates, then drop the connection instead of answering (lost response). */
	dropCreateResponses = 0;
	/** Decides at creation time whether a video will fail. */
	outcomeFor?: (body: Record<string, unknown>) => Failure | undefined;
	/** Per-video render timing (time mode, before timeScale), decided at creation; undefined = `render`. */
	renderFor?: (body: Record<string, unknown>) => { queueMs: number; renderMs: number } | undefined;
	/**
	 * When set, rendered MP4 downloads are a generated file of this many bytes (the fixture's
	 * bytes, then zero padding), streamed without holding it in memory (memory benchmarks).
	 */
	renderedVideoBytes?: number;
	/**
	 * Keep only this many leading bytes of a direct-upload PUT (enough to sniff the type); the size
	 * and SHA-256 are still checked over every byte. Undefined = keep the whole file.
	 */
	directUploadRetainBytes?: number;

	assets = new Map<string, SandboxAsset>();
	directUploads = new Map<string, DirectUpload>();
	videos = new Map<string, SandboxVideo>();
	publicFiles = new Map<string, PublicFile>();
	callbacks: CallbackDelivery[] = [];
	/**
	 * Like HeyGen, a callback that fails (network error, 404, 408, 429 or 5xx) is retried with
	 * backoff: one retry after each of these delays (ms). [] = a single attempt. The default covers
	 * about a minute, enough for a receiving n8n to restart (test/e2e/trigger-callback.e2e.test.ts).
	 * Timers are unref'd, so pending retries never keep a process alive.
	 */
	callbackRetryDelaysMs: number[] = [1000, 2000, 4000, 8000, 15_000, 30_000];
	/** How many videos each Idempotency-Key actually created (replays don't count). */
	createsByKey = new Map<string, number>();
	idempotency = new Map<string, IdempotencyEntry>();
	/** Presigned URL signatures: signature → file and expiry. */
	signatures = new Map<string, { file: string; expiresAt: number }>();

	voices = buildVoices();
	looks = buildLooks(this.voices);
	templates = buildTemplates(this.voices);

	/** GET /v3/videos/statuses calls answered (each lists many videos). */
	statusesCalls = 0;

	/**
	 * Status checks per video: GET /v3/videos/{id} calls plus GET /v3/videos/statuses calls that
	 * listed it (both advance the polls-mode progression).
	 */
	statusPolls(videoId: string): number {
		return this.videos.get(videoId)?.polls ?? 0;
	}

	/** Serves a file under /files/public/<name> (for URL uploads and audio_url/image URLs). */
	addPublicFile(name: string, file: PublicFile): string {
		this.publicFiles.set(name, file);
		return `${this.baseUrl}/files/public/${encodeURIComponent(name)}`;
	}

	/** Expires every presigned URL handed out so far. */
	expireAllUrls(): void {
		for (const sig of this.signatures.values()) sig.expiresAt = 0;
	}
}

export function heyGenError(
	status: number,
	code: string,
	message: string,
	param?: string,
): SandboxReply {
	return {
		status,
		body: {
			error: {
				code,
				message,
				...(param ? { param } : {}),
				doc_url: 'https://developers.heygen.com/docs/error-codes',
			},
		},
	};
}

export function checkAuth(
	state: HeyGenState,
	req: SandboxRequest,
	scope?: string,
): SandboxReply | undefined {
	const key = req.headers['x-api-key'];
	if (!key || Array.isArray(key) || !state.keys.has(key))
		return heyGenError(401, 'unauthorized', 'Invalid or missing API key.');
	const entry = state.keys.get(key)!;
	if (scope && entry.scopes && !entry.scopes.includes(scope)) {
		return heyGenError(403, 'forbidden', `missing ${scope} to execute this operation`);
	}
	return undefined;
}

// ---------------------------------------------------------------- helpers

/** Detects the file type from its first bytes, as HeyGen does (types of POST /v3/assets). */
export function sniffSandbox(
	bytes: Buffer,
): { mimeType: string; kind: SandboxAsset['kind']; ext: string } | undefined {
	const b = bytes;
	if (
		b.length >= 8 &&
		b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
	) {
		return { mimeType: 'image/png', kind: 'image', ext: 'png' };
	}
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
		return { mimeType: 'image/jpeg', kind: 'image', ext: 'jpg' };
	if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-')
		return { mimeType: 'application/pdf', kind: 'pdf', ext: 'pdf' };
	if (
		b.length >= 12 &&
		b.subarray(0, 4).toString('latin1') === 'RIFF' &&
		b.subarray(8, 12).toString('latin1') === 'WAVE'
	) {
		return { mimeType: 'audio/wav', kind: 'audio', ext: 'wav' };
	}
	if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp')
		return { mimeType: 'video/mp4', kind: 'video', ext: 'mp4' };
	if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3)
		return { mimeType: 'video/webm', kind: 'video', ext: 'webm' };
	if (b.length >= 3 && b.subarray(0, 3).toString('latin1') === 'ID3')
		return { mimeType: 'audio/mpeg', kind: 'audio', ext: 'mp3' };
	if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && ((b[1] >> 1) & 0x3) !== 0) {
		return { mimeType: 'audio/mpeg', kind: 'audio', ext: 'mp3' };
	}
	const head = b
		.subarray(0, 200)
		.toString('utf8')
		.replace(/^\uFEFF/, '');
	if (/^\d+\r?\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}/.test(head)) {
		return { mimeType: 'application/x-subrip', kind: 'subtitle', ext: 'srt' };
	}
	return undefined;
}

function parseJson(
	req: SandboxRequest,
): { ok: true; value: unknown } | { ok: false; reply: SandboxReply } {
	if (!req.body.length) return { ok: true, value: {} };
	if (!/application\/json/i.test(String(req.headers['content-type'] ?? ''))) {
		return {
			ok: false,
			reply: heyGenError(400, 'invalid_parameter', 'Content-Type must be application/json.'),
		};
	}
	try {
		return { ok: true, value: JSON.parse(req.body.toString('utf8')) };
	} catch {
		return {
			ok: false,
			reply: heyGenError(400, 'invalid_parameter', 'Request body is not valid JSON.'),
		};
	}
}

/** Validates a JSON body against the endpoint's contract request schema. */
function validateBody(name: string, body: unknown): SandboxReply | undefined {
	const result = validateHeyGen(name, 'request', body);
	if (result.valid) return undefined;
	const first = result.errors[0] ?? 'invalid request';
	const path = /^\/(\S+)/.exec(first)?.[1]?.replace(/\//g, '.');
	const extra = /additional properties '([^']+)'/.exec(result.errors.join(' '))?.[1];
	const param = extra ?? path ?? undefined;
	return heyGenError(
		400,
		'invalid_parameter',
		`Invalid request: ${result.errors.slice(0, 3).join('; ')}`,
		param,
	);
}

function checkQuery(query: Query, allowed: string[]): SandboxReply | undefined {
	for (const name of Object.keys(query)) {
		if (!allowed.includes(name))
			return heyGenError(400, 'invalid_parameter', `Unknown query parameter '${name}'.`, name);
	}
	return undefined;
}

function encodeToken(offset: number, scope: string): string {
	return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
}

/** Cursor pagination: limit (1..max), opaque token bound to the filter set. */
function paginate<T>(
	items: T[],
	query: Query,
	maxLimit: number,
	defaultLimit: number,
	scope: string,
):
	| { ok: true; page: T[]; has_more: boolean; next_token: string | null }
	| { ok: false; reply: SandboxReply } {
	const rawLimit = queryString(query, 'limit');
	const limit = rawLimit === undefined ? defaultLimit : Number(rawLimit);
	if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		return {
			ok: false,
			reply: heyGenError(
				400,
				'invalid_parameter',
				`limit must be an integer between 1 and ${maxLimit}.`,
				'limit',
			),
		};
	}
	let offset = 0;
	const token = queryString(query, 'token');
	if (token) {
		try {
			const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
				o: number;
				s: string;
			};
			if (typeof parsed.o !== 'number' || parsed.s !== scope) throw new Error('scope');
			offset = parsed.o;
		} catch {
			return {
				ok: false,
				reply: heyGenError(400, 'invalid_parameter', 'Invalid pagination token.', 'token'),
			};
		}
	}
	const page = items.slice(offset, offset + limit);
	const has_more = offset + limit < items.length;
	return {
		ok: true,
		page,
		has_more,
		next_token: has_more ? encodeToken(offset + limit, scope) : null,
	};
}

function idempotencyKeyOf(req: SandboxRequest): { key?: string; reply?: SandboxReply } {
	const raw = req.headers['idempotency-key'];
	if (raw === undefined) return {};
	const key = Array.isArray(raw) ? raw[0] : raw;
	if (!/^[A-Za-z0-9_:.-]{1,255}$/.test(key)) {
		return {
			reply: heyGenError(
				400,
				'invalid_parameter',
				'Idempotency-Key must be 1-255 characters of [A-Za-z0-9_:.-].',
				'Idempotency-Key',
			),
		};
	}
	return { key };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hexColor(value: unknown): boolean {
	return typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value);
}

/** Fetches a URL the way HeyGen's renderer does; undefined when it is a downloadable file of that kind. */
async function checkDownload(
	url: unknown,
	kind: 'audio' | 'image',
	field: string,
): Promise<SandboxReply | undefined> {
	const fail = (why: string) =>
		heyGenError(
			400,
			'download_failed',
			`Failed to download ${kind} from ${String(url)}: ${why}. Make sure the URL is public and points directly at the file.`,
			field,
		);
	if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return fail('not an http(s) URL');
	try {
		const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(5000) });
		const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const bytes = Buffer.from(await res.arrayBuffer());
		if (!res.ok) return fail(`HTTP ${res.status}`);
		if (!type.startsWith(`${kind}/`)) return fail(`content-type ${type || 'missing'}`);
		const sniffed = sniffSandbox(bytes);
		if (!sniffed || sniffed.kind !== kind)
			return fail('the file content is not a supported format');
		return undefined;
	} catch (error) {
		return fail((error as Error).message);
	}
}

// ---------------------------------------------------------------- install

export function installHeyGen(server: SandboxServer): HeyGenState {
	const state = new HeyGenState();
	state.server = server;
	const base = () => state.baseUrl;
	const ms = (v: number) => v * state.timeScale;

	const presign = (file: string): string => {
		const signature = randomBytes(16).toString('hex');
		state.signatures.set(signature, { file, expiresAt: Date.now() + state.urlTtlMs });
		return `${base()}/files/${file}?X-Amz-Expires=${Math.round(state.urlTtlMs / 1000)}&X-Amz-Signature=${signature}`;
	};

	// ------------------------------------------------------------ users
	server.route('GET', 'heygen', '/v3/users/me', (req) => {
		const denied = checkAuth(state, req, 'user-read');
		if (denied) return denied;
		return {
			body: {
				data: {
					username: 'sandbox',
					email: 'sandbox@example.com',
					first_name: 'Sandbox',
					last_name: 'User',
					billing_type: 'wallet',
					wallet: { remaining_balance: 120.5, currency: 'usd', auto_reload: { enabled: false } },
				},
			},
		};
	});

	// ------------------------------------------------------------ idempotent creates
	/** Runs a create once per Idempotency-Key + body; replays the stored reply afterwards. */
	const idempotent = async (
		req: SandboxRequest,
		res: http.ServerResponse,
		body: unknown,
		create: () => Promise<SandboxReply> | SandboxReply,
	): Promise<SandboxReply | void> => {
		const { key, reply } = idempotencyKeyOf(req);
		if (reply) return reply;
		const hash = createHash('sha256')
			.update(`${req.path}\n${JSON.stringify(body)}`)
			.digest('hex');
		if (key) {
			const entry = state.idempotency.get(key);
			if (entry) {
				if (entry.hash !== hash) {
					return heyGenError(
						409,
						'conflict',
						'This Idempotency-Key was already used with a different request.',
						'Idempotency-Key',
					);
				}
				if (entry.state === 'inflight') {
					return {
						...heyGenError(
							409,
							'request_in_progress',
							'A request with this Idempotency-Key is still being processed.',
						),
						headers: { 'Retry-After': '1' },
					};
				}
				return {
					...entry.reply!,
					headers: { ...(entry.reply!.headers ?? {}), 'Idempotent-Replayed': 'true' },
				};
			}
			state.idempotency.set(key, { hash, state: 'inflight' });
		}
		let result: SandboxReply;
		try {
			if (state.createDelayMs > 0) await sleep(state.createDelayMs);
			result = await create();
		} catch (error) {
			if (key) state.idempotency.delete(key);
			return heyGenError(500, 'internal_error', (error as Error).message);
		}
		const ok = (result.status ?? 200) < 400;
		if (key) {
			if (ok) {
				state.idempotency.set(key, { hash, state: 'done', reply: result });
				state.createsByKey.set(key, (state.createsByKey.get(key) ?? 0) + 1);
			} else {
				state.idempotency.delete(key);
			}
		}
		if (ok && state.dropCreateResponses > 0) {
			state.dropCreateResponses--;
			req.raw.socket.destroy();
			res.destroy();
			return;
		}
		return result;
	};

	// ------------------------------------------------------------ assets
	const assetUrl = (a: SandboxAsset) =>
		`${base()}/files/assets/${a.id}/${encodeURIComponent(a.name)}`;

	server.route('POST', 'heygen', '/v3/assets', async (req, res) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const contentType = String(req.headers['content-type'] ?? '');
		if (!/^multipart\/form-data/i.test(contentType)) {
			return heyGenError(
				400,
				'invalid_parameter',
				'Expected a multipart/form-data body with a file part named "file".',
				'file',
			);
		}
		const parsed = await parseMultipart(req);
		if ('reply' in parsed) return parsed.reply;
		const { files, fields, truncated } = parsed;
		if (truncated)
			return heyGenError(
				413,
				'payload_too_large',
				'File exceeds the 32 MB limit of POST /v3/assets; use direct uploads.',
			);
		const described: Record<string, unknown> = { ...fields };
		for (const f of files) described[f.field] = `<${f.data.length} bytes>`;
		const invalid = validateBody('AssetCreate', described);
		if (invalid) return invalid;
		const part = files.find((f) => f.field === 'file');
		if (!part) return heyGenError(400, 'invalid_parameter', 'Missing file part "file".', 'file');
		if (files.length > 1)
			return heyGenError(400, 'invalid_parameter', 'Exactly one file part is accepted.', 'file');
		if (part.data.length === 0)
			return heyGenError(400, 'invalid_parameter', 'The uploaded file is empty.', 'file');
		const sniffed = sniffSandbox(part.data);
		if (!sniffed) {
			return heyGenError(
				400,
				'invalid_parameter',
				'Unsupported file type. Supported: png, jpeg, mp4, webm, mp3, wav, pdf, srt.',
				'file',
			);
		}
		return await idempotent(req, res, createHash('sha256').update(part.data).digest('hex'), () => {
			const asset: SandboxAsset = {
				id: randomUUID().replace(/-/g, ''),
				name: part.filename || `upload.${sniffed.ext}`,
				mimeType: sniffed.mimeType,
				kind: sniffed.kind,
				bytes: part.data,
				uploadedAt: Math.floor(Date.now() / 1000),
				via: 'multipart',
				partFilename: part.filename,
				partContentType: part.mimeType,
			};
			state.assets.set(asset.id, asset);
			return {
				body: {
					data: {
						asset_id: asset.id,
						url: assetUrl(asset),
						mime_type: asset.mimeType,
						size_bytes: asset.bytes.length,
					},
				},
			};
		});
	});

	server.route('POST', 'heygen', '/v3/assets/direct-uploads', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const json = parseJson(req);
		if (!json.ok) return json.reply;
		const invalid = validateBody('AssetDirectUploadsCreate', json.value);
		if (invalid) return invalid;
		const body = json.value as { filename: string; content_type: string; size_bytes: number };
		if (!Number.isInteger(body.size_bytes) || body.size_bytes <= 0) {
			return heyGenError(
				400,
				'invalid_parameter',
				'size_bytes must be a positive integer.',
				'size_bytes',
			);
		}
		if (body.size_bytes > state.maxDirectUploadBytes) {
			return heyGenError(
				413,
				'payload_too_large',
				`size_bytes exceeds the maximum of ${state.maxDirectUploadBytes} bytes.`,
				'size_bytes',
			);
		}
		if (
			!/^(image\/(png|jpeg)|video\/(mp4|webm)|audio\/(mpeg|mp3|wav|x-wav|wave)|application\/(pdf|x-subrip|zip))$/.test(
				body.content_type,
			)
		) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Unsupported content_type '${body.content_type}'.`,
				'content_type',
			);
		}
		const upload: DirectUpload = {
			assetId: randomUUID().replace(/-/g, ''),
			filename: body.filename,
			contentType: body.content_type,
			sizeBytes: body.size_bytes,
			signature: randomBytes(16).toString('hex'),
			expiresAt: Date.now() + state.urlTtlMs,
			uploadHeaders: {
				'Content-Type': body.content_type,
				'x-amz-server-side-encryption': 'AES256',
				'x-amz-meta-upload-token': randomBytes(8).toString('hex'),
			},
		};
		state.directUploads.set(upload.assetId, upload);
		return {
			body: {
				data: {
					asset_id: upload.assetId,
					upload_url: `${base()}/uploads/${upload.assetId}?X-Amz-Expires=${Math.round(state.urlTtlMs / 1000)}&X-Amz-Signature=${upload.signature}`,
					upload_headers: upload.uploadHeaders,
					expires_in_seconds: Math.round(state.urlTtlMs / 1000),
					max_bytes: upload.sizeBytes,
					status: 'pending_upload',
				},
			},
		};
	});

	// Presigned PUT (S3-like). The server core does not buffer /uploads bodies: this streams them.
	server.route('PUT', 'uploads', '/{upload_id}', async (req, res) => {
		const s3Error = (status: number, code: string, message: string): SandboxReply => ({
			status,
			headers: { 'content-type': 'application/xml' },
			body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
		});
		const drain = async () => {
			for await (const _chunk of req.raw) void _chunk;
		};
		const upload = state.directUploads.get(req.params.upload_id);
		if (!upload || queryString(req.query, 'X-Amz-Signature') !== upload.signature) {
			await drain();
			return s3Error(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		}
		if (Date.now() > upload.expiresAt) {
			await drain();
			return s3Error(403, 'AccessDenied', 'Request has expired');
		}
		for (const [name, value] of Object.entries(upload.uploadHeaders)) {
			const got = req.headers[name.toLowerCase()];
			if (got !== value) {
				await drain();
				return s3Error(
					403,
					'SignatureDoesNotMatch',
					`Signed header ${name} is missing or differs.`,
				);
			}
		}
		const declared = req.headers['content-length'];
		if (declared === undefined) {
			await drain();
			return s3Error(
				411,
				'MissingContentLength',
				'You must provide the Content-Length HTTP header.',
			);
		}
		if (Number(declared) !== upload.sizeBytes) {
			await drain();
			return s3Error(403, 'SignatureDoesNotMatch', 'Content-Length differs from the signed size.');
		}
		const chunks: Buffer[] = [];
		let bytes = 0;
		let count = 0;
		let kept = 0;
		const retain = state.directUploadRetainBytes ?? Infinity;
		const sha256 = createHash('sha256');
		const md5 = createHash('md5');
		try {
			for await (const chunk of req.raw) {
				const buf = chunk as Buffer;
				sha256.update(buf);
				md5.update(buf);
				if (kept < retain) {
					const part = kept + buf.length <= retain ? buf : buf.subarray(0, retain - kept);
					chunks.push(part);
					kept += part.length;
				}
				bytes += buf.length;
				count++;
			}
		} catch {
			return;
		}
		if (bytes !== upload.sizeBytes)
			return s3Error(
				400,
				'IncompleteBody',
				'You did not provide the number of bytes specified by the Content-Length HTTP header.',
			);
		upload.received = Buffer.concat(chunks);
		upload.sha256 = sha256.digest('hex');
		upload.put = { headers: req.headers, chunks: count, bytes };
		res.setHeader('ETag', `"${md5.digest('hex')}"`);
		return { status: 200, body: '' };
	});

	server.route('POST', 'heygen', '/v3/assets/{asset_id}/complete', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const json = parseJson(req);
		if (!json.ok) return json.reply;
		const invalid = validateBody('AssetCompleteCreate', json.value);
		if (invalid) return invalid;
		const upload = state.directUploads.get(req.params.asset_id);
		if (!upload) return heyGenError(404, 'not_found', 'Upload not found.', 'asset_id');
		if (!upload.received)
			return heyGenError(
				400,
				'invalid_parameter',
				'The file has not been uploaded to upload_url yet.',
				'asset_id',
			);
		const sniffed = sniffSandbox(upload.received);
		const declared = upload.contentType
			.replace('audio/mp3', 'audio/mpeg')
			.replace(/audio\/(x-wav|wave)/, 'audio/wav');
		if (!sniffed || sniffed.mimeType !== declared) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Stored bytes (${sniffed?.mimeType ?? 'unknown'}) do not match content_type ${upload.contentType}.`,
				'content_type',
			);
		}
		const checksum = (json.value as { checksum_sha256?: string | null }).checksum_sha256;
		if (
			checksum &&
			checksum !== (upload.sha256 ?? createHash('sha256').update(upload.received).digest('hex'))
		) {
			return heyGenError(
				400,
				'invalid_parameter',
				'checksum_sha256 does not match the uploaded bytes.',
				'checksum_sha256',
			);
		}
		let asset = state.assets.get(upload.assetId);
		if (!asset) {
			asset = {
				id: upload.assetId,
				name: upload.filename,
				mimeType: sniffed.mimeType,
				kind: sniffed.kind,
				bytes: upload.received,
				uploadedAt: Math.floor(Date.now() / 1000),
				via: 'direct',
				...(upload.put && upload.put.bytes !== upload.received.length
					? { sizeBytes: upload.put.bytes }
					: {}),
			};
			state.assets.set(asset.id, asset);
			upload.completed = true;
		}
		return {
			body: {
				data: {
					asset_id: asset.id,
					url: assetUrl(asset),
					mime_type: asset.mimeType,
					size_bytes: asset.sizeBytes ?? asset.bytes.length,
					status: 'ready',
				},
			},
		};
	});

	const liveAsset = (id: string) => {
		const a = state.assets.get(id);
		return a && !a.deleted ? a : undefined;
	};

	server.route('GET', 'heygen', '/v3/assets/{asset_id}', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const a = liveAsset(req.params.asset_id);
		if (!a) return heyGenError(404, 'resource_not_found', 'Asset not found.', 'asset_id');
		return {
			body: {
				data: {
					id: a.id,
					name: a.name,
					type: a.kind === 'subtitle' ? 'srt' : a.kind,
					owner: 'sandbox',
					space_id: 'space_sandbox',
					uploaded_at: a.uploadedAt,
					url: assetUrl(a),
					folder_id: null,
				},
			},
		};
	});

	server.route('DELETE', 'heygen', '/v3/assets/{asset_id}', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const a = liveAsset(req.params.asset_id);
		if (!a) return heyGenError(404, 'resource_not_found', 'Asset not found.', 'asset_id');
		a.deleted = true;
		return { body: { data: { id: a.id } } };
	});

	// ------------------------------------------------------------ files (public + presigned)
	const serveBytes = (req: SandboxRequest, body: Buffer, contentType: string): SandboxReply => {
		const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
		if (range) {
			const start = Number(range[1]);
			const end = Math.min(body.length - 1, range[2] ? Number(range[2]) : body.length - 1);
			return {
				status: 206,
				headers: {
					'content-type': contentType,
					'content-range': `bytes ${start}-${end}/${body.length}`,
					'accept-ranges': 'bytes',
				},
				body: body.subarray(start, end + 1),
			};
		}
		return {
			status: 200,
			headers: {
				'content-type': contentType,
				'content-length': body.length,
				'accept-ranges': 'bytes',
			},
			body,
		};
	};

	for (const method of ['GET', 'HEAD']) {
		server.route(method, 'files', '/public/{name}', (req) => {
			const file = state.publicFiles.get(req.params.name);
			if (!file)
				return {
					status: 404,
					headers: { 'content-type': 'text/html' },
					body: '<html><title>Not Found</title></html>',
				};
			if (file.status)
				return {
					status: file.status,
					headers: { 'content-type': 'text/html' },
					body: '<html><title>Denied</title></html>',
				};
			if (req.method === 'HEAD' && file.headStatus) return { status: file.headStatus, body: '' };
			return serveBytes(req, file.body, file.contentType);
		});

		server.route(method, 'files', '/assets/{asset_id}/{name}', (req) => {
			const a = liveAsset(req.params.asset_id);
			if (!a) return { status: 404, body: '' };
			return serveBytes(req, a.bytes, a.mimeType);
		});

		server.route(method, 'files', '/{kind}/{file}', (req, res) => {
			const sig = state.signatures.get(queryString(req.query, 'X-Amz-Signature') ?? '');
			const file = `${req.params.kind}/${req.params.file}`;
			const accessDenied = (msg: string): SandboxReply => ({
				status: 403,
				headers: { 'content-type': 'application/xml' },
				body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${msg}</Message></Error>`,
			});
			if (!sig || sig.file !== file) return accessDenied('Invalid signature');
			if (Date.now() > sig.expiresAt) return accessDenied('Request has expired');
			const m = /^([^._]+)(_captioned)?\.(mp4|webm|srt|jpg|gif)$/.exec(req.params.file);
			const video = m ? state.videos.get(m[1]) : undefined;
			if (!m || !video || video.deleted) return { status: 404, body: '' };
			if (req.params.kind === 'videos') {
				const media = renderedVideo(video.aspectRatio, video.outputFormat);
				if (state.renderedVideoBytes && media.contentType === 'video/mp4') {
					streamPadded(
						res,
						req.method === 'HEAD',
						media.body,
						state.renderedVideoBytes,
						media.contentType,
					);
					return;
				}
				return serveBytes(req, media.body, media.contentType);
			}
			if (req.params.kind === 'subtitles')
				return serveBytes(req, Buffer.from(subtitleFor(video)), 'application/x-subrip');
			if (req.params.kind === 'thumbnails')
				return serveBytes(req, fixture('image.jpg'), 'image/jpeg');
			return { status: 404, body: '' };
		});
	}

	// ------------------------------------------------------------ videos
	const finalStatus = (v: SandboxVideo): 'completed' | 'failed' =>
		v.outcome ? 'failed' : 'completed';

	const statusOf = (v: SandboxVideo): 'pending' | 'processing' | 'completed' | 'failed' => {
		if (v.completedAt) return finalStatus(v);
		let status: 'pending' | 'processing' | 'completed' | 'failed';
		if (state.render.mode === 'polls') {
			if (v.polls <= state.render.pendingPolls) status = 'pending';
			else if (v.polls <= state.render.pendingPolls + state.render.processingPolls)
				status = 'processing';
			else status = finalStatus(v);
		} else {
			const elapsed = Date.now() - v.createdAt;
			const timing = v.timing ?? state.render;
			if (elapsed < ms(timing.queueMs)) status = 'pending';
			else if (elapsed < ms(timing.queueMs + timing.renderMs)) status = 'processing';
			else status = finalStatus(v);
		}
		if (status === 'completed' || status === 'failed') settle(v);
		return status;
	};

	const settle = (v: SandboxVideo) => {
		if (v.completedAt) return;
		v.completedAt = Date.now();
		const callbackUrl = v.body.callback_url;
		if (typeof callbackUrl === 'string' && !v.callbackFired) {
			v.callbackFired = true;
			const callbackId = (v.body.callback_id as string | null | undefined) ?? null;
			const payload = v.outcome
				? {
						event_type: 'avatar_video.fail',
						event_data: { video_id: v.id, msg: v.outcome.failure_message, callback_id: callbackId },
					}
				: {
						event_type: 'avatar_video.success',
						event_data: {
							video_id: v.id,
							url: presign(`videos/${v.id}.${v.outputFormat}`),
							callback_id: callbackId,
						},
					};
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
	};

	const videoResource = (v: SandboxVideo) => {
		const status = statusOf(v);
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
			video_url: done ? presign(`videos/${v.id}.${v.outputFormat}`) : null,
			captioned_video_url:
				done && v.captionStyle ? presign(`videos/${v.id}_captioned.${v.outputFormat}`) : null,
			subtitle_url: done ? presign(`subtitles/${v.id}.srt`) : null,
			thumbnail_url: done ? presign(`thumbnails/${v.id}.jpg`) : null,
			gif_url: null,
			video_page_url: `https://app.heygen.com/videos/${v.id}`,
			folder_id: v.folderId,
			failure_code: status === 'failed' ? v.outcome!.failure_code : null,
			failure_message: status === 'failed' ? v.outcome!.failure_message : null,
		};
	};

	const newVideo = (
		type: SandboxVideo['type'],
		body: Record<string, unknown>,
		key: string | undefined,
		extra: Partial<SandboxVideo> = {},
	) => {
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
					const status = statusOf(video);
					if (status !== 'completed' && status !== 'failed' && !video.deleted) arm(20);
				}, delay);
				timer.unref();
			};
			arm(ms(timing.queueMs + timing.renderMs) + 5);
		}
		return video;
	};

	server.route('POST', 'heygen', '/v3/videos', async (req, res) => {
		const denied = checkAuth(state, req, 'video-write');
		if (denied) return denied;
		const json = parseJson(req);
		if (!json.ok) return json.reply;
		const invalid = validateBody('VideoCreate', json.value);
		if (invalid) return invalid;
		const body = json.value as Record<string, unknown>;
		const semantic = await checkVideoSemantics(state, body);
		if (semantic) return semantic;
		const { key } = idempotencyKeyOf(req);
		return await idempotent(req, res, body, () => {
			const video = newVideo(body.type as 'avatar' | 'image', body, key);
			return {
				body: {
					data: { video_id: video.id, status: 'waiting', output_format: video.outputFormat },
				},
			};
		});
	});

	server.route('GET', 'heygen', '/v3/videos', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const bad = checkQuery(req.query, ['limit', 'token', 'folder_id', 'title']);
		if (bad) return bad;
		const title = queryString(req.query, 'title')?.toLowerCase();
		const folder = queryString(req.query, 'folder_id');
		const items = [...state.videos.values()]
			.filter((v) => !v.deleted)
			.filter((v) => !title || (v.title ?? '').toLowerCase().includes(title))
			.filter((v) => !folder || v.folderId === folder)
			.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
		const page = paginate(items, req.query, 100, 10, `videos:${title ?? ''}:${folder ?? ''}`);
		if (!page.ok) return page.reply;
		return {
			body: {
				data: page.page.map(videoResource),
				has_more: page.has_more,
				next_token: page.next_token,
			},
		};
	});

	// GET /v3/videos/statuses (VideoStatusesList): up to 100 comma-separated video_ids and/or
	// batch_ids → one entry each; `pending` is reported as `queued`, unknown, deleted (and, in the
	// sandbox, every batch) IDs as `not_found`. Registered before /v3/videos/{video_id}, which would
	// match the path too. Each listed video counts as one status poll (statusPolls, and the polls
	// mode's progression), exactly like a GET of the video.
	server.route('GET', 'heygen', '/v3/videos/statuses', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const bad = checkQuery(req.query, ['video_ids', 'batch_ids']);
		if (bad) return bad;
		const list = (name: string) => [
			...new Set(
				(queryString(req.query, name) ?? '')
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean),
			),
		];
		const videoIds = list('video_ids');
		const batchIds = list('batch_ids');
		if (!videoIds.length && !batchIds.length)
			return heyGenError(
				400,
				'invalid_parameter',
				'Provide video_ids and/or batch_ids.',
				'video_ids',
			);
		if (videoIds.length + batchIds.length > 100) {
			return heyGenError(
				400,
				'invalid_parameter',
				'At most 100 video_ids and batch_ids per request.',
				videoIds.length > 100 ? 'video_ids' : 'batch_ids',
			);
		}
		state.statusesCalls++;
		const data = [
			...videoIds.map((id) => {
				const v = state.videos.get(id);
				if (!v || v.deleted)
					return {
						video_id: id,
						status: 'not_found',
						error: null,
						batch_id: null,
						item_index: null,
					};
				v.polls++;
				const status = statusOf(v);
				return {
					video_id: v.id,
					status: status === 'pending' ? 'queued' : status,
					error:
						status === 'failed'
							? { code: v.outcome!.failure_code, message: v.outcome!.failure_message }
							: null,
					batch_id: null,
					item_index: null,
				};
			}),
			...batchIds.map((id) => ({
				video_id: null,
				status: 'not_found',
				error: null,
				batch_id: id,
				item_index: null,
			})),
		];
		return { body: { data, has_more: false, next_token: null } };
	});

	server.route('GET', 'heygen', '/v3/videos/{video_id}', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const v = state.videos.get(req.params.video_id);
		if (!v || v.deleted) return heyGenError(404, 'video_not_found', 'Video not found.', 'video_id');
		v.polls++;
		return { body: { data: videoResource(v) } };
	});

	server.route('DELETE', 'heygen', '/v3/videos/{video_id}', (req) => {
		const denied = checkAuth(state, req, 'video-write');
		if (denied) return denied;
		const v = state.videos.get(req.params.video_id);
		if (!v || v.deleted) return heyGenError(404, 'video_not_found', 'Video not found.', 'video_id');
		v.deleted = true;
		return { body: { data: { id: v.id, deleted: true } } };
	});

	// ------------------------------------------------------------ listings
	server.route('GET', 'heygen', '/v3/avatars/looks', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const bad = checkQuery(req.query, ['group_id', 'avatar_type', 'ownership', 'limit', 'token']);
		if (bad) return bad;
		const avatarType = queryString(req.query, 'avatar_type');
		if (avatarType && !['studio_avatar', 'digital_twin', 'photo_avatar'].includes(avatarType)) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Invalid avatar_type '${avatarType}'.`,
				'avatar_type',
			);
		}
		const ownership = queryString(req.query, 'ownership');
		if (ownership && !['public', 'private'].includes(ownership)) {
			return heyGenError(
				400,
				'invalid_parameter',
				`Invalid ownership '${ownership}'.`,
				'ownership',
			);
		}
		const group = queryString(req.query, 'group_id');
		const items = state.looks.filter(
			(l) =>
				(!avatarType || l.avatar_type === avatarType) &&
				(!ownership || l.ownership === ownership) &&
				(!group || l.group_id === group),
		);
		const page = paginate(
			items,
			req.query,
			50,
			20,
			`looks:${avatarType ?? ''}:${ownership ?? ''}:${group ?? ''}`,
		);
		if (!page.ok) return page.reply;
		return {
			body: {
				data: page.page.map(({ ownership: own, ...look }) => ({
					...look,
					status: own === 'private' ? 'completed' : null,
				})),
				has_more: page.has_more,
				next_token: page.next_token,
			},
		};
	});

	server.route('GET', 'heygen', '/v3/voices', (req) => {
		const denied = checkAuth(state, req, 'voice-read');
		if (denied) return denied;
		const bad = checkQuery(req.query, ['type', 'engine', 'language', 'gender', 'limit', 'token']);
		if (bad) return bad;
		const type = queryString(req.query, 'type');
		if (type && !['public', 'private'].includes(type))
			return heyGenError(400, 'invalid_parameter', `Invalid type '${type}'.`, 'type');
		const engine = queryString(req.query, 'engine');
		const language = queryString(req.query, 'language')?.toLowerCase();
		const gender = queryString(req.query, 'gender')?.toLowerCase();
		const items = state.voices.filter(
			(v) =>
				(!type || v.type === type) &&
				(!engine || v.engine === engine) &&
				(!language || v.language.toLowerCase() === language) &&
				(!gender || v.gender === gender),
		);
		const page = paginate(
			items,
			req.query,
			100,
			20,
			`voices:${type ?? ''}:${engine ?? ''}:${language ?? ''}:${gender ?? ''}`,
		);
		if (!page.ok) return page.reply;
		return {
			body: {
				data: page.page.map((v) =>
					Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'engine')),
				),
				has_more: page.has_more,
				next_token: page.next_token,
			},
		};
	});

	// ------------------------------------------------------------ templates
	server.route('GET', 'heygen', '/v3/templates', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const bad = checkQuery(req.query, ['limit', 'token']);
		if (bad) return bad;
		const page = paginate(state.templates, req.query, 100, 10, 'templates');
		if (!page.ok) return page.reply;
		return {
			body: {
				data: page.page.map((t) => ({
					id: t.id,
					name: t.name,
					aspect_ratio: t.aspect_ratio,
					created_at: t.created_at,
					updated_at: t.updated_at,
					thumbnail_url: `https://static.heygen.example/templates/${t.id}.jpg`,
				})),
				has_more: page.has_more,
				next_token: page.next_token,
			},
		};
	});

	server.route('GET', 'heygen', '/v3/templates/{template_id}', (req) => {
		const denied = checkAuth(state, req);
		if (denied) return denied;
		const t = state.templates.find((x) => x.id === req.params.template_id);
		if (!t) return heyGenError(404, 'resource_not_found', 'Template not found.', 'template_id');
		return {
			body: {
				data: {
					id: t.id,
					name: t.name,
					aspect_ratio: t.aspect_ratio,
					created_at: t.created_at,
					updated_at: t.updated_at,
					thumbnail_url: `https://static.heygen.example/templates/${t.id}.jpg`,
					variables: t.variables,
					scenes: t.scenes,
					scene_ids: t.scenes.map((s) => s.scene_id),
				},
			},
		};
	});

	server.route('POST', 'heygen', '/v3/templates/{template_id}', async (req, res) => {
		const denied = checkAuth(state, req, 'video-write');
		if (denied) return denied;
		const json = parseJson(req);
		if (!json.ok) return json.reply;
		const invalid = validateBody('TemplateGenerate', json.value);
		if (invalid) return invalid;
		const t = state.templates.find((x) => x.id === req.params.template_id);
		if (!t) return heyGenError(404, 'resource_not_found', 'Template not found.', 'template_id');
		const body = json.value as Record<string, unknown>;
		for (const [name, value] of Object.entries(body.variables as Record<string, unknown>)) {
			if (!t.variables[name])
				return heyGenError(
					400,
					'invalid_parameter',
					`Unknown template variable '${name}'.`,
					`variables.${name}`,
				);
			const v = value as { type?: unknown; properties?: unknown };
			if (
				!v ||
				typeof v !== 'object' ||
				typeof v.properties !== 'object' ||
				v.properties === null
			) {
				return heyGenError(
					400,
					'invalid_parameter',
					`Variable '${name}' must be {name, type, properties}.`,
					`variables.${name}`,
				);
			}
			if (v.type !== undefined && v.type !== t.variables[name].type) {
				return heyGenError(
					400,
					'invalid_parameter',
					`Variable '${name}' has type ${t.variables[name].type}.`,
					`variables.${name}.type`,
				);
			}
		}
		const sceneIds = body.scene_ids as string[] | null | undefined;
		for (const id of sceneIds ?? []) {
			if (!t.scenes.some((s) => s.scene_id === id))
				return heyGenError(400, 'invalid_parameter', `Unknown scene '${id}'.`, 'scene_ids');
		}
		if (body.fps !== undefined && ![25, 30, 60].includes(body.fps as number)) {
			return heyGenError(400, 'invalid_parameter', 'fps must be 25, 30 or 60.', 'fps');
		}
		if (typeof body.callback_url === 'string' && !/^https?:\/\//.test(body.callback_url)) {
			return heyGenError(
				400,
				'invalid_parameter',
				'callback_url must be an http(s) URL.',
				'callback_url',
			);
		}
		const { key } = idempotencyKeyOf(req);
		return await idempotent(req, res, { template: t.id, body }, () => {
			const video = newVideo('template', body, key, {
				aspectRatio: t.aspect_ratio,
				captionStyle: !!body.caption || !!body.subtitles,
			});
			return { body: { data: videoResource(video) } };
		});
	});

	return state;
}

/** Streams `head` followed by zeros up to `size` bytes, honouring backpressure (nothing buffered). */
function streamPadded(
	res: http.ServerResponse,
	headOnly: boolean,
	head: Buffer,
	size: number,
	contentType: string,
): void {
	res.writeHead(200, {
		'content-type': contentType,
		'content-length': size,
		'accept-ranges': 'none',
	});
	if (headOnly) {
		res.end();
		return;
	}
	const zeros = Buffer.alloc(256 * 1024);
	let sent = 0;
	const pump = () => {
		while (sent < size) {
			const chunk =
				sent < head.length
					? head.subarray(sent, Math.min(head.length, size))
					: zeros.subarray(0, Math.min(zeros.length, size - sent));
			sent += chunk.length;
			if (!res.write(chunk)) {
				res.once('drain', pump);
				return;
			}
		}
		res.end();
	};
	res.on('error', () => undefined);
	pump();
}

function subtitleFor(v: SandboxVideo): string {
	return `1\n00:00:00,000 --> 00:00:01,000\n${v.script ?? 'Audio'}\n`;
}

interface ParsedPart {
	field: string;
	filename: string;
	mimeType: string;
	data: Buffer;
}

async function parseMultipart(
	req: SandboxRequest,
): Promise<
	| { files: ParsedPart[]; fields: Record<string, string>; truncated: boolean }
	| { reply: SandboxReply }
> {
	return await new Promise((resolve) => {
		let bb: busboy.Busboy;
		try {
			bb = busboy({
				headers: req.headers,
				limits: { fileSize: SIMPLE_UPLOAD_LIMIT, files: 5, fields: 20 },
			});
		} catch (error) {
			resolve({
				reply: heyGenError(
					400,
					'invalid_parameter',
					`Malformed multipart body: ${(error as Error).message}`,
					'file',
				),
			});
			return;
		}
		const files: ParsedPart[] = [];
		const fields: Record<string, string> = {};
		let truncated = false;
		bb.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('limit', () => (truncated = true));
			stream.on('close', () =>
				files.push({
					field,
					filename: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		bb.on('field', (name, value) => (fields[name] = value));
		bb.on('error', (error) =>
			resolve({
				reply: heyGenError(
					400,
					'invalid_parameter',
					`Malformed multipart body: ${(error as Error).message}`,
					'file',
				),
			}),
		);
		bb.on('close', () => resolve({ files, fields, truncated }));
		bb.end(req.body);
	});
}

/** The checks HeyGen applies to POST /v3/videos beyond the JSON schema. */
async function checkVideoSemantics(
	state: HeyGenState,
	body: Record<string, unknown>,
): Promise<SandboxReply | undefined> {
	const type = body.type as string;
	if (type !== 'avatar' && type !== 'image') {
		return heyGenError(
			400,
			'invalid_parameter',
			`type '${type}' is not supported by the sandbox.`,
			'type',
		);
	}
	const present = (k: string) => body[k] !== undefined && body[k] !== null;
	const sources = ['script', 'audio_url', 'audio_asset_id'].filter(present);
	if (sources.length > 1) {
		return heyGenError(
			400,
			'invalid_parameter',
			'script, audio_url and audio_asset_id are mutually exclusive.',
			sources[1],
		);
	}
	if (sources.length === 0)
		return heyGenError(
			400,
			'invalid_parameter',
			'Provide one of script, audio_url or audio_asset_id.',
			'script',
		);
	if (present('script') && String(body.script).trim() === '')
		return heyGenError(400, 'invalid_parameter', 'script is empty.', 'script');
	if (present('script') && String(body.script).length > 5000) {
		return heyGenError(400, 'invalid_parameter', 'script exceeds 5000 characters.', 'script');
	}

	let look: LookRecord | undefined;
	if (type === 'avatar') {
		look = state.looks.find((l) => l.id === body.avatar_id);
		if (!look)
			return heyGenError(
				404,
				'avatar_not_found',
				`Avatar look '${String(body.avatar_id)}' not found.`,
				'avatar_id',
			);
	}
	if (present('script') && type === 'image' && !present('voice_id')) {
		return heyGenError(
			400,
			'invalid_parameter',
			'voice_id is required with script for image videos.',
			'voice_id',
		);
	}
	let voice: VoiceRecord | undefined;
	if (present('voice_id')) {
		voice = state.voices.find((v) => v.voice_id === body.voice_id);
		if (!voice)
			return heyGenError(
				404,
				'voice_not_found',
				`Voice '${String(body.voice_id)}' not found.`,
				'voice_id',
			);
	}
	const settings = body.voice_settings as Record<string, unknown> | null | undefined;
	if (settings) {
		const range = (k: string, lo: number, hi: number) =>
			settings[k] !== undefined && ((settings[k] as number) < lo || (settings[k] as number) > hi)
				? heyGenError(
						400,
						'invalid_parameter',
						`voice_settings.${k} must be between ${lo} and ${hi}.`,
						`voice_settings.${k}`,
					)
				: undefined;
		const bad = range('speed', 0.5, 1.5) ?? range('pitch', -50, 50) ?? range('volume', 0, 1);
		if (bad) return bad;
		const engine = settings.engine_settings as { engine_type?: string } | null | undefined;
		if (engine && !present('script')) {
			return heyGenError(
				400,
				'invalid_parameter',
				'voice_settings apply to script videos only.',
				'voice_settings',
			);
		}
		const effectiveVoice = voice ?? state.voices.find((v) => v.voice_id === look?.default_voice_id);
		if (engine && effectiveVoice && engine.engine_type !== effectiveVoice.engine) {
			return heyGenError(
				400,
				'invalid_parameter',
				`The voice is not compatible with engine_type '${engine.engine_type}'.`,
				'voice_settings.engine_settings.engine_type',
			);
		}
	}
	if (present('audio_asset_id')) {
		const a = state.assets.get(body.audio_asset_id as string);
		if (!a || a.deleted)
			return heyGenError(404, 'resource_not_found', 'Audio asset not found.', 'audio_asset_id');
		if (a.kind !== 'audio')
			return heyGenError(
				400,
				'invalid_parameter',
				`Asset is ${a.mimeType}, not audio.`,
				'audio_asset_id',
			);
	}
	if (type === 'image') {
		const image = body.image as {
			type: string;
			asset_id?: string;
			url?: string;
			media_type?: string;
		};
		if (image.type === 'asset_id') {
			const a = state.assets.get(image.asset_id!);
			if (!a || a.deleted)
				return heyGenError(404, 'resource_not_found', 'Image asset not found.', 'image.asset_id');
			if (a.kind !== 'image')
				return heyGenError(
					400,
					'invalid_parameter',
					`Asset is ${a.mimeType}, not an image.`,
					'image.asset_id',
				);
		} else if (image.type === 'url') {
			const failed = await checkDownload(image.url, 'image', 'image.url');
			if (failed) return failed;
		} else if (image.type === 'base64' && !/^image\/(png|jpeg)$/.test(image.media_type ?? '')) {
			return heyGenError(
				400,
				'invalid_parameter',
				'image.media_type must be image/png or image/jpeg.',
				'image.media_type',
			);
		}
	}
	const engine = body.engine as { type: string } | null | undefined;
	if (engine && look && !look.supported_api_engines.includes(engine.type)) {
		return heyGenError(
			400,
			'invalid_parameter',
			`Avatar look does not support engine '${engine.type}' (supported: ${look.supported_api_engines.join(', ')}).`,
			'engine.type',
		);
	}
	const isPhoto = type === 'image' || look?.avatar_type === 'photo_avatar';
	if (
		present('expressiveness') &&
		(!isPhoto || engine?.type === 'avatar_v' || engine?.type === 'avatar_iii')
	) {
		return heyGenError(
			400,
			'invalid_parameter',
			'expressiveness is supported for photo avatars on Avatar IV only.',
			'expressiveness',
		);
	}
	if (
		present('motion_prompt') &&
		(engine?.type === 'avatar_iii' || (!isPhoto && engine?.type !== 'avatar_v'))
	) {
		return heyGenError(
			400,
			'invalid_parameter',
			'motion_prompt is supported for photo avatars, and for video avatars on Avatar V.',
			'motion_prompt',
		);
	}
	const background = body.background as
		| { type: string; value?: string | null; url?: string | null; asset_id?: string | null }
		| null
		| undefined;
	if (background) {
		if (body.output_format === 'webm') {
			return heyGenError(
				400,
				'invalid_parameter',
				'background cannot be combined with output_format webm.',
				'background',
			);
		}
		if (background.type === 'color' && !hexColor(background.value)) {
			return heyGenError(
				400,
				'invalid_parameter',
				'background.value must be a hex color like #ff0000.',
				'background.value',
			);
		}
		if (background.type === 'image') {
			if (!!background.url === !!background.asset_id) {
				return heyGenError(
					400,
					'invalid_parameter',
					'Provide exactly one of background.url or background.asset_id.',
					'background',
				);
			}
			if (background.asset_id) {
				const a = state.assets.get(background.asset_id);
				if (!a || a.deleted || a.kind !== 'image')
					return heyGenError(
						404,
						'resource_not_found',
						'Background image asset not found.',
						'background.asset_id',
					);
			} else {
				const failed = await checkDownload(background.url, 'image', 'background.url');
				if (failed) return failed;
			}
		}
	}
	if (present('callback_url') && !/^https?:\/\//.test(String(body.callback_url))) {
		return heyGenError(
			400,
			'invalid_parameter',
			'callback_url must be an http(s) URL.',
			'callback_url',
		);
	}
	if (present('audio_url')) {
		const failed = await checkDownload(body.audio_url, 'audio', 'audio_url');
		if (failed) return failed;
	}
	return undefined;
}
