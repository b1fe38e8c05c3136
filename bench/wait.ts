/**
 * Benchmark 2 — wait efficiency: 50 HeyGen renders whose durations are drawn (seeded) from
 * 1–20 minutes. Per video: status requests (what the HeyGen API sees) and detection delay
 * (render completed → the request that saw it, in scenario time), for:
 * - the baseline users build today: HTTP Request → Wait 10 s → If, one GET /v3/videos/{id} per
 *   video every 10 s (here: a fetch loop per video against the sandbox);
 * - our node with all 50 videos in one execution (Video → Wait for Completion, defaults): one
 *   GET /v3/videos/statuses round for all of them, then one GET per finished video;
 * - our node with each video in its own execution, all running at once: one poll loop per
 *   execution, so each video is checked on its own cadence (10 s / 30 s / 60 s);
 * - callback mode, one execution per video: Generate (Send Resume URL) → Wait for Completion
 *   (callback); the execution waits without polling until HeyGen calls the resume URL.
 *
 * Time runs 30× faster through a virtual clock: Date.now and setTimeout of this process (node,
 * sandbox, baseline loop) run 30× fast, so node defaults and real-minute render times apply
 * unchanged; per-request processing time is magnified 30×.
 */
import type { IRun } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	outputOf,
	resumeWaitingExecution,
	runWorkflow,
	type WorkflowNodeSpec,
} from '../test/harness';
import {
	SANDBOX_HEYGEN_KEY,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../test/sandbox';
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
	const warped = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
		realSetTimeout(fn, Math.max(0, (ms ?? 0) / speedup), ...args);
	globalThis.setTimeout = Object.assign(warped, realSetTimeout) as typeof setTimeout;
	return () => {
		Date.now = realNow;
		globalThis.setTimeout = realSetTimeout;
	};
}

interface Outcome {
	/** Status requests the sandbox logged while waiting (bulk rounds, single GETs, detail GETs). */
	requests: number;
	/** Video-status checks per video (a bulk round checks every listed video once). */
	checks: number[];
	/** Scenario seconds from render completion to the request that saw it. */
	delays: number[];
	wallMs: number;
}

const HAND_BUILT_INTERVAL_MS = 10_000;

async function createVideos(sandbox: Sandbox, minutes: number[]): Promise<string[]> {
	const avatarId = sandbox.heygen.looks[0].id;
	return await Promise.all(
		minutes.map(async (_m, i) => {
			const res = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
				method: 'POST',
				headers: { 'x-api-key': SANDBOX_HEYGEN_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({
					type: 'avatar',
					avatar_id: avatarId,
					script: `Render ${i}`,
					title: `render-${i}`,
				}),
			});
			const body = (await res.json()) as { data?: { video_id: string } };
			if (!body.data) throw new Error(`create failed: ${JSON.stringify(body)}`);
			return body.data.video_id;
		}),
	);
}

function renderTimes(sandbox: Sandbox, minutes: number[]): void {
	sandbox.heygen.urlTtlMs = 24 * 60 * 60_000;
	sandbox.heygen.renderFor = (body) => {
		const i = Number(/^render-(\d+)$/.exec(String(body.title))?.[1]);
		const total = minutes[i] * 60_000;
		return { queueMs: total * QUEUE_SHARE, renderMs: total * (1 - QUEUE_SHARE) };
	};
}

/** Status requests of the wait: bulk rounds and single video GETs (creates are POSTs). */
function statusRequests(sandbox: Sandbox): number {
	return sandbox.server.log.filter(
		(r) => r.service === 'heygen' && r.method === 'GET' && r.path.startsWith('/v3/videos/'),
	).length;
}

/** Scenario seconds from each render's completion to the last GET /v3/videos/{id} of it. */
function detectionDelays(sandbox: Sandbox, ids: string[], minutes: number[]): number[] {
	return ids.map((id, i) => {
		const gets = sandbox.server.log.filter(
			(r) => r.method === 'GET' && r.service === 'heygen' && r.path === `/v3/videos/${id}`,
		);
		const completesAt = sandbox.heygen.videos.get(id)!.createdAt + minutes[i] * 60_000;
		return (Math.max(...gets.map((g) => g.time)) - completesAt) / 1000;
	});
}

/**
 * Our node under the virtual clock, with its default poll options: all videos in one execution
 * (`shared`), or one execution per video, all running at once.
 */
