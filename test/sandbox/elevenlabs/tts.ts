/**
 * Text to speech: POST /v1/text-to-speech/{voice_id}, …/stream (audio bytes) and
 * …/with-timestamps (JSON: audio_base64 plus per-character alignment). Query and body are checked
 * against the OpenAPI first (api.ts, 422 when invalid); then, in this order:
 *   - the text is not empty; the model exists and does text to speech; the voice exists
 *   - the text fits the model's maximum_text_length_per_request (400 max_character_limit_exceeded)
 *   - request stitching: at most 3 previous/next request ids, each a generation of this key, not
 *     for eleven_v3, not with enable_logging=false
 *   - enough credits (401 quota_exceeded, legacy error shape)
 *   - the concurrency limit (429 concurrent_limit_exceeded with the current/maximum headers)
 * The answer is real audio in the requested output_format whose duration is proportional to the
 * text, with `request-id`, `character-cost` and `history-item-id` headers. Every success is kept as
 * a Generation on the state.
 */
import type { Query, SandboxReply, SandboxRequest } from '../server';
import { queryString } from '../server';
import { audioFor, mp3Duration } from '../media';
import {
	elevenLabsError,
	elevenLabsErrorV2,
	invalidParameter,
	newRequestId,
	type ElevenLabsApi,
} from './api';
import type { ElevenLabsState, Generation } from './state';

/** What a text-to-speech request asks for, read from its path, query and validated body. */
interface TtsRequest {
	apiKey: string;
	voiceId: string;
	text: string;
	modelId: string;
	outputFormat: string;
	enableLogging: boolean;
	prev: string[];
	next: string[];
	body: Record<string, unknown>;
	query: Query;
}

function readRequest(req: SandboxRequest, body: Record<string, unknown>): TtsRequest {
	return {
		apiKey: String(req.headers['xi-api-key']),
		voiceId: req.params.voice_id,
		text: String(body.text),
		modelId: (body.model_id as string | undefined) ?? 'eleven_multilingual_v2',
		outputFormat: queryString(req.query, 'output_format') ?? 'mp3_44100_128',
		enableLogging: queryString(req.query, 'enable_logging') !== 'false',
		prev: (body.previous_request_ids as string[] | null | undefined) ?? [],
		next: (body.next_request_ids as string[] | null | undefined) ?? [],
		body,
		query: req.query,
	};
}

/** The refusal for a request the API would not generate, or its length and cost in credits. */
function refusal(
	state: ElevenLabsState,
	r: TtsRequest,
): { reply: SandboxReply } | { length: number; cost: number } {
	if (!r.text.trim()) return { reply: invalidParameter('The text must not be empty.', 'text') };
	const m = state.models.find((x) => x.model_id === r.modelId);
	if (!m || !m.can_do_text_to_speech) {
		return {
			reply: elevenLabsErrorV2(
				400,
				'validation_error',
				'model_not_found',
				`A model with model ID ${r.modelId} does not exist or does not support text to speech.`,
				'model_id',
			),
		};
	}
	if (!state.voices.some((v) => v.voice_id === r.voiceId)) {
		return {
			reply: elevenLabsError(
				400,
				'voice_not_found',
				`A voice with the voice_id ${r.voiceId} was not found.`,
			),
		};
	}
	const length = Array.from(r.text).length;
	if (length > m.maximum_text_length_per_request) {
		return {
			reply: elevenLabsError(
				400,
				'max_character_limit_exceeded',
				`This request's text has ${length} characters and exceeds the character limit of ${m.maximum_text_length_per_request} characters.`,
			),
		};
	}
	const stitching = stitchingRefusal(state, r);
	if (stitching) return { reply: stitching };
	const cost = Math.ceil(length * m.model_rates.character_cost_multiplier);
	if (state.remainingCredits !== undefined && state.remainingCredits < cost) {
		return {
			reply: elevenLabsError(
				401,
				'quota_exceeded',
				`This request exceeds your quota of ${state.creditQuota}. You have ${state.remainingCredits} credits remaining, while ${cost} credits are required for this request.`,
			),
		};
	}
	return { length, cost };
}

/** Request stitching rules for previous_request_ids and next_request_ids. */
function stitchingRefusal(state: ElevenLabsState, r: TtsRequest): SandboxReply | undefined {
	for (const [field, ids] of [
		['previous_request_ids', r.prev],
		['next_request_ids', r.next],
	] as const) {
		if (ids.length === 0) continue;
		if (ids.length > 3)
			return invalidParameter(`${field} can contain at most 3 request ids.`, field);
		if (r.modelId.startsWith('eleven_v3')) {
			return invalidParameter(
				`Request stitching (${field}) is not supported for model ${r.modelId}.`,
				field,
			);
		}
		if (!r.enableLogging) {
			return invalidParameter(
				`Request stitching (${field}) is not available with enable_logging=false.`,
				field,
			);
		}
		const unknown = ids.find((id) => state.generations.get(id)?.apiKey !== r.apiKey);
		if (unknown)
			return invalidParameter(`The request id ${unknown} in ${field} was not found.`, field);
	}
	return undefined;
}

/** Generates the audio (the request counts as in flight meanwhile) and records the generation. */
async function generate(
	state: ElevenLabsState,
	r: TtsRequest,
	length: number,
	cost: number,
	withTimestamps: boolean,
): Promise<SandboxReply> {
	state.inFlight++;
	state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
	try {
		if (state.ttsLatencyMs > 0) await new Promise((res) => setTimeout(res, state.ttsLatencyMs));
		const target = Math.max(0.1, length * state.secondsPerCharacter);
		const audio = audioFor(r.outputFormat, target);
		const seconds = audioSeconds(r.outputFormat, audio.body, target);
		if (state.remainingCredits !== undefined) state.remainingCredits -= cost;
		const requestId = newRequestId();
		const generation: Generation = {
			requestId,
			apiKey: r.apiKey,
			voiceId: r.voiceId,
			modelId: r.modelId,
			text: r.text,
			outputFormat: r.outputFormat,
			withTimestamps,
			body: r.body,
			query: r.query,
			previousRequestIds: r.prev,
			nextRequestIds: r.next,
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
		const alignment = alignmentFor(r.text, seconds);
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
}

export function installTextToSpeech({ route, state }: ElevenLabsApi): void {
	for (const [suffix, withTimestamps] of [
		['', false],
		['/stream', false],
		['/with-timestamps', true],
	] as const) {
		route(
			'POST',
			`/v1/text-to-speech/{voice_id}${suffix}`,
			{ permission: 'text_to_speech', query: true, body: true },
			async (req, body) => {
				const r = readRequest(req, body);
				const checked = refusal(state, r);
				if ('reply' in checked) return checked.reply;
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
				return await generate(state, r, checked.length, checked.cost, withTimestamps);
			},
		);
	}
}

/** The duration of generated audio, from its bytes. */
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
