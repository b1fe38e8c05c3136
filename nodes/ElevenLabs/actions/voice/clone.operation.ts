import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { textValue } from '../../../shared/params';
import type { MultipartField } from '../../../shared/multipart';
import { multipartForm } from '../../../shared/multipart';
import { getRetryOptions } from '../../../shared/transport';
import { readVoiceLabels, voiceLabelsParameter } from '../../helpers/voiceLabels';
import { readVoiceSamples } from '../../helpers/voiceSamples';
import { addVoice } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Narrator (my voice)',
		description: 'The name of the new voice, as voice pickers will show it',
	},
	{
		displayName: 'Samples',
		name: 'samples',
		type: 'options',
		options: [
			{
				name: 'Listed Binary Fields',
				value: 'fields',
				description: 'The binary fields named below',
			},
			{
				name: 'All Binary Fields of the Item',
				value: 'all',
				description: 'Every file of the input item, e.g. after Aggregate with "Include Binaries"',
			},
		],
		default: 'fields',
		description: 'Which files of the input item are the recordings to clone the voice from',
	},
	{
		displayName: 'Input Binary Fields',
		name: 'binaryPropertyNames',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data, sample2, sample3',
		description:
			'Names of the binary fields holding the recordings, separated by commas. A minute or more of clean speech in total gives the best clone.',
		displayOptions: { show: { samples: ['fields'] } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'What the voice sounds like, e.g. "Calm male narrator, British accent"',
	},
	voiceLabelsParameter,
	{
		displayName: 'Remove Background Noise',
		name: 'removeBackgroundNoise',
		type: 'boolean',
		default: false,
		description:
			'Whether ElevenLabs cleans the samples with its audio isolation model first. Only for noisy recordings: it can make clean ones worse.',
	},
	retryOptions(),
];

const displayOptions = { show: { resource: ['voice'], operation: ['clone'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /v1/voices/add (instant voice cloning): the item's recordings, streamed into one multipart
 * request, plus name, description, labels and the background-noise switch. Returns the new
 * voice_id, usable right away in Text to Speech. Needs `voices_write` and a plan with cloning.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = textValue(this, this.getNodeParameter('name', itemIndex), 'Name', itemIndex).trim();
	if (!name)
		throw new NodeOperationError(this.getNode(), 'Name is empty', {
			itemIndex,
			description: 'Give the new voice a name.',
		});
	const voiceDescription = textValue(
		this,
		this.getNodeParameter('description', itemIndex, ''),
		'Description',
		itemIndex,
	).trim();
	const labels = readVoiceLabels(this, itemIndex);
	const removeBackgroundNoise = this.getNodeParameter('removeBackgroundNoise', itemIndex, false);
	const samples = await readVoiceSamples(this, itemIndex);

	const fields: MultipartField[] = [['name', name]];
	if (voiceDescription) fields.push(['description', voiceDescription]);
	if (labels) fields.push(['labels', JSON.stringify(labels)]);
	fields.push(['remove_background_noise', String(removeBackgroundNoise === true)]);

	const files = samples.map((s) => s.part);
	const created = await addVoice.call(this, multipartForm(fields, files), {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [
		{
			json: {
				voice_id: created.voice_id,
				requires_verification: created.requires_verification ?? false,
				name,
				description: voiceDescription || null,
				labels: labels ?? {},
				remove_background_noise: removeBackgroundNoise === true,
				samples: samples.map((s) => ({
					binaryField: s.field,
					fileName: s.fileName,
					mimeType: s.mimeType,
					bytes: s.bytes,
				})),
			},
		},
	];
}
