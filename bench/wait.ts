/**
 * Benchmark 2 — wait efficiency: 50 HeyGen renders whose durations are drawn (seeded) from
 * 1–20 minutes, all waited for at once by HeyGen → Video → Wait for Completion (in-process
 * n8n-core execution, test/harness.ts). Per video: status calls (GET /v3/videos/{id}, counted by
 * the sandbox) and detection delay (render completed → the poll that saw it, in scenario time).
 *
 * Time runs 30× faster (1 scenario minute = 2 s; 120× saturated this 2-CPU machine), two ways:
 * - "options-scaled": the sandbox's render clock (HeyGenState.timeScale) and the node's poll
 *   interval options are divided by the speed-up, as the issue prescribes. The node's age thresholds for
 *   its cadence (2 and 5 minutes since the wait started) are constants in real milliseconds and
 *   cannot be scaled through options, so this run never leaves the first-2-minutes cap.
 * - "virtual clock": Date.now and setTimeout of this process run 120× fast while the node (with
 *   its default options) and the in-process sandbox (real-minute render times) run unchanged, so
 *   the whole adaptive schedule applies. Per-request processing time is magnified as well.
 * - "schedule model": the node's own nextDelay() (dist/) replayed with zero processing time.
 *
 * Baseline: the same node with every interval set to 10 s (a fixed 10 s poller).
 */
import type { IRun } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { outputOf, resumeWaitingExecution, runWorkflow, type WorkflowNodeSpec } from '../test/harness';
import { SANDBOX_HEYGEN_KEY, sandboxCredentials, startSandbox, type Sandbox } from '../test/sandbox';
import { fmt, median, type BenchResult, type Row } from './table';

const VIDEOS = Number(process.env.BENCH_WAIT_VIDEOS ?? 50);
/** 1 scenario minute = 2 s. 120× (0.5 s) saturates 2 CPUs with 50 concurrent pollers and distorts the figures. */
const SPEEDUP = Number(process.env.BENCH_WAIT_SPEEDUP ?? 30);
const SEED = 20_251_123;
const MIN_MINUTES = 1;
const MAX_MINUTES = 20;
/** Share of a render spent queued (`pending`) before `processing`. */
const QUEUE_SHARE = 0.2;

/** mulberry32: a small seeded PRNG, so every run draws the same durations. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function renderMinutes(count = VIDEOS, seed = SEED): number[] {
	const next = prng(seed);
	return Array.from({ length: count }, () => MIN_MINUTES + next() * (MAX_MINUTES - MIN_MINUTES));
}

/** Date.now and setTimeout of this process run `speedup`× fast until the returned function is called. */
function warpClock(speedup: number): () => void {
	const realNow = Date.now;
	const realSetTimeout = globalThis.setTimeout;
	const origin = realNow();
	Date.now = () => Math.round(origin + (realNow() - origin) * speedup);
	const warped = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => realSetTimeout(fn, Math.max(0, (ms ?? 0) / speedup), ...args);
	globalThis.setTimeout = Object.assign(warped, realSetTimeout) as typeof setTimeout;
	return () => {
		Date.now = realNow;
		globalThis.setTimeout = realSetTimeout;
	};
}

type Clock = 'options-scaled' | 'virtual';

interface Outcome {
	polls: number[];
	/** Scenario seconds from render completion to the poll that saw it. */
	delays: number[];
	wallMs: number;
	/** Scenario seconds from the first to the last video detected. */
	makespanS: number;
}

/** Poll options (seconds) for the node: `adaptive` = its defaults, otherwise a fixed interval. */
function waitOptions(clock: Clock, fixedSeconds: number | undefined) {
	const scale = clock === 'options-scaled' ? 1 / SPEEDUP : 1;
	const s = (v: number) => Math.round(v * scale * 1e6) / 1e6;
	const base = fixedSeconds === undefined ? { initial: 2, early: 10, mid: 30, late: 60 } : { initial: fixedSeconds, early: fixedSeconds, mid: fixedSeconds, late: fixedSeconds };
	return {
		initialIntervalSeconds: s(base.initial),
		intervalEarlySeconds: s(base.early),
		intervalMidSeconds: s(base.mid),
		intervalLateSeconds: s(base.late),
		maxWaitMinutes: s(30),
	};
}

