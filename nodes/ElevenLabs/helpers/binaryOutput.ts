import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions';
import { textValue } from '../../shared/params';

/**
 * "Put Output File in Field": the binary field an operation puts the file it makes in. Named as
 * n8n's own nodes name it where an operation may also read an input file from `binaryPropertyName`
 * (Compression, OpenAI): `binaryPropertyOutput`.
 */
export function outputBinaryFieldOption(description?: string): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		...(description ? { description } : {}),
	};
}

/** Options → Put Output File in Field of one item; "data" when empty. */
export function readOutputBinaryField(
	ctx: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): string {
	const field = textValue(ctx, options.binaryPropertyOutput, 'Put Output File in Field', itemIndex);
	return field.trim() || 'data';
}

/** The Options of an operation that outputs files: Put Output File in Field, `more`, and Retry. */
export function binaryOutputOptions(
	more: INodeProperties[],
	binaryDescription?: string,
): INodeProperties {
	return optionsCollection([outputBinaryFieldOption(binaryDescription), ...more]);
}
