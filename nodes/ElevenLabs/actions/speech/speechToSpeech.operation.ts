import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MultipartField } from '../../../shared/multipart';
import {
	DEFAULT_STS_MODEL,
	audioOutputOptions,
	enableLoggingOption,
	inputBinaryField,
	inputFormatOption,
	numberOption,
	readAudioOptions,
	readOutputFormat,
	requiredText,
	seedOption,
} from '../../helpers/audioOptions';
import { convertRecording } from '../../helpers/audioOutput';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMAT_OPTIONS } from '../../helpers/formats';
import { readVoice } from '../../helpers/voiceParameter';
import {
	voiceSettingOverrides,
	voiceSettingsFor,
	voiceSettingsOption,
} from '../../helpers/voiceSettings';
import { voiceLocator } from '../descriptions';

const properties: INodeProperties[] = [
	inputBinaryField,
	voiceLocator(
		'The voice the recording is changed to. Search your voices by name, enter a voice ID, or paste a voice URL.',
	),
	{
		displayName: 'Model Name or ID',
		name: 'stsModelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getStsModels' },
		default: DEFAULT_STS_MODEL,
		required: true,
		description:
			'A speech-to-speech model (can_do_voice_conversion). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: OUTPUT_FORMAT_OPTIONS,
		default: DEFAULT_OUTPUT_FORMAT,
		description: 'Codec, sample rate and bitrate of the converted audio',
	},
	audioOutputOptions('speech', [
		enableLoggingOption,
		inputFormatOption,
		{
			displayName: 'Remove Background Noise',
			name: 'removeBackgroundNoise',
			type: 'boolean',
			default: false,
			description: 'Whether to remove background noise from the recording first (audio isolation)',
		},
		seedOption,
		voiceSettingsOption,
	]),
];

const displayOptions = { show: { resource: ['speech'], operation: ['speechToSpeech'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** POST /v1/speech-to-speech/{voice_id}: the recording (streamed) spoken again in another voice. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const voice = readVoice(this, itemIndex);
	const modelId = requiredText(
		this,
		itemIndex,
		'stsModelId',
		'Model',
		`E.g. ${DEFAULT_STS_MODEL}.`,
	);
	const outputFormat = readOutputFormat(this, itemIndex);
	const common = readAudioOptions(this, itemIndex, 'speech');
	const { options } = common;
	const overrides = voiceSettingOverrides(
		this.getNode(),
		itemIndex,
		options.voiceSettings as never,
	);
	const { settings: voiceSettings, voice: stored } = await voiceSettingsFor(
		this,
		voice.id,
		overrides,
	);
	const seed = numberOption(this, itemIndex, options.seed, 'Seed', {
		min: 0,
		max: 4294967295,
		integer: true,
	});
	const fields: MultipartField[] = [['model_id', modelId]];
	// a JSON-encoded string, as the OpenAPI's Body_Speech_to_Speech schema and the SDK send it
	if (voiceSettings) fields.push(['voice_settings', JSON.stringify(voiceSettings)]);
	if (seed !== undefined) fields.push(['seed', String(seed)]);
	if (options.removeBackgroundNoise === true) fields.push(['remove_background_noise', 'true']);
	const request = {
		path: `/v1/speech-to-speech/${encodeURIComponent(voice.id)}`,
		operation: 'speech-to-speech',
		qs: { output_format: outputFormat, ...common.qs },
		fields,
	};
	const json = { voiceId: voice.id, voiceName: voice.listedName ?? stored?.name ?? null, modelId };
	return [await convertRecording(this, itemIndex, common, request, { outputFormat, json })];
}
