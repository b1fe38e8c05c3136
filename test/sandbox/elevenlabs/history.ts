/**
 * Speech history: GET /v1/history, GET /v1/history/{history_item_id}, its /audio, and DELETE.
 * Reading needs `speech_history_read`, deleting `speech_history_write` (SDK PermissionType).
 *
 * The history is the sandbox's own text-to-speech generations (state.generationLog; each answer
 * carried `history-item-id: hist_<request-id>`), newest first, shaped like the OpenAPI's
 * SpeechHistoryItemResponseModel. Listing pages with page_size (≤ 1000, default 100) and
 * start_after_history_item_id, answering has_more and last_history_item_id
 * (GetSpeechHistoryResponseModel). Filters: voice_id, search and source (OpenAPI 2025-08), plus the
 * SDK 2.73's newer model_id, date_after_unix (inclusive), date_before_unix (exclusive) and
 * sort_direction; with `state.historyDateFilters` off the date filters are ignored, as an API
 * without them does. The audio is the generation's, audio/mpeg for MP3 formats (OpenAPI).
 * Unknown ids: 404 history_item_not_found, and 400 invalid_parameters for an unknown cursor (the
 * codes are not documented).
 */
import { audioFor } from '../media';
import type { Query } from '../server';
import { queryString } from '../server';
import {
	checkQuery,
	elevenLabsError,
	invalidParameter,
	validationError,
	type ElevenLabsApi,
} from './api';
import type { ElevenLabsState, Generation } from './state';

/** Query parameters of GET /v1/history that the SDK 2.73 sends and the 2025-08 OpenAPI lacks. */
const SDK_ONLY: Record<string, (v: string) => boolean> = {
	model_id: (v) => v.length > 0,
	date_after_unix: (v) => /^\d+$/.test(v),
	date_before_unix: (v) => /^\d+$/.test(v),
	sort_direction: (v) => v === 'asc' || v === 'desc',
};
/** `source` values: OpenAPI TTS/STS ∪ SDK Flows. */
const SOURCES = ['TTS', 'STS', 'Flows'];

/** The Content-Type the audio of each codec is served with (media.ts audioFor). */
const CONTENT_TYPES: Record<string, string> = {
	mp3: 'audio/mpeg',
	pcm: 'audio/pcm',
	wav: 'audio/wav',
	ulaw: 'audio/basic',
	alaw: 'audio/alaw',
	opus: 'audio/ogg',
};

export const historyItemId = (g: Generation) => `hist_${g.requestId}`;

/** The history as the API lists it: live items, newest first, with running character counts. */
function historyItems(state: ElevenLabsState) {
	let count = 0;
	const items = state.generationLog.map((g, index) => {
		const from = count;
		count += g.characterCost;
		const voice = state.voices.find((v) => v.voice_id === g.voiceId);
		return {
			index,
			generation: g,
			json: {
				history_item_id: historyItemId(g),
				request_id: g.requestId,
				voice_id: g.voiceId,
				model_id: g.modelId,
				voice_name: voice?.name ?? null,
				voice_category: voice?.category ?? null,
				text: g.text,
				date_unix: Math.floor(g.time / 1000),
				character_count_change_from: from,
				character_count_change_to: count,
				content_type: CONTENT_TYPES[g.outputFormat.split('_')[0]] ?? 'audio/mpeg',
				state: 'created',
				settings: (g.body.voice_settings as Record<string, unknown> | undefined) ?? null,
				feedback: null,
				share_link_id: null,
				source: 'TTS',
				alignments: null,
				dialogue: null,
			},
		};
	});
	return items
		.filter((i) => !state.deletedHistory.has(i.json.history_item_id))
		.sort((a, b) => b.generation.time - a.generation.time || b.index - a.index);
}

/** A text-to-speech generation as if made at `time` (ms), for tests that need a long history. */
export function seedGeneration(
	state: ElevenLabsState,
	g: Partial<Generation> & { time: number },
): Generation {
	const requestId = g.requestId ?? `seed${state.generationLog.length.toString().padStart(8, '0')}`;
	const generation: Generation = {
		requestId,
		apiKey: '',
		voiceId: '21m00Tcm4TlvDq8ikWAM',
		modelId: 'eleven_multilingual_v2',
		text: `Seeded generation ${requestId}.`,
		outputFormat: 'mp3_44100_128',
		withTimestamps: false,
		body: {},
		query: {},
		previousRequestIds: [],
		nextRequestIds: [],
		characterCost: 20,
		seconds: 1,
		bytes: 0,
		...g,
	};
	state.generations.set(requestId, generation);
	state.generationLog.push(generation);
	return generation;
}

