import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voice'] } },
		options: [
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
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
