import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { readVoice } from '../../helpers/voiceParameter';
import { deleteVoice } from '../../transport';
import { voiceLocator } from '../descriptions';

const properties: INodeProperties[] = [
	voiceLocator('The voice to delete. Default (premade) voices cannot be deleted.'),
	retryOptions(),
];

const displayOptions = { show: { resource: ['voice'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** DELETE /v1/voices/{voice_id}: removes one of the account's voices. Needs `voices_write`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { id } = readVoice(this, itemIndex);
	const response = await deleteVoice.call(this, id, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: { voice_id: id, deleted: true, status: response.status ?? 'ok' } }];
}
