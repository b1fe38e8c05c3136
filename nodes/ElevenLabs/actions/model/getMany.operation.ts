import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOption, returnAllOrLimit } from '../../../shared/descriptions';
import { getManyLimit } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { getModels } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllOrLimit({ returnAll: true }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			retryOption,
			{
				displayName: 'Text to Speech Models Only',
				name: 'textToSpeechOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to return only models that can do text to speech',
			},
		],
	},
];

const displayOptions = { show: { resource: ['model'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** GET /v1/models, with each model's per-request character limit. Needs `models_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = getManyLimit(this, itemIndex, true);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let models = await getModels.call(this, { itemIndex, retry: getRetryOptions(this, itemIndex) });
	if (options.textToSpeechOnly === true)
		models = models.filter((m) => m.can_do_text_to_speech === true);
	return models.slice(0, limit).map((json) => ({ json }));
}
