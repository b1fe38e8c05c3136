import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions, returnAllOrLimit } from '../../../shared/descriptions';
import { compact } from '../../helpers/common';
import { getMany } from '../../helpers/pagination';
import { videoFields } from '../../helpers/video';

const properties: INodeProperties[] = [
	...returnAllOrLimit({ maxLimit: 500 }),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{ displayName: 'Folder ID', name: 'folderId', type: 'string', default: '' },
			{ displayName: 'Title Contains', name: 'title', type: 'string', default: '' },
		],
	},
	retryOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getMany'] } },
	properties,
);

/** GET /v3/videos. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs = compact({ folder_id: filters.folderId as string, title: filters.title as string });
	const videos = await getMany(this, itemIndex, '/v3/videos', qs, 100);
	return videos.map((video) => ({ json: videoFields(video) }));
}
