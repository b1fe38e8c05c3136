/**
 * When Wait for Completion checks, as pure functions of the loop (helpers/poll.ts): HeyGen's
 * cadence per video, and the gap between rounds that check all pending videos with one request.
 * `replay` steps through the loop's own firstRoundAt/nextRoundAt, with its request bookkeeping,
 * at zero request time.
 */
import {
	cadence,
	firstRoundAt,
	nextRoundAt,
	roundGap,
	type PendingVideo,
} from '../../nodes/HeyGen/helpers/poll';
import { waitSettingsFrom, type WaitSettings } from '../../nodes/HeyGen/helpers/wait';

const s = (seconds: number) => seconds * 1000;
const MIN = s(60);

function settings(options: Record<string, number> = {}): WaitSettings {
	return waitSettingsFrom((name, fallback) => (name === 'waitOptions' ? options : fallback));
}

/** Seeded render durations, 1–20 min. */
function durations(n: number, seed = 7): number[] {
	let a = seed;
	return Array.from({ length: n }, () => {
		a = (a * 1103515245 + 12345) % 2 ** 31;
		return MIN + (a / 2 ** 31) * 19 * MIN;
	});
}

/**
 * The loop's rounds for videos that all start waiting at 0 and finish at `doneMs` (created at 0
 * when `created`, as after Generate; else of unknown age, as Wait for Completion on a bare ID).
 * Requests: one per round, plus the detail read of each video a round with several found finished
 * (counted as the loop counts them).
 */
function replay(doneMs: number[], config = settings(), created = false) {
	let pending: Array<PendingVideo & { done: number }> = doneMs.map((done, slot) => ({
		itemIndex: slot,
		videoId: `v${slot}`,
		settings: config,
		createdAt: created ? 0 : undefined,
		slot,
		origin: 0,
		deadline: config.maxWaitMs,
		checks: 0,
		done,
	}));
	const rounds: number[] = [];
	const delays: number[] = [];
	let requests = 0;
	let owed = pending.length;
	let t = firstRoundAt(pending, 0);
	while (pending.length) {
		rounds.push(t);
		const finished = pending.filter((v) => t >= v.done);
		requests += 1 + (pending.length > 1 ? finished.length : 0);
		for (const v of finished) delays[v.slot] = t - v.done;
		for (const v of pending) v.checks++;
		// finished, or timed out at its deadline
		pending = pending.filter((v) => t < v.done && t < v.deadline);
		if (!pending.length) break;
		const next = nextRoundAt(pending, t, t, owed - requests);
		t = next.at;
		owed += next.owed;
	}
	return { rounds, delays, requests };
}

