/**
 * A zero-latency model of how Wait for Completion polls: the node's own ownSchedule() and
 * RoundPlanner (the code the status hub runs) replayed over render durations, next to the
 * hand-built alternative (HTTP Request → Wait → If, one GET per video per interval). Used by the
 * schedule tests and by benchmark 2 ("schedule model" rows).
 */
import { RoundPlanner } from '../../nodes/HeyGen/helpers/statusHub';
import { ownSchedule, type WaitSettings } from '../../nodes/HeyGen/helpers/wait';

export interface PollOutcome {
	/** Status requests of the whole run (bulk rounds, or single GETs for the hand-built poller). */
	requests: number;
	/**
	 * GET /v3/videos/{id} reads of finished videos after a bulk round said "completed" (a round with
	 * one video is that GET already).
	 */
	detailReads: number;
	/** Video-status checks per video (a bulk round checks every waiting video once). */
	checks: number[];
	/** Detection delay per video, ms (the check that saw it completed − its completion). */
	delays: number[];
	/** Start times of every round, ms. */
	rounds: number[];
	/** Polls the videos' own schedules made up to their detection (the request budget). */
	budget: number;
}

export function waitSettings(
	seconds: {
		initial?: number;
		early?: number;
		mid?: number;
		late?: number;
		maxWaitMinutes?: number;
	} = {},
): WaitSettings {
	return {
		initialIntervalMs: (seconds.initial ?? 10) * 1000,
		intervalEarlyMs: (seconds.early ?? 10) * 1000,
		intervalMidMs: (seconds.mid ?? 30) * 1000,
		intervalLateMs: (seconds.late ?? 60) * 1000,
		maxWaitMs: (seconds.maxWaitMinutes ?? 30) * 60_000,
		onTimeout: 'error',
		downloadVideo: false,
		downloadCaptioned: false,
		videoProperty: 'data',
		downloadSubtitles: false,
		subtitlesProperty: 'subtitles',
	};
}

/**
 * All videos wait in one node execution from t = 0 and finish after `doneMs[i]`. `checkNow`:
 * Video → Wait for Completion (checks at once) vs Generate + wait (first check one initial
 * interval later). Bulk rounds take up to 100 IDs per request.
 */
export function modelNode(doneMs: number[], settings: WaitSettings, checkNow = true): PollOutcome {
	const planner = new RoundPlanner();
	// Generate + wait knows the creation time (now); Wait for Completion on a bare ID does not
	const own = doneMs.map(() => ownSchedule(settings, 0, checkNow ? undefined : 0));
	const budgetAt = own.map(() => 0);
	const checks = doneMs.map(() => 0);
	const delays: number[] = new Array(doneMs.length);
	const rounds: number[] = [];
	let pending = doneMs.map((_d, i) => i);
	let fresh = checkNow;
	let requests = 0;
	let detailReads = 0;
	let t = 0;
	while (pending.length) {
		const schedules = pending.map((i) => own[i]);
		for (const i of pending) {
			const c = planner.credit;
			planner.accrue([own[i]], t);
			budgetAt[i] += planner.credit - c;
		}
		const next = planner.nextRound(schedules, t, fresh);
		if (next > t) {
			t = next;
			continue;
		}
		const cost = Math.ceil(pending.length / 100);
		planner.spent(cost, t);
		requests += cost;
		rounds.push(t);
		fresh = false;
		for (const i of pending) checks[i]++;
		const finished = pending.filter((i) => t >= doneMs[i]);
		for (const i of finished) delays[i] = t - doneMs[i];
		if (pending.length > 1) detailReads += finished.length;
		pending = pending.filter((i) => t < doneMs[i]);
	}
	return {
		requests,
		detailReads,
		checks,
		delays,
		rounds,
		budget: budgetAt.reduce((a, b) => a + b, 0),
	};
}

/** The hand-built loop per video: Wait `intervalMs`, GET the video, If not completed go back. */
export function modelHandBuilt(doneMs: number[], intervalMs = 10_000): PollOutcome {
	const checks = doneMs.map((d) => Math.max(1, Math.ceil(d / intervalMs)));
	return {
		requests: checks.reduce((a, b) => a + b, 0),
		detailReads: 0,
		checks,
		delays: doneMs.map((d, i) => checks[i] * intervalMs - d),
		rounds: [],
		budget: 0,
	};
}
