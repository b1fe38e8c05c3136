import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { deleteHistoryItem } from '../../transport';
import { historyItemLocator, readHistoryItemId } from './common';

const properties: INodeProperties[] = [
	historyItemLocator('The generation to delete, with its audio'),
	retryOptions(),
];

const displayOptions = { show: { resource: ['history'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** DELETE /v1/history/{history_item_id}. Needs `speech_history_write`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readHistoryItemId(this, itemIndex);
	const response = await deleteHistoryItem.call(this, id, {
		itemIndex,
		retry: getRetryOptions(this, itemIndex),
	});
	return [{ json: { history_item_id: id, deleted: true, status: response.status ?? 'ok' } }];
}
