import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The "Retry" entry of a node's Options collection; read with `getRetryOptions()`. Defaults = DEFAULT_RETRY. */
export const retryOption: INodeProperties = {
	displayName: 'Retry',
	name: 'retry',
	type: 'fixedCollection',
	default: {},
	description:
		"How rate limits (HTTP 429), timeouts and server errors are retried, per request. Requests that create billable work are only retried when that is safe. Not used when the node's Settings → Retry On Fail is on: n8n then re-runs the failed item and each request is made once.",
	options: [
		{
			displayName: 'Settings',
			name: 'settings',
			values: [
				{
					displayName: 'Base Delay (Ms)',
					name: 'baseDelayMs',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 1000,
					description: 'First backoff delay; it doubles on every further attempt (with jitter)',
				},
				{
					displayName: 'Max Attempts',
					name: 'maxAttempts',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 10 },
					default: 4,
					description: 'Total attempts per request, including the first one',
				},
				{
					displayName: 'Max Delay (Seconds)',
					name: 'maxDelaySeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 30,
					description: 'Upper bound of a single wait, including a server-sent Retry-After',
				},
				{
					displayName: 'Max Total Wait (Seconds)',
					name: 'maxTotalWaitSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 120,
					description: 'Give up when the waits of one request would add up to more than this',
				},
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						"How long one attempt may wait for a response before it counts as a timeout (and is retried where safe). 0 = the operation's default (2–4 minutes).",
				},
			],
		},
	],
};

/**
 * An operation's "Options" collection that holds only the Retry settings. Without `show` it has no
 * displayOptions of its own (for an operation description wrapped in `updateDisplayOptions`).
 */
export function retryOptions(show?: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		...(show ? { displayOptions: { show } } : {}),
		default: {},
		options: [retryOption],
	};
}

/** An operation's "Options" collection: `options` and Retry, in display-name order (n8n's convention). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options, retryOption].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * "Return All" + "Limit" of a Get Many operation; read with `getManyLimit` (with the same
 * `returnAll` default).
 */
export function returnAllOrLimit({
	returnAll = false,
	maxLimit,
}: { returnAll?: boolean; maxLimit?: number } = {}): INodeProperties[] {
	const returnAllProperty: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	};
	const limit: INodeProperties = {
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	};
	return [
		{ ...returnAllProperty, default: returnAll },
		maxLimit ? { ...limit, typeOptions: { minValue: 1, maxValue: maxLimit } } : limit,
	];
}
