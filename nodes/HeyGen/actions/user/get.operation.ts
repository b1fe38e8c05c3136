import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { heyGenData } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	[retryOptions()],
);

/** GET /v3/users/me: profile, billing type, wallet balance or subscription credits. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const data = await heyGenData.call(this, {
		method: 'GET',
		path: '/v3/users/me',
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: data }];
}
