import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { requiredId, retryFor } from '../../helpers/common';
import { heyGenApiRequest } from '../../transport';

const show = { resource: ['asset'], operation: ['delete'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Asset ID',
		name: 'assetId',
		type: 'string',
		displayOptions: { show },
		default: '',
		required: true,
	},
	retryOptions(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const assetId = requiredId(this, 'assetId', 'Asset ID', itemIndex);
	const response = await heyGenApiRequest.call(this, {
		method: 'DELETE',
		path: `/v3/assets/${encodeURIComponent(assetId)}`,
		itemIndex,
		retry: retryFor(this, itemIndex),
	});
	const data = ((response.body as IDataObject).data ?? {}) as IDataObject;
	return [
		{ json: { deleted: true, asset_id: data.id ?? assetId }, pairedItem: { item: itemIndex } },
	];
}