async function measureNode(minutes: number[], shared: boolean): Promise<Outcome> {
	const sandbox = await startSandbox({ latencyMs: 0 });
	const restore = warpClock(SPEEDUP);
	try {
		renderTimes(sandbox, minutes);
		const ids = await createVideos(sandbox, minutes);
		const before = statusRequests(sandbox);
		const started = performance.now();
		const run = async (videoIds: string[]) =>
			await runWorkflow({
				nodes: [
					{
						name: 'Wait',
						type: 'heyGen',
						parameters: {
							resource: 'video',
							operation: 'waitForCompletion',
							videoId: '={{ $json.video_id }}',
							download: false,
						},
					},
				],
				credentials: sandboxCredentials(sandbox),
				input: videoIds.map((video_id) => ({ json: { video_id } })),
			});
		const runs = shared
			? [await run(ids)]
			: await Promise.all(ids.map(async (id) => await run([id])));
		const wallMs = performance.now() - started;
		const out = runs.flatMap((r) => (r.status === 'success' ? outputOf(r, 'Wait') : []));
		if (out.length !== ids.length || out.some((o) => o.json.status !== 'completed')) {
			throw new Error(
				`wait runs ended ${runs.map((r) => r.status).join(',')}: ${JSON.stringify(out.map((o) => o.json.status))}`,
			);
		}
		return {
			requests: statusRequests(sandbox) - before,
			checks: ids.map((id) => sandbox.heygen.statusPolls(id)),
			delays: detectionDelays(sandbox, ids, minutes),
			wallMs,
		};
	} finally {
		restore();
		await sandbox.stop();
	}
}

/** The hand-built loop under the virtual clock: per video, Wait 10 s → GET /v3/videos/{id} → If. */
async function measureHandBuilt(minutes: number[]): Promise<Outcome> {
	const sandbox = await startSandbox({ latencyMs: 0 });
	const restore = warpClock(SPEEDUP);
	try {
		renderTimes(sandbox, minutes);
		const ids = await createVideos(sandbox, minutes);
		const started = performance.now();
		await Promise.all(
			ids.map(async (id) => {
				for (;;) {
					await new Promise((r) => setTimeout(r, HAND_BUILT_INTERVAL_MS));
					const res = await fetch(`${sandbox.heyGenUrl}/v3/videos/${id}`, {
						headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
					});
					const body = (await res.json()) as { data?: { status?: string } };
					if (body.data?.status === 'completed') return;
					if (body.data?.status === 'failed' || !res.ok)
						throw new Error(`video ${id}: ${JSON.stringify(body)}`);
				}
			}),
		);
		return {
			requests: statusRequests(sandbox),
			checks: ids.map((id) => sandbox.heygen.statusPolls(id)),
			delays: detectionDelays(sandbox, ids, minutes),
			wallMs: performance.now() - started,
		};
	} finally {
		restore();
		await sandbox.stop();
	}
}

/**
 * Callback mode under the virtual clock: one execution per video, Generate (Send Resume URL for a
 * Callback-Mode Wait) → Wait for Completion (callback), each execution with its own ID and so its
 * own resume URL; the sandbox calls it when the render completes, and the node's webhook()
 * resumes the execution as n8n's waiting-webhook handler would. Delay = resumed output − render
 * completion.
 */
