import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { textParameter } from '../../helpers/params';
import { getVoice } from '../../transport';
import { voiceLocator } from '../descriptions';

const show = { show: { resource: ['voice'], operation: ['get'] } };

export const description: INodeProperties[] = [
	voiceLocator(show, 'The voice to get'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [retryOption],
	},
];

/** GET /v1/voices/{voice_id}: name, category, labels, stored settings. Needs `voices_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const voiceId = textParameter(this, 'voice', 'Voice', itemIndex, { extractValue: true }).trim();
	if (!voiceId)
		throw new NodeOperationError(this.getNode(), 'No voice selected (Voice is empty)', {
			itemIndex,
			description: 'Pick a voice from the list or enter its ID.',
		});
	const voice = await getVoice.call(this, voiceId, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: voice, pairedItem: { item: itemIndex } }];
}
