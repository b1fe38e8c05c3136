import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { getManyLimit, textValue } from '../../../shared/params';
import { getVoicesPage } from '../../transport';

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
				displayName: 'Category',
				name: 'category',
				type: 'options',
				default: 'premade',
				options: [
					{ name: 'Cloned', value: 'cloned' },
					{ name: 'Generated', value: 'generated' },
					{ name: 'Premade', value: 'premade' },
					{ name: 'Professional', value: 'professional' },
				],
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Matches the name, description, labels and category',
			},
			{
				displayName: 'Sort By',
				name: 'sort',
				type: 'options',
				default: 'name',
				options: [
					{ name: 'Created At', value: 'created_at_unix' },
					{ name: 'Name', value: 'name' },
				],
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				default: 'asc',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
			},
			{
				displayName: 'Voice Type',
				name: 'voiceType',
				type: 'options',
				default: 'personal',
				options: [
					{ name: 'Community', value: 'community' },
					{ name: 'Default', value: 'default' },
					{ name: 'Non-Community', value: 'non-community' },
					{ name: 'Non-Default', value: 'non-default' },
					{ name: 'Personal', value: 'personal' },
					{ name: 'Saved', value: 'saved' },
					{ name: 'Workspace', value: 'workspace' },
				],
			},
		],
	},
	retryOptions(),
];

const displayOptions = { show: { resource: ['voice'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** GET /v2/voices, following next_page_token until the limit or the last page. Needs `voices_read`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = getManyLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter = (name: string, field: string) =>
		textValue(this, filters[name], field, itemIndex).trim() || undefined;
	const retry = getRetryOptions(this, itemIndex);
	const voices: IDataObject[] = [];
	const seen = new Set<string>();
	let pageToken: string | undefined;
	do {
		const page = await getVoicesPage.call(
			this,
			{
				search: filter('search', 'Search'),
				category: filter('category', 'Category'),
				voiceType: filter('voiceType', 'Voice Type'),
				sort: filter('sort', 'Sort By'),
				sortDirection: filter('sortDirection', 'Sort Direction'),
				pageSize: Math.min(100, limit - voices.length),
				pageToken,
			},
			{ itemIndex, retry },
		);
		for (const voice of page.voices) {
			const id = String(voice.voice_id);
			if (seen.has(id)) continue;
			seen.add(id);
			voices.push(voice);
		}
		pageToken = page.hasMore ? page.nextPageToken : undefined;
	} while (pageToken && voices.length < limit);
	return voices.slice(0, limit).map((json) => ({ json }));
}
