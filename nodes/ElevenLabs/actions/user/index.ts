import type { INodeProperties } from 'n8n-workflow';

import * as getSubscription from './getSubscription.operation';

export { getSubscription };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Subscription',
				value: 'getSubscription',
				action: 'Get subscription and character quota',
				description: 'Get the plan, characters used and the character limit, and when it resets',
			},
		],
		default: 'getSubscription',
	},
	...getSubscription.description,
];
