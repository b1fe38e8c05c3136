import type { INodeProperties } from 'n8n-workflow';

import * as createPhotoAvatar from './createPhotoAvatar.operation';
import * as getManyLooks from './getManyLooks.operation';

export { createPhotoAvatar, getManyLooks };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['avatar'] } },
		options: [
			{
				name: 'Create Photo Avatar',
				value: 'createPhotoAvatar',
				action: 'Create a photo avatar',
				description: 'Turn a photo into an avatar and get its look ID for Video → Generate',
			},
			{
				name: 'Get Many Looks',
				value: 'getManyLooks',
				action: 'Get many avatar looks',
				description: 'List avatar looks with their type and supported engines',
			},
		],
		default: 'getManyLooks',
	},
	...createPhotoAvatar.description,
	...getManyLooks.description,
];