/** The query split into what the OpenAPI validates and the SDK-only filters; a 422 when invalid. */
function readQuery(query: Query) {
	const base: Query = {};
	const errors = [];
	for (const [name, raw] of Object.entries(query)) {
		const value = Array.isArray(raw) ? raw[0] : raw;
		if (name === 'source') {
			if (!SOURCES.includes(value))
				errors.push({
					loc: ['query', name],
					msg: `Input should be ${SOURCES.join(', ')}`,
					type: 'enum',
				});
		} else if (SDK_ONLY[name]) {
			if (!SDK_ONLY[name](value))
				errors.push({ loc: ['query', name], msg: 'Invalid value', type: 'value_error' });
		} else base[name] = raw;
	}
	if (errors.length) return { error: validationError(errors) };
	const invalid = checkQuery('GET', '/v1/history', base);
	if (invalid) return { error: invalid };
	const pageSize = Number(queryString(query, 'page_size') ?? 100);
	if (pageSize > 1000 || pageSize < 1)
		return {
			error: validationError([
				{
					loc: ['query', 'page_size'],
					msg: 'Can not exceed 1000, nor be below 1',
					type: 'value_error',
				},
			]),
		};
	return { pageSize };
}

export function installHistory({ route, state }: ElevenLabsApi): void {
	route('GET', '/v1/history', { permission: 'speech_history_read' }, (req) => {
		const { error, pageSize } = readQuery(req.query);
		if (error) return error;
		const q = (name: string) => queryString(req.query, name);
		const search = q('search')?.toLowerCase();
		const after = state.historyDateFilters ? Number(q('date_after_unix') ?? NaN) : NaN;
		const before = state.historyDateFilters ? Number(q('date_before_unix') ?? NaN) : NaN;
		let items = historyItems(state).filter(({ json }) => {
			if (q('voice_id') && json.voice_id !== q('voice_id')) return false;
			if (q('model_id') && json.model_id !== q('model_id')) return false;
			if (q('source') && json.source !== q('source')) return false;
			if (search && !json.text.toLowerCase().includes(search)) return false;
			if (json.date_unix < after || json.date_unix >= before) return false;
			return true;
		});
		if (q('sort_direction') === 'asc') items = items.reverse();
		const cursor = q('start_after_history_item_id');
		let start = 0;
		if (cursor) {
			const at = items.findIndex((i) => i.json.history_item_id === cursor);
			if (at < 0)
				return invalidParameter(
					`History item ${cursor} was not found.`,
					'start_after_history_item_id',
				);
			start = at + 1;
		}
		const page = items.slice(start, start + pageSize!).map((i) => i.json);
		return {
			body: {
				history: page,
				has_more: start + pageSize! < items.length,
				last_history_item_id: page.length ? page[page.length - 1].history_item_id : null,
			},
		};
	});

	const find = (id: string) => historyItems(state).find((i) => i.json.history_item_id === id);
	const notFound = (id: string) =>
		elevenLabsError(404, 'history_item_not_found', `History item ${id} was not found.`);

	route('GET', '/v1/history/{history_item_id}', { permission: 'speech_history_read' }, (req) => {
		const found = find(req.params.history_item_id);
		return found ? { body: found.json } : notFound(req.params.history_item_id);
	});

	route(
		'GET',
		'/v1/history/{history_item_id}/audio',
		{ permission: 'speech_history_read' },
		(req) => {
			const found = find(req.params.history_item_id);
			if (!found) return notFound(req.params.history_item_id);
			const audio = audioFor(found.generation.outputFormat, found.generation.seconds);
			return { headers: { 'content-type': audio.contentType }, body: audio.body };
		},
	);

	route(
		'DELETE',
		'/v1/history/{history_item_id}',
		{ permission: 'speech_history_write' },
		(req) => {
			const found = find(req.params.history_item_id);
			if (!found) return notFound(req.params.history_item_id);
			state.deletedHistory.add(found.json.history_item_id);
			return { body: { status: 'ok' } };
		},
	);
}
