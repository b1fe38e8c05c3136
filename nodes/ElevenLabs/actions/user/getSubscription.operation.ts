import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { elevenLabsApiRequest } from '../../transport';

const properties: INodeProperties[] = [retryOptions()];

const displayOptions = { show: { resource: ['user'], operation: ['getSubscription'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** GET /v1/user/subscription: tier, characters used / limit, next reset. Needs `user_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const response = await elevenLabsApiRequest.call(this, {
		method: 'GET',
		path: '/v1/user/subscription',
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	const sub = response.body as IDataObject;
	const used = Number(sub.character_count ?? 0);
	const limit = Number(sub.character_limit ?? 0);
	const reset = Number(sub.next_character_count_reset_unix ?? 0);
	return [
		{
			json: {
				...sub,
				characters_remaining: Math.max(0, limit - used),
				next_character_count_reset: reset ? new Date(reset * 1000).toISOString() : null,
			},
		},
	];
}
