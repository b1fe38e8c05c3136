/**
 * HeyGen Trigger in-process: webhook registration/cleanup through n8n-core's HookContext against
 * the sandbox, and deliveries signed by the sandbox (or forged) POSTed to a loopback server that
 * hands them to the node's webhook() through n8n-core's WebhookContext, like n8n's webhook handler.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	Workflow,
} from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { signBody, verifyHeyGenDelivery } from '../../nodes/HeyGenTrigger/signature';
import { buildWorkflow, loadPackage, readBinary, type BuiltWorkflow } from '../harness';
import { renderedVideo } from '../sandbox/media';
import { SANDBOX_HEYGEN_KEY, sandboxCredentials, startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let webhookServer: http.Server;
let webhookBase: string;
let built: BuiltWorkflow;
let node: INode;
let nodeType: INodeType;
/** What webhook() returned for each delivery, in order. */
const received: Array<{ status: number; result?: IWebhookResponseData }> = [];

function webhookData(workflow: Workflow): IWebhookData {
	return {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: nodeType.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: built.additionalData,
	};
}

async function hook(method: 'checkExists' | 'create' | 'delete'): Promise<boolean> {
	const ctx = new HookContext(
		built.workflow,
		node,
		built.additionalData,
		'trigger',
		'activate',
		webhookData(built.workflow),
	);
	return await nodeType.webhookMethods!.default![method].call(ctx);
}

async function setup(parameters: IDataObject) {
	built = await buildWorkflow({
		nodes: [{ name: 'HeyGen Trigger', type: 'heyGenTrigger', parameters: parameters as never }],
		credentials: sandboxCredentials(sandbox),
		additionalData: { webhookBaseUrl: webhookBase },
	});
	node = built.nodes[0];
}

