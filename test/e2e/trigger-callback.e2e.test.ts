/**
 * HeyGen webhooks against a real `n8n start` (one server for the file), with the sandbox as HeyGen:
 *
 * 1. HeyGen Trigger: activation registers n8n's production webhook URL with the sandbox (which
 *    probes it with OPTIONS first, as HeyGen does; the sandbox's base URL is custom, so the
 *    public-HTTPS pre-check is skipped); signed deliveries (HeyGen's and Svix-style schemes) start
 *    exactly one execution, forged / unsigned ones are rejected with 401 (signature checked over
 *    n8n's req.rawBody), a repeated event id is acknowledged with 2xx without an execution, as are
 *    unsubscribed events, and deactivation deletes the endpoint.
 * 2. Video → Wait for Completion in callback mode, after Video → Generate or Template → Generate
 *    Video set to "Send Resume URL for a Callback-Mode Wait": the execution waits (status `waiting`,
 *    no status polls) while the sandbox renders, and the sandbox's callback to
 *    $execution.resumeUrl resumes it.
 * 3. The same across a clean restart of n8n while the execution waits: the sandbox's callback fails
 *    while n8n is down, is retried with backoff (test/sandbox/heygen/render.ts), and resumes the execution.
 * 4. Max Wait passing without a callback: n8n's wait tracker resumes the execution without running
 *    the Wait node again (it disables the node and passes its input on); the next node gets the
 *    items the node left for that case, with status "timeout".
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	PACKAGE_NAME,
	REPO_DIR,
	NODE_TYPES,
	sandboxPlaceholders,
	startStack,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { sleep } from '../../scripts/n8n/processes';
import { expectSuccess, nodeOutput } from './helpers';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

// ---- helpers ------------------------------------------------------------------------------------

interface SandboxState {
	videos: Array<{ video_id: string; status_polls: number; callback_fired: boolean }>;
	callbacks: Array<{ url: string; status: number; attempts: number; event_type: string }>;
	webhook_endpoints: Array<{ endpoint_id: string; url: string; events: string[] | null }>;
	webhook_deliveries: Array<{
		endpoint_id: string;
		event_id: string;
		event_type: string;
		status: number;
		responseBody: string;
	}>;
	webhook_endpoints_deleted: string[];
}

async function control<T = unknown>(
	method: 'GET' | 'POST',
	route: string,
	body?: unknown,
): Promise<T> {
	const res = await fetch(`${stack.sandbox!.info.baseUrl}/_control${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok)
		throw new Error(
			`sandbox ${method} /_control${route} → HTTP ${res.status}: ${await res.text()}`,
		);
	return (await res.json()) as T;
}

const sandboxState = async () => await control<SandboxState>('GET', '/state');

interface Delivery {
	endpoint_id: string;
	event_id: string;
	status: number;
	responseBody: string;
}

async function deliver(
	eventType: string,
	eventData: Record<string, unknown>,
	options: Record<string, unknown> = {},
): Promise<Delivery[]> {
	return (
		await control<{ deliveries: Delivery[] }>('POST', '/webhooks/deliver', {
			event_type: eventType,
			event_data: eventData,
			options,
		})
	).deliveries;
}

async function until<T>(
	what: string,
	check: () => Promise<T | undefined | false>,
	timeoutMs = 60_000,
	everyMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		await sleep(everyMs);
	}
}

/** After a moment for n8n to start anything, no execution of the workflow beyond `known` exists. */
async function expectNoNewExecutions(workflowId: string, known: Set<string>): Promise<void> {
	await sleep(1500);
	const fresh = (await stack.n8n.listExecutions(workflowId)).filter(
		(e) => !known.has(String(e.id)),
	);
	expect(fresh).toEqual([]);
}

const fixture = (name: string) =>
	readFileSync(path.join(REPO_DIR, 'test', 'fixtures', 'media', name));

// ---- 1. HeyGen Trigger --------------------------------------------------------------------------

