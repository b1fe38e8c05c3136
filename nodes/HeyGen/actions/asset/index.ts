import type { INodeProperties } from 'n8n-workflow';

import * as deleteAsset from './delete.operation';
import * as get from './get.operation';
import * as upload from './upload.operation';

export { deleteAsset as delete, get, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an asset',
				description: 'Permanently delete an uploaded asset',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an asset',
				description: "Get an asset's metadata and URL",
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload an asset',
				description:
					'Upload an image, video, audio or PDF file (binary or URL) and get its asset ID',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...deleteAsset.description,
];
