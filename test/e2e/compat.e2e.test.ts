/**
 * Compatibility smoke: the smallest set of real-n8n checks that shows the package works in an n8n
 * version, run per version of the README's compatibility matrix. The version is the one the
 * real-n8n layer runs: N8N_RUNTIME_VERSION (default the pinned 2.41.1), e.g.
 *
 *   N8N_RUNTIME_VERSION=1.123.81 npx jest --config jest.e2e.config.js test/e2e/compat.e2e.test.ts
 *
 * (scripts/ci-e2e.sh runs it for every version in scripts/n8n/runtime/). Checks: the package
 * loads; both credential tests pass; the 9:16 text-to-video example runs end to end (its webhook
 * answers with the video ID, then the MP4 is downloaded and written); its callback-mode wait waits
 * without polling and is resumed by HeyGen's callback; the HeyGen Trigger registers its webhook
 * and receives one signed delivery. Built on the example workflow and the shared
 * helpers, so it follows changes to both.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	describeErrors,
	loadExamples,
	N8N_VERSION,
	NODE_TYPES,
	PACKAGE_NAME,
	REPO_DIR,
	startStack,
	webhookPathOf,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { sleep } from '../../scripts/n8n/processes';
import { expectSuccess } from './helpers';

const VIDEO_EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const VIDEO_FIXTURE = readFileSync(
	path.join(REPO_DIR, 'test', 'fixtures', 'media', 'video_9x16.mp4'),
);

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

async function control<T = unknown>(method: 'GET' | 'POST', route: string, body?: unknown) {
	const res = await fetch(`${stack.sandbox!.info.baseUrl}/_control${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok)
		throw new Error(`sandbox /_control${route} → HTTP ${res.status}: ${await res.text()}`);
	return (await res.json()) as T;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s: ${what}`);
		await sleep(250);
	}
}

function videoExample(): WorkflowJson {
	const found = loadExamples().find((e) => e.file === VIDEO_EXAMPLE);
	if (!found) throw new Error(`examples/${VIDEO_EXAMPLE} is missing`);
	return JSON.parse(JSON.stringify(found.workflow)) as WorkflowJson;
}

/** Every item of every node's last run, with the node's name. */
function allItems(execution: ExecutionSummary) {
	return Object.entries(execution.data?.resultData.runData ?? {}).flatMap(([node, runs]) =>
		(runs[runs.length - 1]?.data?.main ?? []).flatMap((items) =>
			(items ?? []).map((item) => ({ node, ...item })),
		),
	);
}

/** The MP4 a HeyGen node of the workflow downloaded in this execution (exactly one). */
async function downloadedVideo(execution: ExecutionSummary, workflow: WorkflowJson) {
	const ours = new Set(
		workflow.nodes.filter((n) => n.type === NODE_TYPES.heyGen).map((n) => n.name),
	);
	const videos = allItems(execution).filter(
		(i) =>
			ours.has(i.node) &&
			i.binary &&
			Object.values(i.binary).some((b) => b.mimeType === 'video/mp4'),
	);
	expect(videos).toHaveLength(1);
	const ref = Object.values(videos[0].binary!).find((b) => b.mimeType === 'video/mp4')!;
	return { item: videos[0], bytes: await stack.n8n.readBinary(ref) };
}

