/**
 * Speech to text: POST /v1/speech-to-text (permission `speech_to_text`), multipart.
 *
 * Request (OpenAPI Body_Speech_to_Text_v1_speech_to_text_post, plus the SDK 2.73 fields of
 * BodySpeechToTextV1SpeechToTextPost): `model_id` and exactly one of `file`, `cloud_storage_url`
 * (deprecated in the SDK) or `source_url` (SDK only); optional language_code, diarize,
 * num_speakers (1–32), tag_audio_events, timestamps_granularity (none|word|character), file_format,
 * keyterms (scribe_v2 only: the error the docs show verbatim, elevenlabs.io/docs/eleven-api/
 * resources/errors), webhook.
 *
 * Response (SpeechToTextChunkResponseModel): `language_code`, `language_probability`, `text`,
 * `words[]` of `{text, start, end, type: word|spacing|audio_event, speaker_id, logprob}` (plus
 * `characters` with character timestamps), and the SDK's `transcription_id` and
 * `audio_duration_secs`. With use_multi_channel the MultichannelSpeechToTextResponseModel
 * (`transcripts[]`, one per channel, with channel_index); with webhook=true the documented 202.
 * The transcript is a fixed script spread evenly over the audio's estimated duration.
 * Credits: 1,000 per minute of audio, the rate ElevenLabs documents for its duration-billed
 * features (voice changer, voice isolator); the speech-to-text rate is not published as credits.
 */
import { elevenLabsErrorV2, invalidParameter, type ElevenLabsApi } from './api';
import { accept, perMinute } from './audioJobs';
import { audioFile, estimateSeconds, type ParsedForm } from './multipart';

export const STT_MODELS = ['scribe_v1', 'scribe_v1_experimental', 'scribe_v2'];

/** SDK 2.73 fields beyond the 2025-08 OpenAPI (BodySpeechToTextV1SpeechToTextPost.d.ts). */
const NEWER_FIELDS: Record<string, object> = {
	source_url: { type: 'string' },
	keyterms: { type: 'array', items: { type: 'string', maxLength: 49 }, maxItems: 1000 },
	no_verbatim: { type: 'boolean' },
	transcript_edit: { type: 'string', maxLength: 2000 },
	multichannel_output_style: { type: 'string', enum: ['separate', 'combined'] },
	use_speaker_library: { type: 'boolean' },
	detect_speaker_roles: { type: 'boolean' },
	entity_detection: { type: 'array', items: { type: 'string' } },
	entity_redaction: { type: 'array', items: { type: 'string' } },
	entity_redaction_mode: { type: 'string' },
};

const SCRIPT =
	'Welcome to the quarterly review. Revenue grew in every region. Thank you all for joining today.';

type Word = Record<string, unknown> & { text: string };

/**
 * The script's words (and one audio event) spread over `seconds`, at most ~2.5 words a second and
 * 400 in all, separated by `spacing` entries, as the API lists them.
 */
function transcriptWords(seconds: number, v: Record<string, unknown>, channel?: number): Word[] {
	const script = SCRIPT.split(' ');
	const count = Math.max(1, Math.min(400, Math.round(seconds * 2.5)));
	const tokens: Array<{ text: string; type: string }> = [];
	for (let k = 0; k < count; k++) {
		tokens.push({ text: script[k % script.length], type: 'word' });
		if (k === 4 && v.tag_audio_events !== false)
			tokens.push({ text: '(laughter)', type: 'audio_event' });
	}
	const speakers = v.diarize === true ? Math.min(Number(v.num_speakers ?? 2) || 2, 32) : 1;
	const timed = v.timestamps_granularity !== 'none';
	const step = seconds / tokens.length;
	const round = (x: number) => Math.round(x * 1000) / 1000;
	const words: Word[] = [];
	let sentence = 0;
	tokens.forEach((token, k) => {
		const start = round(k * step);
		const end = round(k * step + step * 0.8);
		const common: Record<string, unknown> = { speaker_id: `speaker_${sentence % speakers}` };
		if (channel !== undefined) common.channel_index = channel;
		if (k > 0)
			words.push({
				text: ' ',
				start: timed ? round(start - step * 0.2) : null,
				end: timed ? start : null,
				type: 'spacing',
				logprob: 0,
				...common,
			});
		const word: Word = {
			text: token.text,
			start: timed ? start : null,
			end: timed ? end : null,
			type: token.type,
			logprob: -0.05,
			...common,
		};
		if (v.timestamps_granularity === 'character')
			word.characters = Array.from(token.text).map((c, i, all) => ({
				text: c,
				start: round(start + ((end - start) * i) / all.length),
				end: round(start + ((end - start) * (i + 1)) / all.length),
			}));
		words.push(word);
		if (token.text.endsWith('.')) sentence++;
	});
	return words;
}

function chunk(seconds: number, v: Record<string, unknown>, channel?: number) {
	const words = transcriptWords(seconds, v, channel);
	return {
		language_code: typeof v.language_code === 'string' ? v.language_code : 'en',
		language_probability: typeof v.language_code === 'string' ? 1 : 0.98,
		text: words.map((w) => w.text).join(''),
		words,
		...(channel !== undefined ? { channel_index: channel } : {}),
	};
}

/** Exactly one source; keyterms only with scribe_v2; a known model. */
function refusal(v: Record<string, unknown>, form: ParsedForm) {
	const sources = ['file', 'cloud_storage_url', 'source_url'].filter((k) => k in v);
	if (sources.length !== 1)
		return invalidParameter(
			'Exactly one of the file, cloud_storage_url or source_url parameters must be provided.',
			sources[1] ?? 'file',
		);
	const model = String(v.model_id);
	if (!STT_MODELS.includes(model))
		return elevenLabsErrorV2(
			400,
			'validation_error',
			'model_not_found',
			`A model with model ID ${model} does not exist or does not support speech to text.`,
			'model_id',
		);
	if (v.keyterms && model !== 'scribe_v2')
		return invalidParameter(
			`The 'keyterms' parameter is only supported with the 'scribe_v2' model. You specified '${model}'.`,
			'keyterms',
		);
	if (sources[0] === 'file') return audioFile(form, 'file', v.file_format === 'pcm_s16le_16').error;
	return undefined;
}

export function installSpeechToText({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/speech-to-text',
		{ permission: 'speech_to_text', query: true, multipart: { newer: NEWER_FIELDS } },
		async (req, v, form) => {
			const refused = refusal(v, form!);
			if (refused) return refused;
			const file = form!.files.find((f) => f.field === 'file');
			// a URL is fetched by ElevenLabs; the sandbox treats it as 10 s of speech
			const seconds = file ? estimateSeconds(file, v.file_format === 'pcm_s16le_16') : 10;
			const accepted = await accept(state, req, {
				route: 'speech-to-text',
				values: v,
				file,
				seconds,
				characterCost: perMinute(seconds),
			});
			if ('reply' in accepted) return accepted.reply;
			const { requestId } = accepted;
			if (v.webhook === true)
				return {
					status: 202,
					body: {
						message: 'Request accepted. Transcription result will be sent to the webhook.',
						request_id: requestId,
					},
				};
			const extra = {
				transcription_id: `tr_${requestId}`,
				audio_duration_secs: Math.round(seconds * 1000) / 1000,
			};
			const body =
				v.use_multi_channel === true && v.multichannel_output_style !== 'combined'
					? { transcripts: [chunk(seconds, v, 0), chunk(seconds, v, 1)], ...extra }
					: { ...chunk(seconds, v), ...extra };
			return { headers: { 'request-id': requestId }, body };
		},
	);
}
