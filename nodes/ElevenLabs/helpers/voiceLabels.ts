import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';

/** A voice's labels as key/value pairs (e.g. accent: british), stored with the voice. */
export const voiceLabelsParameter: INodeProperties = {
	displayName: 'Labels',
	name: 'labels',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add label',
	default: {},
	description:
		'Labels stored with the voice and shown in voice pickers. ElevenLabs documents the keys language, accent, gender and age.',
	options: [
		{
			displayName: 'Label',
			name: 'label',
			values: [
				{
					displayName: 'Key',
					name: 'key',
					type: 'string',
					default: '',
					placeholder: 'e.g. accent',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. british',
				},
			],
		},
	],
};

/** The Labels parameter as an object (the last value wins for a repeated key); undefined when empty. */
export function readVoiceLabels(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Record<string, string> | undefined {
	const raw = ctx.getNodeParameter('labels.label', itemIndex, []) as IDataObject[];
	const labels: Record<string, string> = {};
	for (const entry of raw ?? []) {
		const key = textValue(ctx, entry.key, 'Labels → Key', itemIndex).trim();
		const value = textValue(ctx, entry.value, 'Labels → Value', itemIndex).trim();
		if (!key && !value) continue;
		if (!key)
			throw new NodeOperationError(ctx.getNode(), `The label with value "${value}" has no key`, {
				itemIndex,
				description: 'Give every label a key, e.g. accent, gender, age or language.',
			});
		labels[key] = value;
	}
	return Object.keys(labels).length ? labels : undefined;
}
