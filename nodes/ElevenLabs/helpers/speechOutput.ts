import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { withInputFields } from '../../shared/inputFields';
import type { FormatInfo } from './formats';
import { resolveMimeType } from './formats';
import type { SpeechRequest } from './speechRequest';
import { mergeAlignments, toSrt, toVtt, wordsFromAlignment } from './subtitles';
import type { SpeechChunk, Synthesis } from './synthesize';
import { codePointLength } from './text';

/** The output item: the audio (plus subtitle files with timestamps) and what describes it. */
export async function speechItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: SpeechRequest,
	synthesis: Synthesis,
	voiceName: string | undefined,
): Promise<INodeExecutionData> {
	const input = ctx.getInputData()[itemIndex];
	const { format, outputBinaryField } = request;
	const fileName = withExtension(request.fileName, format.extension);
	// with timestamps the response is JSON, so its Content-Type says nothing about the audio
	const mimeType = resolveMimeType(
		request.outputFormat,
		request.timestamps ? undefined : synthesis.contentType,
	);
	const binary: IBinaryKeyData = {};
	const audio = await ctx.helpers.prepareBinaryData(synthesis.audio, fileName, mimeType);
	audio.fileExtension = format.extension;
	audio.mimeType = mimeType;
	binary[outputBinaryField] = audio;

	const json = speechJson(request, synthesis, { voiceName, fileName, mimeType });
	if (request.timestamps) {
		const subtitles = subtitleFiles(synthesis.chunks, fileName);
		for (const file of subtitles.files)
			binary[`${outputBinaryField}_${file.suffix}`] = await ctx.helpers.prepareBinaryData(
				file.data,
				file.fileName,
				file.mimeType,
			);
		json.wordCount = subtitles.wordCount;
	}
	return withInputFields(input, { json, binary }, request.includeInputFields);
}

/** The output JSON describing the speech (the input fields are added by the caller). */
export function speechJson(
	request: SpeechRequest,
	synthesis: Synthesis,
	file: { voiceName?: string; fileName: string; mimeType: string },
): IDataObject {
	const seconds = synthesis.chunks.reduce((sum, chunk) => sum + chunk.seconds, 0);
	return {
		voiceId: request.voiceId,
		voiceName: file.voiceName ?? null,
		modelId: request.modelId,
		outputFormat: request.outputFormat,
		mimeType: file.mimeType,
		fileName: file.fileName,
		fileExtension: request.format.extension,
		...formatFields(request.format),
		characters: codePointLength(request.text),
		charactersBilled: synthesis.charactersBilled ?? null,
		requestIds: synthesis.requestIds,
		durationSeconds: Math.round(seconds * 1000) / 1000,
		byteSize: synthesis.audio.length,
		chunkCount: synthesis.chunks.length,
		stitching: synthesis.stitching,
	};
}

/** Sample rate and bitrate; for headerless formats also what a player needs to read the samples. */
export function formatFields(format: FormatInfo): IDataObject {
	const fields: IDataObject = { sampleRate: format.sampleRate };
	if (format.bitrateKbps) fields.bitrateKbps = format.bitrateKbps;
	if (format.codec === 'pcm')
		Object.assign(fields, { encoding: 'pcm_s16le', channels: 1, bitsPerSample: 16 });
	if (format.codec === 'ulaw' || format.codec === 'alaw')
		Object.assign(fields, { encoding: `g711_${format.codec}`, channels: 1 });
	return fields;
}

/** The file name with the format's extension added when missing; "speech" when empty. */
export function withExtension(name: string, extension: string): string {
	const base = name.trim() || 'speech';
	return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
}

/** The merged alignment (JSON, with words) and word-level SRT and WebVTT subtitles. */
export function subtitleFiles(
	chunks: SpeechChunk[],
	audioFileName: string,
): {
	wordCount: number;
	files: Array<{ suffix: string; fileName: string; mimeType: string; data: Buffer }>;
} {
	const alignment = mergeAlignments(chunks);
	const words = wordsFromAlignment(alignment);
	const base = audioFileName.replace(/\.[^.]+$/, '');
	const file = (suffix: string, extension: string, mimeType: string, text: string) => ({
		suffix,
		fileName: `${base}.${extension}`,
		mimeType,
		data: Buffer.from(text, 'utf8'),
	});
	return {
		wordCount: words.length,
		files: [
			file(
				'alignment',
				'alignment.json',
				'application/json',
				JSON.stringify({ ...alignment, words }),
			),
			file('srt', 'srt', 'application/x-subrip', toSrt(words)),
			file('vtt', 'vtt', 'text/vtt', toVtt(words)),
		],
	};
}
