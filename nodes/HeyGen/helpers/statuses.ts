import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getRetryOptions } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';
import type { DownloadSettings, VideoContext } from './video';
import { failedVideo, finishedVideoOutput, getVideo, isExecution } from './video';

/** The bulk status endpoint takes at most this many IDs per request. */
export const STATUS_CHUNK = 100;

/**
 * What the wait needs to know about one kind of HeyGen job (a video, a video translation, a
 * lip-sync): where its statuses are read (a bulk endpoint and the single-job detail endpoint), the
 * fields that name a job, what its status words mean, and what a finished or failed job becomes.
 * The poll loop, callback mode and the Wait for Completion operations take one of these, so every
 * kind is waited for the same way.
 */
export interface JobKind {
	/** The node's resource whose Wait for Completion waits for this kind ("video"). */
	resource: string;
	/** The resource's display name ("Video"), for "Video → Wait for Completion" in messages. */
	label: string;
	/** How messages name one job ("video"). */
	noun: string;
	/** The field naming the job in our output items ("video_id"). */
	idField: string;
	/** The ID parameter of the Wait for Completion operation, and its display name. */
	idParam: string;
	idLabel: string;
	/** Fields that may name the job in a bulk status entry, in order of preference. */
	listIdFields: string[];
	/** Fields that may name the job in a callback body (under event_data, data or at the top). */
	callbackIdFields: string[];
	/** GET endpoint listing the statuses of up to STATUS_CHUNK jobs, and its query parameter. */
	bulkPath: string;
	bulkQuery: string;
	/** GET of one job: its status (in the words of `finished`/`notStarted`), and its result once finished. */
	detail: (ctx: VideoContext, itemIndex: number, id: string) => Promise<IDataObject>;
	/** Statuses after which the status no longer changes; `failed` is the failure among them. */
	finished: Set<string>;
	failed: string;
	/** Statuses before work has started. */
	notStarted: Set<string>;
	/** Bulk statuses that are named differently by the detail endpoint. */
	aliases: Record<string, string>;
	/** How long such a job usually takes ("5–20 minutes"). */
	typical: string;
	/** The output item of a finished job: its fields, timings and the downloads the settings ask for. */
	finish: (
		ctx: VideoContext,
		itemIndex: number,
		job: IDataObject,
		settings: DownloadSettings,
		timings: IDataObject,
	) => Promise<INodeExecutionData>;
	/** A failed job as an error, and the fields of the item Continue On Fail makes of it. */
	failure: (
		ctx: VideoContext,
		itemIndex: number,
		job: IDataObject,
	) => { error: Error; fields: IDataObject };
}

/** HeyGen videos: GET /v3/videos/statuses and GET /v3/videos/{video_id}. */
export const VIDEO_JOB: JobKind = {
	resource: 'video',
	label: 'Video',
	noun: 'video',
	idField: 'video_id',
	idParam: 'videoId',
	idLabel: 'Video ID',
	listIdFields: ['video_id'],
	callbackIdFields: ['video_id'],
	bulkPath: '/v3/videos/statuses',
	bulkQuery: 'video_ids',
	detail: getVideo,
	finished: new Set(['completed', 'failed']),
	failed: 'failed',
	// the bulk endpoint's `queued` reads as GET /v3/videos/{id}'s `pending`
	notStarted: new Set(['pending', 'waiting', 'queued']),
	aliases: { queued: 'pending' },
	typical: '5–20 minutes',
	finish: finishedVideoOutput,
	failure: failedVideo,
};

/** What to tell a user whose wait reached Max Wait. */
export const timeoutHint = (kind: JobKind) =>
	`Rendering usually takes ${kind.typical} and longer at peak times. Raise "Max Wait", set "On Timeout" to output the ${kind.noun} ID, or check again later with ${kind.label} → Wait for Completion.`;

/** Bulk errors that may come from one bad ID (or an API without the endpoint), not from the request. */
const PER_ID_STATUSES = new Set(['400', '404', '405', '422']);

/**
 * What a status check found: the status (`video` when it came from the detail endpoint), or —
 * when HeyGen answered HTTP 200 without a usable status (an error in the body, no status list) —
 * `failure`: the status is unknown this round and the next round tries again.
 */
export interface StatusReport {
	status: string;
	video?: IDataObject;
	failure?: Error;
}

/** A wait's state: whether the bulk endpoint answers, and how many status requests were made. */
export interface LoopState {
	bulk: boolean;
	requests: number;
}

/** An HTTP 200 that carried no usable status: HeyGen is known to answer errors that way while polling. */
function isAnsweredWithoutStatus(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '200';
}

