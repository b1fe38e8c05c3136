import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { getHistoryItem } from '../../transport';
import { historyItemLocator, readHistoryItemId } from './common';

const properties: INodeProperties[] = [historyItemLocator('The generation to get'), retryOptions()];

const displayOptions = { show: { resource: ['history'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** GET /v1/history/{history_item_id}: text, voice, model, date, characters. Needs `speech_history_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const item = await getHistoryItem.call(this, readHistoryItemId(this, itemIndex), {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: item }];
}