describe(`n8n ${N8N_VERSION}: compatibility smoke`, () => {
	it(`the server is n8n ${N8N_VERSION}`, async () => {
		const settings = await stack.n8n.rest<{ versionCli: string }>('GET', '/settings');
		expect(settings.versionCli).toBe(N8N_VERSION);
	});

	it('loads the package: both nodes, the trigger and both credential types', async () => {
		const nodes = JSON.parse(
			(await stack.n8n.getWithCookie('/types/nodes.json')).buffer.toString('utf8'),
		) as Array<{ name: string }>;
		expect(nodes.map((n) => n.name)).toEqual(
			expect.arrayContaining([
				NODE_TYPES.elevenLabs,
				NODE_TYPES.heyGen,
				`${PACKAGE_NAME}.heyGenTrigger`,
			]),
		);
		const credentials = JSON.parse(
			(await stack.n8n.getWithCookie('/types/credentials.json')).buffer.toString('utf8'),
		) as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toEqual(
			expect.arrayContaining(['heygenElevenlabsElevenLabsApi', 'heygenElevenlabsHeyGenApi']),
		);
	});

	it.each(['heygenElevenlabsElevenLabsApi', 'heygenElevenlabsHeyGenApi'] as const)(
		'credential test of %s passes (POST /rest/credentials/test, as the editor does)',
		async (type) => {
			const stored = await stack.n8n.rest<{
				id: string;
				name: string;
				type: string;
				data: Record<string, unknown>;
			}>('GET', `/credentials/${stack.credentials[type].id}?includeData=true`);
			const result = await stack.n8n.rest<{ status: string; message: string }>(
				'POST',
				'/credentials/test',
				{ credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data } },
			);
			expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
		},
	);

	it('the 9:16 text-to-video example runs end to end: the webhook answers with the video ID, the MP4 is downloaded', async () => {
		const workflow = videoExample();
		const hookPath = webhookPathOf(workflow);
		if (!hookPath) throw new Error(`examples/${VIDEO_EXAMPLE} has no webhook`);
		const { id } = await stack.importWorkflow(workflow);
		await stack.n8n.activateWorkflow(id);
		const known = await stack.n8n.knownExecutionIds(id);
		const response = await stack.n8n.callWebhook(
			hookPath,
			{ text: `A vertical video from n8n ${N8N_VERSION}.` },
			120_000,
		);
		const execution = await stack.n8n.waitForNewExecution(id, known, { timeoutMs: 5 * 60_000 });
		expectSuccess(execution);
		// the video HeyGen was asked for is 9:16, voiced by the uploaded ElevenLabs audio
		const generate = new Set(
			workflow.nodes
				.filter((n) => n.type === NODE_TYPES.heyGen && n.parameters.operation === 'generate')
				.map((n) => n.name),
		);
		const requests = allItems(execution)
			.filter((i) => generate.has(i.node))
			.map((i) => i.json.request as Record<string, unknown> | undefined);
		expect(requests).toEqual([
			expect.objectContaining({ aspect_ratio: '9:16', audio_asset_id: expect.any(String) }),
		]);
		const { item, bytes } = await downloadedVideo(execution, workflow);
		expect(bytes.equals(VIDEO_FIXTURE)).toBe(true);
		// the webhook caller got the video ID at once
		expect(response.status).toBe(200);
		expect(response.json).toEqual(expect.objectContaining({ video_id: item.json.video_id }));
	});

	it("the example's callback-mode wait waits without polling and is resumed by HeyGen's callback", async () => {
		const workflow = videoExample();
		workflow.name = `${workflow.name} (callback)`;
		const waitNode = workflow.nodes.find(
			(n) => n.type === NODE_TYPES.heyGen && n.parameters.operation === 'waitForCompletion',
		);
		if (!waitNode) throw new Error(`examples/${VIDEO_EXAMPLE} has no Wait for Completion node`);
		expect(waitNode.parameters.waitMode).toBe('callback');
		const hook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
		hook.parameters.path = `compat-callback-${Date.now()}`;
		hook.webhookId = randomUUID();

		// a render long enough to see the execution wait
		await control('POST', '/heygen/render', { mode: 'time', queueMs: 500, renderMs: 6000 });
		const { id } = await stack.importWorkflow(workflow);
		await stack.n8n.activateWorkflow(id);
		const known = await stack.n8n.knownExecutionIds(id);
		const response = await stack.n8n.callWebhook(String(hook.parameters.path), {
			text: 'Waiting for the callback.',
		});
		expect(response.status).toBe(200);

		const waiting = await until('the execution to wait for the callback', async () => {
			const fresh = (await stack.n8n.executionStatuses(id)).filter((e) => !known.has(e.id));
			const ended = fresh.find((e) =>
				['success', 'error', 'crashed', 'canceled'].includes(e.status),
			);
			if (ended) {
				const done = await stack.n8n.getExecution(ended.id);
				const waited = allItems(done).filter((i) => i.node === waitNode.name);
				throw new Error(
					`execution ${ended.id} ended (${ended.status}) instead of waiting: ${describeErrors(done)} ${JSON.stringify(waited.map((i) => i.json))}`,
				);
			}
			return fresh.find((e) => e.status === 'waiting');
		});
		const execution = await stack.n8n.waitForExecution(String(waiting.id), { timeoutMs: 120_000 });
		expectSuccess(execution);
		const { item, bytes } = await downloadedVideo(execution, workflow);
		expect(item.node).toBe(waitNode.name);
		expect(item.json).toEqual(
			expect.objectContaining({
				status: 'completed',
				// created moments before the wait: no read before it, one after the callback
				timings: expect.objectContaining({ mode: 'callback', polls: 1 }),
			}),
		);
		expect(bytes.equals(VIDEO_FIXTURE)).toBe(true);
		expect(response.json).toEqual(expect.objectContaining({ video_id: item.json.video_id }));
		// HeyGen's callback went to this execution's resume URL and was accepted
		const state = await control<{ callbacks: Array<{ url: string; status: number }> }>(
			'GET',
			'/state',
		);
		expect(state.callbacks).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					url: `${stack.n8n.baseUrl}/webhook-waiting/${waiting.id}`,
					status: 200,
				}),
			]),
		);
	});

	it('the HeyGen Trigger registers its webhook and a signed delivery starts one execution', async () => {
		const webhookId = randomUUID();
		const workflow: WorkflowJson = {
			name: 'compat: HeyGen Trigger',
			nodes: [
				{
					name: 'HeyGen Trigger',
					type: `${PACKAGE_NAME}.heyGenTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { events: ['avatar_video.success'] },
					credentials: {
						heygenElevenlabsHeyGenApi: { id: 'set-on-import', name: 'HeyGen account' },
					},
				},
			],
			connections: {},
		};
		const { id } = await stack.importWorkflow(workflow);
		await stack.n8n.activateWorkflow(id);
		const url = `${stack.n8n.baseUrl}/webhook/${webhookId}/webhook`;
		await until(
			'the endpoint to be registered with HeyGen',
			async () => {
				const s = await control<{ webhook_endpoints: Array<{ url: string }> }>('GET', '/state');
				return s.webhook_endpoints.find((e) => e.url === url);
			},
			30_000,
		);

		const known = await stack.n8n.knownExecutionIds(id);
		const { deliveries } = await control<{ deliveries: Array<{ status: number; url?: string }> }>(
			'POST',
			'/webhooks/deliver',
			{
				event_type: 'avatar_video.success',
				event_data: {
					video_id: 'vid_compat_1',
					url: 'https://files.example.com/vid_compat_1.mp4',
					callback_id: null,
				},
			},
		);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const execution = await stack.n8n.waitForNewExecution(id, known, { timeoutMs: 60_000 });
		expectSuccess(execution);
		const items = allItems(execution).filter((i) => i.node === 'HeyGen Trigger');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(
			expect.objectContaining({ event_type: 'avatar_video.success', video_id: 'vid_compat_1' }),
		);
		await sleep(1000);
		const fresh = (await stack.n8n.listExecutions(id)).filter((e) => !known.has(String(e.id)));
		expect(fresh).toHaveLength(1);
	});
});
