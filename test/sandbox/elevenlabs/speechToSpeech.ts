/**
 * Speech to speech (voice changer): POST /v1/speech-to-speech/{voice_id} (permission
 * `speech_to_speech`), multipart, `output_format` etc. in the query.
 *
 * Request (OpenAPI Body_Speech_to_Speech_v1_speech_to_speech__voice_id__post; the SDK 2.73 sends
 * the same fields): `audio` (file), `model_id` (default eleven_english_sts_v2; a model with
 * can_do_voice_conversion), `voice_settings` (a JSON-encoded string, "Needs to be send as a JSON
 * encoded string"), `seed`, `remove_background_noise`, `file_format`.
 * Answer: audio of the input's duration in the requested output format (OpenAPI: audio/mpeg by
 * default), with a `request-id` header. Credits: 1,000 per minute of audio (ElevenLabs docs,
 * capabilities/voice-changer.mdx).
 */
import { queryString } from '../server';
import { elevenLabsError, elevenLabsErrorV2, invalidParameter, type ElevenLabsApi } from './api';
import { accept, audioReply, perMinute } from './audioJobs';
import { audioFile, estimateSeconds } from './multipart';
import type { ElevenLabsState } from './state';

/** VoiceSettings fields and ranges (OpenAPI VoiceSettingsResponseModel; speed 0.7–1.2 per the docs). */
const SETTINGS: Record<string, [number, number] | 'boolean'> = {
	stability: [0, 1],
	similarity_boost: [0, 1],
	style: [0, 1],
	speed: [0.7, 1.2],
	use_speaker_boost: 'boolean',
};

function settingsRefusal(raw: unknown) {
	if (raw === undefined || raw === null) return undefined;
	let settings: unknown;
	try {
		settings = JSON.parse(String(raw));
	} catch {
		return invalidParameter('voice_settings must be a JSON-encoded object.', 'voice_settings');
	}
	if (!settings || typeof settings !== 'object' || Array.isArray(settings))
		return invalidParameter('voice_settings must be a JSON-encoded object.', 'voice_settings');
	for (const [key, value] of Object.entries(settings)) {
		const rule = SETTINGS[key];
		const ok =
			rule === 'boolean'
				? typeof value === 'boolean'
				: Array.isArray(rule) && typeof value === 'number' && value >= rule[0] && value <= rule[1];
		if (!ok)
			return invalidParameter(
				`voice_settings.${key} is not a valid voice setting.`,
				'voice_settings',
			);
	}
	return undefined;
}

function modelRefusal(state: ElevenLabsState, modelId: string) {
	const model = state.models.find((m) => m.model_id === modelId);
	if (model?.can_do_voice_conversion) return undefined;
	return elevenLabsErrorV2(
		400,
		'validation_error',
		'model_not_found',
		`A model with model ID ${modelId} does not exist or does not support speech to speech.`,
		'model_id',
	);
}

export function installSpeechToSpeech({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/speech-to-speech/{voice_id}',
		{ permission: 'speech_to_speech', query: true, multipart: {} },
		async (req, v, form) => {
			const voiceId = req.params.voice_id;
			if (!state.voices.some((x) => x.voice_id === voiceId))
				return elevenLabsError(
					400,
					'voice_not_found',
					`A voice with the voice_id ${voiceId} was not found.`,
				);
			const modelId = String(v.model_id ?? 'eleven_english_sts_v2');
			const refused =
				modelRefusal(state, modelId) ??
				settingsRefusal(v.voice_settings) ??
				audioFile(form!, 'audio', v.file_format === 'pcm_s16le_16').error;
			if (refused) return refused;
			const file = form!.files.find((f) => f.field === 'audio')!;
			const seconds = estimateSeconds(file, v.file_format === 'pcm_s16le_16');
			const route = 'speech-to-speech';
			const accepted = await accept(state, req, {
				route,
				values: v,
				file,
				seconds,
				characterCost: perMinute(seconds),
			});
			if ('reply' in accepted) return accepted.reply;
			const outputFormat = queryString(req.query, 'output_format') ?? 'mp3_44100_128';
			return audioReply(state, outputFormat, seconds, accepted.requestId);
		},
	);
}
