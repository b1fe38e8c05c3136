import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { getMany } from '../../helpers/pagination';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['getMany'] } },
	[...returnAllOrLimit({ maxLimit: 500 }), retryOptions()],
);

/** GET /v3/templates: API-ready templates (those with variables) of the workspace. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const templates = await getMany(this, itemIndex, '/v3/templates', {}, 100);
	return templates.map((template) => ({ json: template }));
}
