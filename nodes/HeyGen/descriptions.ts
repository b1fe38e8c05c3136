import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { JobKind } from './helpers/statuses';

/** What the wait texts say of a job kind. */
type WaitSubject = Pick<JobKind, 'resource' | 'label' | 'noun' | 'typical'>;

const VIDEO: WaitSubject = {
	resource: 'video',
	label: 'Video',
	noun: 'video',
	typical: '5–20 minutes',
};

export const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		"Leave empty unless a re-run should get back what was already made for the same item: HeyGen answers a key it has seen in the last 24 hours with its first result, so use a value unique per item, such as the row's key",
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

/**
 * How the create operations end (Generate, Translate, Create); read only from the creating node's
 * own parameters.
 */
export function completionFor(kind: WaitSubject): INodeProperties {
	const { noun, label } = kind;
	const job = noun === 'video' ? 'the video is rendered' : `the ${noun} is finished`;
	return {
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'options',
		noDataExpression: true,
		default: 'no',
		hint: `${noun === 'video' ? 'Renders usually take' : `A ${noun} usually takes`} ${kind.typical}, longer at peak times. Wait Here keeps this node running until the ${noun} is ready, failed or Max Wait has passed.`,
		options: [
			{
				name: "Don't Wait",
				value: 'no',
				description: `Output the new ${noun} ID at once`,
			},
			{
				name: 'Send Resume URL for a Callback-Mode Wait',
				value: 'callback',
				description: `Send this execution's resume URL as the callback URL and output at once, so that a ${label} → Wait for Completion in callback mode later in this workflow waits without polling`,
			},
			{
				name: 'Wait Here (Polling)',
				value: 'poll',
				description: `Check the status here until ${job}, and optionally download it`,
			},
		],
	};
}

/** Wait for Completion of the video creates (Video → Generate, Template → Generate Video). */
export const completionProperty = completionFor(VIDEO);

/**
 * Download and "Wait Options" of a Wait for Completion operation, and of the create operations
 * when they wait (`show`: their extra display condition), for videos or another job kind.
 */
export function waitProperties(
	show: IDisplayOptions['show'] = {},
	kind: WaitSubject = VIDEO,
): INodeProperties[] {
	const isVideo = kind.resource === 'video';
	const translation = kind.resource === 'videoTranslation';
	const takes = isVideo ? 'Renders usually take' : `A ${kind.noun} usually takes`;
	return [
		{
			displayName: 'Download Video',
			name: 'download',
			type: 'boolean',
			displayOptions: { show },
			default: true,
			description: `Whether to download the finished ${isVideo ? 'video' : `${kind.noun}'s video`} into a binary field (streamed, so large videos are fine)`,
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
				...(isVideo
					? [
							{
								displayName: 'Download Captioned Version',
								name: 'downloadCaptioned',
								type: 'boolean' as const,
								default: false,
								description:
									'Whether to download the version with burned-in captions when there is one',
							},
						]
					: []),
				{
					displayName: 'Download Subtitles',
					name: 'downloadSubtitles',
					type: 'boolean',
					default: false,
					description: isVideo
						? 'Whether to also download the SRT subtitle file (needs "Download Video")'
						: `Whether to also download the ${translation ? 'subtitle' : 'SRT subtitle'} file (needs "Download Video", and the ${kind.noun} created with Enable Captions)`,
				},
				{
					displayName: 'Max Wait (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 3 },
					default: 30,
					description: `Stop waiting after this long. ${takes} ${kind.typical}, longer at peak times.`,
				},
				{
					displayName: 'On Timeout',
					name: 'onTimeout',
					type: 'options',
					options: [
						{ name: 'Return an Error', value: 'error' },
						{
							name: `Return the ${kind.label} ID`,
							value: 'output',
							description: `Output an item with status "timeout" and the ${kind.noun} ID, to check again later`,
						},
					],
					default: 'error',
				},
				{
					displayName: 'Poll Cadence',
					name: 'pollCadence',
					type: 'options',
					options: [
						{
							name: 'Fast',
							value: 'fast',
							description:
								'Every 5 s for the first 2 min, 15 s until 5 min, 30 s after: faster answers, twice the requests',
						},
						{
							name: 'Relaxed',
							value: 'relaxed',
							description:
								'Every 30 s for the first 2 min, 60 s until 5 min, 120 s after: fewer requests',
						},
						{
							name: 'Standard',
							value: 'standard',
							description:
								"HeyGen's documented cadence: every 10 s for the first 2 min, 30 s until 5 min, 60 s after",
						},
					],
					default: 'standard',
					description:
						'How often the status is checked. The Poll Interval options below override single steps.',
				},
				{
					displayName: 'Poll Interval 1: First Check (Seconds)',
					name: 'initialIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 10,
					description:
						"Overrides the cadence: how long after the video's creation the first check comes (a video of unknown age is checked at once). Later checks double from it up to the interval for the video's age.",
				},
				{
					displayName: 'Poll Interval 2: Up to 2 Min (Seconds)',
					name: 'intervalEarlySeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 10,
					description:
						'Overrides the cadence while the video is younger than 2 minutes. Also the shortest gap between checks when several videos wait in this node: one request checks them all, as often as their own intervals would make requests, down to this gap.',
				},
				{
					displayName: 'Poll Interval 3: 2 to 5 Min (Seconds)',
					name: 'intervalMidSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 30,
					description: 'Overrides the cadence while the video is 2 to 5 minutes old',
				},
				{
					displayName: 'Poll Interval 4: After 5 Min (Seconds)',
					name: 'intervalLateSeconds',
					type: 'number',
					typeOptions: { minValue: 0.01, numberPrecision: 2 },
					default: 60,
					description: 'Overrides the cadence once the video is older than 5 minutes',
				},
				{
					displayName: 'Put Subtitles in Field',
					name: 'subtitlesPropertyName',
					type: 'string',
					default: 'subtitles',
					description: `The name of the output binary field for the ${translation ? 'subtitle' : 'SRT'} file`,
				},
				...(translation
					? [
							{
								displayName: 'Subtitle Format',
								name: 'subtitleFormat',
								type: 'options' as const,
								options: [
									{ name: 'SRT', value: 'srt' },
									{ name: 'WebVTT', value: 'vtt' },
								],
								default: 'srt',
								description:
									'Which of the two caption files HeyGen makes to download with Download Subtitles',
							},
						]
					: []),
			],
		},
	];
}
