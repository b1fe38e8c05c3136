/**
 * Video translations: POST /v3/video-translations (contract VideoTranslateCreate), GET
 * /v3/video-translations/languages (VideoTranslateLanguagesList), GET …/statuses
 * (VideoTranslateStatusesList), GET /v3/video-translations (VideoTranslateList), GET and DELETE
 * /v3/video-translations/{video_translation_id} (VideoTranslateGet, VideoTranslateDelete)
 * (https://developers.heygen.com/reference/create-video-translation). The job machinery, the
 * variants and their sources are in jobs.ts.
 *
 * Beyond the schema, a create is checked for: output_languages not empty, without repeats, each a
 * listed language ("400 language not supported": heygen-com/skills, heygen-translate/references/
 * troubleshooting.md); the video (and custom audio / SRT) reachable as that kind of file; the
 * video's length; speaker_num ≥ 1; start_time before end_time; callback_url http(s). It answers
 * one video_translation_id per language, in the order of output_languages.
 */
import { heyGenError, type HeyGenApi } from './api';
import { idempotent } from './idempotency';
import type { SandboxJob, TranslationLanguage } from './jobs';
import {
	checkBodyMedia,
	checkCreateBasics,
	installJobReads,
	jobStatus,
	jobTimes,
	newJob,
	sourceAspect,
	videoLengthCheck,
} from './jobs';
import type { HeyGenState } from './state';

type Body = Record<string, unknown>;

/** The translation resource of GET /v3/video-translations/{id} and the listing. */
export function translationResource(state: HeyGenState, job: SandboxJob) {
	const status = jobStatus(state, job);
	const done = status === 'completed';
	const captions = done && job.body.enable_caption === true;
	return {
		...jobTimes(state, job, status),
		input_language: (job.body.input_language as string | null | undefined) ?? 'en',
		output_language: job.language ? state.jobs.show(job.language) : null,
		translate_audio_only: job.body.translate_audio_only === true,
		audio_url: done ? state.presign(`jobs/${job.id}/audio.mp3`) : null,
		srt_caption_url: captions ? state.presign(`jobs/${job.id}/captions.srt`) : null,
		vtt_caption_url: captions ? state.presign(`jobs/${job.id}/captions.vtt`) : null,
	};
}

/** output_languages: not empty, no repeats, each one the API accepts (JobsState.acceptLanguages). */
function checkLanguages(
	state: HeyGenState,
	body: Body,
): { reply: ReturnType<typeof heyGenError> } | { languages: TranslationLanguage[] } {
	const values = body.output_languages as string[];
	const bad = (message: string) => ({
		reply: heyGenError(400, 'invalid_parameter', message, 'output_languages'),
	});
	if (!values.length) return bad('output_languages must name at least one language.');
	if (new Set(values).size !== values.length) return bad('output_languages has repeated values.');
	const languages: TranslationLanguage[] = [];
	for (const value of values) {
		const language = state.jobs.findLanguage(value);
		if (!language)
			return bad(
				`Language '${value}' is not supported. Use GET /v3/video-translations/languages for valid values.`,
			);
		languages.push(language);
	}
	return { languages };
}

export function installTranslations(api: HeyGenApi): void {
	const { route, state } = api;
	route(
		'POST',
		'/v3/video-translations',
		{ body: 'VideoTranslateCreate' },
		async (req, body, res) => {
			const early = checkCreateBasics(body);
			if (early) return early;
			if (typeof body.speaker_num === 'number' && body.speaker_num < 1)
				return heyGenError(
					400,
					'invalid_parameter',
					'speaker_num must be at least 1.',
					'speaker_num',
				);
			const langs = checkLanguages(state, body);
			if ('reply' in langs) return langs.reply;
			const video = await checkBodyMedia(state, body, 'video');
			if ('reply' in video) return video.reply;
			for (const [field, kind] of [
				['audio', 'audio'],
				['srt', 'subtitle'],
			] as const) {
				const extra = await checkBodyMedia(state, body, field, kind);
				if ('reply' in extra) return extra.reply;
			}
			const length = videoLengthCheck(state, video.seconds);
			if (length.reply) return length.reply;
			return await idempotent(state, req, res, body, () => {
				const jobs = langs.languages.map((language, i) =>
					newJob(state, 'translation', body, {
						language,
						outputLanguage: (body.output_languages as string[])[i],
						duration: video.seconds,
						aspect: sourceAspect(video.bytes),
						failure: length.failure,
					}),
				);
				const data = state.jobs.skillShape
					? {
							video_translations: jobs.map((j) => ({
								video_translation_id: j.id,
								output_language: j.outputLanguage,
							})),
						}
					: { video_translation_ids: jobs.map((j) => j.id) };
				return { body: { data } };
			});
		},
	);

	route('GET', '/v3/video-translations/languages', { query: [] }, () => ({
		body: { data: { languages: state.jobs.languages.map((l) => state.jobs.show(l)) } },
	}));

	installJobReads(api, 'translation', {
		path: '/v3/video-translations',
		idParam: 'video_translation_id',
		idsParam: 'video_translation_ids',
		noun: 'Video translation',
		resource: translationResource,
	});
}
