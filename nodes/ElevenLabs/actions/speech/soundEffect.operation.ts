import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { textValue } from '../../../shared/params';
import {
	audioOutputOptions,
	numberOption,
	readAudioOptions,
	readOutputFormat,
	requiredText,
} from '../../helpers/audioOptions';
import { audioItem } from '../../helpers/audioOutput';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMAT_OPTIONS } from '../../helpers/formats';
import { generateSoundEffect } from '../../transport';

/** The only sound-effects model the SDK names; looping needs it (SDK CreateSoundEffectRequest). */
export const SOUND_MODEL = 'eleven_text_to_sound_v2';

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. A heavy wooden door creaking open in an empty hall',
		description: 'A description of the sound to generate',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: OUTPUT_FORMAT_OPTIONS,
		default: DEFAULT_OUTPUT_FORMAT,
		description: 'Codec, sample rate and bitrate of the sound',
	},
	audioOutputOptions('sound-effect', [
		{
			displayName: 'Duration (Seconds)',
			name: 'durationSeconds',
			type: 'number',
			typeOptions: { minValue: 0.5, maxValue: 30, numberPrecision: 1 },
			default: 5,
			description:
				'Length of the sound, 0.5–30 s. Not added: ElevenLabs picks a length that fits the prompt.',
		},
		{
			displayName: 'Loop',
			name: 'loop',
			type: 'boolean',
			default: false,
			description: `Whether the sound should loop seamlessly (model ${SOUND_MODEL})`,
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: SOUND_MODEL,
			description: 'The sound-effects model ID',
		},
		{
			displayName: 'Prompt Influence',
			name: 'promptInfluence',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.3,
			description:
				'How closely the sound follows the prompt, 0–1: higher is more literal and less varied',
		},
	]),
];

const displayOptions = { show: { resource: ['speech'], operation: ['soundEffect'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** POST /v1/sound-generation: a sound effect from a text prompt. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const prompt = requiredText(
		this,
		itemIndex,
		'prompt',
		'Prompt',
		'Describe the sound to generate.',
	);
	const outputFormat = readOutputFormat(this, itemIndex);
	const common = readAudioOptions(this, itemIndex, 'sound-effect');
	const { options } = common;
	const body: IDataObject = { text: prompt };
	const duration = numberOption(this, itemIndex, options.durationSeconds, 'Duration (Seconds)', {
		min: 0.5,
		max: 30,
	});
	if (duration !== undefined) body.duration_seconds = duration;
	const influence = numberOption(this, itemIndex, options.promptInfluence, 'Prompt Influence', {
		min: 0,
		max: 1,
	});
	if (influence !== undefined) body.prompt_influence = influence;
	const model = textValue(this, options.model, 'Model', itemIndex).trim();
	if (options.loop === true) {
		body.loop = true;
		body.model_id = model || SOUND_MODEL;
	} else if (model) {
		body.model_id = model;
	}

	const result = await generateSoundEffect.call(this, {
		qs: { output_format: outputFormat },
		body,
		itemIndex,
		retry: common.retry,
	});
	return [
		await audioItem(this, itemIndex, result, common, {
			outputFormat,
			json: {
				prompt,
				modelId: body.model_id ?? null,
				requestedDurationSeconds: duration ?? null,
				loop: body.loop === true,
			},
		}),
	];
}
