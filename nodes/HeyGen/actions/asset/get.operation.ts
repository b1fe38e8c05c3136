import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { requiredId } from '../../helpers/common';
import { heyGenData } from '../../transport';

const properties: INodeProperties[] = [
	{ displayName: 'Asset ID', name: 'assetId', type: 'string', default: '', required: true },
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['get'] } },
	properties,
);

/** GET /v3/assets/{id}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const assetId = requiredId(this, 'assetId', 'Asset ID', itemIndex);
	const data = await heyGenData.call(this, {
		method: 'GET',
		path: `/v3/assets/${encodeURIComponent(assetId)}`,
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: data }];
}
