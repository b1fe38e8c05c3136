import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import type { ItemResult } from '../../../shared/router';
import { completionFor, idempotencyKeyOption, waitProperties } from '../../descriptions';
import { createAndWait } from '../../helpers/create';
import { LIPSYNC, LIPSYNC_JOB } from '../../helpers/jobKinds';
import type { MediaSpec } from '../../helpers/jobs';
import {
	createJob,
	jobCreateOptions,
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
	completionFor(LIPSYNC_JOB),
	...waitProperties({ waitForCompletion: ['poll'] }, LIPSYNC_JOB),
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
 * POST /v3/lipsyncs for each item: the video's speech replaced by the audio (e.g. ElevenLabs
 * text-to-speech straight from a previous node), lips re-animated to match. Outputs the
 * lipsync_id; then, as Wait for Completion says, output at once, wait here (and download the
 * video), or send the resume URL for a callback-mode wait.
 */
export async function executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await createAndWait(this, async (itemIndex) => await lipsync(this, itemIndex), {
		kind: LIPSYNC_JOB,
		inputFields: false,
	});
}

async function lipsync(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	const shared = sharedJobOptions(ctx, itemIndex, options);
	const body: IDataObject = {
		video: await readMedia(ctx, itemIndex, VIDEO, checkUrls),
		audio: await readMedia(ctx, itemIndex, AUDIO, checkUrls),
		mode: ctx.getNodeParameter('mode', itemIndex, 'speed') as string,
		...shared,
	};
	if (options.fpsMode) body.fps_mode = options.fpsMode;
	const { data, idempotencyKey } = await createJob(ctx, itemIndex, LIPSYNC, body);
	const id = data.lipsync_id ?? data.id;
	if (!id)
		throw new NodeOperationError(ctx.getNode(), 'HeyGen did not return a lipsync_id', {
			itemIndex,
			description: `The answer was: ${JSON.stringify(data).slice(0, 300)}`,
		});
	return {
		lipsync_id: String(id),
		status: 'pending',
		mode: body.mode,
		title: body.title ?? null,
		created_at: Math.floor(Date.now() / 1000),
		idempotency_key: idempotencyKey,
		request: body,
	};
}
