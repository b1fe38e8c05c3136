import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { getManyLimit, textValue } from '../../../shared/params';
import { getRetryOptions } from '../../../shared/transport';
import { getHistoryPage } from '../../transport';
import { voiceLocator } from '../descriptions';
import { unixSeconds } from './common';

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
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only generations made at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only generations made before this time',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text to look for in the generations. ElevenLabs wants a Source with it.',
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				default: 'TTS',
				options: [
					{ name: 'Speech to Speech', value: 'STS' },
					{ name: 'Text to Speech', value: 'TTS' },
				],
			},
			{ ...voiceLocator('Only generations made with this voice'), required: false },
		],
	},
	retryOptions(),
];

const displayOptions = { show: { resource: ['history'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Most the API returns per page (OpenAPI: "Can not exceed 1000"). */
const MAX_PAGE = 1000;

/**
 * GET /v1/history, newest first, following start_after_history_item_id = last_history_item_id
 * while has_more. The date filters are sent as date_after_unix / date_before_unix (the SDK's newer
 * API) and also applied to each item's date_unix, for API versions that ignore them (OpenAPI
 * 2025-08 has no date filter); paging stops at the first item older than Created After.
 * Needs `speech_history_read`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = getManyLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const text = (name: string, label: string) =>
		textValue(this, filters[name], label, itemIndex).trim() || undefined;
	const after = unixSeconds(this, filters.createdAfter, 'Created After', itemIndex);
	const before = unixSeconds(this, filters.createdBefore, 'Created Before', itemIndex);
	const search = text('search', 'Search');
	const source = text('source', 'Source');
	if (search && !source)
		throw new NodeOperationError(this.getNode(), 'Search needs a Source', {
			itemIndex,
			description: 'ElevenLabs requires the Source filter with Search: add Source to the filters.',
		});
	const voiceId = filters.voice
		? textValue(
				this,
				this.getNodeParameter('filters.voice', itemIndex, '', { extractValue: true }),
				'Voice',
				itemIndex,
			).trim() || undefined
		: undefined;
	const query: IDataObject = {};
	if (voiceId) query.voice_id = voiceId;
	if (search) query.search = search;
	if (source) query.source = source;
	if (after !== undefined) query.date_after_unix = after;
	if (before !== undefined) query.date_before_unix = before;

	const retry = getRetryOptions(this, itemIndex);
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const page = await getHistoryPage.call(
			this,
			{
				...query,
				page_size: Math.min(MAX_PAGE, limit - items.length),
				...(cursor ? { start_after_history_item_id: cursor } : {}),
			},
			{ itemIndex, retry },
		);
		let olderThanRange = false;
		for (const item of page.items) {
			const date = Number(item.date_unix);
			if (after !== undefined && date < after) olderThanRange = true;
			if ((after !== undefined && date < after) || (before !== undefined && date >= before))
				continue;
			if (seen.has(String(item.history_item_id))) continue;
			seen.add(String(item.history_item_id));
			items.push(item);
		}
		const next = page.hasMore ? page.lastId : undefined;
		if (!next || next === cursor || olderThanRange || items.length >= limit) break;
		cursor = next;
	}
	return items.slice(0, limit).map((json) => ({ json }));
}
