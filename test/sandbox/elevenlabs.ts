/**
 * ElevenLabs API sandbox (mounted under /elevenlabs). Contract: test/fixtures/contracts OpenAPI + SDK.
 * OWNER: ElevenLabs vertical.
 *
 * Implements, faithfully to the contract and the documented behaviour (sources:
 * test/fixtures/contracts/README.md and ElevenLabs' API reference):
 * - POST /v1/text-to-speech/{voice_id} (+ /stream, /with-timestamps): body and query validated
 *   against the OpenAPI (422 FastAPI shape when invalid), per-model character limit
 *   (400 max_character_limit_exceeded), voice_not_found, credit quota (401 quota_exceeded, legacy
 *   shape), request stitching rules (≤3 known ids of this key, not for eleven_v3, not with
 *   enable_logging=false), `request-id` / `character-cost` / `content-type` headers, real audio whose
 *   duration is proportional to the text, and a concurrency limit (429 concurrent_limit_exceeded);
 * - GET /v2/voices (page_size ≤ 100, next_page_token, has_more, search / category / voice_type
 *   filters; page 0 also carries the default voices), GET /v1/voices/{voice_id};
 * - GET /v1/models (with maximum_text_length_per_request), GET /v1/user/subscription;
 * - auth, key scopes (permissions) and residency regions via checkAuth.
 */
import { randomBytes } from 'node:crypto';

import { validateElevenLabsBody, validateElevenLabsQuery } from './contracts';
import { audioFor, mp3Duration } from './media';
import type { Query, SandboxServer, SandboxRequest, SandboxReply } from './server';
import { queryString } from './server';

export interface ElevenLabsKey {
	/** Permissions of a scoped key; undefined = unrestricted. */
	permissions?: string[];
	/** Residency region the key belongs to ('default', 'us', 'eu', 'in', 'sg'). */
	region?: string;
}

export interface SandboxVoice {
	voice_id: string;
	name: string;
	category: 'generated' | 'cloned' | 'premade' | 'professional';
	labels: Record<string, string>;
	description: string | null;
	preview_url: string | null;
	available_for_tiers: string[];
	settings: {
		stability: number;
		similarity_boost: number;
		style: number;
		use_speaker_boost: boolean;
		speed: number;
	} | null;
	high_quality_base_model_ids: string[];
	is_owner: boolean;
	is_legacy: boolean;
	is_mixed: boolean;
	created_at_unix: number | null;
	samples: null;
	fine_tuning: null;
	sharing: null;
	verified_languages: null;
	safety_control: null;
	voice_verification: null;
	permission_on_resource: string | null;
}

export interface SandboxModel {
	model_id: string;
	name: string;
	can_be_finetuned: boolean;
	can_do_text_to_speech: boolean;
	can_do_voice_conversion: boolean;
	can_use_style: boolean;
	can_use_speaker_boost: boolean;
	serves_pro_voices: boolean;
	token_cost_factor: number;
	description: string;
	requires_alpha_access: boolean;
	max_characters_request_free_user: number;
	max_characters_request_subscribed_user: number;
	maximum_text_length_per_request: number;
	languages: Array<{ language_id: string; name: string }>;
	model_rates: { character_cost_multiplier: number };
	concurrency_group: 'standard' | 'turbo';
}

/** One successful text-to-speech generation, by request id. */
export interface Generation {
	requestId: string;
	apiKey: string;
	voiceId: string;
	modelId: string;
	text: string;
	outputFormat: string;
	withTimestamps: boolean;
	body: Record<string, unknown>;
	query: Query;
	previousRequestIds: string[];
	nextRequestIds: string[];
	characterCost: number;
	seconds: number;
	bytes: number;
	time: number;
}

/** The default (premade) voices every account sees. */
export const DEFAULT_VOICES: Array<[string, string, string]> = [
	['21m00Tcm4TlvDq8ikWAM', 'Rachel', 'female'],
	['29vD33N1CtxCmqQRPOHJ', 'Drew', 'male'],
	['2EiwWnXFnvU5JabPnv8n', 'Clyde', 'male'],
	['AZnzlk1XvdvUeBnXmlld', 'Domi', 'female'],
	['EXAVITQu4vr4xnSDxMaL', 'Sarah', 'female'],
	['ErXwobaYiN019PkySvjV', 'Antoni', 'male'],
	['JBFqnCBsd6RMkjVDRZzb', 'George', 'male'],
	['pNInz6obpgDQGcFmaJgB', 'Adam', 'male'],
];

