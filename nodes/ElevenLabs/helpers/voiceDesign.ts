import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';

/** The voice description of Design and Save Designed Voice: 20 to 1000 characters (OpenAPI). */
export function voiceDescriptionParameter(defaultValue: string): INodeProperties {
	return {
		displayName: 'Voice Description',
		name: 'voiceDescription',
		type: 'string',
		typeOptions: { rows: 3 },
		default: defaultValue,
		required: true,
		placeholder:
			'e.g. A warm, middle-aged female narrator with a soft Irish accent, calm and clear',
		description:
			'What the voice sounds like: age, gender, accent, tone, pace. 20 to 1000 characters.',
	};
}

/** A text parameter trimmed and checked against the API's length limits, naming the field. */
export function checkedLength(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	min = 20,
	max = 1000,
): string {
	const value = textValue(
		ctx,
		ctx.getNodeParameter(parameter, itemIndex, ''),
		label,
		itemIndex,
	).trim();
	const length = Array.from(value).length;
	if (length < min || length > max) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be ${min} to ${max} characters long, but it has ${length}`,
			{ itemIndex, description: `ElevenLabs rejects a ${label.toLowerCase()} outside that range.` },
		);
	}
	return value;
}
