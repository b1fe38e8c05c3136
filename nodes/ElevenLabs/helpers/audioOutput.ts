import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { withInputFields } from '../../shared/inputFields';
import type { MultipartField } from '../../shared/multipart';
import { multipartForm } from '../../shared/multipart';
import type { AudioResult } from '../transport';
import { convertAudio } from '../transport';
import type { AudioOptions } from './audioOptions';
import { audioSeconds } from './audio';
import {
	DEFAULT_OUTPUT_FORMAT,
	formatInfo,
	OUTPUT_FORMAT_VALUES,
	resolveMimeType,
} from './formats';
import { readInputFile } from './inputFile';
import { formatFields, withExtension } from './speechOutput';

/** The output format whose MIME type is `mimeType`, if any (the format family decides the file). */
function formatForMime(mimeType: string, requested: string): string {
	if (formatInfo(requested).mimeType === mimeType) return requested;
	return OUTPUT_FORMAT_VALUES.find((f) => formatInfo(f).mimeType === mimeType) ?? requested;
}

export interface AudioOutput {
	/** The requested output format; undefined for endpoints without one (they answer MP3). */
	outputFormat?: string;
	/** Operation fields put first in the output JSON (voice, model, prompt, …). */
	json: IDataObject;
}

/**
 * The output item of an operation that answers with audio (Speech to Speech, Sound Effect, Isolate
 * Voice): the audio as a binary with the MIME type and extension of what came back (the response
 * Content-Type, else the requested format), and the JSON describing it. Same rules as Text to Speech.
 */
export async function audioItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	result: AudioResult,
	common: Pick<AudioOptions, 'fileName' | 'outputBinaryField' | 'includeInputFields'>,
	output: AudioOutput,
): Promise<INodeExecutionData> {
	const input = ctx.getInputData()[itemIndex];
	const requested = output.outputFormat ?? DEFAULT_OUTPUT_FORMAT;
	const mimeType = resolveMimeType(requested, result.contentType);
	const format = formatInfo(formatForMime(mimeType, requested));
	const fileName = withExtension(common.fileName, format.extension);
	const audio = await ctx.helpers.prepareBinaryData(result.audio, fileName, mimeType);
	audio.fileExtension = format.extension;
	audio.mimeType = mimeType;
	const seconds = audioSeconds(format.codec, format.sampleRate, result.audio);
	const json: IDataObject = {
		...output.json,
		outputFormat: output.outputFormat ?? null,
		mimeType,
		fileName,
		fileExtension: format.extension,
		...(output.outputFormat ? formatFields(format) : {}),
		durationSeconds: seconds > 0 ? Math.round(seconds * 1000) / 1000 : null,
		byteSize: result.audio.length,
		charactersBilled: result.characterCost ?? null,
		requestId: result.requestId ?? null,
	};
	const binary: IBinaryKeyData = { [common.outputBinaryField]: audio };
	return withInputFields(input, { json, binary }, common.includeInputFields);
}

/**
 * Speech to Speech and Isolate Voice: the item's recording (Input Binary Field, streamed) sent to
 * `request.path` as the multipart part `audio` after `fields` (and `file_format` for raw PCM), and
 * the audio that comes back as the output item, with the recording's name and size.
 */
export async function convertRecording(
	ctx: IExecuteFunctions,
	itemIndex: number,
	common: AudioOptions,
	request: { path: string; operation: string; qs?: IDataObject; fields: MultipartField[] },
	output: AudioOutput,
): Promise<INodeExecutionData> {
	const fields: MultipartField[] = [...request.fields];
	if (common.rawPcm) fields.push(['file_format', 'pcm_s16le_16']);
	const file = await readInputFile(
		ctx,
		itemIndex,
		ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		{ rawPcm: common.rawPcm },
	);
	const result = await convertAudio.call(ctx, {
		path: request.path,
		qs: request.qs,
		form: multipartForm(fields, [file.part('audio')]),
		operation: request.operation,
		itemIndex,
		retry: common.retry,
	});
	return await audioItem(ctx, itemIndex, result, common, {
		...output,
		json: { ...output.json, sourceFileName: file.fileName, sourceBytes: file.size },
	});
}
