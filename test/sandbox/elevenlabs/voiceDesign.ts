/**
 * Voice design: POST /v1/text-to-voice/design (a description → three previews, each with base64
 * audio, a generated_voice_id, media_type and duration, VoicePreviewsResponseModel) and
 * POST /v1/text-to-voice (a preview's generated_voice_id → a voice of the account,
 * VoiceResponseModel). Body and query are checked against the OpenAPI first (api.ts).
 *
 * Permissions: design needs `voice_generation`, saving `voices_write` (SDK PermissionType names both;
 * which one each endpoint checks is not documented). Output formats: the OpenAPI's enum for this
 * endpoint ∪ the SDK's AllowedOutputFormats (no WAV). Without `text`, `auto_generate_text` must be
 * true: the API has nothing to speak otherwise (not documented; the node always sends one of them).
 * The preview text is billed like text to speech (401 quota_exceeded when credits run out).
 */
import { randomBytes } from 'node:crypto';

import { audioFor } from '../media';
import { queryString } from '../server';
import { elevenLabsOpenApi } from '../contracts';
import { elevenLabsError, invalidParameter, validationError, type ElevenLabsApi } from './api';
import { addAccountVoice, voiceLimitRefusal } from './voiceClone';

/** The output formats of the design endpoint: OpenAPI enum ∪ SDK AllowedOutputFormats. */
export const DESIGN_OUTPUT_FORMATS: string[] = (() => {
	const op = elevenLabsOpenApi.paths['/v1/text-to-voice/design'].post as {
		parameters?: Array<{ name: string; schema?: { enum?: string[] } }>;
	};
	const oas = op.parameters?.find((p) => p.name === 'output_format')?.schema?.enum ?? [];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const sdk = require('@elevenlabs/elevenlabs-js/api/types/AllowedOutputFormats') as {
		AllowedOutputFormats: Record<string, string>;
	};
	return [...new Set([...oas, ...Object.values(sdk.AllowedOutputFormats)])];
})();

const AUTO_TEXT =
	'Every act of kindness, no matter how small, carries value and can make a difference, as no gesture of goodwill is ever wasted.';

export function installVoiceDesign({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/text-to-voice/design',
		{ permission: 'voice_generation', query: true, body: true },
		(req, body) => {
			const format = queryString(req.query, 'output_format') ?? 'mp3_44100_192';
			if (!DESIGN_OUTPUT_FORMATS.includes(format))
				return validationError([
					{
						loc: ['query', 'output_format'],
						msg: `Input should be one of ${DESIGN_OUTPUT_FORMATS.join(', ')}`,
						type: 'enum',
					},
				]);
			const text = typeof body.text === 'string' ? body.text : undefined;
			if (!text && body.auto_generate_text !== true)
				return invalidParameter('Provide text, or set auto_generate_text to true.', 'text');
			const spoken = text ?? AUTO_TEXT;
			const cost = Array.from(spoken).length;
			if (state.remainingCredits !== undefined) {
				if (state.remainingCredits < cost)
					return elevenLabsError(
						401,
						'quota_exceeded',
						`This request exceeds your quota of ${state.creditQuota}. You have ${state.remainingCredits} credits remaining, while ${cost} credits are required for this request.`,
					);
				state.remainingCredits -= cost;
			}
			const seconds = Math.max(1, cost * state.secondsPerCharacter);
			const apiKey = String(req.headers['xi-api-key']);
			const previews = [0, 1, 2].map(() => {
				const audio = audioFor(format, seconds);
				const generatedVoiceId = randomBytes(15).toString('base64url').slice(0, 20);
				state.designs.set(generatedVoiceId, {
					generatedVoiceId,
					voiceDescription: String(body.voice_description),
					apiKey,
				});
				return {
					audio_base_64: audio.body.toString('base64'),
					generated_voice_id: generatedVoiceId,
					media_type: audio.contentType,
					duration_secs: Math.round(seconds * 100) / 100,
					language: 'en',
				};
			});
			return { body: { previews, text: spoken } };
		},
	);

	route('POST', '/v1/text-to-voice', { permission: 'voices_write', body: true }, (req, body) => {
		const design = state.designs.get(String(body.generated_voice_id));
		if (!design || design.apiKey !== req.headers['xi-api-key'])
			return invalidParameter(
				`No voice preview with generated_voice_id ${String(body.generated_voice_id)}; design one first.`,
				'generated_voice_id',
			);
		const limited = voiceLimitRefusal(state);
		if (limited) return limited;
		state.designs.delete(design.generatedVoiceId);
		const created = addAccountVoice(
			state,
			String(body.voice_name),
			'generated',
			(body.labels as Record<string, string> | null | undefined) ?? {},
			String(body.voice_description),
		);
		return { body: created };
	});
}
