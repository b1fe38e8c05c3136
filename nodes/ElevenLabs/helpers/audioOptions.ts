import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { includeInputFields, includeInputFieldsOption } from '../../shared/inputFields';
import { describeValue, textValue } from '../../shared/params';
import type { RetryOptions } from '../../shared/transport';
import { getRetryOptions } from '../../shared/transport';
import { binaryOutputOptions, readOutputBinaryField } from './binaryOutput';
import { OUTPUT_FORMAT_VALUES } from './formats';

/**
 * Parameters shared by the operations that take an audio file or give one back (Text to Speech,
 * Speech to Text, Speech to Speech, Sound Effect, Isolate Voice), and the readers that check them.
 */

/** Speech-to-speech models when the key may not read GET /v1/models (ElevenLabs docs, models.mdx). */
export const STS_MODEL_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Eleven English V2 (Speech to Speech)',
		value: 'eleven_english_sts_v2',
		description: 'English only',
	},
	{
		name: 'Eleven Multilingual V2 (Speech to Speech)',
		value: 'eleven_multilingual_sts_v2',
		description: '29 languages',
	},
];

export const DEFAULT_STS_MODEL = 'eleven_multilingual_sts_v2';

/**
 * Scribe models. GET /v1/models lists text-to-speech and voice-conversion models only, so this list
 * is static: the OpenAPI (2025-08) names scribe_v1 and scribe_v1_experimental, the current docs and
 * SDK add scribe_v2. Other IDs can be entered as an expression.
 */
export const STT_MODEL_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Scribe V1', value: 'scribe_v1', description: '99 languages, word timestamps' },
	{
		name: 'Scribe V1 Experimental',
		value: 'scribe_v1_experimental',
		description: 'Scribe v1 with experimental improvements',
	},
	{
		name: 'Scribe V2',
		value: 'scribe_v2',
		description: 'Newer model (current API); adds key terms and no-verbatim mode',
	},
];

export const DEFAULT_STT_MODEL = 'scribe_v1';

/** The input file: the name of the binary field that holds it. */
export const inputBinaryField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	placeholder: 'e.g. data',
	hint: 'The name of the input binary field containing the audio or video file',
};

export const inputFormatOption: INodeProperties = {
	displayName: 'Input Format',
	name: 'fileFormat',
	type: 'options',
	options: [
		{
			name: 'Any Audio or Video File',
			value: 'other',
			description: 'MP3, WAV, M4A, OGG, FLAC, MP4, WebM, …',
		},
		{
			name: 'Raw PCM, 16-Bit, 16 kHz, Mono',
			value: 'pcm_s16le_16',
			description: 'Headerless signed 16-bit little-endian samples (lower latency)',
		},
	],
	default: 'other',
	description: 'The format of the input audio',
};

export function fileNameOption(defaultName: string): INodeProperties {
	return {
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: defaultName,
		description: 'Name of the audio file; the extension of the audio format is added when missing',
	};
}

/** The seed of Text to Speech and Speech to Speech (the API's range). */
export const seedOption: INodeProperties = {
	displayName: 'Seed',
	name: 'seed',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 4294967295 },
	default: 0,
	description: 'Integer 0–4294967295 for (best-effort) repeatable results',
};

/**
 * The Options of an operation that outputs one audio file (Text to Speech, Speech to Speech, Sound
 * Effect, Isolate Voice): Put Output File in Field, File Name, Include Input Fields, `more`, Retry.
 */
export function audioOutputOptions(
	defaultFileName: string,
	more: INodeProperties[],
	binaryDescription?: string,
): INodeProperties {
	return binaryOutputOptions(
		[fileNameOption(defaultFileName), includeInputFieldsOption, ...more],
		binaryDescription,
	);
}

export const enableLoggingOption: INodeProperties = {
	displayName: 'Enable Logging',
	name: 'enableLogging',
	type: 'boolean',
	default: true,
	description:
		'Whether ElevenLabs keeps the request in its history. Off = zero-retention mode (enterprise only).',
};

/** The common part of one item's options, read and checked. */
export interface AudioOptions {
	options: IDataObject;
	fileName: string;
	/** Put Output File in Field. */
	outputBinaryField: string;
	includeInputFields: boolean;
	rawPcm: boolean;
	/** Query parameters every upload sends: `enable_logging=false` when logging is off. */
	qs: IDataObject;
	retry: Partial<RetryOptions>;
}

export function readAudioOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaultFileName: string,
): AudioOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const text = (value: unknown, field: string) => textValue(ctx, value, field, itemIndex).trim();
	const qs: IDataObject = {};
	if (options.enableLogging === false) qs.enable_logging = false;
	return {
		options,
		fileName: text(options.fileName, 'File Name') || defaultFileName,
		outputBinaryField: readOutputBinaryField(ctx, options, itemIndex),
		includeInputFields: includeInputFields(ctx, itemIndex),
		rawPcm: options.fileFormat === 'pcm_s16le_16',
		qs,
		retry: getRetryOptions(ctx, itemIndex),
	};
}

/** A required text parameter, trimmed; `what` names it in the error. */
export function requiredText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	what: string,
	hint: string,
): string {
	const value = textValue(ctx, ctx.getNodeParameter(name, itemIndex, ''), what, itemIndex).trim();
	if (!value)
		throw new NodeOperationError(ctx.getNode(), `${what} is empty`, {
			itemIndex,
			description: hint,
		});
	return value;
}

/** The Output Format parameter: one of the formats the API accepts. */
export function readOutputFormat(ctx: IExecuteFunctions, itemIndex: number): string {
	const format = requiredText(ctx, itemIndex, 'outputFormat', 'Output Format', 'Pick a format.');
	if (!(OUTPUT_FORMAT_VALUES as readonly string[]).includes(format))
		throw new NodeOperationError(ctx.getNode(), `Unknown Output Format "${format}"`, {
			itemIndex,
			description: `Use one of: ${OUTPUT_FORMAT_VALUES.join(', ')}`,
		});
	return format;
}

/**
 * An optional number option: undefined when not added, else checked against [min, max] (and to be
 * a whole number with `integer`). Expressions can produce anything, so the UI's range is checked again.
 */
export function numberOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
	range: { min: number; max: number; integer?: boolean },
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (
		typeof value !== 'number' ||
		!(value >= range.min && value <= range.max) ||
		(range.integer && !Number.isInteger(value))
	)
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} (got ${describeValue(value)})`,
			{ itemIndex },
		);
	return value;
}