async function createVideos(sandbox: Sandbox, minutes: number[], callbackUrl?: (i: number) => string, firstIndex = 0): Promise<string[]> {
	const avatarId = sandbox.heygen.looks[0].id;
	return await Promise.all(
		minutes.map(async (_m, k) => {
			const i = firstIndex + k;
			const res = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
				method: 'POST',
				headers: { 'x-api-key': SANDBOX_HEYGEN_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({
					type: 'avatar',
					avatar_id: avatarId,
					script: `Render ${i}`,
					title: `render-${i}`,
					...(callbackUrl ? { callback_url: callbackUrl(i) } : {}),
				}),
			});
			const body = (await res.json()) as { data?: { video_id: string } };
			if (!body.data) throw new Error(`create failed: ${JSON.stringify(body)}`);
			return body.data.video_id;
		}),
	);
}

async function measure(clock: Clock, fixedSeconds: number | undefined, minutes: number[]): Promise<Outcome> {
	const sandbox = await startSandbox({ latencyMs: 0 });
	const restore = clock === 'virtual' ? warpClock(SPEEDUP) : () => undefined;
	try {
		const { heygen, server } = sandbox;
		heygen.timeScale = clock === 'options-scaled' ? 1 / SPEEDUP : 1;
		heygen.urlTtlMs = 24 * 60 * 60_000;
		heygen.renderFor = (body) => {
			const i = Number(/^render-(\d+)$/.exec(String(body.title))?.[1]);
			const total = minutes[i] * 60_000;
			return { queueMs: total * QUEUE_SHARE, renderMs: total * (1 - QUEUE_SHARE) };
		};
		const ids = await createVideos(sandbox, minutes);
		const started = performance.now();
		const run = await runWorkflow({
			nodes: [
				{
					name: 'Wait',
					type: 'heyGen',
					parameters: { resource: 'video', operation: 'waitForCompletion', videoId: '={{ $json.video_id }}', download: false, waitOptions: waitOptions(clock, fixedSeconds) },
				},
			],
			credentials: sandboxCredentials(sandbox),
			input: ids.map((video_id) => ({ json: { video_id } })),
		});
		const wallMs = performance.now() - started;
		const out = run.status === 'success' ? outputOf(run, 'Wait') : [];
		if (out.length !== ids.length || out.some((o) => o.json.status !== 'completed')) {
			throw new Error(`wait run ${run.status}: ${JSON.stringify(run.data.resultData.error?.message ?? out.map((o) => o.json.status))}`);
		}
		// sandbox timestamps are in its own clock: real ms (options-scaled) or scenario ms (virtual)
		const toScenarioS = (ms: number) => (clock === 'options-scaled' ? (ms * SPEEDUP) / 1000 : ms / 1000);
		const polls: number[] = [];
		const delays: number[] = [];
		const detected: number[] = [];
		ids.forEach((id, i) => {
			const video = heygen.videos.get(id)!;
			const gets = server.log.filter((r) => r.method === 'GET' && r.service === 'heygen' && r.path === `/v3/videos/${id}`);
			polls.push(heygen.statusPolls(id));
			const completesAt = video.createdAt + (minutes[i] * 60_000) / (clock === 'options-scaled' ? SPEEDUP : 1);
			const seenAt = Math.max(...gets.map((g) => g.time));
			delays.push(toScenarioS(seenAt - completesAt));
			detected.push(toScenarioS(seenAt - video.createdAt));
		});
		return { polls, delays, wallMs, makespanS: Math.max(...detected) };
	} finally {
		restore();
		await sandbox.stop();
	}
}

/**
 * Callback mode under the virtual clock: one waiting execution per video (Wait for Completion,
 * callback mode; the execution pauses after one status check), the sandbox calls each video's
 * resume URL when its render completes, and the node's webhook() resumes the execution as n8n's
 * waiting-webhook handler would. Delay = resumed output − render completion.
 */