export async function measureCallback(minutes: number[]): Promise<Outcome> {
	const sandbox = await startSandbox({ latencyMs: 0 });
	const restore = warpClock(SPEEDUP);
	const runs: IRun[] = [];
	const resumedAt: number[] = [];
	const nodes = (i: number): WorkflowNodeSpec[] => [
		{
			name: 'Generate',
			type: 'heyGen',
			parameters: {
				resource: 'video',
				operation: 'generate',
				source: 'avatar',
				avatarId: { __rl: true, mode: 'id', value: sandbox.heygen.looks[0].id },
				voiceSource: 'script',
				script: `Render ${i}`,
				waitForCompletion: 'callback',
				options: { title: `render-${i}` },
			},
		},
		{
			name: 'Wait',
			type: 'heyGen',
			parameters: {
				resource: 'video',
				operation: 'waitForCompletion',
				videoId: '={{ $json.video_id }}',
				waitMode: 'callback',
				download: false,
			},
		},
	];
	const credentials = sandboxCredentials(sandbox);
	// A callback can arrive before its execution has started waiting: keep it until it has.
	const callbacks: unknown[] = [];
	const resume = async (i: number) => {
		const call = await resumeWaitingExecution({
			run: runs[i],
			nodes: nodes(i),
			credentials,
			body: callbacks[i],
		});
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
		renderTimes(sandbox, minutes);
		const before = statusRequests(sandbox);
		const started = performance.now();
		const ids: string[] = [];
		for (let i = 0; i < minutes.length; i++) {
			const run = await runWorkflow({
				nodes: nodes(i),
				credentials,
				// execution i: its resume URL is <base>/i
				additionalData: { webhookWaitingBaseUrl: base, executionId: String(i) },
			});
			const [created] = outputOf(run, 'Generate');
			ids.push(String(created?.json.video_id));
			if (run.status === 'waiting') {
				runs[i] = run;
				if (callbacks[i] !== undefined) await resume(i);
			} else if (
				run.status === 'success' &&
				outputOf(run, 'Wait')[0]?.json.status === 'completed'
			) {
				resumedAt[i] = Date.now(); // finished before the wait started: seen by the one pre-check
			} else {
				throw new Error(`execution ${i} ended ${run.status}`);
			}
		}
		const deadline = Date.now() + (MAX_MINUTES + 5) * 60_000;
		while (resumedAt.filter((t) => t !== undefined).length < ids.length) {
			if (Date.now() > deadline) {
				const missing = ids.map((_id, i) => i).filter((i) => resumedAt[i] === undefined);
				throw new Error(
					`not every execution was resumed: ${missing.length} of ${ids.length} (callbacks received: ${missing.filter((i) => callbacks[i] !== undefined).length}; sandbox deliveries: ${JSON.stringify(sandbox.heygen.callbacks.filter((c) => c.status !== 200).map((c) => c.status))})`,
				);
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
		const wallMs = performance.now() - started;
		const checks = ids.map((id) => heygen.statusPolls(id));
		const delays = ids.map(
			(id, i) => (resumedAt[i] - (heygen.videos.get(id)!.createdAt + minutes[i] * 60_000)) / 1000,
		);
		return { requests: statusRequests(sandbox) - before, checks, delays, wallMs };
	} finally {
		restore();
		await new Promise((r) => resumeServer.close(r));
		await sandbox.stop();
	}
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
		const n = minutes.length;
		const rows: Row[] = [];
		const row = (clock: string, poller: string, o: Outcome, base: Outcome): Row => {
			const requests = o.requests;
			const baseRequests = base.requests;
			return {
				clock,
				poller,
				'status requests / video': fmt(requests / n, 2),
				'video checks / video (median / max)': `${fmt(median(o.checks), 0)} / ${Math.max(...o.checks)}`,
				'detection delay mean s': fmt(mean(o.delays), 1),
				'median / p95 s': `${fmt(median(o.delays), 1)} / ${fmt(percentile(o.delays, 95), 1)}`,
				'requests vs baseline': fmt(requests / baseRequests, 3),
				'delay vs baseline': fmt(mean(o.delays) / mean(base.delays), 2),
				'real wall s': o.wallMs ? fmt(o.wallMs / 1000, 1) : '—',
			};
		};

		const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
			const t0 = performance.now();
			const result = await fn();
			process.stderr.write(`[bench:wait] ${label}: ${fmt((performance.now() - t0) / 1000, 1)} s\n`);
			return result;
		};
		const hand = await step('hand-built baseline', async () => await measureHandBuilt(minutes));
		const shared = await step('node, one execution', async () => await measureNode(minutes, true));
		const own = await step(
			'node, one execution per video',
			async () => await measureNode(minutes, false),
		);
		const callback = await step('callback mode', async () => await measureCallback(minutes));
		rows.push(
			row('virtual', 'baseline: hand-built HTTP Request → Wait 10 s → If, per video', hand, hand),
			row('virtual', `our node, ${n} videos in one execution (defaults)`, shared, hand),
			row(
				'virtual',
				`our node, ${n} executions of one video each, at the same time (one poll loop per execution, defaults)`,
				own,
				hand,
			),
			row(
				'virtual',
				'callback mode, one execution per video: Generate (Send Resume URL) → Wait (callback); 1 check before waiting + 1 read after the callback',
				callback,
				hand,
			),
		);
		const sorted = [...minutes].sort((a, b) => a - b);
		return {
			title: '2. Wait efficiency (HeyGen Video → Wait for Completion, 50 renders)',
			notes: [
				`${VIDEOS} renders, durations drawn with seed ${SEED} uniformly from ${MIN_MINUTES}–${MAX_MINUTES} min (min ${fmt(sorted[0], 1)}, median ${fmt(median(sorted), 1)}, max ${fmt(sorted[sorted.length - 1], 1)} min), ${QUEUE_SHARE * 100} % pending then processing, all created at the same moment`,
				'baseline = what n8n users build today: per video, Wait 10 s → HTTP Request GET /v3/videos/{id} → If not completed, back to Wait (measured as a fetch loop per video against the sandbox)',
				'"status requests" = HTTP requests to GET /v3/videos/statuses and GET /v3/videos/{id} while waiting, including the node\'s detail read of a video a bulk round reported finished (a round with one video is a GET /v3/videos/{id} and needs none); "video checks" = how many times each video\'s status was looked at (one bulk request checks up to 100 videos)',
				"node defaults: a check at once (a bare video ID), then every 10 s for the first 2 min, 30 s until 5 min, 60 s after. One poll loop per node execution: each round checks all of its pending videos with one request; rounds come as often as the videos' own cadences would make requests together, and every 10 s while the requests saved so far pay for it, so never more requests in total than per-video polling (test/heygen/pollSchedule.test.ts). Executions do not share requests: one video per execution is checked on its own cadence",
				`"virtual": Date.now/setTimeout of the benchmark process (node, sandbox, baseline loop) run ${SPEEDUP}× fast, node defaults and real-minute renders unchanged; processing time per request is magnified ${SPEEDUP}× (1 ms real = ${fmt(SPEEDUP / 1000, 2)} s scenario)`,
				"detection delay = time of the request that saw `completed` (for the node: its detail read) − the render's completion time",
				'callback mode: one execution per video, Generate (Wait for Completion: Send Resume URL for a Callback-Mode Wait) → Wait for Completion (callback), each "waiting"; the sandbox calls its resume URL when the render completes and the node\'s webhook() resumes it (test/harness resumeWaitingExecution); zero polls while waiting',
			],
			rows,
		};
	},
};
