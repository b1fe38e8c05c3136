import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		'Sent as the Idempotency-Key header so a retried request never creates a second video. Leave empty to use a key that is unique per execution, node, item and request (recommended).',
};

export const checkUrlsOption: INodeProperties = {
	displayName: 'Check URLs Before Generating',
	name: 'checkUrls',
	type: 'boolean',
	default: true,
	description:
		'Whether to check that audio and image URLs are publicly downloadable files of the right type before the video is created (HeyGen fails with download_failed otherwise)',
};

export const callbackUrlOption: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	description:
		'URL HeyGen POSTs the result to when the video is ready or failed. Not with Wait for Completion → Send Resume URL, which uses it.',
};

/** "Return All" + "Limit" of a Get Many operation. */
export function returnAllOrLimit(maxLimit = 500): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { returnAll: [false] } },
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** How the generate operations end; read only from the generating node's own parameters. */
export const completionProperty: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'options',
	noDataExpression: true,
	default: 'no',
	options: [
		{
			name: "Don't Wait",
			value: 'no',
			description: 'Output the new video ID at once',
		},
		{
			name: 'Send Resume URL for a Callback-Mode Wait',
			value: 'callback',
			description:
				"Send this execution's resume URL as the callback URL and output at once, so that a Video → Wait for Completion in callback mode later in this workflow waits without polling",
		},
		{
			name: 'Wait Here (Polling)',
			value: 'poll',
			description: 'Check the status here until the video is rendered, and optionally download it',
		},
	],
};

/**
 * Download and "Wait Options" of Video → Wait for Completion, and of the generate operations when
 * they wait (`show`: their extra display condition).
 */
export function waitProperties(show: IDisplayOptions['show'] = {}): INodeProperties[] {
	return [
		{
			displayName: 'Download Video',
			name: 'download',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description:
				'Whether to download the finished video into a binary field (streamed, so large videos are fine)',
		},
		{
			displayName: 'Put Video in Field',
			name: 'binaryPropertyName',
			type: 'string',
			displayOptions: { show: { ...show, download: [true] } },
			default: 'data',
			hint: 'The name of the output binary field for the video',
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add option',
			displayOptions: { show },
			default: {},
			options: [
				{
					displayName: 'Download Captioned Version',
					name: 'downloadCaptioned',
					type: 'boolean',
					default: false,
					description: 'Whether to download the version with burned-in captions when there is one',
				},
				{
					displayName: 'Download Subtitles',
					name: 'downloadSubtitles',
					type: 'boolean',
					default: false,
					description: 'Whether to also download the SRT subtitle file (needs "Download Video")',
				},
				{
					displayName: 'Initial Poll Interval (Seconds)',
					name: 'initialIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 10,
					description:
						"First wait after a video's creation (a video of unknown age is checked at once); it doubles each check up to the interval for the video's age. Lower it for a faster first answer on short renders.",
				},
				{
					displayName: 'Max Wait (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 3 },
					default: 30,
					description:
						'Stop waiting after this long. Renders usually take 5–20 minutes, longer at peak times.',
				},
				{
					displayName: 'On Timeout',
					name: 'onTimeout',
					type: 'options',
					options: [
						{ name: 'Return an Error', value: 'error' },
						{
							name: 'Return the Video ID',
							value: 'output',
							description:
								'Output an item with status "timeout" and the video ID, to check again later',
						},
					],
					default: 'error',
				},
				{
					displayName: 'Poll Interval After 5 Min (Seconds)',
					name: 'intervalLateSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 60,
				},
				{
					displayName: 'Poll Interval First 2 Min (Seconds)',
					name: 'intervalEarlySeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 10,
					description:
						'Also the shortest gap between checks when several videos wait in this node: one request checks them all, so they are checked together as often as their own intervals would make requests, down to this gap',
				},
				{
					displayName: 'Poll Interval From 2 to 5 Min (Seconds)',
					name: 'intervalMidSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 30,
				},
				{
					displayName: 'Put Subtitles in Field',
					name: 'subtitlesPropertyName',
					type: 'string',
					default: 'subtitles',
					description: 'The name of the output binary field for the SRT file',
				},
			],
		},
	];
}
