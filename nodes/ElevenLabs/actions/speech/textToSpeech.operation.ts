import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { audioOutputOptions, enableLoggingOption, seedOption } from '../../helpers/audioOptions';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMAT_OPTIONS } from '../../helpers/formats';
import { DEFAULT_MODEL } from '../../helpers/models';
import { speechItem } from '../../helpers/speechOutput';
import { DEFAULT_MAX_CHARACTERS, readSpeechRequest } from '../../helpers/speechRequest';
import { requestConcurrency, synthesize } from '../../helpers/synthesize';
import { voiceSettingsFor, voiceSettingsOption } from '../../helpers/voiceSettings';
import { voiceLocator } from '../descriptions';

const properties: INodeProperties[] = [
	voiceLocator(
		'The voice to speak with. Search your voices by name, enter a voice ID, or paste a voice URL.',
	),
	{
		displayName: 'Model Name or ID',
		name: 'modelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTtsModels' },
		default: DEFAULT_MODEL,
		required: true,
		description:
			'The text-to-speech model; each lists its per-request character limit. Multilingual v2 is the default; Flash/Turbo v2.5 are faster and half the price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.text }}',
		description:
			'The text to speak. Long text is split at paragraph and sentence boundaries and joined into one audio file (see Split Long Text).',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: OUTPUT_FORMAT_OPTIONS,
		default: DEFAULT_OUTPUT_FORMAT,
		description:
			'Codec, sample rate and bitrate of the audio. PCM, μ-law and A-law are raw samples without a header (the sample rate is in the output JSON); WAV is the same PCM with a header.',
	},
	audioOutputOptions(
		'speech',
		[
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 2,
				description:
					"How many items are converted at the same time. Keep it at or below your plan's concurrency (Free 2, Starter 3, Creator 5, Pro 10 for Multilingual v2). Output order always follows input order.",
			},
			{
				...enableLoggingOption,
				description:
					'Whether ElevenLabs keeps the request in its history. Off = zero-retention mode (enterprise only), which also disables request stitching for long text.',
			},
			{
				displayName: 'Language Code',
				name: 'languageCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. de',
				description:
					'ISO 639-1 code to enforce a language (Flash/Turbo v2.5 and v3). Sent only when set; leave empty to let the model detect the language.',
			},
			{
				displayName: 'Language Text Normalization',
				name: 'applyLanguageTextNormalization',
				type: 'boolean',
				default: false,
				description:
					'Whether to apply language-specific text normalization (currently Japanese only; adds latency)',
			},
			{
				displayName: 'Max Characters',
				name: 'maxCharacters',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_CHARACTERS,
				description:
					'An item whose text is longer fails before anything is sent, since characters are billed; it stops an expression that resolves to a whole document by mistake. 0 = no limit.',
			},
			{
				displayName: 'Next Text',
				name: 'nextText',
				type: 'string',
				default: '',
				description: 'Text that comes after this one (not spoken), for a natural ending intonation',
			},
			{
				displayName: 'Previous Text',
				name: 'previousText',
				type: 'string',
				default: '',
				description: 'Text that came before this one (not spoken), for a natural continuation',
			},
			{
				displayName: 'Pronunciation Dictionaries',
				name: 'pronunciationDictionaries',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowed: 3 },
				default: {},
				description: 'Up to 3 pronunciation dictionaries, applied in order',
				options: [
					{
						displayName: 'Dictionary',
						name: 'dictionary',
						values: [
							{
								displayName: 'Dictionary ID',
								name: 'dictionaryId',
								type: 'string',
								default: '',
								required: true,
							},
							{
								displayName: 'Version ID',
								name: 'versionId',
								type: 'string',
								default: '',
								description: 'Leave empty for the latest version',
							},
						],
					},
				],
			},
			{
				displayName: 'Retry Timed-Out Requests',
				name: 'retryTimeouts',
				type: 'boolean',
				default: false,
				description:
					'Whether to send a request again when no answer arrived within the timeout. ElevenLabs may already have generated and billed it, so a retry can bill the characters twice; off, the item fails and says so.',
			},
			seedOption,
			{
				displayName: 'Split Long Text',
				name: 'splitLongText',
				type: 'boolean',
				default: true,
				description:
					"Whether to split long text into several requests (stitched together for seamless prosody) and join the audio into one file. Chunks stay below the model's limit and short enough to be generated well within the timeout (about 2,000 characters with the default timeout). Off: text longer than the model's limit fails before it is sent.",
			},
			{
				displayName: 'Text Normalization',
				name: 'applyTextNormalization',
				type: 'options',
				options: [
					{ name: 'Auto', value: 'auto', description: 'ElevenLabs decides (default)' },
					{ name: 'Off', value: 'off', description: 'Speak numbers, dates etc. as written.' },
					{
						name: 'On',
						value: 'on',
						description:
							'Always spell out numbers, dates etc. (enterprise-only on Flash/Turbo v2.5).',
					},
				],
				default: 'auto',
				description: 'Whether numbers, dates and abbreviations are spelled out before speaking',
			},
			{
				displayName: 'Timestamps and Subtitles',
				name: 'timestamps',
				type: 'boolean',
				default: false,
				description:
					'Whether to also output the character timing (JSON) and word-level SRT and WebVTT subtitle files, aligned across split chunks',
			},
			voiceSettingsOption,
		],
		'With timestamps, the subtitles and the alignment go to fields with this name and the suffixes _srt, _vtt and _alignment',
	),
];

const displayOptions = { show: { resource: ['speech'], operation: ['textToSpeech'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * How many items the router runs at once: twice the request limit. The request gate still lets
 * only Concurrency requests out, so the other items prepare or store their audio meanwhile and
 * never hold a request slot.
 */
export function concurrency(this: IExecuteFunctions): number {
	return 2 * requestConcurrency(this);
}

/** POST /v1/text-to-speech/{voice_id}[/with-timestamps], once per chunk of the text. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const request = readSpeechRequest(this, itemIndex);
	// The voice is read (one request) only when some settings must be completed from it.
	const { settings, voice } = await voiceSettingsFor(this, request.voiceId, request.voiceSettings);
	const synthesis = await synthesize(this, itemIndex, request, settings);
	return [await speechItem(this, itemIndex, request, synthesis, request.voiceName ?? voice?.name)];
}
