import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { getManyLimit } from '../../../shared/params';
import { compact } from '../../helpers/common';
import { collect } from '../../helpers/pagination';

const properties: INodeProperties[] = [
	...returnAllOrLimit({ maxLimit: 500 }),
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
					{ name: 'All', value: 'all', description: 'Your own voices first, then the public ones' },
					{
						name: 'Private (My Voices)',
						value: 'private',
						description: 'Voices you cloned or designed',
					},
					{ name: 'Public', value: 'public', description: "HeyGen's voice library" },
				],
				default: 'all',
			},
		],
	},
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voice'], operation: ['getMany'] } },
	properties,
);

/**
 * GET /v3/voices. The API lists public voices unless asked for `type=private` ("Defaults to
 * public"), so Type All reads the private listing first and then the public one. Each listing keeps
 * only voices of its own type, so a voice is never listed twice even where the API would not filter.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const f = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({
		engine: f.engine as string,
		language: f.language as string,
		gender: f.gender as string,
	});
	const type = (f.type as string) || 'all';
	const types = type === 'all' ? ['private', 'public'] : [type];
	const limit = getManyLimit(this, itemIndex);
	const voices: IDataObject[] = [];
	for (const t of types) {
		if (voices.length >= limit) break;
		const other = t === 'private' ? 'public' : 'private';
		voices.push(
			...(await collect(
				this,
				itemIndex,
				'/v3/voices',
				{ type: t, ...qs },
				100,
				limit - voices.length,
				(v) => v.type !== other,
			)),
		);
	}
	return voices.map((v) => ({ json: v }));
}
