import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { MultipartField, MultipartFile } from '../../shared/multipart';
import { textValue } from '../../shared/params';
import type { AudioOptions } from './audioOptions';
import { numberOption, readAudioOptions, requiredText } from './audioOptions';
import { readInputFile } from './inputFile';

/** The file must be smaller than 5 GB (SDK 2.73; the 2025-08 OpenAPI said 3 GB): the larger bound. */
const MAX_FILE_BYTES = 5 * 1024 ** 3;

/** One item's Speech to Text request: the form to send and what the output needs. */
export interface TranscriptRequest extends AudioOptions {
	modelId: string;
	fields: MultipartField[];
	files: MultipartFile[];
	/** The input file's name (binary source only). */
	sourceFile?: string;
	includeWords: boolean;
	/** Binary field prefix for the SRT/VTT files; undefined = no subtitles. */
	subtitles?: string;
}

/** The form fields of the options the user set (only those are sent). */
function optionFields(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject) {
	const fields: MultipartField[] = [];
	const add = (name: string, value: unknown) => {
		if (value !== undefined && value !== '') fields.push([name, String(value)]);
	};
	add('language_code', textValue(ctx, options.languageCode, 'Language Code', itemIndex).trim());
	if (typeof options.diarize === 'boolean') add('diarize', options.diarize);
	const speakers = numberOption(ctx, itemIndex, options.numSpeakers, 'Number of Speakers', {
		min: 1,
		max: 32,
		integer: true,
	});
	add('num_speakers', speakers);
	if (typeof options.tagAudioEvents === 'boolean') add('tag_audio_events', options.tagAudioEvents);
	add('timestamps_granularity', options.timestampsGranularity);
	if (options.fileFormat === 'pcm_s16le_16') add('file_format', 'pcm_s16le_16');
	// one `keyterms` field per term, as the SDK sends the list
	for (const term of textValue(ctx, options.keyterms, 'Key Terms', itemIndex).split(','))
		add('keyterms', term.trim());
	return fields;
}

/** The File URL: HTTPS only (ElevenLabs downloads it itself). */
function fileUrl(ctx: IExecuteFunctions, itemIndex: number): string {
	const url = requiredText(ctx, itemIndex, 'url', 'File URL', 'Enter an HTTPS link.');
	if (!/^https:\/\/[^\s/]+/i.test(url))
		throw new NodeOperationError(
			ctx.getNode(),
			`File URL must start with https:// (got "${url.slice(0, 80)}")`,
			{
				itemIndex,
				description: 'ElevenLabs downloads the file itself and accepts HTTPS links only.',
			},
		);
	return url;
}

/** Reads and checks one item's parameters, and the input file (not its content: that is streamed). */
export async function readTranscriptRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<TranscriptRequest> {
	const common = readAudioOptions(ctx, itemIndex, 'transcript');
	const { options } = common;
	const modelId = requiredText(ctx, itemIndex, 'sttModelId', 'Model', 'Pick a Scribe model.');
	if (options.subtitles === true && options.timestampsGranularity === 'none')
		throw new NodeOperationError(ctx.getNode(), 'Subtitles need word timestamps', {
			itemIndex,
			description: 'Set Timestamps to Word or Character, or turn Subtitles off.',
		});
	const request: TranscriptRequest = {
		...common,
		modelId,
		fields: [['model_id', modelId], ...optionFields(ctx, itemIndex, options)],
		files: [],
		includeWords: options.includeWords !== false,
		subtitles:
			options.subtitles === true
				? textValue(ctx, options.subtitlesField, 'Subtitles Field Prefix', itemIndex).trim() ||
					'subtitles'
				: undefined,
	};
	if (ctx.getNodeParameter('source', itemIndex, 'binary') === 'url') {
		// source_url (current API) or the deprecated cloud_storage_url (the 2025-08 OpenAPI's field)
		request.fields.push([(options.urlField as string) || 'source_url', fileUrl(ctx, itemIndex)]);
		return request;
	}
	const file = await readInputFile(
		ctx,
		itemIndex,
		ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		{ maxBytes: MAX_FILE_BYTES, rawPcm: common.rawPcm },
	);
	request.files.push(file.part('file'));
	request.sourceFile = file.fileName;
	return request;
}
