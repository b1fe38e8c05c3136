import type { INodeProperties } from 'n8n-workflow';

import * as clone from './clone.operation';
import * as del from './delete.operation';
import * as design from './design.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as saveDesigned from './saveDesigned.operation';
import * as updateSettings from './updateSettings.operation';

export { clone, del as delete, design, get, getMany, saveDesigned, updateSettings };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voice'] } },
		options: [
			{
				name: 'Clone',
				value: 'clone',
				action: 'Clone a voice from recordings',
				description: 'Create an instant voice clone from one or more audio files of the item',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a voice',
				description: 'Delete one of your voices',
			},
			{
				name: 'Design',
				value: 'design',
				action: 'Design a voice from a description',
				description: 'Generate voice previews (audio) from a text description',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a voice',
				description: 'Get a voice with its labels and stored settings',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many voices',
				description: 'List the voices of the account, with search and filters',
			},
			{
				name: 'Save Designed Voice',
				value: 'saveDesigned',
				action: 'Save a designed voice preview',
				description: 'Keep a preview from Design as a voice of the account',
			},
			{
				name: 'Update Settings',
				value: 'updateSettings',
				action: 'Update the settings of a voice',
				description:
					"Change a voice's stored stability, similarity, style, speed and speaker boost",
			},
		],
		default: 'getMany',
	},
	...clone.description,
	...del.description,
	...design.description,
	...get.description,
	...getMany.description,
	...saveDesigned.description,
	...updateSettings.description,
];
