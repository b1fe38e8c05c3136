import type { INodeProperties } from 'n8n-workflow';

import * as getManyLooks from './getManyLooks.operation';

export { getManyLooks };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['avatar'] } },
		options: [
			{
				name: 'Get Many Looks',
				value: 'getManyLooks',
				action: 'Get many avatar looks',
				description: 'List avatar looks with their type and supported engines',
			},
		],
		default: 'getManyLooks',
	},
	...getManyLooks.description,
];
