import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { textValue } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { numberOption } from '../../helpers/audioOptions';
import {
	DEFAULT_OUTPUT_FORMAT,
	formatInfo,
	OUTPUT_FORMAT_OPTIONS,
	resolveMimeType,
} from '../../helpers/formats';
import { binaryOutputOptions, readOutputBinaryField } from '../../helpers/binaryOutput';
import { checkedLength, voiceDescriptionParameter } from '../../helpers/voiceDesign';
import { designVoice } from '../../transport';

const properties: INodeProperties[] = [
	voiceDescriptionParameter(''),
	{
		displayName: 'Preview Text',
		name: 'previewText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'What the previews say, 100 to 1000 characters. Leave empty to let ElevenLabs write a text that suits the description.',
	},
	{
		displayName: 'Model',
		name: 'modelId',
		type: 'options',
		options: [
			{ name: 'Eleven Multilingual TTV V2', value: 'eleven_multilingual_ttv_v2' },
			{ name: 'Eleven TTV V3', value: 'eleven_ttv_v3' },
		],
		default: 'eleven_multilingual_ttv_v2',
		description: 'The voice design model',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		// the design endpoint has no WAV formats (OpenAPI 2025-08 and SDK AllowedOutputFormats)
		options: OUTPUT_FORMAT_OPTIONS.filter((o) => !String(o.value).startsWith('wav_')),
		default: DEFAULT_OUTPUT_FORMAT,
		description: 'Codec, sample rate and bitrate of the preview audio',
	},
	binaryOutputOptions(
		[
			{
				displayName: 'Enhance Description',
				name: 'shouldEnhance',
				type: 'boolean',
				default: false,
				description:
					'Whether ElevenLabs expands a short description into a more detailed one before designing (newer API; ignored where unsupported)',
			},
			{
				displayName: 'Guidance Scale',
				name: 'guidanceScale',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 5,
				description:
					'How strictly the voice follows the description (0–100). High values can sound artificial.',
			},
			{
				displayName: 'Loudness',
				name: 'loudness',
				type: 'number',
				typeOptions: { minValue: -1, maxValue: 1, numberPrecision: 2 },
				default: 0.5,
				description: 'Volume from -1 (quietest) to 1 (loudest); 0 is about -24 LUFS',
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 2147483647 },
				default: 0,
				description: 'The same seed with the same inputs gives the same voices',
			},
		],
		'Each preview is an output item of its own, with its audio in this field',
	),
];

const displayOptions = { show: { resource: ['voice'], operation: ['design'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /v1/text-to-voice/design: a description (and optionally the text to speak) → three previews.
 * One output item per preview, its audio decoded into a binary; save the one you like with
 * Voice → Save Designed Voice (its generated_voice_id is in the item).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const voiceDescription = checkedLength(this, 'voiceDescription', 'Voice Description', itemIndex);
	const previewText = textValue(
		this,
		this.getNodeParameter('previewText', itemIndex, ''),
		'Preview Text',
		itemIndex,
	).trim();
	if (previewText) checkedLength(this, 'previewText', 'Preview Text', itemIndex, 100);
	const modelId = this.getNodeParameter('modelId', itemIndex) as string;
	const outputFormat = this.getNodeParameter('outputFormat', itemIndex) as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputField = readOutputBinaryField(this, options, itemIndex);

	const body: IDataObject = { voice_description: voiceDescription, model_id: modelId };
	if (previewText) body.text = previewText;
	else body.auto_generate_text = true;
	const number = (name: string, label: string, min: number, max: number) =>
		numberOption(this, itemIndex, options[name], label, { min, max });
	const guidance = number('guidanceScale', 'Guidance Scale', 0, 100);
	if (guidance !== undefined) body.guidance_scale = guidance;
	const loudness = number('loudness', 'Loudness', -1, 1);
	if (loudness !== undefined) body.loudness = loudness;
	const seed = number('seed', 'Seed', 0, 2147483647);
	if (seed !== undefined) body.seed = Math.floor(seed);
	if (options.shouldEnhance === true) body.should_enhance = true;

	const response = await designVoice.call(this, { output_format: outputFormat }, body, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	const previews = Array.isArray(response.previews) ? (response.previews as IDataObject[]) : [];
	if (previews.length === 0)
		throw new NodeOperationError(this.getNode(), 'ElevenLabs returned no voice previews', {
			itemIndex,
			description: 'Try again, or reword the voice description.',
		});
	const format = formatInfo(outputFormat);
	const out: INodeExecutionData[] = [];
	for (const [k, preview] of previews.entries()) {
		const audio = Buffer.from(
			String(preview.audio_base_64 ?? preview.audio_base64 ?? ''),
			'base64',
		);
		if (audio.length === 0)
			throw new NodeOperationError(this.getNode(), `Voice preview ${k + 1} has no audio`, {
				itemIndex,
			});
		const generatedVoiceId = String(preview.generated_voice_id);
		const mimeType = resolveMimeType(outputFormat, preview.media_type as string | undefined);
		const fileName = `voice-preview-${k + 1}.${format.extension}`;
		const binary = await this.helpers.prepareBinaryData(audio, fileName, mimeType);
		binary.fileExtension = format.extension;
		out.push({
			json: {
				generated_voice_id: generatedVoiceId,
				preview: k + 1,
				voice_description: voiceDescription,
				text: response.text ?? previewText,
				model_id: modelId,
				output_format: outputFormat,
				media_type: preview.media_type ?? mimeType,
				duration_secs: preview.duration_secs ?? null,
				...(preview.language ? { language: preview.language } : {}),
				fileName,
				byteSize: audio.length,
			},
			binary: { [outputField]: binary },
		});
	}
	return out;
}
