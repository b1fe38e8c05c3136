import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../../shared/router';
import { completionFor, waitProperties } from '../../descriptions';
import { createAndWait } from '../../helpers/create';
import {
	createPending,
	jobOptionsProperty,
	readJobInput,
	SOURCE_VIDEO,
} from '../../helpers/jobCreate';
import { LIPSYNC, LIPSYNC_JOB } from '../../helpers/jobKinds';
import type { MediaSpec } from '../../helpers/jobs';
import { mediaProperties, modeProperty, readMedia } from '../../helpers/jobs';

const AUDIO: MediaSpec = {
	name: 'audio',
	label: 'Audio',
	kind: 'audio',
	defaultSource: 'binary',
	urlPlaceholder: 'https://example.com/voiceover.mp3',
};

const properties: INodeProperties[] = [
	...mediaProperties(SOURCE_VIDEO),
	...mediaProperties(AUDIO),
	modeProperty('Lip-sync quality: Speed (default) or Precision (better lip-sync, slower)'),
	completionFor(LIPSYNC_JOB),
	...waitProperties({ waitForCompletion: ['poll'] }, LIPSYNC_JOB),
	jobOptionsProperty([
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
	]),
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

async function lipsync(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { options, checkUrls, shared, video, mode } = await readJobInput(ctx, itemIndex);
	const body: IDataObject = {
		video,
		audio: await readMedia(ctx, itemIndex, AUDIO, checkUrls),
		mode,
		...shared,
	};
	if (options.fpsMode) body.fps_mode = options.fpsMode;
	return await createPending(ctx, itemIndex, LIPSYNC, body);
}
