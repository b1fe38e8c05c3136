import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { textValue } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { checkedLength, voiceDescriptionParameter } from '../../helpers/voiceDesign';
import { readVoiceLabels, voiceLabelsParameter } from '../../helpers/voiceLabels';
import { createVoiceFromPreview } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Generated Voice ID',
		name: 'generatedVoiceId',
		type: 'string',
		default: '={{ $json.generated_voice_id }}',
		required: true,
		description:
			'The generated_voice_id of the preview to keep, from Voice → Design (each preview item carries its own)',
	},
	{
		displayName: 'Name',
		name: 'voiceName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Calm Irish narrator',
		description: 'The name of the new voice, as voice pickers will show it',
	},
	voiceDescriptionParameter('={{ $json.voice_description }}'),
	voiceLabelsParameter,
	retryOptions(),
];

const displayOptions = { show: { resource: ['voice'], operation: ['saveDesigned'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** POST /v1/text-to-voice: the chosen preview becomes a voice of the account; returns the voice. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const generatedVoiceId = textValue(
		this,
		this.getNodeParameter('generatedVoiceId', itemIndex),
		'Generated Voice ID',
		itemIndex,
	).trim();
	const voiceName = textValue(
		this,
		this.getNodeParameter('voiceName', itemIndex),
		'Name',
		itemIndex,
	).trim();
	for (const [value, label] of [
		[generatedVoiceId, 'Generated Voice ID'],
		[voiceName, 'Name'],
	]) {
		if (!value)
			throw new NodeOperationError(this.getNode(), `${label} is empty`, {
				itemIndex,
				description:
					label === 'Name'
						? 'Give the new voice a name.'
						: 'Map the generated_voice_id of a Voice → Design preview, e.g. {{ $json.generated_voice_id }}.',
			});
	}
	const body: IDataObject = {
		voice_name: voiceName,
		voice_description: checkedLength(this, 'voiceDescription', 'Voice Description', itemIndex),
		generated_voice_id: generatedVoiceId,
	};
	const labels = readVoiceLabels(this, itemIndex);
	if (labels) body.labels = labels;
	const voice = await createVoiceFromPreview.call(this, body, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: voice }];
}
