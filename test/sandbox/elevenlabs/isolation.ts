/**
 * Audio isolation (voice isolator): POST /v1/audio-isolation (permission `audio_isolation`),
 * multipart: `audio` (file), `file_format` (OpenAPI Body_Audio_Isolation_v1_audio_isolation_post)
 * and the SDK 2.73's `preview_b64`. No output format: the answer is MP3 (OpenAPI: audio/mpeg) of
 * the input's duration, with a `request-id` header. Credits: 1,000 per minute of audio (ElevenLabs
 * docs, capabilities/voice-isolator.mdx).
 */
import { audioFor } from '../media';
import { newRequestId, type ElevenLabsApi } from './api';
import { quotaRefusal, record, settle } from './audioJobs';
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
			const cost = Math.max(1, Math.ceil((seconds / 60) * 1000));
			const quota = quotaRefusal(state, cost);
			if (quota) return quota;
			await settle(state);
			const audio = audioFor(
				'mp3_44100_128',
				Math.min(Math.max(seconds, 0.1), state.audio.maxOutputSeconds),
			);
			const requestId = newRequestId();
			record(state, req, {
				route: 'audio-isolation',
				requestId,
				values: v,
				file,
				seconds,
				characterCost: cost,
			});
			return {
				headers: { 'content-type': audio.contentType, 'request-id': requestId },
				body: audio.body,
			};
		},
	);
}
