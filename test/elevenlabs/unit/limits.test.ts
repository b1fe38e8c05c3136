/** Per-request limits: where a model's limit comes from, the timeout's chunk limit, the chunk plan. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	limitFromError,
	modelLimit,
	planChunks,
	timeoutChunkLimit,
} from '../../../nodes/ElevenLabs/helpers/limits';
import { node } from './node';

describe('modelLimit', () => {
	const models = [
		{ model_id: 'eleven_multilingual_v2', maximum_text_length_per_request: 12_000 },
		{ model_id: 'eleven_flash_v2_5', maximum_text_length_per_request: 'n/a' },
	];

	it("prefers the model list's limit", () => {
		expect(modelLimit(models, 'eleven_multilingual_v2')).toEqual({ limit: 12_000, source: 'list' });
	});

	it('falls back to the documented limit, then assumes the smallest one', () => {
		expect(modelLimit(models, 'eleven_flash_v2_5')).toEqual({ limit: 40_000, source: 'docs' });
		expect(modelLimit(undefined, 'eleven_v3')).toEqual({ limit: 3_000, source: 'docs' });
		expect(modelLimit(undefined, 'eleven_future_v9')).toEqual({ limit: 3_000, source: 'assumed' });
		expect(modelLimit(models, 'eleven_future_v9')).toEqual({ limit: 3_000, source: 'assumed' });
	});
});

describe('timeoutChunkLimit', () => {
	it('allows half the timeout of real-time speech at ~1,000 characters a minute', () => {
		expect(timeoutChunkLimit(240_000)).toBe(2_000);
		expect(timeoutChunkLimit(600_000)).toBe(5_000);
		expect(timeoutChunkLimit(3_000_000)).toBe(25_000);
	});

	it('never goes below 500 characters', () => {
		expect(timeoutChunkLimit(30_000)).toBe(500);
		expect(timeoutChunkLimit(400)).toBe(500);
	});
});

describe('planChunks', () => {
	const input = { modelId: 'eleven_v3', splitLongText: true, timeoutMs: 240_000 };
	const words = (n: number) => 'word '.repeat(n).trim(); // 5n - 1 characters

	it('splits below the smaller of the model limit and the timeout limit', () => {
		const limit = { limit: 3_000, source: 'docs' as const };
		const chunks = planChunks(node, 0, { ...input, text: words(1_000) }, limit);
		expect(chunks.every((c) => c.length <= 2_000)).toBe(true);
		expect(chunks.join(' ')).toBe(words(1_000));
		const small = { limit: 700, source: 'list' as const };
		expect(
			planChunks(node, 0, { ...input, text: words(1_000) }, small).every((c) => c.length <= 700),
		).toBe(true);
		expect(planChunks(node, 0, { ...input, text: 'Short.' }, limit)).toEqual(['Short.']);
	});

	it('with splitting off, sends one request unless the limit is known to be exceeded', () => {
		const off = { ...input, splitLongText: false, text: words(1_000) };
		expect(planChunks(node, 0, off, { limit: 5_000, source: 'list' })).toEqual([off.text]);
		// an unknown model's limit is only assumed: ElevenLabs decides
		expect(planChunks(node, 0, off, { limit: 3_000, source: 'assumed' })).toEqual([off.text]);
		expect(() => planChunks(node, 2, off, { limit: 3_000, source: 'docs' })).toThrow(
			new NodeOperationError(
				node,
				'The text has 4,999 characters, more than the 3,000 that eleven_v3 accepts in one request',
			),
		);
	});

	it('names where the limit came from and what to do', () => {
		expect.assertions(3);
		try {
			planChunks(
				node,
				2,
				{ ...input, splitLongText: false, text: words(1_000) },
				{ limit: 3_000, source: 'docs' },
			);
		} catch (error) {
			const e = error as NodeOperationError;
			expect(e.description).toMatch(/Nothing was sent \(limit from ElevenLabs' documentation\)/);
			expect(e.description).toMatch(/Split Long Text/);
			expect(e.context.itemIndex).toBe(2);
		}
	});
});

describe('limitFromError', () => {
	const apiError = (message: string) => new NodeApiError(node, {}, { message });

	it("reads the limit from ElevenLabs' max_character_limit_exceeded message", () => {
		expect(
			limitFromError(
				apiError(
					"ElevenLabs: This request's text has 5000 characters and exceeds the character limit of 2000 characters. [max_character_limit_exceeded] (HTTP 400)",
				),
			),
		).toBe(2000);
		expect(
			limitFromError(
				apiError(
					'ElevenLabs: exceeds the character limit of 10,000 characters [max_character_limit_exceeded] (HTTP 400)',
				),
			),
		).toBe(10000);
	});

	it('is undefined for any other error', () => {
		expect(limitFromError(apiError('ElevenLabs: Invalid API key [invalid_api_key]'))).toBe(
			undefined,
		);
		expect(limitFromError(apiError('Too long [max_character_limit_exceeded]'))).toBeUndefined();
		expect(
			limitFromError(
				new NodeOperationError(node, 'character limit of 5 [max_character_limit_exceeded]'),
			),
		).toBeUndefined();
		expect(limitFromError(new Error('character limit of 5'))).toBeUndefined();
	});
});
