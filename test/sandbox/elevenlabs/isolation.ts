/**
 * Audio isolation (voice isolator): POST /v1/audio-isolation (permission `audio_isolation`),
 * multipart: `audio` (file), `file_format` (OpenAPI Body_Audio_Isolation_v1_audio_isolation_post)
 * and the SDK 2.73's `preview_b64`. No output format: the answer is MP3 (OpenAPI: audio/mpeg) of
 * the input's duration, with a `request-id` header. Credits: 1,000 per minute of audio (ElevenLabs
 * docs, capabilities/voice-isolator.mdx).
 */
import type { ElevenLabsApi } from './api';
import { accept, audioReply, perMinute } from './audioJobs';
import { audioFile, estimateSeconds } from './multipart';

export function installIsolation({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/audio-isolation',
		{ permission: 'audio_isolation', multipart: { newer: { preview_b64: { type: 'string' } } } },
		async (req, v, form) => {
			const rawPcm = v.file_format === 'pcm_s16le_16';
			const { file, error } = audioFile(form!, 'audio', rawPcm);
			if (error) return error;
			const seconds = estimateSeconds(file!, rawPcm);
			const accepted = await accept(state, req, {
				route: 'audio-isolation',
				values: v,
				file,
				seconds,
				characterCost: perMinute(seconds),
			});
			if ('reply' in accepted) return accepted.reply;
			return audioReply(state, 'mp3_44100_128', seconds, accepted.requestId);
		},
	);
}