const unknownStatus = (failure: Error): StatusReport => ({ status: 'unknown', failure });

async function bulkStatuses(
	ctx: VideoContext,
	kind: JobKind,
	itemIndex: number,
	ids: string[],
	state: LoopState,
): Promise<Map<string, string> | Error> {
	state.requests++;
	const response = await heyGenApiRequest.call(ctx, {
		method: 'GET',
		path: kind.bulkPath,
		qs: { [kind.bulkQuery]: ids.join(',') },
		itemIndex,
		retry: isExecution(ctx) ? getRetryOptions(ctx, itemIndex) : undefined,
	});
	const data = (response.body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) {
		return new NodeOperationError(
			ctx.getNode(),
			`HeyGen answered the ${kind.noun} status check without a list of statuses`,
			{
				itemIndex,
				description:
					'If it keeps happening, check the Base URL of the HeyGen credential, or try again later.',
			},
		);
	}
	const statuses = new Map<string, string>();
	for (const entry of data as IDataObject[]) {
		const id = kind.listIdFields.map((field) => entry?.[field]).find((v) => typeof v === 'string');
		if (typeof id === 'string') statuses.set(id, String(entry.status ?? 'unknown'));
	}
	return statuses;
}

/**
 * One status round: the bulk endpoint for up to 100 jobs per request, or the detail endpoint for a
 * lone job (it carries the result too) and for IDs that cannot be listed (a comma). A 400/404/405/
 * 422 from the bulk endpoint may come from one bad ID, so those jobs are checked one by one (a bad
 * ID then fails alone, like Video → Get); after a 404/405 (no bulk endpoint) `state.bulk` is
 * cleared. An HTTP 200 without a usable status is a `failure` report (the next round retries); any
 * other error is every listed job's error.
 */
export async function checkStatuses(
	ctx: VideoContext,
	jobs: Array<{ itemIndex: number; videoId: string }>,
	state: LoopState = { bulk: true, requests: 0 },
	kind: JobKind = VIDEO_JOB,
): Promise<Array<StatusReport | Error>> {
	const reports: Array<StatusReport | Error> = new Array(jobs.length);
	const checkOne = async (k: number) => {
		state.requests++;
		try {
			const job = await kind.detail(ctx, jobs[k].itemIndex, jobs[k].videoId);
			reports[k] =
				typeof job.status === 'string' && job.status
					? { status: job.status, video: job }
					: unknownStatus(
							new NodeOperationError(
								ctx.getNode(),
								`HeyGen answered the status check of ${kind.noun} ${jobs[k].videoId} without a status`,
								{ itemIndex: jobs[k].itemIndex },
							),
						);
		} catch (error) {
			reports[k] = isAnsweredWithoutStatus(error)
				? unknownStatus(error as Error)
				: (error as Error);
		}
	};
	const listable = state.bulk
		? [...new Set(jobs.map((v) => v.videoId).filter((id) => id && !id.includes(',')))]
		: [];
	const chunks: string[][] = [];
	if (listable.length > 1) {
		for (let i = 0; i < listable.length; i += STATUS_CHUNK)
			chunks.push(listable.slice(i, i + STATUS_CHUNK));
	}
	const indexes = jobs.map((_v, k) => k);
	const checkChunk = async (ids: string[]) => {
		const members = indexes.filter((k) => ids.includes(jobs[k].videoId));
		try {
			const statuses = await bulkStatuses(ctx, kind, jobs[members[0]].itemIndex, ids, state);
			for (const k of members) {
				if (statuses instanceof Error) {
					reports[k] = unknownStatus(statuses);
					continue;
				}
				// an ID the answer leaves out counts as not_found (confirmed with a GET)
				const status = statuses.get(jobs[k].videoId) ?? 'not_found';
				reports[k] = { status: kind.aliases[status] ?? status };
			}
		} catch (error) {
			if (isAnsweredWithoutStatus(error)) {
				for (const k of members) reports[k] = unknownStatus(error as Error);
				return;
			}
			if (!(error instanceof NodeApiError) || !PER_ID_STATUSES.has(String(error.httpCode))) {
				for (const k of members) reports[k] = error as Error;
				return;
			}
			if (error.httpCode === '404' || error.httpCode === '405') state.bulk = false;
			await Promise.all(members.map(async (k) => await checkOne(k)));
		}
	};
	const listed = new Set(chunks.flat());
	await Promise.all([
		...chunks.map(checkChunk),
		...indexes.filter((k) => !listed.has(jobs[k].videoId)).map(checkOne),
	]);
	return reports;
}
