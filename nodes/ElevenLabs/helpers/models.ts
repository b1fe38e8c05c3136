import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Per-request character limits (`maximum_text_length_per_request`), used when GET /v1/models cannot
 * be read (the key lacks `models_read`). Source: ElevenLabs docs, models.mdx "Character limits".
 */
export const STATIC_MODEL_LIMITS: Record<string, number> = {
	eleven_v3: 3_000,
	eleven_flash_v2_5: 40_000,
	eleven_turbo_v2_5: 40_000,
	eleven_flash_v2: 30_000,
	eleven_turbo_v2: 30_000,
	eleven_multilingual_v2: 10_000,
	eleven_multilingual_v1: 10_000,
	eleven_monolingual_v1: 10_000,
};

/**
 * The smallest documented limit: a text up to this length needs no model list, and a model neither
 * the list nor the docs name is given this limit.
 */
export const SMALLEST_MODEL_LIMIT = Math.min(...Object.values(STATIC_MODEL_LIMITS));

export const DEFAULT_MODEL = 'eleven_multilingual_v2';

/** Model choices when the key may not list models. */
export const STATIC_MODEL_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Eleven Flash V2',
		value: 'eleven_flash_v2',
		description: 'English only, low latency. Up to 30,000 characters per request.',
	},
	{
		name: 'Eleven Flash V2.5',
		value: 'eleven_flash_v2_5',
		description: '32 languages, lowest latency, half price. Up to 40,000 characters per request.',
	},
	{
		name: 'Eleven Multilingual V2',
		value: 'eleven_multilingual_v2',
		description: '29 languages, most stable quality. Up to 10,000 characters per request.',
	},
	{
		name: 'Eleven Turbo V2',
		value: 'eleven_turbo_v2',
		description: 'English only. Up to 30,000 characters per request.',
	},
	{
		name: 'Eleven Turbo V2.5',
		value: 'eleven_turbo_v2_5',
		description: '32 languages, low latency, half price. Up to 40,000 characters per request.',
	},
	{
		name: 'Eleven V3',
		value: 'eleven_v3',
		description:
			'Most expressive, 70+ languages. Up to 3,000 characters per request. No request stitching.',
	},
];

/** eleven_v3 cannot use previous_request_ids / next_request_ids. */
export function supportsStitching(modelId: string): boolean {
	return !/^eleven_v3/.test(modelId);
}
