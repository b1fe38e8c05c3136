import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { includeInputFields } from '../../shared/inputFields';
import { describeValue, textValue } from '../../shared/params';
import type { RetryOptions } from '../../shared/transport';
import { getRetryOptions } from '../../shared/transport';
import type { FormatInfo } from './formats';
import { readOutputBinaryField } from './binaryOutput';
import { DEFAULT_OUTPUT_FORMAT, formatInfo, OUTPUT_FORMAT_VALUES } from './formats';
import { DEFAULT_MODEL } from './models';
import { codePointLength } from './text';
import { readVoice } from './voiceParameter';
import { voiceSettingOverrides } from './voiceSettings';

/** One item's Text to Speech parameters, read and checked before any request is made. */
export interface SpeechRequest {
	voiceId: string;
	/** Known without a request only for a voice picked from the list. */
	voiceName?: string;
	modelId: string;
	/** Trimmed. */
	text: string;
	outputFormat: string;
	format: FormatInfo;
	/** The body fields every chunk sends (model, language, seed, normalization, dictionaries). */
	body: IDataObject;
	/** Voice Settings the user added, in the API's field names. */
	voiceSettings: IDataObject;
	timestamps: boolean;
	enableLogging: boolean;
	splitLongText: boolean;
	/** Whether a timed-out request is sent again although it may have been billed. */
	retryTimeouts: boolean;
	previousText: string;
	nextText: string;
	/** Put Output File in Field. */
	outputBinaryField: string;
	fileName: string;
	includeInputFields: boolean;
	retry: Partial<RetryOptions>;
}

export function readSpeechRequest(ctx: IExecuteFunctions, itemIndex: number): SpeechRequest {
	const node = ctx.getNode();
	const text = (value: unknown, field: string) => textValue(ctx, value, field, itemIndex).trim();
	const parameter = (name: string, field: string, fallback = '') =>
		text(ctx.getNodeParameter(name, itemIndex, fallback), field);

	const voice = readVoice(ctx, itemIndex);
	const required = {
		modelId: parameter('modelId', 'Model'),
		text: parameter('text', 'Text'),
		outputFormat: parameter('outputFormat', 'Output Format', DEFAULT_OUTPUT_FORMAT),
	};
	checkRequired(node, itemIndex, required);
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	checkMaxCharacters(node, itemIndex, required.text, options.maxCharacters);
	const dictionaries = ((options.pronunciationDictionaries as IDataObject | undefined)
		?.dictionary ?? []) as IDataObject[];

	return {
		...required,
		voiceId: voice.id,
		voiceName: voice.listedName,
		format: formatInfo(required.outputFormat),
		body: sharedBody(node, itemIndex, {
			modelId: required.modelId,
			languageCode: text(options.languageCode, 'Language Code'),
			seed: options.seed,
			applyTextNormalization: options.applyTextNormalization,
			applyLanguageTextNormalization: options.applyLanguageTextNormalization,
			dictionaries: dictionaries.map((d) => ({
				id: text(d.dictionaryId, 'Dictionary ID'),
				version: text(d.versionId, 'Version ID'),
			})),
		}),
		voiceSettings: voiceSettingOverrides(node, itemIndex, options.voiceSettings as IDataObject),
		timestamps: options.timestamps === true,
		enableLogging: options.enableLogging !== false,
		splitLongText: options.splitLongText !== false,
		retryTimeouts: options.retryTimeouts === true,
		previousText: text(options.previousText, 'Previous Text'),
		nextText: text(options.nextText, 'Next Text'),
		outputBinaryField: readOutputBinaryField(ctx, options, itemIndex),
		fileName: text(options.fileName ?? 'speech', 'File Name'),
		includeInputFields: includeInputFields(ctx, itemIndex),
		retry: getRetryOptions(ctx, itemIndex),
	};
}

