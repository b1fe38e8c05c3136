/**
 * Video → Wait for Completion in callback mode, in-process: Video → Generate or Template → Generate
 * Video, set to "Send Resume URL for a Callback-Mode Wait", sends the execution's resume URL as
 * callback_url; the Wait node puts the execution to wait (no polling), the sandbox calls the resume
 * URL, and the node's webhook() — called through n8n-core's WebhookContext with the waiting
 * execution's data, as n8n's waiting-webhook handler does — answers at once, checks the videos and
 * ends like polling mode. ./resumeServer.ts stands in for n8n's /webhook-waiting endpoint. Without
 * the resume URL, or with one HeyGen cannot reach, the Wait node polls instead and says so.
 */
import path from 'node:path';

import { outputOf, readBinary, runWorkflow, type WorkflowNodeSpec } from '../harness';
import { sandboxCredentials, type Sandbox } from '../sandbox';
import { renderedVideo } from '../sandbox/media';
import { continueWaitingExecution } from './resume';
import { startResumeServer, until } from './resumeServer';
import {
	expectValid,
	byPolls,
	byTime,
	FAST_RETRY,
	FAST_WAIT,
	generateParameters,
	SANDBOX_HEYGEN_KEY,
} from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
const resume = startResumeServer(box);
const { startWaiting, passedOn } = resume;
afterEach(() => {
	const s = box.get().heygen;
	s.render = { mode: 'time', queueMs: 40, renderMs: 160, pendingPolls: 1, processingPolls: 2 };
	s.renderFor = undefined;
	s.outcomeFor = undefined;
	s.callbackShape = 'event_data';
	s.callbackLeadMs = 0;
});

/** A first poll interval longer than any test: Generate → Wait reads no status before waiting. */
const NO_EARLY_CHECK = { ...FAST_WAIT, initialIntervalSeconds: 10 };

const waitNode = (waitParams: Record<string, unknown> = {}): WorkflowNodeSpec => ({
	name: 'Wait',
	type: 'heyGen',
	parameters: {
		resource: 'video',
		operation: 'waitForCompletion',
		videoId: '={{ $json.video_id }}',
		waitMode: 'callback',
		waitOptions: NO_EARLY_CHECK,
		options: FAST_RETRY,
		...waitParams,
	},
});

/** Video → Generate (sending the resume URL unless `completion` says otherwise) → Wait (callback). */
function pipeline(
	scripts: string[],
	waitParams: Record<string, unknown> = {},
	completion = 'callback',
): { nodes: WorkflowNodeSpec[]; input: Array<{ json: { script: string } }> } {
	const sandbox = box.get();
	return {
		input: scripts.map((script) => ({ json: { script } })),
		nodes: [
			{
				name: 'Generate',
				type: 'heyGen',
				parameters: generateParameters(
					sandbox,
					'={{ $json.script }}',
					{ aspectRatio: '9:16' },
					{ waitForCompletion: completion },
				),
			},
			waitNode(waitParams),
		],
	};
}

const lastVideo = (sandbox: Sandbox) => [...sandbox.heygen.videos.values()].pop()!;

/** The sandbox's callback delivery for a video (documented shape: event_data.video_id). */
const deliveryOf = (sandbox: Sandbox, videoId: string) =>
	sandbox.heygen.callbacks.find(
		(c) => (c.payload as { event_data?: { video_id?: string } }).event_data?.video_id === videoId,
	);

/** Status requests the sandbox logged for a video (bulk listings and GETs), with their answers. */
const statusRequests = (sandbox: Sandbox, videoId: string) =>
	sandbox.server
		.requests('heygen', 'GET')
		.filter(
			(r) =>
				r.path === `/v3/videos/${videoId}` ||
				(r.template === '/v3/videos/statuses' &&
					String(r.query.video_ids).split(',').includes(videoId)),
		);

