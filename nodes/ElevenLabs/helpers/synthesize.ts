import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { SpeechResult } from '../transport';
import { ELEVENLABS_TIMEOUT_MS, textToSpeech } from '../transport';
import { audioSeconds, joinAudio } from './audio';
import { requestGate } from './concurrency';
import type { FormatInfo } from './formats';
import { limitFromError, modelLimit, planChunks } from './limits';
import { credentialModels, forgetModels } from './modelCache';
import { SMALLEST_MODEL_LIMIT, supportsStitching } from './models';
import type { SpeechRequest } from './speechRequest';
import type { CharacterAlignment } from './subtitles';
import { codePointLength, head, splitText, tail } from './text';

/** Context text sent around a chunk when request stitching is unavailable. */
const CONTEXT_CHARS = 1000;

/** At most this many previous request ids are accepted per request. */
const MAX_PREVIOUS_IDS = 3;

export type Stitching = 'none' | 'request_ids' | 'request_ids_and_text' | 'text';

export interface SpeechChunk {
	seconds: number;
	alignment?: CharacterAlignment | null;
}

export interface Synthesis {
	/** The chunks' audio joined into one file of the output format. */
	audio: Buffer;
	chunks: SpeechChunk[];
	requestIds: string[];
	/** Sum of the `character-cost` headers; undefined when no response had one. */
	charactersBilled?: number;
	contentType?: string;
	stitching: Stitching;
}

/** The Concurrency option: how many text-to-speech requests may be in flight at once. */
export function requestConcurrency(ctx: IExecuteFunctions): number {
	return Math.max(1, Math.floor(Number(ctx.getNodeParameter('options.concurrency', 0, 2)) || 2));
}

/**
 * Speaks the request's text: split below the model's limit and the timeout's chunk limit, one
 * request per chunk in order (through the execution's request gate), each chunk given its
 * neighbours' context, the audio joined.
 */
export async function synthesize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: SpeechRequest,
	voiceSettings: IDataObject | undefined,
): Promise<Synthesis> {
	// The model list is read (once per credential, see modelCache) only when the text could be too
	// long for some model; a list read earlier is used either way.
	const tooLongForSome = codePointLength(request.text) > SMALLEST_MODEL_LIMIT;
	const limit = modelLimit(await credentialModels(ctx, tooLongForSome), request.modelId);
	let texts = planChunks(
		ctx.getNode(),
		itemIndex,
		{ ...request, timeoutMs: request.retry.timeoutMs ?? ELEVENLABS_TIMEOUT_MS },
		limit,
	);
	const canStitch = supportsStitching(request.modelId) && request.enableLogging;
	const gate = requestGate(ctx, requestConcurrency(ctx));
	const qs: IDataObject = { output_format: request.outputFormat };
	if (!request.enableLogging) qs.enable_logging = false;
	const body: IDataObject = voiceSettings
		? { ...request.body, voice_settings: voiceSettings }
		: request.body;

	const audio: Buffer[] = [];
	const chunks: SpeechChunk[] = [];
	const requestIds: string[] = [];
	const used = new Set<Stitching>();
	let charactersBilled: number | undefined;
	let contentType: string | undefined;
	for (let k = 0; k < texts.length; ) {
		// a response without a request id breaks the chain: the rest falls back to text context
		const ids = canStitch && requestIds.length === k ? requestIds : undefined;
		const context = chunkContext(texts, k, ids, request);
		if (context.stitching) used.add(context.stitching);
		let result: SpeechResult;
		try {
			result = await gate.run(
				async () =>
					await textToSpeech.call(ctx, {
						voiceId: request.voiceId,
						withTimestamps: request.timestamps,
						qs,
						body: { ...body, text: texts[k], ...context.fields },
						itemIndex,
						retry: request.retry,
						retryTimeouts: request.retryTimeouts,
						onConcurrencyLimit: async () =>
							await gate.waitForRelease(request.retry.baseDelayMs ?? 1000),
					}),
			);
		} catch (error) {
			const serverLimit = limitFromError(error);
			// The model list said this length is fine: the list is out of date, read it again next time.
			if (serverLimit && limit.source === 'list') await forgetModels(ctx);
			// Without the list the limit was a guess: split the rest below the limit ElevenLabs names.
			const resplit =
				request.splitLongText &&
				limit.source !== 'list' &&
				serverLimit &&
				serverLimit < codePointLength(texts[k]);
			if (!resplit)
				throw error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			texts = [...texts.slice(0, k), ...texts.slice(k).flatMap((t) => splitText(t, serverLimit))];
			continue;
		}
		if (result.requestId) requestIds.push(result.requestId);
		if (result.characterCost !== undefined)
			charactersBilled = (charactersBilled ?? 0) + result.characterCost;
		contentType ??= result.contentType;
		const alignment = result.alignment as CharacterAlignment | null | undefined;
		chunks.push({ seconds: chunkSeconds(request.format, result.audio, alignment), alignment });
		audio.push(result.audio);
		k++;
	}
	return {
		audio: joinAudio(request.format.codec, audio),
		chunks,
		requestIds,
		charactersBilled,
		contentType,
		stitching: stitchingOf(texts.length, used),
	};
}

/**
 * The fields that give chunk `k` its neighbours' context. With `previousIds` (stitching possible and
 * every earlier chunk's id known) the chunk names the last ids; otherwise the neighbouring chunks'
 * text is sent. The user's Previous/Next Text frame the whole text.
 */
export function chunkContext(
	texts: string[],
	k: number,
	previousIds: string[] | undefined,
	user: { previousText: string; nextText: string },
): { fields: IDataObject; stitching?: 'request_ids' | 'text' } {
	const fields: IDataObject = {};
	let stitching: 'request_ids' | 'text' | undefined;
	const last = k === texts.length - 1;
	if (k > 0 && previousIds) {
		fields.previous_request_ids = previousIds.slice(-MAX_PREVIOUS_IDS);
		stitching = 'request_ids';
	} else if (k > 0) {
		fields.previous_text = tail(texts[k - 1], CONTEXT_CHARS);
		stitching = 'text';
	} else if (user.previousText) {
		fields.previous_text = user.previousText;
	}
	if (!last && !previousIds) {
		fields.next_text = head(texts[k + 1], CONTEXT_CHARS);
		stitching = 'text';
	} else if (last && user.nextText) {
		fields.next_text = user.nextText;
	}
	return { fields, stitching };
}

/** How the chunks were stitched together, for the output JSON. */
export function stitchingOf(chunkCount: number, used: Set<Stitching>): Stitching {
	if (chunkCount === 1) return 'none';
	if (!used.has('request_ids')) return 'text';
	return used.has('text') ? 'request_ids_and_text' : 'request_ids';
}

/** Seconds of one chunk: measured from the audio, else the end of its alignment. */
export function chunkSeconds(
	format: FormatInfo,
	audio: Buffer,
	alignment: CharacterAlignment | null | undefined,
): number {
	const seconds = audioSeconds(format.codec, format.sampleRate, audio);
	if (seconds > 0) return seconds;
	const ends = alignment?.character_end_times_seconds;
	return Array.isArray(ends) ? Number(ends[ends.length - 1] ?? 0) : 0;
}
