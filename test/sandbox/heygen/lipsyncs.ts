/**
 * Lip-syncs: POST /v3/lipsyncs (contract LipsyncCreate), GET /v3/lipsyncs/statuses
 * (LipsyncStatusesList), GET /v3/lipsyncs (LipsyncList), GET and DELETE /v3/lipsyncs/{lipsync_id}
 * (LipsyncGet, LipsyncDelete): "Replaces the audio on an existing video and re-animates the
 * speaker's lip movements to match the new audio" (the contract's description). The job
 * machinery, its variants and their sources are in jobs.ts.
 *
 * Beyond the schema, a create is checked for: the video a video and the audio an audio file,
 * each an existing asset or a downloadable URL; their lengths (video like translations, audio
 * ≤ 10 min); fps_mode one of the values its description names; start_time before end_time;
 * callback_url http(s).
 */
import { heyGenError, type HeyGenApi } from './api';
import { idempotent } from './idempotency';
import type { SandboxJob } from './jobs';
import {
	checkBodyMedia,
	checkCreateBasics,
	installJobReads,
	jobStatus,
	jobTimes,
	lengthCheck,
	newJob,
	sourceAspect,
	videoLengthCheck,
} from './jobs';
import type { HeyGenState } from './state';

/** The lip-sync resource of GET /v3/lipsyncs/{id} and the listing. */
export function lipsyncResource(state: HeyGenState, job: SandboxJob) {
	const status = jobStatus(state, job);
	const captions = status === 'completed' && job.body.enable_caption === true;
	return {
		...jobTimes(state, job, status),
		caption_url: captions ? state.presign(`jobs/${job.id}/captions.srt`) : null,
	};
}

export function installLipsyncs(api: HeyGenApi): void {
	const { route, state } = api;
	route('POST', '/v3/lipsyncs', { body: 'LipsyncCreate' }, async (req, body, res) => {
		const early = checkCreateBasics(body);
		if (early) return early;
		const fps = body.fps_mode;
		if (fps !== undefined && fps !== null && !['vfr', 'cfr', 'passthrough'].includes(String(fps)))
			return heyGenError(
				400,
				'invalid_parameter',
				"fps_mode must be 'vfr', 'cfr' or 'passthrough'.",
				'fps_mode',
			);
		const video = await checkBodyMedia(state, body, 'video');
		if ('reply' in video) return video.reply;
		const audio = await checkBodyMedia(state, body, 'audio');
		if ('reply' in audio) return audio.reply;
		const videoLength = videoLengthCheck(state, video.seconds);
		if (videoLength.reply) return videoLength.reply;
		const audioLength = lengthCheck(
			state,
			audio.seconds,
			state.jobs.maxAudioSeconds,
			'Audio',
			'audio',
		);
		if (audioLength.reply) return audioLength.reply;
		return await idempotent(state, req, res, body, () => {
			const job = newJob(state, 'lipsync', body, {
				duration: audio.seconds,
				aspect: sourceAspect(video.bytes),
				failure: videoLength.failure ?? audioLength.failure,
			});
			return { body: { data: { lipsync_id: job.id } } };
		});
	});

	installJobReads(api, 'lipsync', {
		path: '/v3/lipsyncs',
		idParam: 'lipsync_id',
		idsParam: 'lipsync_ids',
		noun: 'Lipsync',
		resource: lipsyncResource,
	});
}
