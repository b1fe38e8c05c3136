import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SMALLEST_MODEL_LIMIT, STATIC_MODEL_LIMITS } from './models';
import { codePointLength, splitText } from './text';

/** A model's per-request character limit and where it comes from. */
export interface ModelLimit {
	limit: number;
	/**
	 * 'list': GET /v1/models, authoritative. 'docs': the documented table (the list could not be
	 * read). 'assumed': a model neither names, given the smallest documented limit.
	 */
	source: 'list' | 'docs' | 'assumed';
}

/** The model's per-request limit from the model list, else the documented one, else the smallest. */
export function modelLimit(models: IDataObject[] | undefined, modelId: string): ModelLimit {
	const fromApi = Number(
		models?.find((m) => m.model_id === modelId)?.maximum_text_length_per_request,
	);
	if (Number.isFinite(fromApi) && fromApi > 0) return { limit: fromApi, source: 'list' };
	const documented = STATIC_MODEL_LIMITS[modelId];
	if (documented) return { limit: documented, source: 'docs' };
	return { limit: SMALLEST_MODEL_LIMIT, source: 'assumed' };
}

/**
 * Characters of speech per second of audio: ElevenLabs pairs 10,000 characters with ~10 minutes
 * and 40,000 with ~40 minutes (models.mdx "Character limits"), i.e. ~1,000 characters a minute.
 */
const CHARACTERS_PER_AUDIO_SECOND = 1000 / 60;

/** Share of the request timeout one chunk's generation may use. */
const TIMEOUT_SHARE = 0.5;

/** Below this, requests get many and prosody suffers; about half a minute of speech. */
const MIN_CHUNK_CHARACTERS = 500;

/**
 * The longest chunk whose generation finishes well inside the request timeout. ElevenLabs does not
 * document how fast a whole (non-streamed) request is generated; one measurement has Flash v2.5 at
 * 0.43 s per second of audio, and Multilingual v2 and v3 are slower. So assume generation as slow
 * as real time and give it half the timeout: the default 240 s allows 120 s of audio, 2,000
 * characters.
 */
export function timeoutChunkLimit(timeoutMs: number): number {
	const seconds = (timeoutMs / 1000) * TIMEOUT_SHARE;
	return Math.max(MIN_CHUNK_CHARACTERS, Math.floor(seconds * CHARACTERS_PER_AUDIO_SECOND));
}

/**
 * The texts to send, one request each. With Split Long Text the text is split below the model's
 * limit and below the timeout's chunk limit. Without it the text goes in one request, unless the
 * model is known to reject its length: then nothing is sent.
 */
export function planChunks(
	node: INode,
	itemIndex: number,
	input: { text: string; modelId: string; splitLongText: boolean; timeoutMs: number },
	limit: ModelLimit,
): string[] {
	const length = codePointLength(input.text);
	if (input.splitLongText) {
		const max = Math.min(limit.limit, timeoutChunkLimit(input.timeoutMs));
		return length > max ? splitText(input.text, max) : [input.text];
	}
	if (limit.source !== 'assumed' && length > limit.limit) {
		const from = limit.source === 'list' ? "ElevenLabs' model list" : "ElevenLabs' documentation";
		throw new NodeOperationError(
			node,
			`The text has ${length.toLocaleString('en-US')} characters, more than the ${limit.limit.toLocaleString('en-US')} that ${input.modelId} accepts in one request`,
			{
				itemIndex,
				description: `Nothing was sent (limit from ${from}). Turn on Options → Split Long Text to send it in several requests joined into one file, or shorten the text.`,
			},
		);
	}
	return [input.text];
}

/** The per-request character limit ElevenLabs states in a max_character_limit_exceeded error. */
export function limitFromError(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const message = String(error.message);
	if (!message.includes('max_character_limit_exceeded')) return undefined;
	const match = /character limit of ([\d,]+)/.exec(message);
	return match ? Number(match[1].replace(/,/g, '')) : undefined;
}