describe('HeyGen Trigger in a real n8n', () => {
	const TRIGGER_TYPE = `${PACKAGE_NAME}.heyGenTrigger`;
	const webhookId = randomUUID();
	const events = ['avatar_video.success', 'avatar_video.fail'];
	let workflowId: string;
	let endpointId: string;
	let firstEventId: string;

	const workflow: WorkflowJson = {
		name: 'e2e: HeyGen Trigger',
		nodes: [
			{
				name: 'HeyGen Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events, options: {} },
				credentials: { heygenElevenlabsHeyGenApi: { id: 'placeholder', name: 'HeyGen account' } },
			},
			{
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'HeyGen Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	};

	const productionUrl = () => `${stack.n8n.baseUrl}/webhook/${webhookId}/webhook`;

	it("activation registers n8n's production webhook URL (after the OPTIONS probe) with the chosen events", async () => {
		const before = await sandboxState();
		expect(before.webhook_endpoints).toEqual([]);
		// the sandbox probes the URL with OPTIONS before registering it, as HeyGen does
		const probe = await control<{ probeOnRegister: boolean }>('POST', '/webhooks/probe', {
			enabled: true,
		});
		expect(probe.probeOnRegister).toBe(true);

		workflowId = (await stack.importWorkflow(workflow)).id;
		await stack.n8n.activateWorkflow(workflowId);

		// n8n registers the webhooks of an activated workflow asynchronously
		const state = await until(
			'the endpoint to be registered',
			async () => {
				const s = await sandboxState();
				return s.webhook_endpoints.length ? s : undefined;
			},
			30_000,
		);
		await sleep(1000);
		expect((await sandboxState()).webhook_endpoints).toEqual(state.webhook_endpoints);
		expect(state.webhook_endpoints).toHaveLength(1);
		const [endpoint] = state.webhook_endpoints;
		expect(endpoint.url).toBe(productionUrl());
		expect([...(endpoint.events ?? [])].sort()).toEqual([...events].sort());
		endpointId = endpoint.endpoint_id;
		// n8n itself answers the probe on that URL
		const options = await fetch(productionUrl(), { method: 'OPTIONS' });
		expect(options.status).toBeLessThan(400);
	});

	it('a signed delivery starts exactly one execution with the event (signature checked over req.rawBody)', async () => {
		const known = await stack.n8n.knownExecutionIds(workflowId);
		const eventData = {
			video_id: 'vid_e2e_trigger_1',
			url: 'https://files.example.com/vid_e2e_trigger_1.mp4',
			callback_id: 'campaign-42',
		};
		const deliveries = await deliver('avatar_video.success', eventData);
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toEqual(
			expect.objectContaining({ endpoint_id: endpointId, status: 200 }),
		);
		firstEventId = deliveries[0].event_id;

		const execution = await stack.n8n.waitForNewExecution(workflowId, known, { timeoutMs: 60_000 });
		expectSuccess(execution);
		expect(execution.mode).toBe('webhook');
		const [item] = nodeOutput(execution, 'HeyGen Trigger');
		expect(item.json).toEqual(
			expect.objectContaining({
				event_type: 'avatar_video.success',
				event_id: firstEventId,
				video_id: 'vid_e2e_trigger_1',
				url: 'https://files.example.com/vid_e2e_trigger_1.mp4',
				callback_id: 'campaign-42',
			}),
		);
		expect(nodeOutput(execution, 'Done')).toHaveLength(1);
		await sleep(1000);
		const after = (await stack.n8n.listExecutions(workflowId)).filter(
			(e) => !known.has(String(e.id)),
		);
		expect(after).toHaveLength(1);
	});

	it('forged and unsigned deliveries get 401 and start nothing', async () => {
		const known = await stack.n8n.knownExecutionIds(workflowId);
		const data = {
			video_id: 'vid_e2e_forged',
			url: 'https://evil.example.com/x.mp4',
			callback_id: null,
		};

		const [forged] = await deliver('avatar_video.success', data, {
			secret: 'whsec_not_the_real_secret',
		});
		expect(forged.status).toBe(401);
		expect(JSON.parse(forged.responseBody)).toEqual(
			expect.objectContaining({ reason: 'bad_signature' }),
		);

		const [forgedSvix] = await deliver('avatar_video.success', data, {
			scheme: 'svix',
			secret: 'whsec_Zm9yZ2VkLXNlY3JldC0xMjM0NQ==',
		});
		expect(forgedSvix.status).toBe(401);

		const [unsigned] = await deliver('avatar_video.success', data, { unsigned: true });
		expect(unsigned.status).toBe(401);
		expect(JSON.parse(unsigned.responseBody)).toEqual(
			expect.objectContaining({ reason: 'unsigned' }),
		);

		await expectNoNewExecutions(workflowId, known);
	});

	it('a repeated event id is acknowledged with 2xx and starts nothing (a 401 would make HeyGen retry it)', async () => {
		const known = await stack.n8n.knownExecutionIds(workflowId);
		// correctly signed, but an event id this trigger has already accepted (see seenInProcess in the node)
		const [repeated] = await deliver(
			'avatar_video.success',
			{ video_id: 'vid_e2e_trigger_1' },
			{ eventId: firstEventId },
		);
		expect(repeated.status).toBe(200);
		expect(JSON.parse(repeated.responseBody)).toEqual(
			expect.objectContaining({ ignored: 'duplicate event' }),
		);
		await expectNoNewExecutions(workflowId, known);
	});

	it('a Standard Webhooks / Svix-style signed delivery (decoded whsec_ key, id.timestamp.body) starts one execution', async () => {
		const known = await stack.n8n.knownExecutionIds(workflowId);
		const [delivery] = await deliver(
			'avatar_video.fail',
			{ video_id: 'vid_e2e_svix', msg: 'failed' },
			{ scheme: 'svix-rotating' },
		);
		expect(delivery.status).toBe(200);
		const execution = await stack.n8n.waitForNewExecution(workflowId, known, { timeoutMs: 60_000 });
		expectSuccess(execution);
		const [item] = nodeOutput(execution, 'HeyGen Trigger');
		expect(item.json).toEqual(
			expect.objectContaining({
				event_type: 'avatar_video.fail',
				event_id: delivery.event_id,
				video_id: 'vid_e2e_svix',
			}),
		);
	});

	it('an event the trigger is not subscribed to is acknowledged (2xx) without an execution', async () => {
		const known = await stack.n8n.knownExecutionIds(workflowId);
		const [delivery] = await deliver(
			'avatar_video_gif.success',
			{ video_id: 'vid_e2e_gif' },
			{ ignoreSubscription: true },
		);
		expect(delivery.status).toBeGreaterThanOrEqual(200);
		expect(delivery.status).toBeLessThan(300);
		await expectNoNewExecutions(workflowId, known);
	});

	it('deactivation deletes the endpoint at HeyGen', async () => {
		await stack.n8n.api('POST', `/workflows/${workflowId}/deactivate`);
		const state = await until(
			'the endpoint to be deleted',
			async () => {
				const s = await sandboxState();
				return s.webhook_endpoints_deleted.includes(endpointId) ? s : undefined;
			},
			30_000,
		).catch(async (error: Error) => {
			throw new Error(`${error.message}; sandbox: ${JSON.stringify(await sandboxState())}`);
		});
		expect(state.webhook_endpoints).toEqual([]);
	});
	it('with Download Video on, HeyGen gets its 2xx first and the execution starts with the MP4 (noWebhookResponse + workflowData in n8n 2.41)', async () => {
		const info = stack.sandbox!.info;
		const downloadWebhookId = randomUUID();
		const downloadWorkflow: WorkflowJson = {
			...workflow,
			name: 'e2e: HeyGen Trigger (download)',
			nodes: workflow.nodes.map((n) =>
				n.type === TRIGGER_TYPE
					? {
							...n,
							webhookId: downloadWebhookId,
							parameters: { events, options: { downloadVideo: true } },
						}
					: n,
			),
		};
		const id = (await stack.importWorkflow(downloadWorkflow)).id;
		await stack.n8n.activateWorkflow(id);
		await until('the second endpoint to be registered', async () =>
			(await sandboxState()).webhook_endpoints.some((e) => e.url.includes(downloadWebhookId)),
		);
		// a finished video at the sandbox
		await control('POST', '/heygen/render', { mode: 'time', queueMs: 0, renderMs: 0 });
		const { REPLACE_WITH_AVATAR_LOOK_ID: avatarId } = await sandboxPlaceholders(info);
		const created = await fetch(`${info.heyGenUrl}/v3/videos`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': info.heyGenKey },
			body: JSON.stringify({
				type: 'avatar',
				avatar_id: avatarId,
				script: 'Hi',
				aspect_ratio: '9:16',
			}),
		});
		const videoId = ((await created.json()) as { data: { video_id: string } }).data.video_id;

		const known = await stack.n8n.knownExecutionIds(id);
		const [delivery] = await deliver('avatar_video.success', { video_id: videoId });
		expect(delivery.status).toBe(200);
		// the node's own early reply, not n8n's "Workflow was started"
		expect(JSON.parse(delivery.responseBody)).toEqual({ received: true });
		const execution = await stack.n8n.waitForNewExecution(id, known, { timeoutMs: 60_000 });
		expectSuccess(execution);
		const [item] = nodeOutput(execution, 'HeyGen Trigger');
		expect(item.json).toEqual(expect.objectContaining({ video_id: videoId }));
		expect(item.json.error).toBeUndefined();
		const mp4 = await stack.n8n.readBinary(item.binary!.data);
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		expect(mp4.equals(fixture('video_9x16.mp4'))).toBe(true);
		await sleep(1000);
		expect(
			(await stack.n8n.listExecutions(id)).filter((e) => !known.has(String(e.id))),
		).toHaveLength(1);
		await stack.n8n.api('POST', `/workflows/${id}/deactivate`);
	});
});

// ---- 2. / 3. Wait for Completion in callback mode -----------------------------------------------

/** The sandbox's second template (9:16, a `headline` text variable; test/sandbox/heygen.ts). */
const TEMPLATE_ID = createHash('md5').update('template-1').digest('hex');

const generateNodes = {
	/** Video → Generate: script + HeyGen voice, 9:16. */
	video: {
		resource: 'video',
		operation: 'generate',
		source: 'avatar',
		avatarId: { __rl: true, mode: 'id', value: 'REPLACE_WITH_AVATAR_LOOK_ID' },
		voiceSource: 'script',
		script: '={{ $json.body.script }}',
		voiceId: { __rl: true, mode: 'id', value: 'REPLACE_WITH_HEYGEN_VOICE_ID' },
		waitForCompletion: 'callback',
		aspectRatio: '9:16',
	},
	/** Template → Generate Video: the script as the headline. */
	template: {
		resource: 'template',
		operation: 'generate',
		templateId: { __rl: true, mode: 'id', value: TEMPLATE_ID },
		textVariables: { variable: [{ name: 'headline', content: '={{ $json.body.script }}' }] },
		waitForCompletion: 'callback',
		options: {},
	},
};

/**
 * Webhook → HeyGen Generate (Video or Template, Wait for Completion: Send Resume URL for a
 * Callback-Mode Wait) → Wait for Completion (callback, download) → Done.
 */
function callbackWorkflow(
	name: string,
	hookPath: string,
	generate: keyof typeof generateNodes,
	waitOptions: Record<string, unknown> = { maxWaitMinutes: 30 },
): WorkflowJson {
	return {
		name,
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
			},
			{
				name: 'Generate',
				type: NODE_TYPES.heyGen,
				typeVersion: 1,
				position: [220, 0],
				parameters: generateNodes[generate],
				credentials: { heygenElevenlabsHeyGenApi: { id: 'placeholder', name: 'HeyGen account' } },
			},
			{
				name: 'Wait for Video',
				type: NODE_TYPES.heyGen,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'video',
					operation: 'waitForCompletion',
					videoId: '={{ $json.video_id }}',
					waitMode: 'callback',
					download: true,
					binaryPropertyName: 'data',
					waitOptions,
				},
				credentials: { heygenElevenlabsHeyGenApi: { id: 'placeholder', name: 'HeyGen account' } },
			},
			{
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [660, 0],
				parameters: {},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Generate', type: 'main', index: 0 }]] },
			Generate: { main: [[{ node: 'Wait for Video', type: 'main', index: 0 }]] },
			'Wait for Video': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	};
}

/** Imports + activates the workflow, calls its webhook and returns the execution once it waits. */
async function startWaitingExecution(
	name: string,
	renderMs: number,
	generate: keyof typeof generateNodes = 'video',
	waitOptions?: Record<string, unknown>,
) {
	const hookPath = `heygen-callback-${Date.now()}`;
	const { id: workflowId } = await stack.importWorkflow(
		callbackWorkflow(name, hookPath, generate, waitOptions),
	);
	await stack.n8n.activateWorkflow(workflowId);
	await control('POST', '/heygen/render', { mode: 'time', queueMs: 500, renderMs });
	const known = await stack.n8n.knownExecutionIds(workflowId);
	const videosBefore = new Set((await sandboxState()).videos.map((v) => v.video_id));

	const response = await stack.n8n.callWebhook(hookPath, { script: `Hello from ${name}.` });
	expect(response.status).toBe(200);
	const waiting = await until(
		'the execution to wait',
		async () => {
			const fresh = (await stack.n8n.listExecutions(workflowId)).filter(
				(e) => !known.has(String(e.id)),
			);
			const done = fresh.find((e) =>
				['success', 'error', 'crashed', 'canceled'].includes(e.status),
			);
			if (done)
				throw new Error(`execution ${done.id} finished (${done.status}) instead of waiting`);
			return fresh.find((e) => e.status === 'waiting');
		},
		30_000,
		100,
	);
	const state = await sandboxState();
	const video = state.videos.find((v) => !videosBefore.has(v.video_id));
	if (!video) throw new Error('the sandbox has no new video');
	return {
		workflowId,
		executionId: String(waiting.id),
		videoId: video.video_id,
		pollsAtWait: video.status_polls,
	};
}

const videoIn = async (videoId: string) =>
	(await sandboxState()).videos.find((v) => v.video_id === videoId)!;

async function checkResumed(execution: ExecutionSummary, videoId: string) {
	expectSuccess(execution);
	const [item] = nodeOutput(execution, 'Wait for Video');
	expect(item.json).toEqual(
		expect.objectContaining({
			video_id: videoId,
			status: 'completed',
			// the one status request: the read after the callback
			timings: expect.objectContaining({ polls: 1, mode: 'callback' }),
		}),
	);
	const mp4 = await stack.n8n.readBinary(item.binary!.data);
	expect(item.binary!.data.mimeType).toBe('video/mp4');
	// renderedVideo('9:16', 'mp4') in test/sandbox/media.ts
	expect(mp4.equals(fixture('video_9x16.mp4'))).toBe(true);
	expect(nodeOutput(execution, 'Done')).toHaveLength(1);
	// created moments before the wait, so not read before it; none while waiting; 1 read after the callback
	expect((await videoIn(videoId)).status_polls).toBe(1);
}

describe('Wait for Completion in callback mode in a real n8n', () => {
	it('waits without polling while HeyGen renders and resumes on its callback', async () => {
		const { workflowId, executionId, videoId, pollsAtWait } = await startWaitingExecution(
			'e2e: callback wait',
			8000,
		);
		expect(pollsAtWait).toBe(0); // created a moment ago: no status read before waiting

		// the execution is saved as waiting, with the Wait node as the last one run
		const waiting = await stack.n8n.getExecution(executionId);
		expect(waiting.status).toBe('waiting');
		expect(waiting.data?.resultData.lastNodeExecuted).toBe('Wait for Video');

		// while the sandbox renders: still waiting, and not a single status poll
		let samples = 0;
		for (;;) {
			const video = await videoIn(videoId); // one snapshot: polls counted before any callback
			if (video.callback_fired) break;
			expect(video.status_polls).toBe(pollsAtWait);
			const current = await stack.n8n.getExecution(executionId);
			if (current.status !== 'waiting') {
				// only the callback may end the wait
				expect((await videoIn(videoId)).callback_fired).toBe(true);
				break;
			}
			samples++;
			await sleep(1000);
		}
		expect(samples).toBeGreaterThanOrEqual(3);

		const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 60_000 });
		await checkResumed(execution, videoId);
		expect(execution.workflowId).toBe(workflowId);

		// HeyGen called n8n's loopback resume URL of this execution once, and n8n accepted it
		const callbacks = (await sandboxState()).callbacks.filter(
			(c) => c.url.split('?')[0] === `${stack.n8n.baseUrl}/webhook-waiting/${executionId}`,
		);
		expect(callbacks).toEqual([
			expect.objectContaining({ status: 200, attempts: 1, event_type: 'avatar_video.success' }),
		]);
	});

	it('Template → Generate Video sends the resume URL too: the wait resumes on its callback without polling', async () => {
		const { executionId, videoId, pollsAtWait } = await startWaitingExecution(
			'e2e: template callback wait',
			6000,
			'template',
		);
		expect(pollsAtWait).toBe(0);
		const waiting = await stack.n8n.getExecution(executionId);
		expect(waiting.status).toBe('waiting');
		expect(waiting.data?.resultData.lastNodeExecuted).toBe('Wait for Video');
		const [generated] = nodeOutput(waiting, 'Generate');
		expect(generated.json).toEqual(
			expect.objectContaining({
				video_id: videoId,
				template_id: TEMPLATE_ID,
				request: expect.objectContaining({
					callback_url: expect.stringMatching(
						new RegExp(`^${stack.n8n.baseUrl}/webhook-waiting/${executionId}(\\?|$)`),
					),
				}),
			}),
		);
		const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 60_000 });
		await checkResumed(execution, videoId);
	});

	it('survives a clean restart of n8n while waiting: the retried callback resumes the execution', async () => {
		const { executionId, videoId, pollsAtWait } = await startWaitingExecution(
			'e2e: callback wait across a restart',
			15_000,
		);
		expect(pollsAtWait).toBe(0);
		const resumeUrl = `${stack.n8n.baseUrl}/webhook-waiting/${executionId}`;

		await stack.n8n.restart(async () => {
			// n8n is down: the render finishes, and HeyGen's callback fails (connection refused)
			const failed = await until(
				'the callback to fail while n8n is down',
				async () =>
					(await sandboxState()).callbacks.find(
						(c) => c.url.split('?')[0] === resumeUrl && c.status === -1,
					),
				60_000,
			);
			expect(failed.attempts).toBeGreaterThanOrEqual(1);
			expect((await videoIn(videoId)).status_polls).toBe(pollsAtWait);
		});

		// the restarted n8n still has the execution (waiting, or already resumed by a retry)
		expect(['waiting', 'running', 'success']).toContain(
			(await stack.n8n.getExecution(executionId)).status,
		);
		const execution = await stack.n8n
			.waitForExecution(executionId, { timeoutMs: 120_000 })
			.catch(async (error: Error) => {
				// say what HeyGen's callback got from n8n (status, attempts) when the resume never came
				const deliveries = (await sandboxState()).callbacks.filter(
					(c) => c.url.split('?')[0] === resumeUrl,
				);
				throw new Error(
					`${error.message}; callback deliveries: ${JSON.stringify(
						deliveries.map((c) => ({ status: c.status, attempts: c.attempts })),
					)}`,
				);
			});
		await checkResumed(execution, videoId);
		const [callback] = (await sandboxState()).callbacks.filter(
			(c) => c.url.split('?')[0] === resumeUrl,
		);
		expect(callback.status).toBe(200);
		expect(callback.attempts).toBeGreaterThanOrEqual(2);
	});

	it('a callback (video ID at the top level) that arrives while the status still reads "processing": HeyGen gets its 200 at once, and the node polls until the video is completed', async () => {
		// the callback goes out 4 s before the status reads completed
		await control('POST', '/heygen/callbacks', { leadMs: 4000, shape: 'top-level' });
		try {
			const { executionId, videoId, pollsAtWait } = await startWaitingExecution(
				'e2e: early callback',
				8000,
				'video',
				{ maxWaitMinutes: 5, pollCadence: 'fast' },
			);
			expect(pollsAtWait).toBe(0);
			const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 90_000 });
			expectSuccess(execution);
			const [item] = nodeOutput(execution, 'Wait for Video');
			const polls = (await videoIn(videoId)).status_polls;
			// read on the callback (still processing), then again until completed
			expect(polls).toBeGreaterThanOrEqual(2);
			expect(item.json).toEqual(
				expect.objectContaining({
					video_id: videoId,
					status: 'completed',
					timings: expect.objectContaining({ polls, mode: 'callback' }),
				}),
			);
			expect(item.binary?.data?.mimeType).toBe('video/mp4');
			const callbacks = (await sandboxState()).callbacks.filter(
				(c) => c.url === `${stack.n8n.baseUrl}/webhook-waiting/${executionId}`,
			);
			// answered at once (no retry after the sandbox's 10 s delivery timeout)
			expect(callbacks).toEqual([expect.objectContaining({ status: 200, attempts: 1 })]);
		} finally {
			await control('POST', '/heygen/callbacks', { leadMs: 0, shape: 'event_data' });
		}
	});

	it('Max Wait passes without a callback: n8n resumes without running the node, and the next node gets the items with status "timeout" and the error', async () => {
		// renders far longer than the test: no callback comes
		const { executionId, videoId, pollsAtWait } = await startWaitingExecution(
			'e2e: callback wait, Max Wait passes',
			30 * 60_000,
			'video',
			{ maxWaitMinutes: 0.05 },
		);
		expect(pollsAtWait).toBe(0);
		const waiting = await stack.n8n.getExecution(executionId);
		expect(waiting.status).toBe('waiting');
		// n8n's wait tracker resumes it 3 s (Max Wait) + 60 s (grace for a resume call in flight) later
		const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 150_000 });
		expectSuccess(execution);
		const [item] = nodeOutput(execution, 'Wait for Video');
		expect(item.json).toEqual(
			expect.objectContaining({
				video_id: videoId,
				status: 'timeout',
				last_status: 'waiting',
				error: `HeyGen video ${videoId} did not call back within 3 s (Max Wait)`,
				timings: expect.objectContaining({ polls: 0, mode: 'callback', waited_seconds: 63 }),
			}),
		);
		expect(item.binary).toBeUndefined();
		const [next] = nodeOutput(execution, 'Done');
		expect(next.json).toEqual(item.json);
		expect((await videoIn(videoId)).status_polls).toBe(0);
	});
});
