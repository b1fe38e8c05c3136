import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { limitParameter } from '../../helpers/params';
import { getModels } from '../../transport';

const show = { show: { resource: ['model'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { ...show.show, returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
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

/** GET /v1/models, with each model's per-request character limit. Needs `models_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, true) as boolean;
	const limit = returnAll ? Infinity : limitParameter(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let models = await getModels.call(this, { itemIndex, retry: getRetryOptions(this, itemIndex) });
	if (options.textToSpeechOnly === true)
		models = models.filter((m) => m.can_do_text_to_speech === true);
	return models.slice(0, limit).map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
