import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions';
import { idempotencyKeyOption } from '../descriptions';
import type { JobResource } from './jobKinds';
import type { MediaSpec } from './jobs';
import { createJob, jobCreateOptions, readMedia, sharedJobOptions } from './jobs';

/**
 * The two creates that re-render an existing video (Lip Sync → Create, Video Translation →
 * Translate): the same source video input, the same "Options", the same start of the body and
 * the same output of a job just created.
 */

/** The source video: `video` of POST /v3/lipsyncs and POST /v3/video-translations. */
export const SOURCE_VIDEO: MediaSpec = {
	name: 'video',
	label: 'Video',
	kind: 'video',
	defaultSource: 'url',
	urlPlaceholder: 'https://example.com/presenter.mp4',
};

/** The "Options" collection: every job create's entries, the operation's own, Idempotency Key, Retry. */
export function jobOptionsProperty(own: INodeProperties[]): INodeProperties {
	return optionsCollection([...jobCreateOptions, ...own, idempotencyKeyOption]);
}

/** What every job create reads of an item; the options are checked before the video is uploaded. */
export interface JobInput {
	/** The item's "Options". */
	options: IDataObject;
	checkUrls: boolean;
	/** The request fields of the options all job creates share (sharedJobOptions). */
	shared: IDataObject;
	video: IDataObject | undefined;
	mode: string;
}

export async function readJobInput(ctx: IExecuteFunctions, itemIndex: number): Promise<JobInput> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	const shared = sharedJobOptions(ctx, itemIndex, options);
	const video = await readMedia(ctx, itemIndex, SOURCE_VIDEO, checkUrls);
	const mode = ctx.getNodeParameter('mode', itemIndex, 'speed') as string;
	return { options, checkUrls, shared, video, mode };
}

/**
 * POSTs the create (createJob) and outputs one item per job it made, pending: the job's id
 * under the resource's own name (and what `made` adds), then the request and its key.
 * `made` reads the jobs from the answer; by default its one `<idField>` (or `id`).
 */
export async function createPending(
	ctx: IExecuteFunctions,
	itemIndex: number,
	resource: JobResource,
	body: IDataObject,
	made: (data: IDataObject) => IDataObject[] = (data) => {
		const id = data[resource.idField] ?? data.id;
		return id ? [{ [resource.idField]: String(id) }] : [];
	},
): Promise<IDataObject[]> {
	const { data, idempotencyKey } = await createJob(ctx, itemIndex, resource, body);
	const jobs = made(data);
	if (!jobs.length)
		throw new NodeOperationError(ctx.getNode(), `HeyGen did not return a ${resource.idField}`, {
			itemIndex,
			description: `The answer was: ${JSON.stringify(data).slice(0, 300)}`,
		});
	const createdAt = Math.floor(Date.now() / 1000);
	return jobs.map((job) => ({
		...job,
		status: 'pending',
		mode: body.mode,
		title: body.title ?? null,
		created_at: createdAt,
		idempotency_key: idempotencyKey,
		request: body,
	}));
}