const LANGS = [
	{ language_id: 'en', name: 'English' },
	{ language_id: 'de', name: 'German' },
	{ language_id: 'fr', name: 'French' },
	{ language_id: 'es', name: 'Spanish' },
];

function model(
	model_id: string,
	name: string,
	limit: number,
	opts: Partial<SandboxModel> = {},
): SandboxModel {
	return {
		model_id,
		name,
		can_be_finetuned: true,
		can_do_text_to_speech: true,
		can_do_voice_conversion: false,
		can_use_style: true,
		can_use_speaker_boost: true,
		serves_pro_voices: false,
		token_cost_factor: 1,
		description: `${name} (sandbox)`,
		requires_alpha_access: false,
		max_characters_request_free_user: 2500,
		max_characters_request_subscribed_user: 5000,
		maximum_text_length_per_request: limit,
		languages: LANGS,
		model_rates: { character_cost_multiplier: 1 },
		concurrency_group: 'standard',
		...opts,
	};
}

export function defaultModels(): SandboxModel[] {
	const half = {
		model_rates: { character_cost_multiplier: 0.5 },
		concurrency_group: 'turbo' as const,
	};
	return [
		model('eleven_multilingual_v2', 'Eleven Multilingual v2', 10_000),
		model('eleven_flash_v2_5', 'Eleven Flash v2.5', 40_000, half),
		model('eleven_turbo_v2_5', 'Eleven Turbo v2.5', 40_000, half),
		model('eleven_flash_v2', 'Eleven Flash v2', 30_000, half),
		model('eleven_turbo_v2', 'Eleven Turbo v2', 30_000, half),
		model('eleven_v3', 'Eleven v3 (alpha)', 3_000),
		model('eleven_monolingual_v1', 'Eleven English v1', 10_000),
		model('eleven_multilingual_sts_v2', 'Eleven Multilingual v2 (speech to speech)', 10_000, {
			can_do_text_to_speech: false,
			can_do_voice_conversion: true,
		}),
	];
}

/** Deterministic 20-character voice ids for the generated personal voices. */
function voiceIdFor(n: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let x = (n + 1) * 2654435761;
	let id = 'sbx';
	for (let k = 0; k < 17; k++) {
		id += alphabet[x % alphabet.length];
		x = Math.floor(x / alphabet.length) + (n + 7) * (k + 3) * 7919;
	}
	return id;
}

function voice(
	voice_id: string,
	name: string,
	category: SandboxVoice['category'],
	labels: Record<string, string>,
	created: number,
): SandboxVoice {
	return {
		voice_id,
		name,
		category,
		labels,
		description: `${name}, a ${labels.accent ?? 'neutral'} ${labels.gender ?? ''} voice`.replace(
			/\s+/g,
			' ',
		),
		preview_url: `https://storage.example.invalid/voices/${voice_id}/preview.mp3`,
		available_for_tiers: [],
		settings: {
			stability: 0.5,
			similarity_boost: 0.75,
			style: 0,
			use_speaker_boost: true,
			speed: 1,
		},
		high_quality_base_model_ids: ['eleven_multilingual_v2', 'eleven_flash_v2_5'],
		is_owner: category !== 'premade',
		is_legacy: false,
		is_mixed: false,
		created_at_unix: created,
		samples: null,
		fine_tuning: null,
		sharing: null,
		verified_languages: null,
		safety_control: null,
		voice_verification: null,
		permission_on_resource: category === 'premade' ? null : 'admin',
	};
}

export function defaultVoices(personalCount = 260): SandboxVoice[] {
	const premade = DEFAULT_VOICES.map(([id, name, gender], k) =>
		voice(
			id,
			name,
			'premade',
			{ gender, accent: 'american', age: 'young', use_case: 'narration' },
			1_600_000_000 + k,
		),
	);
	const categories: SandboxVoice['category'][] = ['cloned', 'generated', 'professional'];
	const accents = ['british', 'american', 'australian', 'german'];
	const personal = Array.from({ length: personalCount }, (_, n) =>
		voice(
			voiceIdFor(n),
			`Narrator ${String(n + 1).padStart(3, '0')}`,
			categories[n % categories.length],
			{
				gender: n % 2 ? 'male' : 'female',
				accent: accents[n % accents.length],
				age: 'middle_aged',
				use_case: 'audiobook',
			},
			1_700_000_000 + n,
		),
	);
	return [...premade, ...personal];
}

