/**
 * Sound effects: POST /v1/sound-generation (permission `sound_generation`), JSON body,
 * `output_format` in the query.
 *
 * Body: OpenAPI Body_Sound_Generation_v1_sound_generation_post (`text`, `duration_seconds`,
 * `prompt_influence`) plus the SDK 2.73 fields (CreateSoundEffectRequest: `loop` "only available
 * for the eleven_text_to_sound_v2 model", `model_id`: SfxModelId "eleven_text_to_sound_v2").
 * Ranges from the SDK: duration 0.5–30 s (older docs: 22), prompt_influence 0–1; outside them, or a
 * field neither source names, FastAPI's 422. (The API itself ignores unknown JSON fields; the
 * sandbox is stricter, to catch a misspelt field.) Which model the API uses without `model_id`
 * is not documented; the sandbox assumes eleven_text_to_sound_v2, so `loop` alone is accepted.
 * Answer: audio of the requested (or, without one, a 3 s) duration with the documented
 * `character-cost` header: 100 characters per generation with automatic duration, 25 per second
 * with a set duration (elevenlabs.io/docs/api-reference/sound-generation, "Pricing").
 */
import { queryString } from '../server';
import { elevenLabsErrorV2, invalidParameter, validationError, type ElevenLabsApi } from './api';
import { accept, audioReply } from './audioJobs';

export const SOUND_MODELS = ['eleven_text_to_sound_v2'];

const FIELDS = ['text', 'duration_seconds', 'prompt_influence', 'loop', 'model_id'];

function rangeError(field: string, value: unknown, min: number, max: number) {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && value >= min && value <= max) return undefined;
	return validationError([
		{
			loc: ['body', field],
			msg: `Input should be ${typeof value === 'number' && value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
			type: typeof value === 'number' && value < min ? 'greater_than_equal' : 'less_than_equal',
		},
	]);
}

function refusal(body: Record<string, unknown>) {
	const extra = Object.keys(body).filter((k) => !FIELDS.includes(k));
	if (extra.length)
		return validationError(
			extra.map((k) => ({
				loc: ['body', k],
				msg: 'Extra inputs are not permitted',
				type: 'extra_forbidden',
			})),
		);
	if (!String(body.text).trim()) return invalidParameter('The text must not be empty.', 'text');
	const model = (body.model_id as string | undefined) ?? SOUND_MODELS[0];
	if (!SOUND_MODELS.includes(model))
		return elevenLabsErrorV2(
			400,
			'validation_error',
			'model_not_found',
			`A model with model ID ${model} does not exist or does not support sound generation.`,
			'model_id',
		);
	if (body.loop !== undefined && typeof body.loop !== 'boolean')
		return validationError([
			{ loc: ['body', 'loop'], msg: 'Input should be a valid boolean', type: 'bool_type' },
		]);
	return (
		rangeError('duration_seconds', body.duration_seconds, 0.5, 30) ??
		rangeError('prompt_influence', body.prompt_influence, 0, 1)
	);
}

export function installSoundEffects({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/sound-generation',
		{ permission: 'sound_generation', query: true, body: true },
		async (req, body) => {
			const refused = refusal(body);
			if (refused) return refused;
			const duration =
				typeof body.duration_seconds === 'number' ? body.duration_seconds : undefined;
			const cost = duration === undefined ? 100 : Math.ceil(duration * 25);
			const seconds = duration ?? 3;
			const accepted = await accept(state, req, {
				route: 'sound-generation',
				values: body,
				seconds,
				characterCost: cost,
			});
			if ('reply' in accepted) return accepted.reply;
			const outputFormat = queryString(req.query, 'output_format') ?? 'mp3_44100_128';
			return audioReply(state, outputFormat, seconds, accepted.requestId, {
				'character-cost': cost,
			});
		},
	);
}
