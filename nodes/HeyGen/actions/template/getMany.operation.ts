import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { retryFor } from '../../helpers/common';
import { getMany, returnAllOrLimit } from '../../helpers/pagination';

const show = { resource: ['template'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit('template', 'getMany'),
	retryOptions(show),
];

/** GET /v3/templates: API-ready templates (those with variables) of the workspace. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const templates = await getMany(
		this,
		itemIndex,
		'/v3/templates',
		{},
		100,
		retryFor(this, itemIndex),
	);
	return templates.map((t) => ({ json: t, pairedItem: { item: itemIndex } }));
}