export class ElevenLabsState {
	keys = new Map<string, ElevenLabsKey>();
	/** The region this sandbox instance impersonates (a key of another region is rejected). */
	region = 'default';
	voices: SandboxVoice[] = defaultVoices();
	models: SandboxModel[] = defaultModels();
	/** Audio seconds generated per text character (so durations add up across chunks). */
	secondsPerCharacter = 0.05;
	/** Credits left on the account; undefined = unlimited. Charged per billed character. */
	remainingCredits: number | undefined = undefined;
	/** Plan quota reported in quota_exceeded messages. */
	creditQuota = 10_000;
	/** Concurrent text-to-speech requests allowed per account; undefined = unlimited. */
	maxConcurrent: number | undefined = undefined;
	/** Extra time a text-to-speech request stays in flight (to observe concurrency). */
	ttsLatencyMs = 0;
	inFlight = 0;
	/** Highest number of text-to-speech requests in flight at once. */
	maxInFlight = 0;
	/** Successful generations by request id (for stitching checks and test assertions). */
	generations = new Map<string, Generation>();
	/** Successful generations in completion order. */
	generationLog: Generation[] = [];

	/** Resets mutable counters and data between tests (keys and region stay). */
	reset(): void {
		this.voices = defaultVoices();
		this.models = defaultModels();
		this.secondsPerCharacter = 0.05;
		this.remainingCredits = undefined;
		this.creditQuota = 10_000;
		this.maxConcurrent = undefined;
		this.ttsLatencyMs = 0;
		this.inFlight = 0;
		this.maxInFlight = 0;
		this.generations.clear();
		this.generationLog = [];
	}
}

export function elevenLabsError(status: number, code: string, message: string): SandboxReply {
	return { status, body: { detail: { status: code, message } } };
}

/** The current documented error shape: `{"detail":{"type","code","message","status","request_id","param"}}`. */
export function elevenLabsErrorV2(
	status: number,
	type: string,
	code: string,
	message: string,
	param?: string,
): SandboxReply {
	return {
		status,
		body: {
			detail: {
				type,
				code,
				message,
				status: code,
				request_id: newRequestId(),
				...(param ? { param } : {}),
			},
		},
	};
}

/** FastAPI 422: `{"detail":[{"loc":[…],"msg","type"}]}`. */
export function validationError(
	entries: Array<{ loc: Array<string | number>; msg: string; type: string }>,
): SandboxReply {
	return { status: 422, body: { detail: entries } };
}

function newRequestId(): string {
	return randomBytes(15).toString('base64').replace(/[+/=]/g, '').slice(0, 20);
}

/** Returns an error reply when the request's key is missing, unknown, from another region, or lacks `permission`. */
export function checkAuth(
	state: ElevenLabsState,
	req: SandboxRequest,
	permission?: string,
): SandboxReply | undefined {
	const key = req.headers['xi-api-key'];
	if (!key || Array.isArray(key))
		return elevenLabsError(
			401,
			'needs_authorization',
			'Neither authorization header nor xi-api-key received, please provide one.',
		);
	const entry = state.keys.get(key);
	if (!entry || (entry.region ?? 'default') !== state.region)
		return elevenLabsError(401, 'invalid_api_key', 'Invalid API key');
	if (permission && entry.permissions && !entry.permissions.includes(permission)) {
		return elevenLabsError(
			401,
			'missing_permissions',
			`The API key you used is missing the permission ${permission} to execute this operation.`,
		);
	}
	return undefined;
}

/** Validates the query against the contract; a 422 in FastAPI's shape when invalid. */
function checkQuery(method: string, template: string, query: Query): SandboxReply | undefined {
	const result = validateElevenLabsQuery(method, template, query);
	if (result.valid) return undefined;
	return validationError(
		result.errors.map((e) => {
			const name = /'([^']+)'/.exec(e)?.[1] ?? 'query';
			return { loc: ['query', name], msg: e, type: 'value_error' };
		}),
	);
}