/** A hand-built Wait 10 s → GET → If loop per video. */
function handBuilt(doneMs: number[]) {
	const checks = doneMs.map((d) => Math.ceil(d / s(10)));
	return {
		requests: checks.reduce((a, b) => a + b, 0),
		delays: doneMs.map((d, i) => checks[i] * s(10) - d),
	};
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const gaps = (rounds: number[]) => rounds.slice(1).map((t, k) => t - rounds[k]);

describe('cadence of one video', () => {
	it("follows the video's age (10 s under 2 min, 30 s to 5 min, 60 s after), doubling up from the initial interval", () => {
		const config = settings({ initialIntervalSeconds: 1 });
		expect([0, 1, 2, 3, 4].map((ramp) => cadence(config, 0, ramp))).toEqual(
			[1, 2, 4, 8, 10].map(s),
		);
		expect(cadence(config, s(121), 9)).toBe(s(30));
		expect(cadence(config, s(301), 9)).toBe(s(60));
		expect(cadence(settings({ intervalLateSeconds: 90 }), s(301), 0)).toBe(s(10));
		expect(cadence(settings({ intervalLateSeconds: 90 }), s(301), 9)).toBe(s(90));
	});

	it('alone: checked at once, then every 10 s for 2 min, every 30 s until 5 min, every 60 s after', () => {
		const { rounds, requests } = replay([s(400)]);
		expect(rounds).toEqual(
			[
				...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
				...[150, 180, 210, 240, 270, 300],
				...[360, 420],
			].map(s),
		);
		// GET /v3/videos/{id} carries the URLs: no detail read
		expect(requests).toBe(rounds.length);
	});

	it('created a moment ago (after Generate): first checked one initial interval later, like a hand-built 10 s loop', () => {
		const { rounds, requests } = replay([s(27)], settings(), true);
		expect(rounds).toEqual([10, 20, 30].map(s));
		expect(requests).toBe(handBuilt([s(27)]).requests);
		expect(replay([s(40)], settings({ initialIntervalSeconds: 2 }), true).rounds).toEqual(
			[2, 6, 14, 24, 34, 44].map(s),
		);
	});

	it('never waits past Max Wait: the last check lands on the deadline', () => {
		expect(replay([s(60)], settings({ maxWaitMinutes: 0.25 })).rounds).toEqual([0, 10, 15].map(s));
		// a just-created video with a Max Wait shorter than the first interval is checked at the deadline
		expect(replay([s(60)], settings({ maxWaitMinutes: 0.1 }), true).rounds).toEqual([s(6)]);
	});
});

describe('rounds of several videos in one execution', () => {
	it('one request checks them all: rounds come as often as their own cadences would make requests together, down to the early interval', () => {
		const young = { cadenceMs: s(10), earlyMs: s(10) };
		const old = { cadenceMs: s(60), earlyMs: s(10) };
		expect(roundGap([old])).toBe(s(60));
		expect(roundGap([old, old])).toBe(s(30));
		expect(roundGap(Array(50).fill(old))).toBe(s(10));
		expect(roundGap([young, old])).toBe(s(10));
		// 150 videos take two requests a round
		expect(roundGap(Array(150).fill(old), 2)).toBe(s(10));
		expect(roundGap(Array(3).fill(old), 2)).toBe(s(40));
		// requests saved earlier pay for checking sooner
		expect(roundGap([old], 1, 1)).toBe(s(10));
		expect(roundGap([old], 1, 0.9)).toBe(s(60));
		expect(roundGap(Array(3).fill(old), 2, 1)).toBe(s(40));
	});

	it('never makes more requests at a time than polling each video on its own cadence would, without savings', () => {
		const next = durations(200, 11);
		for (let n = 1; n <= 60; n++) {
			const videos = Array.from({ length: n }, (_v, i) => ({
				cadenceMs: [s(10), s(30), s(60)][Math.floor(next[i] / MIN) % 3],
				earlyMs: s(10),
			}));
			const ownRate = videos.reduce((sum, v) => sum + 1 / v.cadenceMs, 0);
			expect(1 / roundGap(videos)).toBeLessThanOrEqual(ownRate * (1 + 1e-12));
		}
	});

	it('never makes more requests in total than checking each video on its own', () => {
		for (const done of [durations(50), durations(5, 3), [s(30), s(1100)], [s(61), s(62)]]) {
			for (const created of [false, true]) {
				const alone = done.reduce((sum, d) => sum + replay([d], settings(), created).requests, 0);
				expect(replay(done, settings(), created).requests).toBeLessThanOrEqual(alone);
			}
		}
	});

	it('50 renders of 1–20 min: all checked every 10 s to the last, ≤ 0.1× the requests of a per-video 10 s loop at ≤ 1.1× its mean delay', () => {
		const done = durations(50);
		const ours = replay(done);
		const hand = handBuilt(done);
		expect(new Set(gaps(ours.rounds))).toEqual(new Set([s(10)]));
		expect(ours.requests).toBeLessThanOrEqual(0.1 * hand.requests);
		expect(mean(ours.delays)).toBeLessThanOrEqual(1.1 * mean(hand.delays));
	});

	it('a video left alone keeps being checked every 10 s while the requests saved last, then follows its own cadence', () => {
		// two videos: the first done after 1 min, the second after 20 min
		const { rounds } = replay([s(60), s(1200)]);
		expect(gaps(rounds.filter((t) => t <= s(120)))).toEqual(Array(12).fill(s(10)));
		const late = gaps(rounds.filter((t) => t >= s(600)));
		expect(Math.max(...late)).toBe(s(60));
	});

	it('respects a user who slows every interval down', () => {
		const slow = replay(
			durations(50),
			settings({
				initialIntervalSeconds: 60,
				intervalEarlySeconds: 60,
				intervalMidSeconds: 60,
				intervalLateSeconds: 60,
			}),
		);
		expect(Math.min(...gaps(slow.rounds))).toBe(s(60));
	});
});
