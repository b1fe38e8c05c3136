import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getSubscription from './getSubscription.operation';

export { get, getSubscription };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the user account',
				description: 'Get the account: user and workspace IDs, subscription and onboarding state',
			},
			{
				name: 'Get Subscription',
				value: 'getSubscription',
				action: 'Get subscription and character quota',
				description: 'Get the plan, characters used and the character limit, and when it resets',
			},
		],
		default: 'getSubscription',
	},
	...get.description,
	...getSubscription.description,
];
