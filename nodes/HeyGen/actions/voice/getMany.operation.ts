import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { compact, retryFor } from '../../helpers/common';
import { getMany, returnAllOrLimit } from '../../helpers/pagination';

const show = { resource: ['voice'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit('voice', 'getMany'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		displayOptions: { show },
		default: {},
		options: [
			{
				displayName: 'Engine',
				name: 'engine',
				type: 'string',
				default: '',
				placeholder: 'e.g. starfish',
				description: 'Only voices of this engine',
			},
			{
				displayName: 'Gender',
				name: 'gender',
				type: 'options',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
				],
				default: 'female',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. English',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Private (My Voices)', value: 'private' },
					{ name: 'Public', value: 'public' },
				],
				default: 'public',
			},
		],
	},
	retryOptions(show),
];

/** GET /v3/voices. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const f = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		type: f.type as string,
		engine: f.engine as string,
		language: f.language as string,
		gender: f.gender as string,
	});
	const voices = await getMany(this, itemIndex, '/v3/voices', qs, 100, retryFor(this, itemIndex));
	return voices.map((v) => ({ json: v, pairedItem: { item: itemIndex } }));
}
