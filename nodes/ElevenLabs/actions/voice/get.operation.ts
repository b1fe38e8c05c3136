import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { readVoice } from '../../helpers/voiceParameter';
import { getVoice } from '../../transport';
import { voiceLocator } from '../descriptions';

const properties: INodeProperties[] = [voiceLocator('The voice to get'), retryOptions()];

const displayOptions = { show: { resource: ['voice'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** GET /v1/voices/{voice_id}: name, category, labels, stored settings. Needs `voices_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const voice = await getVoice.call(this, readVoice(this, itemIndex).id, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: voice }];
}
