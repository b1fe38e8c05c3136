import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { compact, retryFor } from '../../helpers/common';
import { getMany, returnAllOrLimit } from '../../helpers/pagination';
import { videoOutput } from '../../helpers/wait';

const show = { resource: ['video'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...returnAllOrLimit('video', 'getMany'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		displayOptions: { show },
		default: {},
		options: [
			{ displayName: 'Folder ID', name: 'folderId', type: 'string', default: '' },
			{ displayName: 'Title Contains', name: 'title', type: 'string', default: '' },
		],
	},
	retryOptions(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({ folder_id: filters.folderId as string, title: filters.title as string });
	const videos = await getMany(this, itemIndex, '/v3/videos', qs, 100, retryFor(this, itemIndex));
	return videos.map((v) => ({ json: videoOutput(v), pairedItem: { item: itemIndex } }));
}
