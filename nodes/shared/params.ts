import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A short, readable rendering of a parameter value for error messages (never `[object Object]`). */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	let json: string;
	try {
		json = JSON.stringify(value) ?? typeof value;
	} catch {
		json = typeof value;
	}
	const kind = Array.isArray(value) ? 'a list' : 'an object';
	return `${kind} (${json.length > 60 ? `${json.slice(0, 60)}…` : json})`;
}

/**
 * A text parameter as a string. Numbers and booleans are converted; an expression that resolved to
 * an object or a list is rejected with the field's name instead of being sent as "[object Object]".
 */
export function textValue(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`${field} must be text, but it is ${describeValue(value)}`,
		{
			itemIndex,
			description: `Check the ${field} parameter and the expression it uses; map a single field, e.g. {{ $json.text }}.`,
		},
	);
}

/** The "Limit" of a Get Many operation: a whole number of at least 1. */
export function limitValue(ctx: IExecuteFunctions, raw: unknown, itemIndex: number): number {
	const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Limit must be a whole number of at least 1, got ${describeValue(raw)}`,
			{
				itemIndex,
				description: 'Set Limit to how many results to return, or turn on Return All.',
			},
		);
	}
	return value;
}

/** The Limit of a Get Many operation (returnAllOrLimit): Infinity with Return All. */
export function getManyLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
	returnAllByDefault = false,
): number {
	return ctx.getNodeParameter('returnAll', itemIndex, returnAllByDefault)
		? Infinity
		: limitValue(ctx, ctx.getNodeParameter('limit', itemIndex, 50), itemIndex);
}
