import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../shared/router';
import { getRetryOptions } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';
import { sleepUnlessCancelled } from './common';
import { finishedVideoOutput, getVideo } from './video';
import type { WaitSettings } from './wait';

/** One video to wait for, for one input item. */
export interface VideoJob {
	itemIndex: number;
	videoId: string;
	settings: WaitSettings;
	/** When the video was created (ms), if known: its first check comes one initial interval after. */
	createdAt?: number;
}

/** What a status check found; `video` when it came from GET /v3/videos/{id}. */
export interface StatusReport {
	/** HeyGen's status; the bulk endpoint's `queued` reads as `pending` (GET /v3/videos/{id}'s name). */
	status: string;
	video?: IDataObject;
}

/** GET /v3/videos/statuses takes at most this many IDs per request. */
export const STATUS_CHUNK = 100;

/** Bulk errors that may come from one bad ID (or an API without the endpoint), not from the request. */
const PER_ID_STATUSES = new Set(['400', '404', '405', '422']);
const NOT_STARTED = new Set(['pending', 'waiting', 'queued']);
const FINISHED = new Set(['completed', 'failed']);

/**
 * HeyGen's documented cadence for a video of this age (10 s under 2 min, 30 s to 5 min, 60 s
 * after; configurable), reached by doubling from the initial interval: `ramp` = how many times it
 * has doubled so far.
 */
export function cadence(settings: WaitSettings, ageMs: number, ramp: number): number {
	const byAge =
		ageMs < 120_000
			? settings.intervalEarlyMs
			: ageMs < 300_000
				? settings.intervalMidMs
				: settings.intervalLateMs;
	return Math.max(1, Math.min(byAge, settings.initialIntervalMs * 2 ** Math.max(0, ramp)));
}

/**
 * The gap between two rounds. A round checks every pending video with one request, so rounds come
 * as often as the videos' own cadences would make requests together, but never sooner than the
 * shortest gap any of them allows now (its cadence, at most the early interval). `saved`: the
 * requests this wait has saved so far over polling each video on its own; while they pay for the
 * next round, it comes at that shortest gap. So it never makes more requests in total than
 * per-video polling: one video keeps its own cadence, many videos are checked every early interval.
 */
