import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { withInputFields } from '../../shared/inputFields';
import type { WordTiming } from './subtitles';
import { toSrt, toVtt } from './subtitles';
import type { TranscriptRequest } from './transcriptRequest';

/**
 * Speech-to-text responses (OpenAPI SpeechToTextChunkResponseModel, or with use_multi_channel the
 * MultichannelSpeechToTextResponseModel `{transcripts: [...]}`) turned into the node's output:
 * the text, language, words, and SRT/WebVTT subtitles built from the word timings with the same
 * builder as Text to Speech's.
 */

/** One entry of `words[]`: `{text, start, end, type: word|spacing|audio_event, speaker_id, …}`. */
export interface TranscriptWord extends IDataObject {
	text: string;
	start?: number | null;
	end?: number | null;
	type?: string;
	speaker_id?: string | null;
}

/** The channels of a response: the single transcript, or each of `transcripts`. */
export function channelsOf(body: IDataObject): IDataObject[] {
	return Array.isArray(body.transcripts) ? (body.transcripts as IDataObject[]) : [body];
}

/** Every word of every channel, ordered by start time. */
export function wordsOf(body: IDataObject): TranscriptWord[] {
	const words = channelsOf(body).flatMap((c) =>
		Array.isArray(c.words) ? (c.words as TranscriptWord[]) : [],
	);
	return words
		.map((w, k) => ({ w, k }))
		.sort((a, b) => (a.w.start ?? 0) - (b.w.start ?? 0) || a.k - b.k)
		.map(({ w }) => w);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The subtitle cues: one per spoken word or audio event ("(laughter)") that has timings; spacing
 * is dropped. Cues are kept strictly ordered and non-overlapping, as players expect.
 */
export function cuesOf(words: TranscriptWord[]): WordTiming[] {
	const cues: WordTiming[] = [];
	let last = 0;
	for (const word of words) {
		if (word.type === 'spacing' || typeof word.start !== 'number') continue;
		const text = String(word.text ?? '').trim();
		if (!text) continue;
		const start = round3(Math.max(word.start, last));
		const end = round3(Math.max(typeof word.end === 'number' ? word.end : start, start + 0.001));
		cues.push({ text, start, end });
		last = end;
	}
	return cues;
}

/** The output JSON: the API's fields, the combined text of all channels, and a short summary. */
export function transcriptJson(body: IDataObject, includeWords: boolean): IDataObject {
	const channels = channelsOf(body);
	const words = wordsOf(body);
	const speakers = [
		...new Set(words.map((w) => w.speaker_id).filter((s): s is string => !!s)),
	].sort();
	const lastEnd = words.reduce((max, w) => Math.max(max, Number(w.end) || 0), 0);
	const json: IDataObject = { ...body };
	if (Array.isArray(body.transcripts)) {
		json.text = channels.map((c) => String(c.text ?? '')).join('\n');
		json.language_code ??= channels[0]?.language_code ?? null;
		if (!includeWords)
			json.transcripts = channels.map((c) => {
				const copy = { ...c };
				delete copy.words;
				return copy;
			});
	}
	if (!includeWords) delete json.words;
	json.wordCount = words.filter((w) => w.type === undefined || w.type === 'word').length;
	json.speakers = speakers;
	json.durationSeconds =
		typeof body.audio_duration_secs === 'number' ? body.audio_duration_secs : round3(lastEnd);
	return json;
}

/** SRT and WebVTT files of the transcript's words. */
export function transcriptSubtitles(
	body: IDataObject,
	baseName: string,
): {
	cueCount: number;
	files: Array<{ suffix: string; fileName: string; mimeType: string; data: Buffer }>;
} {
	const cues = cuesOf(wordsOf(body));
	return {
		cueCount: cues.length,
		files: [
			{
				suffix: 'srt',
				fileName: `${baseName}.srt`,
				mimeType: 'application/x-subrip',
				data: Buffer.from(toSrt(cues), 'utf8'),
			},
			{
				suffix: 'vtt',
				fileName: `${baseName}.vtt`,
				mimeType: 'text/vtt',
				data: Buffer.from(toVtt(cues), 'utf8'),
			},
		],
	};
}

/** The output item: the transcript JSON, and the subtitle files when asked for. */
export async function transcriptItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: TranscriptRequest,
	response: { body: IDataObject; requestId?: string },
): Promise<INodeExecutionData> {
	const input = ctx.getInputData()[itemIndex];
	const json: IDataObject = {
		...transcriptJson(response.body, request.includeWords),
		modelId: request.modelId,
		sourceFileName: request.sourceFile ?? null,
		requestId: response.requestId ?? null,
	};
	const binary: IBinaryKeyData = {};
	if (request.subtitles) {
		const base = (request.sourceFile ?? request.fileName).replace(/\.[^.]+$/, '') || 'transcript';
		const subtitles = transcriptSubtitles(response.body, base);
		for (const file of subtitles.files)
			binary[`${request.subtitles}_${file.suffix}`] = await ctx.helpers.prepareBinaryData(
				file.data,
				file.fileName,
				file.mimeType,
			);
		json.subtitleCues = subtitles.cueCount;
	}
	const output: INodeExecutionData = Object.keys(binary).length ? { json, binary } : { json };
	return withInputFields(input, output, request.includeInputFields);
}
