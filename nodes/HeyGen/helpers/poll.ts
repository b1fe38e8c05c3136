import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemResult } from '../../shared/router';
import { asNodeError, errorJson } from '../../shared/router';
import { sleepUnlessCancelled } from './common';
import type { JobKind, LoopState, StatusReport } from './statuses';
import { checkStatuses, STATUS_CHUNK, timeoutHint, VIDEO_JOB } from './statuses';
import type { VideoContext } from './video';
import { isExecution } from './video';
import type { WaitSettings } from './wait';

/** One job (a video, a translation, a lip-sync) to wait for, for one input item. */
export interface VideoJob {
	itemIndex: number;
	/** The job's ID (a video_id, video_translation_id or lipsync_id). */
	videoId: string;
	settings: WaitSettings;
	/** When the video was created (ms), if known: its first check comes one initial interval after. */
	createdAt?: number;
	/** When the wait began (ms), when that was before this loop: a resumed callback-mode wait. */
	startedAt?: number;
	/** Status requests made for the video before this loop (a callback-mode wait's check). */
	checks?: number;
	/** A callback-mode wait: its timings say so. */
	mode?: 'callback';
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

/** Milliseconds as seconds with one decimal, for output fields and messages. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Status checks in a row answered without a status after which the wait gives up. */
export const MAX_FAILED_CHECKS = 3;

/** A video of the loop, with what the loop has seen of it. */
interface Waiting extends PendingVideo {
	started: number;
	failedChecks: number;
	lastStatus?: string;
}

/** How a wait ended without an output item: the error, and the fields of its Continue On Fail item. */
export interface WaitFailure {
	error: Error;
	fields: IDataObject;
}

export interface WaitOptions {
	/** The first round's reports, when the caller has made that round (with `state`). */
	first?: Array<StatusReport | Error>;
	state?: LoopState;
	kind?: JobKind;
}

/**
 * Waits for the videos of one node execution (or of one resume call in callback mode), in one
 * loop: each round checks every pending video (checkStatuses), the next one comes at nextRoundAt,
 * and the execution's cancellation ends the wait. A video reported finished (or not found) is read
 * once with its detail endpoint for its URLs (a 404 there is its error; a video the bulk endpoint
 * did not know yet keeps waiting), then its output is built, its downloads running while the
 * others keep waiting. A round HeyGen answers without a status is retried on the next round, up
 * to MAX_FAILED_CHECKS in a row and within Max Wait.
 *
 * Returns, per job, its output item or its error (a failed render, a timeout, a failed request).
 * With Continue On Fail — and always in a resume call, which cannot fail the execution — an error
 * is an item: the error, plus the video's fields (video_id, status, failure_code, …).
 */
export async function waitForVideos(
	ctx: VideoContext,
	jobs: VideoJob[],
	options: WaitOptions = {},
): Promise<ItemResult[]> {
	const kind = options.kind ?? VIDEO_JOB;
	const state = options.state ?? { bulk: true, requests: 0 };
	const now = Date.now();
	const outcomes: Array<INodeExecutionData | WaitFailure> = new Array(jobs.length);
	const outputs: Array<Promise<void>> = [];
	let pending: Waiting[] = jobs.map((job, slot) => {
		const started = job.startedAt ?? now;
		return {
			...job,
			slot,
			started,
			origin: Math.min(job.createdAt ?? started, started),
			deadline: started + job.settings.maxWaitMs,
			checks: job.checks ?? 0,
			failedChecks: 0,
		};
	});
	// on its own, each video's first check would be a request
	let owed = pending.length;
	let first = options.first;
	let next = first ? now : firstRoundAt(pending, now);
	while (pending.length) {
		// the planned time: rounds keep their rhythm however long a round takes
		const roundAt = next;
		let reports = first;
		first = undefined;
		if (!reports) {
			await sleepUnlessCancelled(ctx, next - Date.now(), pending[0].itemIndex);
			reports = await checkStatuses(ctx, pending, state, kind);
		}
		const settled = await Promise.all(
			pending.map(async (v, k) => await settle(ctx, v, reports[k], state, kind)),
		);
		pending.forEach((v, k) => {
			const outcome = settled[k];
			if (!outcome) return;
			outputs.push(
				outcome.result.then((result) => {
					outcomes[v.slot] = result;
				}),
			);
		});
		pending = pending.filter((_v, k) => !settled[k]);
		if (!pending.length) break;
		const round = nextRoundAt(pending, roundAt, Date.now(), owed - state.requests);
		next = round.at;
		owed += round.owed;
	}
	await Promise.all(outputs);
	const asItems = isExecution(ctx) ? ctx.continueOnFail() : true;
	return outcomes.map((outcome, slot) => {
		if ('json' in outcome) return [outcome];
		if (!asItems) return outcome.error;
		const { itemIndex } = jobs[slot];
		const json = errorJson(asNodeError(ctx, outcome.error, itemIndex), itemIndex);
		return [{ json: { ...json, ...outcome.fields } }];
	});
}

/** The Max Wait in words. */
export function limitOf(settings: WaitSettings): string {
	return settings.maxWaitMs < 60_000
		? `${seconds(settings.maxWaitMs)} s`
		: `${Math.round((settings.maxWaitMs / 60_000) * 10) / 10} min`;
}

/**
 * What one check means for one video: undefined while it is still rendering, else its result,
 * wrapped so the downloads of a finished video do not hold up the next round: the output item, or
 * the failure (a timeout is one too, unless On Timeout asks for an item).
 */
async function settle(
	ctx: VideoContext,
	v: Waiting,
	report: StatusReport | Error,
	state: LoopState,
	kind: JobKind,
): Promise<{ result: Promise<INodeExecutionData | WaitFailure> } | undefined> {
	const done = (result: INodeExecutionData | WaitFailure) => ({ result: Promise.resolve(result) });
	const { itemIndex, videoId } = v;
	const id = { [kind.idField]: videoId };
	if (report instanceof Error) return done({ error: report, fields: id });
	v.checks++;
	const now = Date.now();
	if (report.failure) {
		v.failedChecks++;
		if (v.failedChecks < MAX_FAILED_CHECKS && now < v.deadline) return undefined;
		const times = v.failedChecks === 1 ? 'once' : `${v.failedChecks} times in a row`;
		return done({
			error: new NodeOperationError(
				ctx.getNode(),
				`HeyGen's status check of ${kind.noun} ${videoId} failed ${times}: ${report.failure.message}`,
				{
					itemIndex,
					description: `HeyGen answered without the status. The wait checks again on its next round and stops after ${MAX_FAILED_CHECKS} failed checks in a row or at Max Wait. Check the ${kind.noun} later with Wait for Completion or Get.`,
				},
			),
			fields: { ...id, last_status: v.lastStatus ?? null },
		});
	}
	v.failedChecks = 0;
	let { status, video } = report;
	if (!video && (kind.finished.has(status) || status === 'not_found')) {
		state.requests++;
		try {
			video = await kind.detail(ctx, itemIndex, videoId);
		} catch (error) {
			return done({ error: error as Error, fields: id });
		}
		status = String(video.status ?? 'unknown');
	}
	v.lastStatus = status;
	if (!kind.notStarted.has(status)) v.startedProcessing ??= now;
	const waited = seconds(now - v.started);
	if (video && kind.finished.has(status)) {
		if (status === kind.failed) return done(kind.failure(ctx, itemIndex, video));
		const renderSeconds =
			typeof video.created_at === 'number' && typeof video.completed_at === 'number'
				? video.completed_at - video.created_at
				: seconds(now - (v.startedProcessing ?? v.started));
		// a callback-mode wait does not see when rendering started
		const timings: IDataObject =
			v.mode === 'callback'
				? { render_seconds: renderSeconds, waited_seconds: waited, polls: v.checks, mode: v.mode }
				: {
						queued_seconds: seconds((v.startedProcessing ?? now) - v.started),
						render_seconds: renderSeconds,
						waited_seconds: waited,
						polls: v.checks,
					};
		return {
			result: kind
				.finish(ctx, itemIndex, video, v.settings, timings)
				.catch((error: Error) => ({ error, fields: id })),
		};
	}
	if (now < v.deadline) return undefined;
	const json: IDataObject = {
		...id,
		status: 'timeout',
		last_status: status,
		timings: { waited_seconds: waited, polls: v.checks, ...(v.mode ? { mode: v.mode } : {}) },
	};
	if (v.settings.onTimeout === 'output') return done({ json });
	return done({
		error: new NodeOperationError(
			ctx.getNode(),
			`HeyGen ${kind.noun} ${videoId} was still "${status}" after ${limitOf(v.settings)} (Max Wait)`,
			{ itemIndex, description: timeoutHint(kind) },
		),
		fields: json,
	});
}
