import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { getRetryOptions } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';
import { getVideo } from './video';

/** GET /v3/videos/statuses takes at most this many IDs per request. */
export const STATUS_CHUNK = 100;

/** Statuses after which a video's status no longer changes. */
export const FINISHED = new Set(['completed', 'failed']);

/** Bulk errors that may come from one bad ID (or an API without the endpoint), not from the request. */
const PER_ID_STATUSES = new Set(['400', '404', '405', '422']);

/** What a status check found; `video` when it came from GET /v3/videos/{id}. */
export interface StatusReport {
	/** HeyGen's status; the bulk endpoint's `queued` reads as `pending` (GET /v3/videos/{id}'s name). */
	status: string;
	video?: IDataObject;
}

/** A wait's state: whether the bulk endpoint answers, and how many status requests were made. */
export interface LoopState {
	bulk: boolean;
	requests: number;
}

async function bulkStatuses(
	ctx: IExecuteFunctions,
	itemIndex: number,
	ids: string[],
	state: LoopState,
): Promise<Map<string, string>> {
	state.requests++;
	const response = await heyGenApiRequest.call(ctx, {
		method: 'GET',
		path: '/v3/videos/statuses',
		qs: { video_ids: ids.join(',') },
		itemIndex,
		retry: getRetryOptions(ctx, itemIndex),
	});
	const data = (response.body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'HeyGen answered the video status check without a list of statuses',
			{
				itemIndex,
				description:
					'Run the node again; if it keeps happening, check the Base URL of the HeyGen credential.',
			},
		);
	}
	const statuses = new Map<string, string>();
	for (const entry of data as IDataObject[]) {
		if (entry && typeof entry.video_id === 'string')
			statuses.set(entry.video_id, String(entry.status ?? 'unknown'));
	}
	return statuses;
}

/**
 * One status round: GET /v3/videos/statuses for up to 100 videos per request, or GET
 * /v3/videos/{id} for a lone video (it carries the URLs too) and for IDs that cannot be listed (a
 * comma). A 400/404/405/422 from the bulk endpoint may come from one bad ID, so those videos are
 * checked one by one (a bad ID then fails alone, like Video → Get); after a 404/405 (no bulk
 * endpoint) `state.bulk` is cleared. Any other error is every listed video's error.
 */
export async function checkStatuses(
	ctx: IExecuteFunctions,
	videos: Array<{ itemIndex: number; videoId: string }>,
	state: LoopState = { bulk: true, requests: 0 },
): Promise<Array<StatusReport | Error>> {
	const reports: Array<StatusReport | Error> = new Array(videos.length);
	const checkOne = async (k: number) => {
		state.requests++;
		try {
			const video = await getVideo(ctx, videos[k].itemIndex, videos[k].videoId);
			reports[k] = { status: String(video.status ?? 'unknown'), video };
		} catch (error) {
			reports[k] = error as Error;
		}
	};
	const listable = state.bulk
		? [...new Set(videos.map((v) => v.videoId).filter((id) => id && !id.includes(',')))]
		: [];
	const chunks: string[][] = [];
	if (listable.length > 1) {
		for (let i = 0; i < listable.length; i += STATUS_CHUNK)
			chunks.push(listable.slice(i, i + STATUS_CHUNK));
	}
	const indexes = videos.map((_v, k) => k);
	const checkChunk = async (ids: string[]) => {
		const members = indexes.filter((k) => ids.includes(videos[k].videoId));
		try {
			const statuses = await bulkStatuses(ctx, videos[members[0]].itemIndex, ids, state);
			for (const k of members) {
				// an ID the answer leaves out counts as not_found (confirmed with a GET)
				const status = statuses.get(videos[k].videoId) ?? 'not_found';
				reports[k] = { status: status === 'queued' ? 'pending' : status };
			}
		} catch (error) {
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
		...indexes.filter((k) => !listed.has(videos[k].videoId)).map(checkOne),
	]);
	return reports;
}
