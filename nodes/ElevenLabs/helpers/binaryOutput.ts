import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { retryOption } from '../../shared/descriptions';
import { textValue } from '../../shared/params';

/** An operation's Options collection: Binary Property Name, the given options, and Retry. */
export function binaryOutputOptions(
	binaryDescription: string,
	more: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Binary Property Name',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: binaryDescription,
			},
			...more,
			retryOption,
		],
	};
}

/** The Binary Property Name option; "data" when empty. */
export function readBinaryPropertyName(
	ctx: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): string {
	return (
		textValue(ctx, options.binaryPropertyName, 'Binary Property Name', itemIndex).trim() || 'data'
	);
}
