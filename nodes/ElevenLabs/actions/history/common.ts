import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../../shared/params';

/** The history item: picked from the latest generations (GET /v1/history) or entered by ID. */
export function historyItemLocator(description: string): INodeProperties {
	return {
		displayName: 'History Item',
		name: 'historyItem',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a generation...',
				typeOptions: { searchListMethod: 'searchHistory', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. VW7YKqPnjY4h39yTbx2L',
			},
		],
	};
}

export function readHistoryItemId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('historyItem', itemIndex, '', { extractValue: true });
	const id = textValue(ctx, raw, 'History Item', itemIndex).trim();
	if (!id)
		throw new NodeOperationError(ctx.getNode(), 'No history item selected', {
			itemIndex,
			description: 'Pick a generation from the list, or map its history_item_id.',
		});
	return id;
}

/** A date filter as Unix seconds; undefined when not set. */
export function unixSeconds(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms: number;
	if (typeof value === 'number')
		ms = value < 1e11 ? value * 1000 : value; // seconds or ms
	else if (value instanceof Date) ms = value.getTime();
	else if (typeof (value as { toMillis?: unknown }).toMillis === 'function')
		ms = (value as { toMillis: () => number }).toMillis(); // a Luxon DateTime from an expression
	else ms = Date.parse(textValue(ctx, value, label, itemIndex));
	if (!Number.isFinite(ms))
		throw new NodeOperationError(ctx.getNode(), `${label} is not a date: ${String(value)}`, {
			itemIndex,
			description: 'Use an ISO date such as 2026-01-31T12:00:00Z, or pick one.',
		});
	return Math.floor(ms / 1000);
}
