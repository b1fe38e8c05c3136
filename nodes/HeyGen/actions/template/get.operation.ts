import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { requiredId, retryFor } from '../../helpers/common';
import { heyGenApiRequest } from '../../transport';
import { templateLocator } from './shared';

const show = { resource: ['template'], operation: ['get'] };

export const description: INodeProperties[] = [templateLocator('get'), retryOptions(show)];

/** GET /v3/templates/{id}: variables (with defaults, in the shape Generate accepts) and scenes. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const templateId = requiredId(this, 'templateId', 'Template', itemIndex, { extractValue: true });
	const response = await heyGenApiRequest.call(this, {
		method: 'GET',
		path: `/v3/templates/${encodeURIComponent(templateId)}`,
		itemIndex,
		retry: retryFor(this, itemIndex),
	});
	return [
		{
			json: ((response.body as IDataObject).data ?? {}) as IDataObject,
			pairedItem: { item: itemIndex },
		},
	];
}
