import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { idempotencyKeyOption } from '../../descriptions';
import type { MediaSpec } from '../../helpers/jobs';
import {
	createJob,
	jobCreateOptions,
	LIPSYNC,
	mediaProperties,
	modeProperty,
	readMedia,
	sharedJobOptions,
	sortByName,
} from '../../helpers/jobs';

const VIDEO: MediaSpec = {
	name: 'video',
	label: 'Video',
	kind: 'video',
	defaultSource: 'url',
	urlPlaceholder: 'https://example.com/presenter.mp4',
};

const AUDIO: MediaSpec = {
	name: 'audio',
	label: 'Audio',
	kind: 'audio',
	defaultSource: 'binary',
	urlPlaceholder: 'https://example.com/voiceover.mp3',
};

const properties: INodeProperties[] = [
	...mediaProperties(VIDEO),
	...mediaProperties(AUDIO),
	modeProperty('Lip-sync quality: Speed (default) or Precision (better lip-sync, slower)'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: sortByName([
			...jobCreateOptions,
			{
				displayName: 'Frame Rate Mode',
				name: 'fpsMode',
				type: 'options',
				options: [
					{ name: 'Constant', value: 'cfr' },
					{ name: 'Match the Source', value: 'passthrough' },
					{ name: 'Variable', value: 'vfr' },
				],
				default: 'passthrough',
			},
			idempotencyKeyOption,
			retryOption,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['lipsync'], operation: ['create'] } },
	properties,
);

/**
 * POST /v3/lipsyncs: the video's speech replaced by the audio (e.g. ElevenLabs text-to-speech
 * straight from a previous node), lips re-animated to match. Outputs the lipsync_id.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	const shared = sharedJobOptions(this, itemIndex, options);
	const body: IDataObject = {
		video: await readMedia(this, itemIndex, VIDEO, checkUrls),
		audio: await readMedia(this, itemIndex, AUDIO, checkUrls),
		mode: this.getNodeParameter('mode', itemIndex, 'speed') as string,
		...shared,
	};
	if (options.fpsMode) body.fps_mode = options.fpsMode;
	const { data, idempotencyKey } = await createJob(this, itemIndex, LIPSYNC, body);
	const id = data.lipsync_id ?? data.id;
	if (!id)
		throw new NodeOperationError(this.getNode(), 'HeyGen did not return a lipsync_id', {
			itemIndex,
			description: `The answer was: ${JSON.stringify(data).slice(0, 300)}`,
		});
	return [
		{
			json: {
				lipsync_id: String(id),
				status: 'pending',
				mode: body.mode,
				title: body.title ?? null,
				created_at: Math.floor(Date.now() / 1000),
				idempotency_key: idempotencyKey,
				request: body,
			},
		},
	];
}