export function roundGap(
	videos: Array<{ cadenceMs: number; earlyMs: number }>,
	requestsPerRound = 1,
	saved = 0,
): number {
	const floor = Math.min(...videos.map((v) => Math.min(v.earlyMs, v.cadenceMs)));
	if (saved >= requestsPerRound) return floor;
	const rate = videos.reduce((sum, v) => sum + 1 / v.cadenceMs, 0);
	return Math.max(floor, requestsPerRound / rate);
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

/** A video the loop still waits for. */
export interface PendingVideo extends VideoJob {
	/** Position in the jobs (and results). */
	slot: number;
	/** The video's age counts from here: its creation, or the start of the wait. */
	origin: number;
	deadline: number;
	checks: number;
	startedProcessing?: number;
}

/** The first round: at once, or one initial interval after a video created a moment ago. */
export function firstRoundAt(pending: PendingVideo[], started: number): number {
	return Math.min(
		...pending.map((v) =>
			Math.min(
				v.deadline,
				v.createdAt === undefined ? started : v.createdAt + v.settings.initialIntervalMs,
			),
		),
	);
}

/**
 * The next round: roundGap after this one began, no later than the first deadline. `owed`: what
 * polling each video on its own would have spent until then.
 */
export function nextRoundAt(
	pending: PendingVideo[],
	roundAt: number,
	now: number,
	saved: number,
): { at: number; owed: number } {
	const videos = pending.map((v) => ({
		// the ramp doubles from the creation when it is known, else from the first check
		cadenceMs: cadence(v.settings, now - v.origin, v.checks - (v.createdAt === undefined ? 1 : 0)),
		earlyMs: v.settings.intervalEarlyMs,
	}));
	const gap = roundGap(videos, Math.ceil(pending.length / STATUS_CHUNK), saved);
	const at = Math.min(roundAt + gap, ...pending.map((v) => v.deadline));
	return { at, owed: videos.reduce((sum, v) => sum + (at - roundAt) / v.cadenceMs, 0) };
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Waits for the videos of one node execution, in one loop: each round checks every pending video
 * (checkStatuses), the next one comes at nextRoundAt, and the execution's cancellation ends the
 * wait. A video reported finished (or not found) is read once with GET /v3/videos/{id} for its URLs
 * (a 404 there is its error; a video the bulk endpoint did not know yet keeps waiting), then its
 * output is built, its downloads running while the others keep waiting. Returns, per job, its
 * output item or its error (a failed render, a timeout, a failed request).
 */
export async function waitForVideos(
	ctx: IExecuteFunctions,
	jobs: VideoJob[],
): Promise<ItemResult[]> {
	const started = Date.now();
	const results: ItemResult[] = new Array(jobs.length);
	const outputs: Array<Promise<void>> = [];
	const state: LoopState = { bulk: true, requests: 0 };
	let pending: PendingVideo[] = jobs.map((job, slot) => ({
		...job,
		slot,
		origin: Math.min(job.createdAt ?? started, started),
		deadline: started + job.settings.maxWaitMs,
		checks: 0,
	}));
	// on its own, each video's first check would be a request
	let owed = pending.length;
	let next = firstRoundAt(pending, started);
	while (pending.length) {
		await sleepUnlessCancelled(ctx, next - Date.now(), pending[0].itemIndex);
		// the planned time: rounds keep their rhythm however long a round takes
		const roundAt = next;
		const reports = await checkStatuses(ctx, pending, state);
		const outcomes = await Promise.all(
			pending.map(async (v, k) => await settle(ctx, v, reports[k], started, state)),
		);
		pending.forEach((v, k) => {
			const outcome = outcomes[k];
			if (!outcome) return;
			outputs.push(
				outcome.result.then((result) => {
					results[v.slot] = result instanceof Error ? result : [result];
				}),
			);
		});
		pending = pending.filter((_v, k) => !outcomes[k]);
		if (!pending.length) break;
		const round = nextRoundAt(pending, roundAt, Date.now(), owed - state.requests);
		next = round.at;
		owed += round.owed;
	}
	await Promise.all(outputs);
	return results;
}

/**
 * What one check means for one video: undefined while it is still rendering, else its result,
 * wrapped so the downloads of a finished video do not hold up the next round: the output item, or
 * the error (a timeout is one too, unless On Timeout asks for an item).
 */
async function settle(
	ctx: IExecuteFunctions,
	w: PendingVideo,
	report: StatusReport | Error,
	started: number,
	state: LoopState,
): Promise<{ result: Promise<INodeExecutionData | Error> } | undefined> {
	const done = (result: INodeExecutionData | Error) => ({ result: Promise.resolve(result) });
	if (report instanceof Error) return done(report);
	w.checks++;
	let { status, video } = report;
	if (!video && (FINISHED.has(status) || status === 'not_found')) {
		state.requests++;
		try {
			video = await getVideo(ctx, w.itemIndex, w.videoId);
		} catch (error) {
			return done(error as Error);
		}
		status = String(video.status ?? 'unknown');
	}
	const now = Date.now();
	if (!NOT_STARTED.has(status)) w.startedProcessing ??= now;
	if (video && FINISHED.has(status)) {
		const timings: IDataObject = {
			queued_seconds: seconds((w.startedProcessing ?? now) - started),
			render_seconds:
				typeof video.created_at === 'number' && typeof video.completed_at === 'number'
					? video.completed_at - video.created_at
					: seconds(now - (w.startedProcessing ?? started)),
			waited_seconds: seconds(now - started),
			polls: w.checks,
		};
		return {
			result: finishedVideoOutput(ctx, w.itemIndex, video, w.settings, timings).catch(
				(error: Error) => error,
			),
		};
	}
	if (now < w.deadline) return undefined;
	if (w.settings.onTimeout === 'output') {
		return done({
			json: {
				video_id: w.videoId,
				status: 'timeout',
				last_status: status,
				timings: { waited_seconds: seconds(now - started), polls: w.checks },
			},
		});
	}
	const limit =
		w.settings.maxWaitMs < 60_000
			? `${seconds(w.settings.maxWaitMs)} s`
			: `${Math.round((w.settings.maxWaitMs / 60_000) * 10) / 10} min`;
	return done(
		new NodeOperationError(
			ctx.getNode(),
			`HeyGen video ${w.videoId} was still "${status}" after ${limit} (Max Wait)`,
			{
				itemIndex: w.itemIndex,
				description:
					'Rendering usually takes 5–20 minutes and longer at peak times. Raise "Max Wait", set "On Timeout" to output the video ID, or check again later with Video → Wait for Completion.',
			},
		),
	);
}
