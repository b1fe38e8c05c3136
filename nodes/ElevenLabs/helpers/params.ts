import type { IExecuteFunctions } from 'n8n-workflow';

import { limitValue, textValue } from '../../shared/params';

export { describeValue, textValue } from '../../shared/params';

/** Reads a text parameter (see `textValue`). */
export function textParameter(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	options: { fallback?: string; extractValue?: boolean } = {},
): string {
	const value = ctx.getNodeParameter(
		name,
		itemIndex,
		options.fallback ?? '',
		options.extractValue ? { extractValue: true } : undefined,
	);
	return textValue(ctx, value, field, itemIndex);
}

/** The "Limit" parameter of a Get Many operation (see `limitValue`). */
export function limitParameter(ctx: IExecuteFunctions, itemIndex: number, fallback = 50): number {
	return limitValue(ctx, ctx.getNodeParameter('limit', itemIndex, fallback) as unknown, itemIndex);
}