/** Model, text and output format must be set; the format must be one the API accepts. */
export function checkRequired(
	node: INode,
	itemIndex: number,
	input: { modelId: string; text: string; outputFormat: string },
): void {
	if (!input.modelId)
		throw new NodeOperationError(node, 'No model selected', {
			itemIndex,
			description: `Choose a model, e.g. ${DEFAULT_MODEL}.`,
		});
	if (!input.text)
		throw new NodeOperationError(node, 'The text to speak is empty (Text)', {
			itemIndex,
			description: 'Check the Text parameter (and the expression it uses).',
		});
	if (!(OUTPUT_FORMAT_VALUES as readonly string[]).includes(input.outputFormat))
		throw new NodeOperationError(node, `Unknown Output Format "${input.outputFormat}"`, {
			itemIndex,
			description: `Use one of: ${OUTPUT_FORMAT_VALUES.join(', ')}`,
		});
}

/**
 * Default of Options → Max Characters. Characters are billed, so an expression that runs away (a
 * whole document or JSON object instead of one field) must stop before any request; 50,000 is
 * above the largest per-request limit of any model (40,000, Flash/Turbo v2.5) and about 50 minutes
 * of speech at ElevenLabs' ~1,000 characters a minute, so real scripts pass.
 */
export const DEFAULT_MAX_CHARACTERS = 50_000;

/** Options → Max Characters: a longer text fails before any request; 0 = no limit. */
export function checkMaxCharacters(
	node: INode,
	itemIndex: number,
	text: string,
	maxCharacters: unknown = DEFAULT_MAX_CHARACTERS,
): void {
	const max =
		maxCharacters === '' || maxCharacters === null ? DEFAULT_MAX_CHARACTERS : maxCharacters;
	if (typeof max !== 'number' || !Number.isInteger(max) || max < 0)
		throw new NodeOperationError(
			node,
			`Max Characters must be a whole number of at least 0 (got ${describeValue(maxCharacters)})`,
			{ itemIndex, description: '0 means no limit.' },
		);
	const length = codePointLength(text);
	if (max === 0 || length <= max) return;
	const n = (x: number) => x.toLocaleString('en-US');
	throw new NodeOperationError(
		node,
		`Text has ${n(length)} characters, more than Max Characters allows (${n(max)}) [item ${itemIndex}]`,
		{
			itemIndex,
			description:
				'Nothing was sent to ElevenLabs (characters are billed). Check the Text expression, or raise Options → Max Characters (0 = no limit).',
		},
	);
}

/** The request body fields shared by every chunk; only what the user set is sent. */
export function sharedBody(
	node: INode,
	itemIndex: number,
	input: {
		modelId: string;
		languageCode: string;
		seed: unknown;
		applyTextNormalization: unknown;
		applyLanguageTextNormalization: unknown;
		dictionaries: Array<{ id: string; version: string }>;
	},
): IDataObject {
	const body: IDataObject = { model_id: input.modelId };
	if (input.languageCode) body.language_code = input.languageCode;
	const seed = input.seed;
	if (seed !== undefined && seed !== null && seed !== '') {
		if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 4294967295)
			throw new NodeOperationError(
				node,
				`Seed must be an integer from 0 to 4294967295 (got ${describeValue(seed)})`,
				{ itemIndex },
			);
		body.seed = seed;
	}
	if (typeof input.applyTextNormalization === 'string')
		body.apply_text_normalization = input.applyTextNormalization;
	if (input.applyLanguageTextNormalization === true) body.apply_language_text_normalization = true;
	if (input.dictionaries.length > 3)
		throw new NodeOperationError(node, 'At most 3 pronunciation dictionaries can be used', {
			itemIndex,
		});
	if (input.dictionaries.length)
		body.pronunciation_dictionary_locators = input.dictionaries.map((d) =>
			d.version
				? { pronunciation_dictionary_id: d.id, version_id: d.version }
				: { pronunciation_dictionary_id: d.id },
		);
	return body;
}