describe('Wait for Completion: callback mode', () => {
	it('Generate → Wait: no status request while waiting, HeyGen answered at once, one read of the video after its callback, downloaded, and the workflow goes on with it', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(100, 400);
		const { nodes, input } = pipeline(['Hello from a callback.']);
		const run = await startWaiting(nodes, input);
		expect(run.waitTill).toBeInstanceOf(Date);
		const videoId = lastVideo(sandbox).id;
		const created = sandbox.server.requests('heygen', 'POST', '/v3/videos').pop()!;
		expect((created.json as { callback_url: string }).callback_url).toMatch(
			new RegExp(`^${resume.base}/1`),
		);
		// created a moment ago: it cannot have finished, so no status is read before waiting
		expect(statusRequests(sandbox, videoId)).toHaveLength(0);

		await until(() => resume.calls.length > 0 && resume.calls[0].doneMs > 0);
		// at most one status read per video in callback mode: the read after the callback
		expect(statusRequests(sandbox, videoId)).toHaveLength(1);
		expect(sandbox.heygen.statusPolls(videoId)).toBe(1);
		// answered before the read and the download
		expect(resume.calls[0]).toMatchObject({ status: 200, body: { received: true } });
		await until(() => deliveryOf(sandbox, videoId)?.status === 200);
		expect(deliveryOf(sandbox, videoId)).toMatchObject({ status: 200, attempts: 1 });
		const items = resume.calls[0].result!.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			video_id: videoId,
			status: 'completed',
			timings: {
				polls: 1,
				mode: 'callback',
				render_seconds: expect.any(Number),
				waited_seconds: expect.any(Number),
			},
		});
		// downloaded by default
		expect(
			(await readBinary(items[0].binary!.data)).equals(renderedVideo('9:16', 'mp4').body),
		).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const [next] = await passedOn();
		expect(next.json).toEqual(items[0].json);
	});

	it.each(['event_data', 'data', 'top-level'] as const)(
		'accepts the callback body with the video ID under %s',
		async (shape) => {
			const sandbox = box.get();
			sandbox.heygen.callbackShape = shape;
			sandbox.heygen.render = byTime(50, 200);
			const { nodes, input } = pipeline([`Shape ${shape}.`], { download: false });
			await startWaiting(nodes, input);
			const [item] = await passedOn();
			expect(item.json).toMatchObject({ video_id: lastVideo(sandbox).id, status: 'completed' });
			const delivered = sandbox.heygen.callbacks.pop()!.payload as Record<string, unknown>;
			expect(
				shape === 'top-level'
					? delivered.video_id
					: (delivered[shape] as { video_id: string }).video_id,
			).toBe(lastVideo(sandbox).id);
		},
	);

	it('a callback that comes while the status still reads "processing" is answered at once and the wait goes on by polling until the video is completed', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(100, 1500);
		// the callback goes out ~1 s before the status reads completed
		sandbox.heygen.callbackLeadMs = 1000;
		const { nodes, input } = pipeline(['Early callback.'], { download: false });
		await startWaiting(nodes, input);
		const videoId = lastVideo(sandbox).id;
		const [item] = await passedOn();
		expect(resume.calls).toHaveLength(1);
		expect(resume.calls[0].answeredMs!).toBeLessThan(500);
		expect(resume.calls[0].doneMs).toBeGreaterThan(resume.calls[0].answeredMs! + 300);
		const checks = statusRequests(sandbox, videoId);
		expect(checks.length).toBeGreaterThan(1);
		expect(item.json).toMatchObject({
			video_id: videoId,
			status: 'completed',
			// every status request, counted
			timings: { polls: checks.length, mode: 'callback' },
		});
		expect(deliveryOf(sandbox, videoId)).toMatchObject({ status: 200, attempts: 1 });
	});

	it('a callback whose video still reads "processing" at Max Wait: answered at once, then the item follows On Timeout (the error, with status "timeout")', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(100, 3000);
		sandbox.heygen.callbackLeadMs = 2500;
		const { nodes, input } = pipeline(['Stuck.'], {
			download: false,
			waitOptions: { ...NO_EARLY_CHECK, maxWaitMinutes: 0.02 },
		});
		await startWaiting(nodes, input);
		const videoId = lastVideo(sandbox).id;
		const [item] = await passedOn();
		expect(resume.calls[0].answeredMs!).toBeLessThan(500);
		expect(item.json).toMatchObject({
			error: `HeyGen video ${videoId} was still "processing" after 1.2 s (Max Wait)`,
			itemIndex: 0,
			description: expect.stringContaining('On Timeout'),
			video_id: videoId,
			status: 'timeout',
			last_status: 'processing',
			timings: { polls: statusRequests(sandbox, videoId).length, mode: 'callback' },
		});
	});

	it('Max Wait passes without a callback: n8n resumes without running the node, and the items it passes on carry status "timeout" (and the error, as On Timeout says)', async () => {
		const sandbox = box.get();
		// never finishes, so no callback
		sandbox.heygen.render = byPolls(10_000, 0);
		const maxWaitMinutes = 0.5;
		for (const onTimeout of ['output', 'error']) {
			const { nodes, input } = pipeline([`No callback (${onTimeout}).`], {
				download: false,
				waitOptions: { ...NO_EARLY_CHECK, maxWaitMinutes, onTimeout },
			});
			const started = Date.now();
			const run = await startWaiting(nodes, input);
			const videoId = lastVideo(sandbox).id;
			// n8n resumes it on its own after Max Wait and a minute's grace for a resume call in flight
			const waitMs = run.waitTill!.getTime() - started;
			expect(waitMs).toBeGreaterThanOrEqual(maxWaitMinutes * 60_000 + 60_000);
			expect(waitMs).toBeLessThan(maxWaitMinutes * 60_000 + 60_000 + 2000);
			// what the node showed while waiting is not what goes on
			const [shown] = outputOf(run, 'Wait');
			expect(shown.json.status).toBe('waiting');

			const after = await continueWaitingExecution({
				run,
				nodes,
				credentials: sandboxCredentials(sandbox),
			});
			expect(after.status).toBe('success');
			const [item] = outputOf(after, 'Wait');
			expect(item.json).toMatchObject({
				video_id: videoId,
				status: 'timeout',
				// what HeyGen said at the create; no status was read
				last_status: 'waiting',
				timings: { polls: 0, mode: 'callback', waited_seconds: 90 },
				// the create's fields stay
				request: { script: `No callback (${onTimeout}).` },
			});
			if (onTimeout === 'error') {
				expect(item.json).toMatchObject({
					error: `HeyGen video ${videoId} did not call back within 30 s (Max Wait)`,
					itemIndex: 0,
					description: expect.stringContaining('On Timeout'),
				});
			} else {
				expect(item.json.error).toBeUndefined();
			}
			expect(statusRequests(sandbox, videoId)).toHaveLength(0);
		}
	});

	it('a failed render ends as in polling mode: the item Continue On Fail gives there, with video_id, status, failure_code and failure_message', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(20, 150);
		sandbox.heygen.outcomeFor = () => ({
			failure_code: 'AUDIO_DECODE_FAILED',
			failure_message: 'The audio could not be decoded',
		});
		const { nodes, input } = pipeline(['Will fail.']);
		await startWaiting(nodes, input);
		const videoId = lastVideo(sandbox).id;
		const [item] = await passedOn();
		const fields = {
			video_id: videoId,
			status: 'failed',
			failure_code: 'AUDIO_DECODE_FAILED',
			failure_message: 'The audio could not be decoded',
		};
		expect(item.json).toEqual({
			error: `HeyGen: video ${videoId} failed: The audio could not be decoded [AUDIO_DECODE_FAILED]`,
			itemIndex: 0,
			description: expect.stringMatching(/MP3 or WAV/),
			...fields,
		});

		// polling mode, Continue On Fail, the same failed video: the same item
		const polled = await runWorkflow({
			nodes: [
				{
					name: 'Wait',
					type: 'heyGen',
					parameters: {
						resource: 'video',
						operation: 'waitForCompletion',
						videoId,
						waitOptions: FAST_WAIT,
						options: FAST_RETRY,
					},
					continueOnFail: true,
				},
			],
			credentials: sandboxCredentials(sandbox),
		});
		expect(outputOf(polled, 'Wait')[0].json).toEqual(item.json);
	});

	it('with several items, keeps waiting until every video has called back, then outputs them all', async () => {
		const sandbox = box.get();
		let n = 0;
		sandbox.heygen.renderFor = () => ({ queueMs: 50, renderMs: 200 + 600 * n++ });
		const { nodes, input } = pipeline(['First video.', 'Second video.'], { download: false });
		await startWaiting(nodes, input);
		const items = await passedOn();
		// the first callback: answered, and the execution keeps waiting for the second video's
		expect(resume.calls[0]).toMatchObject({ status: 200, body: { received: true } });
		expect(resume.calls[0].result).toBeUndefined();
		expect(resume.calls[1].result!.workflowData).toBeDefined();
		expect(items.map((i) => i.json.status)).toEqual(['completed', 'completed']);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('does not wait when the video may have finished before the wait and has: one status read, which is the output', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(0, 0);
		// a first poll interval of 1 ms: by the time the Wait runs, the video may have finished
		const { nodes, input } = pipeline(['Already done.'], {
			download: false,
			waitOptions: { ...FAST_WAIT, initialIntervalSeconds: 0.001 },
		});
		const run = await runWorkflow({ nodes, input, credentials: sandboxCredentials(sandbox) });
		expect(run.status).toBe('success');
		const [item] = outputOf(run, 'Wait');
		expect(item.json).toMatchObject({ status: 'completed', timings: { polls: 1 } });
		expect(statusRequests(sandbox, String(item.json.video_id))).toHaveLength(1);
	});

	it('answers 400 to a call that is not a HeyGen event for one of its videos, and keeps waiting', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(100, 0);
		const { nodes, input } = pipeline(['Never finishes.']);
		await startWaiting(nodes, input);
		const res = await fetch(`${resume.base}/1`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				event_type: 'avatar_video.success',
				event_data: { video_id: 'someone-elses-video' },
			}),
		});
		expect(res.status).toBe(400);
		expect(resume.calls).toEqual([expect.objectContaining({ status: 400, result: undefined })]);
		expect(resume.waiting).toBeDefined();
	});

	it('Template → Generate Video sends the resume URL too: the wait resumes on the callbacks', async () => {
		const sandbox = box.get();
		const template = sandbox.heygen.templates[1];
		let n = 0;
		sandbox.heygen.renderFor = () => ({ queueMs: 50, renderMs: 200 + 500 * n++ });
		const nodes: WorkflowNodeSpec[] = [
			{
				name: 'Generate',
				type: 'heyGen',
				parameters: {
					resource: 'template',
					operation: 'generate',
					templateId: { __rl: true, mode: 'id', value: template.id },
					textVariables: { variable: [{ name: 'headline', content: '={{ $json.headline }}' }] },
					waitForCompletion: 'callback',
					options: FAST_RETRY,
				},
			},
			waitNode({ download: false }),
		];
		const run = await startWaiting(
			nodes,
			['Launch day', 'Second launch'].map((headline) => ({ json: { headline } })),
		);
		const generated = outputOf(run, 'Generate');
		// this execution's resume URL (n8n adds a signature)
		const resumeUrl = expect.stringMatching(new RegExp(`^${resume.base}/1(\\?|$)`));
		expect(generated.map((i) => (i.json.request as { callback_url: string }).callback_url)).toEqual(
			[resumeUrl, resumeUrl],
		);
		const creates = sandbox.server.requests('heygen', 'POST', '/v3/templates/{template_id}');
		for (const call of creates.slice(-2)) {
			expect((call.json as { callback_url: string }).callback_url).toEqual(resumeUrl);
			expectValid('TemplateGenerate', 'request', call.json);
		}
		const ids = generated.map((i) => String(i.json.video_id));
		// nothing read before waiting
		expect(ids.map((id) => statusRequests(sandbox, id).length)).toEqual([0, 0]);
		const items = await passedOn();
		// each callback checks both videos with one request; the second then reads each video once
		expect(ids.map((id) => statusRequests(sandbox, id).length)).toEqual([3, 3]);
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				video_id: ids[0],
				status: 'completed',
				timings: expect.objectContaining({ mode: 'callback' }),
			}),
			expect.objectContaining({ video_id: ids[1], status: 'completed' }),
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without the resume URL (Generate set to "Don\'t Wait") it polls instead of sitting until Max Wait, and says so', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(50, 200);
		const { nodes, input } = pipeline(
			['Not wired.'],
			{ download: false, waitOptions: FAST_WAIT },
			'no',
		);
		const started = Date.now();
		const run = await runWorkflow({
			nodes,
			input,
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: resume.base },
		});
		expect(run.status).toBe('success');
		expect(Date.now() - started).toBeLessThan(5000);
		const created = sandbox.server.requests('heygen', 'POST', '/v3/videos').pop()!;
		expect((created.json as { callback_url?: string }).callback_url).toBeUndefined();
		const [item] = outputOf(run, 'Wait');
		expect(item.json).toMatchObject({
			status: 'completed',
			timings: { polls: expect.any(Number) },
			notice: expect.stringMatching(/Polled instead of waiting for a callback.*Send Resume URL/),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(resume.calls).toEqual([]);
	});

	it('Generate with "Send Resume URL" does not wait itself, and rejects a Callback URL option before creating anything', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen', 'POST', '/v3/videos').length;
		const run = await runWorkflow({
			nodes: [
				{
					name: 'Generate',
					type: 'heyGen',
					parameters: generateParameters(
						sandbox,
						'Two callbacks?',
						{ callbackUrl: 'https://example.com/hook' },
						{ waitForCompletion: 'callback' },
					),
				},
			],
			credentials: sandboxCredentials(sandbox),
		});
		expect(run.data.resultData.error?.message).toBe(
			'Callback URL cannot be set when Wait for Completion sends the resume URL',
		);
		expect(sandbox.server.requests('heygen', 'POST', '/v3/videos')).toHaveLength(before);

		const alone = await runWorkflow({
			nodes: [
				{
					name: 'Generate',
					type: 'heyGen',
					parameters: generateParameters(
						sandbox,
						'Resume later.',
						{},
						{ waitForCompletion: 'callback' },
					),
				},
			],
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: 'http://127.0.0.1:9/w' },
		});
		expect(alone.status).toBe('success');
		const [item] = outputOf(alone, 'Generate');
		expect(item.json).toMatchObject({
			video_id: expect.any(String),
			status: 'waiting',
			request: { callback_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9\/w\/1(\?|$)/) },
		});
		// the sandbox's base URL is custom: a loopback resume URL is fine, so no notice
		expect(item.json.notice).toBeUndefined();
	});
});