export async function measureCallback(minutes: number[]): Promise<Outcome> {
	const sandbox = await startSandbox({ latencyMs: 0 });
	const restore = warpClock(SPEEDUP);
	const runs: IRun[] = [];
	const resumedAt: number[] = [];
	const nodes: WorkflowNodeSpec[] = [
		{
			name: 'Wait',
			type: 'heyGen',
			parameters: { resource: 'video', operation: 'waitForCompletion', videoId: '={{ $json.video_id }}', waitMode: 'callback', download: false },
		},
	];
	const credentials = sandboxCredentials(sandbox);
	// A callback can arrive before its execution has started waiting: keep it until it has.
	const callbacks: unknown[] = [];
	const resume = async (i: number) => {
		const call = await resumeWaitingExecution({ run: runs[i], nodes, credentials, body: callbacks[i] });
		if (call.result?.workflowData?.[0]?.[0]?.json.status === 'completed') resumedAt[i] = Date.now();
	};
	const resumeServer = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const i = Number(new URL(req.url ?? '/', 'http://x').pathname.split('/').pop());
		callbacks[i] = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		if (runs[i]) await resume(i);
		res.writeHead(200).end();
	});
	await new Promise<void>((r) => resumeServer.listen(0, '127.0.0.1', r));
	const base = `http://127.0.0.1:${(resumeServer.address() as AddressInfo).port}/resume`;
	try {
		const { heygen } = sandbox;
		heygen.urlTtlMs = 24 * 60 * 60_000;
		heygen.renderFor = (body) => {
			const i = Number(/^render-(\d+)$/.exec(String(body.title))?.[1]);
			const total = minutes[i] * 60_000;
			return { queueMs: total * QUEUE_SHARE, renderMs: total * (1 - QUEUE_SHARE) };
		};
		const started = performance.now();
		// each video is created and immediately waited for (one execution per video)
		const ids: string[] = [];
		for (let i = 0; i < minutes.length; i++) {
			const [id] = await createVideos(sandbox, [minutes[i]], () => `${base}/${i}`, i);
			ids.push(id);
			const run = await runWorkflow({ nodes, credentials, input: [{ json: { video_id: id } }] });
			if (run.status === 'waiting') {
				runs[i] = run;
				if (callbacks[i] !== undefined) await resume(i);
			} else if (run.status === 'success' && outputOf(run, 'Wait')[0]?.json.status === 'completed') {
				resumedAt[i] = Date.now(); // finished before the wait started: seen by the one pre-check
			} else {
				throw new Error(`execution ${i} ended ${run.status}`);
			}
		}
		const deadline = Date.now() + (MAX_MINUTES + 5) * 60_000;
		while (resumedAt.filter((t) => t !== undefined).length < ids.length) {
			if (Date.now() > deadline) {
				const missing = ids.map((_id, i) => i).filter((i) => resumedAt[i] === undefined);
				throw new Error(`not every execution was resumed: ${missing.length} of ${ids.length} (callbacks received: ${missing.filter((i) => callbacks[i] !== undefined).length}; sandbox deliveries: ${JSON.stringify(sandbox.heygen.callbacks.filter((c) => c.status !== 200).map((c) => c.status))})`);
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
		const wallMs = performance.now() - started;
		const polls = ids.map((id) => heygen.statusPolls(id));
		const delays = ids.map((id, i) => (resumedAt[i] - (heygen.videos.get(id)!.createdAt + minutes[i] * 60_000)) / 1000);
		const makespanS = Math.max(...ids.map((id, i) => (resumedAt[i] - heygen.videos.get(id)!.createdAt) / 1000));
		return { polls, delays, wallMs, makespanS };
	} finally {
		restore();
		await new Promise((r) => resumeServer.close(r));
		await sandbox.stop();
	}
}

interface WaitModule {
	nextDelay(settings: Record<string, number>, pollsDone: number, elapsedMs: number): number;
}

/** Replays the node's poll schedule (its exported nextDelay) with zero request time. */
function model(minutes: number[], fixedSeconds: number | undefined): Outcome {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { nextDelay } = require('../dist/nodes/HeyGen/helpers/wait') as WaitModule;
	const o = waitOptions('virtual', fixedSeconds);
	const settings = {
		initialIntervalMs: o.initialIntervalSeconds * 1000,
		intervalEarlyMs: o.intervalEarlySeconds * 1000,
		intervalMidMs: o.intervalMidSeconds * 1000,
		intervalLateMs: o.intervalLateSeconds * 1000,
	};
	const polls: number[] = [];
	const delays: number[] = [];
	for (const m of minutes) {
		const done = m * 60_000;
		let t = 0;
		let n = 0;
		for (;;) {
			n++;
			if (t >= done) break;
			t += nextDelay(settings, n, t);
		}
		polls.push(n);
		delays.push((t - done) / 1000);
	}
	return { polls, delays, wallMs: 0, makespanS: Math.max(...minutes) * 60 };
}

function percentile(values: number[], p: number): number {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export const bench = {
	name: 'wait',
	async run(): Promise<BenchResult> {
		const minutes = renderMinutes();
		const rows: Row[] = [];
		const modelFixed = model(minutes, 10);
		let virtualFixed = modelFixed;
		for (const clock of ['model', 'options-scaled', 'virtual'] as Array<Clock | 'model'>) {
			const fixed = clock === 'model' ? modelFixed : await measure(clock, 10, minutes);
			if (clock === 'virtual') virtualFixed = fixed;
			const adaptive = clock === 'model' ? model(minutes, undefined) : await measure(clock, undefined, minutes);
			const row = (label: string, o: Outcome): Row => ({
				clock: clock === 'model' ? 'schedule model' : clock,
				poller: label,
				'status calls / video (mean)': fmt(mean(o.polls), 1),
				'median / max': `${median(o.polls)} / ${Math.max(...o.polls)}`,
				'total status calls': o.polls.reduce((a, b) => a + b, 0),
				'detection delay mean s': fmt(mean(o.delays), 1),
				'median / p95 s': `${fmt(median(o.delays), 1)} / ${fmt(percentile(o.delays, 95), 1)}`,
				'calls vs fixed 10 s': fmt(mean(o.polls) / mean(fixed.polls), 2),
				'delay vs fixed 10 s': fmt(mean(o.delays) / mean(fixed.delays), 2),
				'real wall s': clock === 'model' ? '—' : fmt(o.wallMs / 1000, 1),
			});
			rows.push(row('fixed 10 s (baseline)', fixed), row('adaptive (node defaults 2 s ramp → 10/30/60 s)', adaptive));
		}
		const callback = await measureCallback(minutes);
		rows.push({
			clock: 'virtual',
			poller: 'callback mode (resume URL; polls = 1 check before waiting + 1 read after the callback)',
			'status calls / video (mean)': fmt(mean(callback.polls), 1),
			'median / max': `${median(callback.polls)} / ${Math.max(...callback.polls)}`,
			'total status calls': callback.polls.reduce((a, b) => a + b, 0),
			'detection delay mean s': fmt(mean(callback.delays), 1),
			'median / p95 s': `${fmt(median(callback.delays), 1)} / ${fmt(percentile(callback.delays, 95), 1)}`,
			'calls vs fixed 10 s': fmt(mean(callback.polls) / mean(virtualFixed.polls), 2),
			'delay vs fixed 10 s': fmt(mean(callback.delays) / mean(virtualFixed.delays), 2),
			'real wall s': fmt(callback.wallMs / 1000, 1),
		});
		const sorted = [...minutes].sort((a, b) => a - b);
		return {
			title: '2. Wait efficiency (HeyGen Video → Wait for Completion, 50 concurrent renders)',
			notes: [
				`${VIDEOS} renders, durations drawn with seed ${SEED} uniformly from ${MIN_MINUTES}–${MAX_MINUTES} min (min ${fmt(sorted[0], 1)}, median ${fmt(median(sorted), 1)}, max ${fmt(sorted[sorted.length - 1], 1)} min), ${QUEUE_SHARE * 100} % pending then processing; all 50 waited for in one node execution (in-process n8n-core, harness)`,
				`time runs ${SPEEDUP}× fast (1 min → ${fmt(60_000 / SPEEDUP / 1000, 1)} s); delays and intervals are in scenario seconds`,
				`"options-scaled": sandbox render clock and the node's interval options ÷ ${SPEEDUP} (what the issue prescribes); the node's cadence thresholds (2 and 5 min after the wait started) are fixed real-time constants, so in this mode the adaptive poller stays at its first-2-min cap (10 s) and the 30 s / 60 s stages never apply`,
				`"virtual clock": Date.now/setTimeout of the benchmark process run ${SPEEDUP}× fast, node defaults and real-minute renders unchanged, so the full adaptive schedule applies; processing time per request is magnified ${SPEEDUP}× (1 ms real = ${fmt(SPEEDUP / 1000, 2)} s scenario)`,
				'"schedule model": the node\'s nextDelay() from dist/ replayed per video with zero request time (what the schedules do on an idle machine)',
				'detection delay = time of the status call that saw `completed` − the render\'s completion time; baseline = the same node with every interval at 10 s',
				'callback mode: 50 executions waiting (status "waiting") in callback mode; the sandbox calls each resume URL when the render completes and the node\'s webhook() resumes it (test/harness resumeWaitingExecution); zero polls while waiting; its ratios are against a fixed 10 s poller measured under the same virtual clock',
			],
			rows,
		};
	},
};