beforeAll(async () => {
	sandbox = await startSandbox();
	nodeType = (await loadPackage()).getNode('heyGenTrigger').type as INodeType;
	// Emulates n8n's webhook request handler: OPTIONS → 204; POST → rawBody + parsed JSON body →
	// node.webhook(); a result with workflowData means "an execution starts".
	webhookServer = http.createServer(async (req, res) => {
		if (req.method === 'OPTIONS') {
			res.writeHead(204).end();
			return;
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		let parsed: unknown = {};
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			parsed = {};
		}
		const request = Object.assign(req, { rawBody, body: parsed, query: {}, params: {} });
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			json(body: unknown) {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(body));
				return response;
			},
		});
		built.additionalData.httpRequest = request as never;
		built.additionalData.httpResponse = response as never;
		const ctx = new WebhookContext(
			built.workflow,
			node,
			built.additionalData,
			'webhook',
			webhookData(built.workflow),
			[],
			null,
		);
		try {
			const result = await nodeType.webhook!.call(ctx);
			if (result.noWebhookResponse) {
				received.push({ status: res.statusCode });
				return;
			}
			received.push({ status: 200, result });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
		} catch (error) {
			received.push({ status: 500 });
			res.writeHead(500).end((error as Error).message);
		}
	});
	await new Promise<void>((r) => webhookServer.listen(0, '127.0.0.1', r));
	webhookBase = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/webhook`;
});

afterAll(async () => {
	await sandbox.stop();
	await new Promise((r) => webhookServer.close(r));
});

beforeEach(() => {
	received.length = 0;
});

describe('signature verification', () => {
	const secret = 'whsec_test';
	const body = Buffer.from(
		JSON.stringify({ event_type: 'avatar_video.success', event_data: { video_id: 'v1' } }),
	);
	const now = Date.parse('2026-11-23T12:00:00Z');
	const ts = String(Math.floor(now / 1000));
	const base = { rawBody: body, secret, toleranceSeconds: 300, seenEventIds: ['evt_old'], now };

	it.each([
		[
			'valid',
			{
				'heygen-signature': signBody(body, secret),
				'heygen-timestamp': ts,
				'heygen-event-id': 'evt_1',
			},
			true,
			undefined,
		],
		['legacy Signature header', { signature: signBody(body, secret) }, true, undefined],
		['wrong secret', { 'heygen-signature': signBody(body, 'whsec_other') }, false, 'bad_signature'],
		[
			'tampered body',
			{ 'heygen-signature': signBody(Buffer.from(body.toString().replace('v1', 'v2')), secret) },
			false,
			'bad_signature',
		],
		['missing header', { 'heygen-timestamp': ts }, false, 'unsigned'],
		[
			'stale timestamp',
			{ 'heygen-signature': signBody(body, secret), 'heygen-timestamp': String(Number(ts) - 301) },
			false,
			'stale',
		],
		[
			'replayed event id',
			{ 'heygen-signature': signBody(body, secret), 'heygen-event-id': 'evt_old' },
			false,
			'replayed',
		],
	])('%s', (_name, headers, ok, reason) => {
		const result = verifyHeyGenDelivery({ ...base, headers });
		expect(result.ok).toBe(ok);
		if (!ok) expect(result).toEqual({ ok: false, reason });
	});

	it('rejects everything when no secret is known', () => {
		expect(
			verifyHeyGenDelivery({
				...base,
				secret: '',
				headers: { 'heygen-signature': signBody(body, '') },
			}),
		).toEqual({
			ok: false,
			reason: 'no_secret',
		});
	});
});

describe('webhook registration lifecycle', () => {
	it('registers only the chosen events, stores the secret, checks and deletes the endpoint', async () => {
		await setup({ events: ['avatar_video.success', 'avatar_video.fail'] });
		expect(await hook('checkExists')).toBe(false);
		expect(await hook('create')).toBe(true);
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		const endpoint = sandbox.webhooks.endpoints.get(staticData.endpointId as string)!;
		expect(endpoint.url).toBe(`${webhookBase}/webhook-0/webhook`);
		expect(endpoint.events).toEqual(['avatar_video.success', 'avatar_video.fail']);
		expect(staticData.secret).toBe(endpoint.secret);
		expect(await hook('checkExists')).toBe(true);

		const createCall = sandbox.server.requests('heygen', 'POST', '/v3/webhooks/endpoints').pop()!;
		expect(createCall.headers['x-api-key']).toBe(SANDBOX_HEYGEN_KEY);
		expect(createCall.headers['idempotency-key']).toBeTruthy();

		expect(await hook('delete')).toBe(true);
		expect(sandbox.webhooks.endpoints.size).toBe(0);
		expect(staticData.endpointId).toBeUndefined();
		expect(staticData.secret).toBeUndefined();
	});

	it("recreates the endpoint after it was removed on HeyGen's side", async () => {
		await setup({ events: ['avatar_video.success'] });
		await hook('create');
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		const first = staticData.endpointId as string;
		sandbox.webhooks.endpoints.delete(first);
		expect(await hook('checkExists')).toBe(false);
		expect(staticData.endpointId).toBeUndefined();
		await hook('create');
		expect(staticData.endpointId).not.toBe(first);
		expect(sandbox.webhooks.endpoints.has(staticData.endpointId as string)).toBe(true);
		await hook('delete');
	});

	it('replaces a registration whose events no longer match the node', async () => {
		await setup({ events: ['avatar_video.success'] });
		await hook('create');
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		const first = staticData.endpointId as string;
		node.parameters.events = ['avatar_video.success', 'avatar_video_caption.success'];
		expect(await hook('checkExists')).toBe(false);
		await hook('create');
		expect(sandbox.webhooks.endpoints.has(first)).toBe(false);
		expect(sandbox.webhooks.endpoints.get(staticData.endpointId as string)!.events).toEqual([
			'avatar_video.success',
			'avatar_video_caption.success',
		]);
		await hook('delete');
	});

	it('deleting an endpoint that is already gone succeeds', async () => {
		await setup({ events: ['avatar_video.success'] });
		await hook('create');
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		sandbox.webhooks.endpoints.clear();
		expect(await hook('delete')).toBe(true);
		expect(staticData.endpointId).toBeUndefined();
	});
});

describe('deliveries', () => {
	beforeEach(async () => {
		await setup({ events: ['avatar_video.success', 'avatar_video.fail'], callbackId: '' });
		await hook('create');
	});
	afterEach(async () => {
		await hook('delete');
	});

	it('a signed delivery starts one execution with the event fields', async () => {
		const [delivery] = await sandbox.webhooks.deliver('avatar_video.success', {
			video_id: 'vid_1',
			url: 'https://files.example/vid_1.mp4',
			callback_id: 'cb-1',
		});
		expect(delivery.status).toBe(200);
		expect(received).toHaveLength(1);
		const items = received[0].result!.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			event_type: 'avatar_video.success',
			event_id: delivery.event_id,
			video_id: 'vid_1',
			url: 'https://files.example/vid_1.mp4',
			callback_id: 'cb-1',
			event_data: {
				video_id: 'vid_1',
				url: 'https://files.example/vid_1.mp4',
				callback_id: 'cb-1',
			},
		});
	});

	it.each([
		['forged (wrong secret)', { secret: 'whsec_forged' }, 'bad_signature'],
		['unsigned', { unsigned: true }, 'unsigned'],
		['tampered body', { tamper: (b: string) => b.replace('vid_2', 'vid_X') }, 'bad_signature'],
		['stale', { timestamp: Math.floor(Date.now() / 1000) - 3600 }, 'stale'],
	])('%s delivery gets 401 and starts nothing', async (_name, options, reason) => {
		const [delivery] = await sandbox.webhooks.deliver(
			'avatar_video.success',
			{ video_id: 'vid_2' },
			options,
		);
		expect(delivery.status).toBe(401);
		expect(JSON.parse(delivery.responseBody)).toEqual({
			error: 'Rejected HeyGen delivery',
			reason,
		});
		expect(received).toEqual([{ status: 401 }]);
	});

	it('a replayed event id gets 401 the second time', async () => {
		const first = await sandbox.webhooks.deliver(
			'avatar_video.success',
			{ video_id: 'v' },
			{ eventId: 'evt_replay' },
		);
		const second = await sandbox.webhooks.deliver(
			'avatar_video.success',
			{ video_id: 'v' },
			{ eventId: 'evt_replay' },
		);
		expect(first[0].status).toBe(200);
		expect(second[0].status).toBe(401);
		expect(received.filter((r) => r.result?.workflowData)).toHaveLength(1);
	});

	it('accepts the legacy Signature header', async () => {
		const [delivery] = await sandbox.webhooks.deliver(
			'avatar_video.fail',
			{ video_id: 'v3', msg: 'failed' },
			{ legacyHeader: true, timestamp: null },
		);
		expect(delivery.status).toBe(200);
		expect(received[0].result!.workflowData![0][0].json.event_type).toBe('avatar_video.fail');
	});

	it('acknowledges and drops events the workflow did not subscribe to', async () => {
		const [delivery] = await sandbox.webhooks.deliver(
			'avatar_video_gif.success',
			{ video_id: 'v4' },
			{ ignoreSubscription: true },
		);
		expect(delivery.status).toBe(200);
		expect(JSON.parse(delivery.responseBody).ignored).toMatch(/not subscribed/);
		expect(received[0].result!.workflowData).toBeUndefined();
	});

	it('fetches the video and downloads it when asked', async () => {
		node.parameters.options = {
			fetchVideo: true,
			downloadVideo: true,
			binaryPropertyName: 'video',
		};
		sandbox.heygen.render = {
			mode: 'polls',
			queueMs: 0,
			renderMs: 0,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const created = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_HEYGEN_KEY },
			body: JSON.stringify({
				type: 'avatar',
				avatar_id: sandbox.heygen.looks[0].id,
				script: 'Hi',
				aspect_ratio: '9:16',
			}),
		});
		const videoId = ((await created.json()) as { data: { video_id: string } }).data.video_id;
		const [delivery] = await sandbox.webhooks.deliver('avatar_video.success', {
			video_id: videoId,
			url: 'https://stale.example/old.mp4',
		});
		expect(delivery.status).toBe(200);
		const [item] = received[0].result!.workflowData![0];
		expect((item.json.video as IDataObject).status).toBe('completed');
		const bytes = await readBinary(item.binary!.video);
		expect(bytes.equals(renderedVideo('9:16', 'mp4').body)).toBe(true);
		expect(item.binary!.video.mimeType).toBe('video/mp4');
	});

	it('filters on callback_id when set', async () => {
		node.parameters.callbackId = 'campaign-42';
		await sandbox.webhooks.deliver('avatar_video.success', { video_id: 'a', callback_id: 'other' });
		await sandbox.webhooks.deliver('avatar_video.success', {
			video_id: 'b',
			callback_id: 'campaign-42',
		});
		const started = received.filter((r) => r.result?.workflowData);
		expect(started).toHaveLength(1);
		expect(started[0].result!.workflowData![0][0].json.video_id).toBe('b');
	});
});