/**
 * The requests of n8n-core's HTTP client for https://api.heygen.com go to the sandbox (axios, as
 * @n8n/backend-network uses it), so a credential with HeyGen's own base URL runs offline.
 */
function apiHeyGenComIsTheSandbox(sandbox: Sandbox): () => void {
	const network = require.resolve('@n8n/backend-network', {
		paths: [path.dirname(require.resolve('n8n-core'))],
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const axios = require(require.resolve('axios', { paths: [path.dirname(network)] })) as {
		interceptors: {
			request: {
				use(fn: (config: { url?: string }) => unknown): number;
				eject(id: number): void;
			};
		};
	};
	const origin = 'https://api.heygen.com';
	const id = axios.interceptors.request.use((config) => {
		if (config.url?.startsWith(`${origin}/`))
			config.url = `${sandbox.heyGenUrl}${config.url.slice(origin.length)}`;
		return config;
	});
	return () => axios.interceptors.request.eject(id);
}

describe('Callback mode with a resume URL HeyGen cannot reach', () => {
	const heyGenItself = (sandbox: Sandbox) => ({
		...sandboxCredentials(sandbox),
		heygenElevenlabsHeyGenApi: { apiKey: SANDBOX_HEYGEN_KEY, baseUrl: 'https://api.heygen.com' },
	});

	it.each([
		['http, loopback', 'http://127.0.0.1:5678/webhook-waiting', /does not use HTTPS/],
		['localhost', 'https://localhost:5678/webhook-waiting', /only resolves on this machine/],
		['a private address', 'https://192.168.1.20/webhook-waiting', /private network address/],
	])(
		"(%s) with HeyGen's own API: Generate still creates the video and says so, and the Wait polls instead, with a notice naming WEBHOOK_URL",
		async (_case, base, problem) => {
			const sandbox = box.get();
			sandbox.heygen.render = byTime(30, 100);
			const restore = apiHeyGenComIsTheSandbox(sandbox);
			try {
				const { nodes, input } = pipeline(['Unreachable resume URL.'], {
					download: false,
					waitOptions: FAST_WAIT,
				});
				const run = await runWorkflow({
					nodes,
					input,
					credentials: heyGenItself(sandbox),
					additionalData: { webhookWaitingBaseUrl: base },
				});
				expect(run.status).toBe('success');
				const [generated] = outputOf(run, 'Generate');
				expect(generated.json).toMatchObject({
					video_id: lastVideo(sandbox).id,
					request: { callback_url: expect.stringContaining(base) },
					notice: expect.stringMatching(/^HeyGen cannot call this execution's resume URL/),
				});
				expect(generated.json.notice).toMatch(problem);
				expect(generated.json.notice).toMatch(/WEBHOOK_URL/);
				const [item] = outputOf(run, 'Wait');
				expect(item.json).toMatchObject({
					video_id: lastVideo(sandbox).id,
					status: 'completed',
					notice: expect.stringMatching(
						/^Polled instead of waiting for a callback: HeyGen cannot call .*WEBHOOK_URL/,
					),
				});
				expect(item.json.notice).toMatch(problem);
			} finally {
				restore();
			}
		},
	);

	it("a public HTTPS resume URL with HeyGen's own API: the execution waits for the callback, and Generate has no notice", async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(100, 0);
		const restore = apiHeyGenComIsTheSandbox(sandbox);
		try {
			const { nodes, input } = pipeline(['Public resume URL.'], { download: false });
			const run = await runWorkflow({
				nodes,
				input,
				credentials: heyGenItself(sandbox),
				additionalData: { webhookWaitingBaseUrl: 'https://n8n.example.com/webhook-waiting' },
			});
			expect(run.status).toBe('waiting');
			expect(outputOf(run, 'Generate')[0].json.notice).toBeUndefined();
		} finally {
			restore();
		}
	});
});