/** Parses and validates a JSON body against the contract; a 422 in FastAPI's shape when invalid. */
function checkBody(
	method: string,
	template: string,
	req: SandboxRequest,
): { body?: Record<string, unknown>; error?: SandboxReply } {
	let body: unknown;
	try {
		body = JSON.parse(req.body.toString('utf8') || 'null');
	} catch (error) {
		return {
			error: validationError([
				{
					loc: ['body', 0],
					msg: `JSON decode error: ${(error as Error).message}`,
					type: 'json_invalid',
				},
			]),
		};
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { error: validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]) };
	}
	const result = validateElevenLabsBody(method, template, body);
	if (!result.valid) {
		return {
			error: validationError(
				result.errors.map((e) => {
					const [pointer, ...rest] = e.split(' ');
					const loc: Array<string | number> =
						pointer === '(root)' ? [] : pointer.split('/').filter(Boolean);
					const missing = /must have required property '([^']+)'/.exec(e)?.[1];
					if (missing)
						return { loc: ['body', ...loc, missing], msg: 'Field required', type: 'missing' };
					return { loc: ['body', ...loc], msg: rest.join(' '), type: 'value_error' };
				}),
			),
		};
	}
	return { body: body as Record<string, unknown> };
}

function codePoints(text: string): number {
	return Array.from(text).length;
}

function audioSeconds(format: string, body: Buffer, fallback: number): number {
	const [codec, rate] = format.split('_');
	switch (codec) {
		case 'mp3':
			return mp3Duration(body);
		case 'pcm':
			return body.length / 2 / Number(rate);
		case 'wav':
			return (body.length - 44) / 2 / Number(rate);
		case 'ulaw':
		case 'alaw':
			return body.length / 8000;
		default:
			return fallback;
	}
}

/** Even per-character timings over the audio's duration, like the API's alignment arrays. */
function alignmentFor(text: string, seconds: number) {
	const characters = Array.from(text);
	const step = characters.length ? seconds / characters.length : 0;
	const round = (x: number) => Math.round(x * 1000) / 1000;
	return {
		characters,
		character_start_times_seconds: characters.map((_, k) => round(k * step)),
		character_end_times_seconds: characters.map((_, k) => round((k + 1) * step)),
	};
}

