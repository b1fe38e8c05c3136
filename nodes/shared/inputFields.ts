import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/**
 * "Include Input Fields": the output item keeps the input item's JSON fields and binary files
 * (titles, row fields, the SRT/VTT of Text to Speech), so they reach the end of a workflow. On by
 * default, and the node's own fields and files win a name clash. The one definition of every
 * operation that offers it (ElevenLabs' speech operations, HeyGen's Upload and Generate).
 */
export const includeInputFieldsOption: INodeProperties = {
	displayName: 'Include Input Fields',
	name: 'includeInputFields',
	type: 'boolean',
	default: true,
	description:
		"Whether to keep the input item's JSON fields and binary files in the output item (the node's own fields win a name clash)",
};

/** Options → Include Input Fields of one item (default on). */
export function includeInputFields(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter('options.includeInputFields', itemIndex, true) !== false;
}

/**
 * `output` with the fields and binary files of `input` underneath: a JSON field or binary property
 * the output has itself is kept as the output has it. `pairedItem` and everything else of `output`
 * are kept; `binary` is set only when there is a file. Without an input, or with `include` false,
 * `output` is returned as it is.
 */
export function withInputFields(
	input: INodeExecutionData | undefined,
	output: INodeExecutionData,
	include = true,
): INodeExecutionData {
	if (!include || !input) return output;
	const merged: INodeExecutionData = { ...output, json: { ...(input.json ?? {}), ...output.json } };
	const binary = { ...(input.binary ?? {}), ...(output.binary ?? {}) };
	if (Object.keys(binary).length) merged.binary = binary;
	return merged;
}
