import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteLipsync from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { create, deleteLipsync as delete, get, getMany, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lipsync'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Lip sync a video to new audio',
				description:
					"Replace a video's audio (e.g. ElevenLabs speech) and re-animate the speaker's lips to match",
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a lip sync',
				description: 'Permanently delete a lip-sync and its files',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a lip sync',
				description: "Get a lip-sync's status, download link and failure message",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many lip syncs',
				description: "List the account's lip-syncs",
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a lip sync to finish',
				description:
					'Poll (or wait for the callback of) a lip-sync until it is completed or failed, and optionally download the video',
			},
		],
		default: 'create',
	},
	...create.description,
	...waitForCompletion.description,
	...get.description,
	...getMany.description,
	...deleteLipsync.description,
];