export function installElevenLabs(server: SandboxServer): ElevenLabsState {
	const state = new ElevenLabsState();

	server.route('GET', 'elevenlabs', '/v1/user/subscription', (req) => {
		const denied = checkAuth(state, req, 'user_read');
		if (denied) return denied;
		return {
			body: {
				tier: 'creator',
				character_count: 1200,
				character_limit: 100000,
				max_character_limit_extension: 10000,
				max_credit_limit_extension: 10000,
				can_extend_character_limit: true,
				allowed_to_extend_character_limit: true,
				next_character_count_reset_unix: 1767225600,
				voice_slots_used: 3,
				professional_voice_slots_used: 0,
				professional_voice_slots_used_in_workspace: 0,
				voice_limit: 30,
				voice_add_edit_counter: 0,
				professional_voice_limit: 1,
				can_extend_voice_limit: false,
				can_use_instant_voice_cloning: true,
				can_use_professional_voice_cloning: true,
				currency: 'usd',
				current_overage: { amount: '0.00', currency: 'usd' },
				status: 'active',
				billing_period: 'monthly_period',
				character_refresh_period: 'monthly_period',
				open_invoices: [],
				has_open_invoices: false,
			},
		};
	});

	// ------------------------------------------------------------------ voices
	server.route('GET', 'elevenlabs', '/v2/voices', (req) => {
		const denied = checkAuth(state, req, 'voices_read');
		if (denied) return denied;
		const invalid = checkQuery('GET', '/v2/voices', req.query);
		if (invalid) return invalid;
		const pageSize = Number(queryString(req.query, 'page_size') ?? 10);
		if (pageSize > 100 || pageSize < 1) {
			return validationError([
				{
					loc: ['query', 'page_size'],
					msg:
						pageSize > 100
							? 'Input should be less than or equal to 100'
							: 'Input should be greater than 0',
					type: pageSize > 100 ? 'less_than_equal' : 'greater_than',
				},
			]);
		}
		const search = (queryString(req.query, 'search') ?? '').toLowerCase().trim();
		const category = queryString(req.query, 'category');
		const voiceType = queryString(req.query, 'voice_type');
		if (category && !['premade', 'cloned', 'generated', 'professional'].includes(category)) {
			return elevenLabsErrorV2(
				400,
				'validation_error',
				'invalid_parameters',
				`Invalid category '${category}'.`,
				'category',
			);
		}
		const voiceTypes = [
			'personal',
			'community',
			'default',
			'workspace',
			'non-default',
			'non-community',
			'saved',
		];
		if (voiceType && !voiceTypes.includes(voiceType)) {
			return elevenLabsErrorV2(
				400,
				'validation_error',
				'invalid_parameters',
				`Invalid voice_type '${voiceType}'.`,
				'voice_type',
			);
		}
		const matches = state.voices.filter((v) => {
			if (category && v.category !== category) return false;
			if (voiceType === 'default' && v.category !== 'premade') return false;
			if (voiceType === 'community') return false;
			if (
				voiceType &&
				!['default', 'non-community'].includes(voiceType) &&
				v.category === 'premade'
			)
				return false;
			if (search) {
				const hay = [v.name, v.description ?? '', v.category, ...Object.values(v.labels)]
					.join(' ')
					.toLowerCase();
				if (!hay.includes(search)) return false;
			}
			return true;
		});
		const defaults = matches.filter((v) => v.category === 'premade');
		const own = matches.filter((v) => v.category !== 'premade');
		const token = queryString(req.query, 'next_page_token');
		let offset = 0;
		if (token) {
			const decoded = /^p(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
			if (!decoded)
				return elevenLabsErrorV2(
					400,
					'validation_error',
					'invalid_parameters',
					'Invalid next_page_token.',
					'next_page_token',
				);
			offset = Number(decoded[1]);
		}
		// Page 0 also carries the (matching) default voices, so it may hold more than page_size.
		const page = [...(offset === 0 ? defaults : []), ...own.slice(offset, offset + pageSize)];
		const hasMore = offset + pageSize < own.length;
		return {
			body: {
				voices: page,
				has_more: hasMore,
				total_count: matches.length,
				next_page_token: hasMore
					? Buffer.from(`p${offset + pageSize}`).toString('base64url')
					: null,
			},
		};
	});

	server.route('GET', 'elevenlabs', '/v1/voices/{voice_id}', (req) => {
		const denied = checkAuth(state, req, 'voices_read');
		if (denied) return denied;
		const invalid = checkQuery('GET', '/v1/voices/{voice_id}', req.query);
		if (invalid) return invalid;
		const found = state.voices.find((v) => v.voice_id === req.params.voice_id);
		if (!found)
			return elevenLabsError(
				404,
				'voice_not_found',
				`A voice with the voice_id ${req.params.voice_id} was not found.`,
			);
		return { body: found };
	});

	// ------------------------------------------------------------------ models
	server.route('GET', 'elevenlabs', '/v1/models', (req) => {
		const denied = checkAuth(state, req, 'models_read');
		if (denied) return denied;
		return { body: state.models };
	});

	// ------------------------------------------------------------------ text to speech
	const tts =
		(template: string, withTimestamps: boolean) =>
		async (req: SandboxRequest): Promise<SandboxReply> => {
			const denied = checkAuth(state, req, 'text_to_speech');
			if (denied) return denied;
			const invalidQuery = checkQuery('POST', template, req.query);
			if (invalidQuery) return invalidQuery;
			const { body, error } = checkBody('POST', template, req);
			if (error) return error;
			const apiKey = String(req.headers['xi-api-key']);
			const voiceId = req.params.voice_id;
			const text = String(body!.text);
			const modelId = (body!.model_id as string | undefined) ?? 'eleven_multilingual_v2';
			const outputFormat = queryString(req.query, 'output_format') ?? 'mp3_44100_128';
			const enableLogging = queryString(req.query, 'enable_logging') !== 'false';
			const prev = (body!.previous_request_ids as string[] | null | undefined) ?? [];
			const next = (body!.next_request_ids as string[] | null | undefined) ?? [];

			if (!text.trim()) {
				return elevenLabsErrorV2(
					400,
					'validation_error',
					'invalid_parameters',
					'The text must not be empty.',
					'text',
				);
			}
			const m = state.models.find((x) => x.model_id === modelId);
			if (!m || !m.can_do_text_to_speech) {
				return elevenLabsErrorV2(
					400,
					'validation_error',
					'model_not_found',
					`A model with model ID ${modelId} does not exist or does not support text to speech.`,
					'model_id',
				);
			}
			if (!state.voices.some((v) => v.voice_id === voiceId)) {
				return elevenLabsError(
					400,
					'voice_not_found',
					`A voice with the voice_id ${voiceId} was not found.`,
				);
			}
			const length = codePoints(text);
			if (length > m.maximum_text_length_per_request) {
				return elevenLabsError(
					400,
					'max_character_limit_exceeded',
					`This request's text has ${length} characters and exceeds the character limit of ${m.maximum_text_length_per_request} characters.`,
				);
			}
			for (const [field, ids] of [
				['previous_request_ids', prev],
				['next_request_ids', next],
			] as const) {
				if (ids.length === 0) continue;
				if (ids.length > 3) {
					return elevenLabsErrorV2(
						400,
						'validation_error',
						'invalid_parameters',
						`${field} can contain at most 3 request ids.`,
						field,
					);
				}
				if (modelId.startsWith('eleven_v3')) {
					return elevenLabsErrorV2(
						400,
						'validation_error',
						'invalid_parameters',
						`Request stitching (${field}) is not supported for model ${modelId}.`,
						field,
					);
				}
				if (!enableLogging) {
					return elevenLabsErrorV2(
						400,
						'validation_error',
						'invalid_parameters',
						`Request stitching (${field}) is not available with enable_logging=false.`,
						field,
					);
				}
				const unknown = ids.find((id) => state.generations.get(id)?.apiKey !== apiKey);
				if (unknown) {
					return elevenLabsErrorV2(
						400,
						'validation_error',
						'invalid_parameters',
						`The request id ${unknown} in ${field} was not found.`,
						field,
					);
				}
			}
			const cost = Math.ceil(length * m.model_rates.character_cost_multiplier);
			if (state.remainingCredits !== undefined && state.remainingCredits < cost) {
				return elevenLabsError(
					401,
					'quota_exceeded',
					`This request exceeds your quota of ${state.creditQuota}. You have ${state.remainingCredits} credits remaining, while ${cost} credits are required for this request.`,
				);
			}

			// In flight from here: the concurrency limit counts requests being generated.
			if (state.maxConcurrent !== undefined && state.inFlight >= state.maxConcurrent) {
				return {
					...elevenLabsErrorV2(
						429,
						'rate_limit_error',
						'concurrent_limit_exceeded',
						`You have exceeded the maximum number of concurrent requests (${state.maxConcurrent}) for your subscription. Please upgrade or wait for requests to finish.`,
					),
					headers: {
						'current-concurrent-requests': state.inFlight,
						'maximum-concurrent-requests': state.maxConcurrent,
					},
				};
			}
			state.inFlight++;
			state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
			try {
				if (state.ttsLatencyMs > 0) await new Promise((r) => setTimeout(r, state.ttsLatencyMs));
				const target = Math.max(0.1, length * state.secondsPerCharacter);
				const audio = audioFor(outputFormat, target);
				const seconds = audioSeconds(outputFormat, audio.body, target);
				if (state.remainingCredits !== undefined) state.remainingCredits -= cost;
				const requestId = newRequestId();
				const generation: Generation = {
					requestId,
					apiKey,
					voiceId,
					modelId,
					text,
					outputFormat,
					withTimestamps,
					body: body!,
					query: req.query,
					previousRequestIds: prev,
					nextRequestIds: next,
					characterCost: cost,
					seconds,
					bytes: audio.body.length,
					time: Date.now(),
				};
				state.generations.set(requestId, generation);
				state.generationLog.push(generation);
				const headers = {
					'request-id': requestId,
					'character-cost': cost,
					'history-item-id': `hist_${requestId}`,
					'current-concurrent-requests': state.inFlight,
					'maximum-concurrent-requests': state.maxConcurrent ?? 5,
				};
				if (!withTimestamps) {
					return { headers: { ...headers, 'content-type': audio.contentType }, body: audio.body };
				}
				const alignment = alignmentFor(text, seconds);
				return {
					headers: { ...headers, 'content-type': 'application/json' },
					body: {
						audio_base64: audio.body.toString('base64'),
						alignment,
						normalized_alignment: alignment,
					},
				};
			} finally {
				state.inFlight--;
			}
		};

	server.route(
		'POST',
		'elevenlabs',
		'/v1/text-to-speech/{voice_id}',
		tts('/v1/text-to-speech/{voice_id}', false),
	);
	server.route(
		'POST',
		'elevenlabs',
		'/v1/text-to-speech/{voice_id}/stream',
		tts('/v1/text-to-speech/{voice_id}/stream', false),
	);
	server.route(
		'POST',
		'elevenlabs',
		'/v1/text-to-speech/{voice_id}/with-timestamps',
		tts('/v1/text-to-speech/{voice_id}/with-timestamps', true),
	);
	return state;
}
