import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../shared/router';
import { sleepUnlessCancelled } from './common';
import type { LoopState, StatusReport } from './statuses';
import { checkStatuses, FINISHED, STATUS_CHUNK } from './statuses';
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

/** Statuses before rendering starts (the bulk endpoint's `queued` reads as `pending`). */
const NOT_STARTED = new Set(['pending', 'waiting', 'queued']);

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
	v: PendingVideo,
	report: StatusReport | Error,
	started: number,
	state: LoopState,
): Promise<{ result: Promise<INodeExecutionData | Error> } | undefined> {
	const done = (result: INodeExecutionData | Error) => ({ result: Promise.resolve(result) });
	if (report instanceof Error) return done(report);
	v.checks++;
	let { status, video } = report;
	if (!video && (FINISHED.has(status) || status === 'not_found')) {
		state.requests++;
		try {
			video = await getVideo(ctx, v.itemIndex, v.videoId);
		} catch (error) {
			return done(error as Error);
		}
		status = String(video.status ?? 'unknown');
	}
	const now = Date.now();
	if (!NOT_STARTED.has(status)) v.startedProcessing ??= now;
	if (video && FINISHED.has(status)) {
		const timings: IDataObject = {
			queued_seconds: seconds((v.startedProcessing ?? now) - started),
			render_seconds:
				typeof video.created_at === 'number' && typeof video.completed_at === 'number'
					? video.completed_at - video.created_at
					: seconds(now - (v.startedProcessing ?? started)),
			waited_seconds: seconds(now - started),
			polls: v.checks,
		};
		return {
			result: finishedVideoOutput(ctx, v.itemIndex, video, v.settings, timings).catch(
				(error: Error) => error,
			),
		};
	}
	if (now < v.deadline) return undefined;
	if (v.settings.onTimeout === 'output') {
		return done({
			json: {
				video_id: v.videoId,
				status: 'timeout',
				last_status: status,
				timings: { waited_seconds: seconds(now - started), polls: v.checks },
			},
		});
	}
	const limit =
		v.settings.maxWaitMs < 60_000
			? `${seconds(v.settings.maxWaitMs)} s`
			: `${Math.round((v.settings.maxWaitMs / 60_000) * 10) / 10} min`;
	return done(
		new NodeOperationError(
			ctx.getNode(),
			`HeyGen video ${v.videoId} was still "${status}" after ${limit} (Max Wait)`,
			{
				itemIndex: v.itemIndex,
				description:
					'Rendering usually takes 5–20 minutes and longer at peak times. Raise "Max Wait", set "On Timeout" to output the video ID, or check again later with Video → Wait for Completion.',
			},
		),
	);
}
