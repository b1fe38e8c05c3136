import type { INodeProperties } from 'n8n-workflow';

import * as deleteVideo from './delete.operation';
import * as generate from './generate.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { deleteVideo as delete, generate, get, getMany, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a video',
				description: 'Permanently delete a video',
			},
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an avatar video',
				description:
					'Create a talking-avatar video from an avatar or image, with a script or your own audio',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a video',
				description: "Get a video's status and download links",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many videos',
				description: "List the account's videos",
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a video to finish rendering',
				description: 'Poll a video until it is completed or failed, and optionally download it',
			},
		],
		default: 'generate',
	},
	...generate.description,
	...waitForCompletion.description,
	...get.description,
	...getMany.description,
	...deleteVideo.description,
];
