import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { returnAllOrLimit } from '../../descriptions';
import { compact } from '../../helpers/common';
import { getMany } from '../../helpers/pagination';

const properties: INodeProperties[] = [
	...returnAllOrLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
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
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voice'], operation: ['getMany'] } },
	properties,
);

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
	const voices = await getMany(this, itemIndex, '/v3/voices', qs, 100);
	return voices.map((v) => ({ json: v }));
}
