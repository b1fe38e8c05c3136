import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { generate, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{
				name: 'Generate Video',
				value: 'generate',
				action: 'Generate a video from a template',
				description: 'Create a video from a template by replacing its variables',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a template',
				description: "Get a template's variables and scenes",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many templates',
				description: 'List the API-ready templates',
			},
		],
		default: 'generate',
	},
	...generate.description,
	...get.description,
	...getMany.description,
];
