/**
 * When Wait for Completion checks: one video follows its own schedule (10 s for the first 2 min,
 * 30 s until 5 min, 60 s after); several videos in one execution share bulk rounds and spend the
 * requests that saves on checking every 10 s — never more requests than separate pollers, never
 * more often than the early interval. The model replays the hub's own RoundPlanner.
 */
import { RoundPlanner } from '../../nodes/HeyGen/helpers/statusHub';
import { nextDelay, ownSchedule } from '../../nodes/HeyGen/helpers/wait';
import { modelHandBuilt, modelNode, waitSettings } from './pollModel';

const MIN = 60_000;
const s = (seconds: number) => seconds * 1000;

/** Seeded render durations, 1–20 min (same generator idea as benchmark 2). */
function durations(n: number, seed = 7): number[] {
	let a = seed;
	return Array.from({ length: n }, () => {
		a = (a * 1103515245 + 12345) % 2 ** 31;
		return MIN + (a / 2 ** 31) * 19 * MIN;
	});
}

describe('poll schedule of one video', () => {
	it('defaults: a check at once, then every 10 s for 2 min, every 30 s until 5 min, every 60 s after', () => {
		const { rounds } = modelNode([s(400)], waitSettings());
		expect(rounds.slice(0, 14)).toEqual(
			[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 150].map(s),
		);
		expect(rounds.filter((t) => t > s(120) && t <= s(300))).toEqual(
			[150, 180, 210, 240, 270, 300].map(s),
		);
		expect(rounds.filter((t) => t > s(300))).toEqual([360, 420].map(s));
	});

	it('a video created a moment ago is first checked one initial interval after its creation; an older one at once', () => {
		expect(ownSchedule(waitSettings(), s(100), s(97)).due).toBe(s(107));
		expect(ownSchedule(waitSettings(), s(100), s(20)).due).toBe(s(100));
		expect(ownSchedule(waitSettings(), s(100)).due).toBe(s(100));
		// an old video ramps up (doubling from the initial interval) to the cadence of its age: 60 s after 5 min
		const old = ownSchedule(waitSettings(), s(1000), 0);
		const due: number[] = [];
		for (let i = 0; i < 4; i++) {
			old.advance();
			due.push(old.due);
		}
		expect(due).toEqual([1020, 1060, 1120, 1180].map(s));
		const { rounds, requests } = modelNode([s(27)], waitSettings(), false);
		const { detailReads } = modelNode([s(27)], waitSettings(), false);
		expect(rounds).toEqual([10, 20, 30].map(s));
		// one video is checked with GET /v3/videos/{id}, which already has the URLs: no extra read,
		// and the same 3 requests as the hand-built Wait 10 s → GET → If loop
		expect(detailReads).toBe(0);
		expect(modelHandBuilt([s(27)]).requests).toBe(requests);
	});

	it('a lower initial interval ramps up by doubling to the early interval', () => {
		const { rounds } = modelNode([s(40)], waitSettings({ initial: 2 }), false);
		expect(rounds).toEqual([2, 6, 14, 24, 34, 44].map(s));
	});

	it('never schedules past Max Wait: the last own poll lands on the deadline', () => {
		const own = ownSchedule(waitSettings({ maxWaitMinutes: 0.25 }), 0);
		// a just-created video with a Max Wait shorter than the first interval is checked at the deadline
		expect(ownSchedule(waitSettings({ maxWaitMinutes: 0.1 }), 0, 0).due).toBe(s(6));
		const due: number[] = [];
		for (let i = 0; i < 4; i++) {
			due.push(own.due);
			own.advance();
		}
		expect(due).toEqual([0, 10, 15, 25].map(s));
	});

	it('nextDelay caps by age', () => {
		const settings = waitSettings({ initial: 1 });
		expect([1, 2, 3, 4, 5].map((n) => nextDelay(settings, n, 0))).toEqual([1, 2, 4, 8, 10].map(s));
		expect(nextDelay(settings, 9, s(121))).toBe(s(30));
		expect(nextDelay(settings, 9, s(301))).toBe(s(60));
	});
});

describe('poll schedule of many videos in one execution', () => {
	const done = durations(50);
	const node = modelNode(done, waitSettings());
	const separate = done.map((d) => modelNode([d], waitSettings()));

	it('checks all of them every 10 s, from the first check to the last video', () => {
		const gaps = node.rounds.slice(1).map((t, k) => t - node.rounds[k]);
		expect(Math.min(...gaps)).toBe(s(10));
		expect(Math.max(...gaps)).toBe(s(10));
		expect(Math.max(...node.delays)).toBeLessThan(s(10));
	});

	it("makes fewer requests than the videos' own schedules add up to, and far fewer than separate pollers", () => {
		const separateRequests = separate.reduce((sum, o) => sum + o.requests, 0);
		expect(node.requests).toBeLessThanOrEqual(node.budget);
		// the budget stops growing when a video is detected, which is sooner than on its own
		expect(node.budget).toBeLessThanOrEqual(separateRequests);
		expect(node.requests).toBeLessThan(separateRequests / 10);
		// and than the hand-built per-video loop at a fixed 10 s
		expect(node.requests * 20).toBeLessThan(modelHandBuilt(done).requests);
	});

	it('detects as fast as a fixed 10 s poller (mean delay within 10 %)', () => {
		const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
		expect(mean(node.delays)).toBeLessThanOrEqual(1.1 * mean(modelHandBuilt(done).delays));
	});

	it('two videos: within the budget of two schedules, checked more often than one alone', () => {
		const one = modelNode([s(610)], waitSettings());
		const two = modelNode([s(610), s(611)], waitSettings());
		const gaps = two.rounds.slice(1).map((t, k) => t - two.rounds[k]);
		expect(Math.min(...gaps)).toBe(s(10));
		expect(two.requests).toBeLessThanOrEqual(two.budget);
		expect(two.requests).toBeGreaterThan(one.requests);
		expect(two.requests).toBeLessThanOrEqual(2 * one.requests);
		expect(Math.max(...two.delays)).toBeLessThan(Math.max(...one.delays));
	});

	it('respects a user who slows every interval down (no round faster than the slowest floor allows)', () => {
		const slow = modelNode(done, waitSettings({ initial: 60, early: 60, mid: 60, late: 60 }));
		const gaps = slow.rounds.slice(1).map((t, k) => t - slow.rounds[k]);
		expect(Math.min(...gaps)).toBe(s(60));
	});
});

describe('RoundPlanner', () => {
	it('an item that was never checked starts a round at once; otherwise the floor and the budget decide', () => {
		const planner = new RoundPlanner();
		const own = ownSchedule(waitSettings(), 1000);
		planner.accrue([own], 1000);
		expect(planner.credit).toBe(1);
		expect(planner.nextRound([own], 1000, true)).toBe(1000);
		planner.spent(1, 1000);
		expect(planner.credit).toBe(0);
		// no budget until the own schedule's next poll at +10 s
		expect(planner.nextRound([own], 2000)).toBe(11_000);
		planner.accrue([own], 11_000);
		expect(planner.nextRound([own], 11_000)).toBe(11_000);
	});

	it('a stalled schedule cannot spin the budget loop', () => {
		const planner = new RoundPlanner();
		const stuck = { due: 0, floorMs: 1, advance: () => undefined };
		planner.accrue([stuck], 1);
		expect(planner.credit).toBe(10_000);
	});
});
