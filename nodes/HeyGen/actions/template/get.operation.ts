import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { requiredId } from '../../helpers/common';
import { heyGenData } from '../../transport';
import { templateLocator } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['get'] } },
	[templateLocator, retryOptions()],
);

/** GET /v3/templates/{id}: variables (with defaults, in the shape Generate accepts) and scenes. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const templateId = requiredId(this, 'templateId', 'Template', itemIndex, { extractValue: true });
	const data = await heyGenData.call(this, {
		method: 'GET',
		path: `/v3/templates/${encodeURIComponent(templateId)}`,
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: data }];
}
