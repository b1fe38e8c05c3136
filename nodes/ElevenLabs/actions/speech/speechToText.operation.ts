import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { includeInputFieldsOption } from '../../../shared/inputFields';
import { multipartForm } from '../../../shared/multipart';
import {
	DEFAULT_STT_MODEL,
	enableLoggingOption,
	inputBinaryField,
	inputFormatOption,
	STT_MODEL_OPTIONS,
} from '../../helpers/audioOptions';
import { transcriptItem } from '../../helpers/transcript';
import { readTranscriptRequest } from '../../helpers/transcriptRequest';
import { transcribe } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An audio or video file from the input',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'An HTTPS link ElevenLabs downloads itself (cloud storage, CDN, hosted video)',
			},
		],
		default: 'binary',
	},
	{ ...inputBinaryField, displayOptions: { show: { source: ['binary'] } } },
	{
		displayName: 'File URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://storage.example.com/interview.mp3',
		description: 'HTTPS URL of the audio or video file (up to 2 GB); pre-signed URLs work',
		displayOptions: { show: { source: ['url'] } },
	},
	{
		displayName: 'Model',
		name: 'sttModelId',
		type: 'options',
		options: STT_MODEL_OPTIONS,
		default: DEFAULT_STT_MODEL,
		description: 'The Scribe transcription model',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Detect Speakers',
				name: 'diarize',
				type: 'boolean',
				default: false,
				description: 'Whether to label which speaker says each word (speaker_id)',
			},
			enableLoggingOption,
			includeInputFieldsOption,
			{
				displayName: 'Include Words',
				name: 'includeWords',
				type: 'boolean',
				default: true,
				description: 'Whether to output the words with their timings, type and speaker',
			},
			inputFormatOption,
			{
				displayName: 'Key Terms',
				name: 'keyterms',
				type: 'string',
				default: '',
				placeholder: 'e.g. ElevenLabs, n8n, Scribe',
				description:
					'Comma-separated words or phrases to recognise more accurately (Scribe v2 only; up to 1000 terms of under 50 characters)',
			},
			{
				displayName: 'Language Code',
				name: 'languageCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description:
					'ISO 639-1 or 639-3 code of the spoken language. Leave empty to detect it automatically.',
			},
			{
				displayName: 'Number of Speakers',
				name: 'numSpeakers',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 32 },
				default: 2,
				description: 'The most speakers in the file (1–32); helps speaker detection',
			},
			retryOption,
			{
				displayName: 'Subtitles',
				name: 'subtitles',
				type: 'boolean',
				default: false,
				description:
					'Whether to also output SRT and WebVTT subtitle files built from the word timings',
			},
			{
				displayName: 'Subtitles Field Prefix',
				name: 'subtitlesField',
				type: 'string',
				default: 'subtitles',
				description:
					'The subtitle files go to the binary fields &lt;prefix&gt;_srt and &lt;prefix&gt;_vtt',
			},
			{
				displayName: 'Tag Audio Events',
				name: 'tagAudioEvents',
				type: 'boolean',
				default: true,
				description: 'Whether to mark sounds like (laughter) or (applause) in the transcript',
			},
			{
				displayName: 'Timestamps',
				name: 'timestampsGranularity',
				type: 'options',
				options: [
					{ name: 'Word', value: 'word', description: 'Start and end of every word' },
					{ name: 'Character', value: 'character', description: 'Also of every character' },
					{ name: 'None', value: 'none', description: 'No timings (no subtitles)' },
				],
				default: 'word',
			},
			{
				displayName: 'URL Field',
				name: 'urlField',
				type: 'options',
				options: [
					{
						name: 'Source URL',
						value: 'source_url',
						description: 'Current API (also YouTube, TikTok and other hosted videos)',
					},
					{
						name: 'Cloud Storage URL',
						value: 'cloud_storage_url',
						description: 'The field of older API versions (deprecated in the current API)',
					},
				],
				default: 'source_url',
				description: 'Which request field carries the File URL',
			},
		],
	},
];

const displayOptions = { show: { resource: ['speech'], operation: ['speechToText'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** POST /v1/speech-to-text: transcribe a binary file (streamed) or a URL with Scribe. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const request = await readTranscriptRequest(this, itemIndex);
	const response = await transcribe.call(this, {
		qs: request.qs,
		form: multipartForm(request.fields, request.files),
		itemIndex,
		retry: request.retry,
	});
	return [await transcriptItem(this, itemIndex, request, response)];
}
