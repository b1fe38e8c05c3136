/**
 * HeyGen Trigger in-process: webhook registration/cleanup through n8n-core's HookContext against
 * the sandbox, and deliveries signed by the sandbox (or forged) POSTed to a loopback server that
 * hands them to the node's webhook() through n8n-core's WebhookContext, like n8n's webhook handler.
 * The signature schemes themselves are covered in signature.test.ts.
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

import { buildWorkflow, loadPackage, readBinary, type BuiltWorkflow } from '../harness';
import { renderedVideo } from '../sandbox/media';
import { EVENT_TYPES } from '../sandbox/heygen';
import { SIGNING_SCHEMES, type DeliveryOptions, type SchemeName } from '../sandbox/heygen/webhooks';
import { SANDBOX_HEYGEN_KEY } from '../sandbox';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
let webhookServer: http.Server;
let webhookBase: string;
let built: BuiltWorkflow;
let node: INode;
let nodeType: INodeType;
/**
 * Each delivery in order: the HTTP status the sender got, what webhook() returned, and when
 * webhook() returned and when the reply was sent (ms since the epoch).
 */
const received: Array<{
	status: number;
	result?: IWebhookResponseData;
	repliedAt: number;
	returnedAt: number;
}> = [];
/** webhook() calls still running (the node may reply before it returns). */
const running = new Set<Promise<void>>();

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

async function setup(
	parameters: IDataObject,
	credentials = box.credentials(),
	webhookBaseUrl = webhookBase,
) {
	built = await buildWorkflow({
		nodes: [{ name: 'HeyGen Trigger', type: 'heyGenTrigger', parameters: parameters as never }],
		credentials,
		additionalData: { webhookBaseUrl },
	});
	node = built.nodes[0];
}

beforeAll(async () => {
	nodeType = (await loadPackage()).getNode('heyGenTrigger').type as INodeType;
	// Emulates n8n's webhook request handler (n8n 2.41 cli/src/webhooks/webhook-helpers.ts):
	// OPTIONS → 204; POST → rawBody + parsed JSON body → node.webhook(); a result with workflowData
	// means "an execution starts"; with noWebhookResponse n8n sends nothing itself (the node replied
	// through the response object), otherwise it answers 200 with webhookResponse.
	webhookServer = http.createServer((req, res) => {
		if (req.method === 'OPTIONS') {
			res.writeHead(204).end();
			return;
		}
		let repliedAt = 0;
		res.on('finish', () => (repliedAt = Date.now()));
		const handled = (async () => {
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
				const returnedAt = Date.now();
				if (result.noWebhookResponse) {
					if (!res.writableEnded) res.writeHead(500).end('the node sent no reply');
				} else {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
				}
				received.push({ status: res.statusCode, result, repliedAt, returnedAt });
			} catch (error) {
				if (!res.writableEnded) res.writeHead(500).end((error as Error).message);
				received.push({ status: 500, repliedAt, returnedAt: Date.now() });
			}
		})();
		running.add(handled);
		void handled.finally(() => running.delete(handled));
	});
	await new Promise<void>((r) => webhookServer.listen(0, '127.0.0.1', r));
	webhookBase = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/webhook`;
});

afterAll(async () => {
	await new Promise((r) => webhookServer.close(r));
});

beforeEach(() => {
	received.length = 0;
});

/** Waits until every webhook() call has returned. */
async function settled(): Promise<void> {
	while (running.size) await Promise.all([...running]);
}

/** Delivers an event to the one registered endpoint and waits until webhook() has returned. */
async function deliverOne(
	eventType: string,
	eventData: Record<string, unknown>,
	options: DeliveryOptions = {},
) {
	const deliveries = await box.get().webhooks.deliver(eventType, eventData, options);
	await settled();
	expect(deliveries).toHaveLength(1);
	return deliveries[0];
}

/** The items of the execution the delivery started (the only delivery since the test began). */
function startedItems() {
	expect(received).toHaveLength(1);
	return received[0].result!.workflowData![0];
}

describe('webhook registration lifecycle', () => {
	it('registers only the chosen events, stores the secret, checks and deletes the endpoint', async () => {
		await setup({ events: ['avatar_video.success', 'avatar_video.fail'] });
		expect(await hook('checkExists')).toBe(false);
		expect(await hook('create')).toBe(true);
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		const endpoint = box.get().webhooks.endpoints.get(staticData.endpointId as string)!;
		expect(endpoint.url).toBe(`${webhookBase}/webhook-0/webhook`);
		expect(endpoint.events).toEqual(['avatar_video.success', 'avatar_video.fail']);
		expect(staticData.secret).toBe(endpoint.secret);
		expect(await hook('checkExists')).toBe(true);

		const createCall = box.get().server.requests('heygen', 'POST', '/v3/webhooks/endpoints').pop()!;
		expect(createCall.headers['x-api-key']).toBe(SANDBOX_HEYGEN_KEY);
		expect(createCall.headers['idempotency-key']).toBeTruthy();

		expect(await hook('delete')).toBe(true);
		expect(box.get().webhooks.endpoints.size).toBe(0);
		expect(staticData.endpointId).toBeUndefined();
		expect(staticData.secret).toBeUndefined();
	});

	it("recreates the endpoint after it was removed on HeyGen's side", async () => {
		await setup({ events: ['avatar_video.success'] });
		await hook('create');
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		const first = staticData.endpointId as string;
		box.get().webhooks.endpoints.delete(first);
		expect(await hook('checkExists')).toBe(false);
		expect(staticData.endpointId).toBeUndefined();
		await hook('create');
		expect(staticData.endpointId).not.toBe(first);
		expect(box.get().webhooks.endpoints.has(staticData.endpointId as string)).toBe(true);
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
		expect(box.get().webhooks.endpoints.has(first)).toBe(false);
		expect(box.get().webhooks.endpoints.get(staticData.endpointId as string)!.events).toEqual([
			'avatar_video.success',
			'avatar_video_caption.success',
		]);
		await hook('delete');
	});

	it('deleting an endpoint that is already gone succeeds', async () => {
		await setup({ events: ['avatar_video.success'] });
		await hook('create');
		const staticData = built.workflow.getStaticData('node', node) as IDataObject;
		box.get().webhooks.endpoints.clear();
		expect(await hook('delete')).toBe(true);
		expect(staticData.endpointId).toBeUndefined();
	});
});

describe('activation pre-check: HeyGen must be able to reach the webhook URL', () => {
	const realHeyGen = () => ({
		heygenElevenlabsHeyGenApi: { apiKey: SANDBOX_HEYGEN_KEY, baseUrl: 'https://api.heygen.com' },
	});

	it.each([
		['http://localhost:5678/webhook', 'does not use HTTPS'],
		['https://localhost:5678/webhook', 'only resolves on this machine'],
		['https://192.168.1.20/webhook', 'private network address'],
		['https://n8n.local/webhook', 'only resolves on this machine'],
	])(
		'with HeyGen itself as the base URL, a webhook URL like %s fails activation naming WEBHOOK_URL',
		async (base, reason) => {
			await setup({ events: ['avatar_video.success'] }, realHeyGen() as never, base);
			const before = box.get().server.log.length;
			const error = (await hook('create').catch((e: unknown) => e)) as Error & {
				description?: string;
			};
			expect(error).toBeInstanceOf(Error);
			expect(error.message).toContain("HeyGen cannot reach this workflow's webhook URL");
			expect(error.message).toContain(reason);
			expect(error.description).toContain('WEBHOOK_URL');
			expect(error.description).toMatch(/tunnel/);
			expect(error.description).toContain('publish the workflow again');
			// nothing was registered anywhere
			expect(box.get().server.log.length).toBe(before);
			expect(built.workflow.getStaticData('node', node).endpointId).toBeUndefined();
		},
	);

	it('a custom base URL (a proxy, or this sandbox on loopback) skips the check', async () => {
		await setup({ events: ['avatar_video.success'] });
		expect(webhookBase.startsWith('http://127.0.0.1:')).toBe(true);
		expect(await hook('create')).toBe(true);
		await hook('delete');
	});
});

describe('events', () => {
	it('lists every v3 event type by a readable name, avatar video and video translation events first, codes unchanged', () => {
		const events = nodeType.description.properties.find((p) => p.name === 'events')!;
		const options = events.options as Array<{ name: string; value: string }>;
		expect(options.slice(0, 6)).toEqual([
			expect.objectContaining({ name: 'Avatar video completed', value: 'avatar_video.success' }),
			expect.objectContaining({ name: 'Avatar video failed', value: 'avatar_video.fail' }),
			expect.objectContaining({
				name: 'Video translation completed',
				value: 'video_translate.success',
			}),
			expect.objectContaining({ name: 'Video translation failed', value: 'video_translate.fail' }),
			expect.objectContaining({
				name: 'Video translation preflight: download failed',
				value: 'video_translate.preflight.download_failed',
			}),
			expect.objectContaining({
				name: 'Video translation preflight: validation failed',
				value: 'video_translate.preflight.validation_failed',
			}),
		]);
		expect(options.map((o) => o.value).sort()).toEqual([...EVENT_TYPES].sort());
		for (const option of options) {
			expect(option.name).not.toBe(option.value);
			expect(option.name).not.toMatch(/[._]/);
		}
		const rest = options.slice(6).map((o) => o.name);
		expect(rest).toEqual([...rest].sort((x, y) => x.localeCompare(y)));
		expect(events.default).toEqual(['avatar_video.success', 'avatar_video.fail']);
	});

	it('says "publish" where n8n 2.x does, never "activate"', () => {
		const texts = JSON.stringify(nodeType.description);
		expect(texts).toMatch(/published/);
		expect(texts).not.toMatch(/activat/i);
	});
});

describe('deliveries', () => {
	beforeEach(async () => {
		await setup({ events: ['avatar_video.success', 'avatar_video.fail'], callbackId: '' });
		await hook('create');
	});
	afterEach(async () => {
		box.get().server.clearFaults();
		await hook('delete');
	});

	it('a signed delivery starts one execution with the event fields', async () => {
		const delivery = await deliverOne('avatar_video.success', {
			video_id: 'vid_1',
			url: 'https://files.example/vid_1.mp4',
			callback_id: 'cb-1',
		});
		expect(delivery.status).toBe(200);
		const items = startedItems();
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

	it.each(Object.keys(SIGNING_SCHEMES) as SchemeName[])(
		'a delivery signed in the %s scheme starts the workflow',
		async (scheme) => {
			const delivery = await deliverOne(
				'avatar_video.success',
				{ video_id: `vid_${scheme}` },
				{ scheme },
			);
			expect(delivery.status).toBe(200);
			expect(startedItems()[0].json).toMatchObject({
				video_id: `vid_${scheme}`,
				event_id: delivery.event_id,
			});
		},
	);

	it.each([
		['forged (wrong secret)', { secret: 'whsec_Zm9yZ2VkLXNlY3JldC0xMjM0NQ==' }, 'bad_signature'],
		[
			'forged Svix-style',
			{ scheme: 'svix', secret: 'whsec_Zm9yZ2VkLXNlY3JldC0xMjM0NQ==' },
			'bad_signature',
		],
		['unsigned', { unsigned: true }, 'unsigned'],
		['unsigned Svix-style', { scheme: 'svix', unsigned: true }, 'unsigned'],
		['tampered body', { tamper: (b: string) => b.replace('vid_2', 'vid_X') }, 'bad_signature'],
		['stale', { timestamp: Math.floor(Date.now() / 1000) - 3600 }, 'stale'],
		[
			'stale Svix-style',
			{ scheme: 'svix', timestamp: Math.floor(Date.now() / 1000) - 3600 },
			'stale',
		],
	] as Array<[string, DeliveryOptions, string]>)(
		'%s delivery gets 401 and starts nothing',
		async (_name, options, reason) => {
			const delivery = await deliverOne('avatar_video.success', { video_id: 'vid_2' }, options);
			expect(delivery.status).toBe(401);
			expect(JSON.parse(delivery.responseBody)).toEqual({
				error: 'Rejected HeyGen delivery',
				reason,
			});
			expect(received).toEqual([expect.objectContaining({ status: 401 })]);
			expect(received[0].result!.workflowData).toBeUndefined();
		},
	);

	it('a repeated event id is acknowledged with 2xx and starts nothing the second time', async () => {
		const deliver = async (options: DeliveryOptions) =>
			await deliverOne(
				'avatar_video.success',
				{ video_id: 'v' },
				{ eventId: 'evt_repeat', ...options },
			);
		const first = await deliver({});
		// a retry an hour later (a sender's backoff): still acknowledged, not rejected as stale
		const retried = await deliver({ timestamp: Math.floor(Date.now() / 1000) - 3600 });
		// the same event in another scheme (ids come from webhook-id there)
		const svix = await deliver({ scheme: 'svix' });
		expect(first.status).toBe(200);
		for (const repeat of [retried, svix]) {
			expect(repeat.status).toBe(200);
			expect(JSON.parse(repeat.responseBody)).toEqual({
				received: true,
				ignored: 'duplicate event',
			});
		}
		expect(received.filter((r) => r.result?.workflowData)).toHaveLength(1);
	});

	it('a repeated event id that is not signed with the secret still gets 401', async () => {
		await deliverOne('avatar_video.success', { video_id: 'v' }, { eventId: 'evt_x' });
		const forged = await deliverOne(
			'avatar_video.success',
			{ video_id: 'v' },
			{ eventId: 'evt_x', secret: 'whsec_Zm9yZ2VkLXNlY3JldC0xMjM0NQ==' },
		);
		expect(forged.status).toBe(401);
	});

	it('an endpoint can be set to sign every delivery in another scheme', async () => {
		const endpoint = [...box.get().webhooks.endpoints.values()][0];
		endpoint.signing = 'standard-webhooks';
		const delivery = await deliverOne('avatar_video.fail', { video_id: 'v3' });
		expect(delivery).toMatchObject({ status: 200, scheme: 'standard-webhooks' });
		expect(startedItems()[0].json.event_type).toBe('avatar_video.fail');
	});

	it('acknowledges and drops events the workflow did not subscribe to', async () => {
		const delivery = await deliverOne(
			'avatar_video_gif.success',
			{ video_id: 'v4' },
			{ ignoreSubscription: true },
		);
		expect(delivery.status).toBe(200);
		expect(JSON.parse(delivery.responseBody).ignored).toMatch(/not subscribed/);
		expect(received[0].result!.workflowData).toBeUndefined();
	});

	async function createVideo(): Promise<string> {
		box.get().heygen.render = {
			mode: 'polls',
			queueMs: 0,
			renderMs: 0,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const created = await fetch(`${box.get().heyGenUrl}/v3/videos`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_HEYGEN_KEY },
			body: JSON.stringify({
				type: 'avatar',
				avatar_id: box.get().heygen.looks[0].id,
				script: 'Hi',
				aspect_ratio: '9:16',
			}),
		});
		return ((await created.json()) as { data: { video_id: string } }).data.video_id;
	}

	it('fetches the video and downloads it when asked', async () => {
		node.parameters.options = {
			fetchVideo: true,
			downloadVideo: true,
			binaryPropertyName: 'video',
		};
		const videoId = await createVideo();
		const delivery = await deliverOne('avatar_video.success', {
			video_id: videoId,
			url: 'https://stale.example/old.mp4',
		});
		expect(delivery.status).toBe(200);
		const [item] = startedItems();
		expect((item.json.video as IDataObject).status).toBe('completed');
		const bytes = await readBinary(item.binary!.video);
		expect(bytes.equals(renderedVideo('9:16', 'mp4').body)).toBe(true);
		expect(item.binary!.video.mimeType).toBe('video/mp4');
	});

	it('replies 2xx before a slow download finishes; the execution then starts with the file', async () => {
		node.parameters.options = { downloadVideo: true };
		const videoId = await createVideo();
		const slowMs = 2500;
		box.get().server.inject({
			service: 'files',
			method: 'GET',
			path: /^\/videos\//,
			fault: { type: 'delay', ms: slowMs },
		});
		const sentAt = Date.now();
		// not deliverOne: this measures when the sender got its answer, before webhook() returned
		const [delivery] = await box.get().webhooks.deliver('avatar_video.success', {
			video_id: videoId,
		});
		const answeredAt = Date.now();
		expect(delivery.status).toBe(200);
		expect(JSON.parse(delivery.responseBody)).toEqual({ received: true });
		// the sender had its answer while the download was still held back
		expect(answeredAt - sentAt).toBeLessThan(slowMs);
		await settled();
		const [{ result, repliedAt, returnedAt }] = received;
		expect(returnedAt - sentAt).toBeGreaterThanOrEqual(slowMs);
		expect(repliedAt).toBeLessThan(returnedAt);
		// n8n starts the execution from workflowData and sends nothing more
		expect(result!.noWebhookResponse).toBe(true);
		const [item] = result!.workflowData![0];
		const bytes = await readBinary(item.binary!.data);
		expect(bytes.equals(renderedVideo('9:16', 'mp4').body)).toBe(true);
		expect(
			box
				.get()
				.server.requests('files')
				.some((r) => r.fault === 'delay'),
		).toBe(true);
	});

	it('a download that fails after the reply still starts the workflow, with the reason in "error"', async () => {
		node.parameters.options = { downloadVideo: true };
		const videoId = await createVideo();
		box.get().server.inject({
			service: 'files',
			method: 'GET',
			path: /^\/videos\//,
			times: 10,
			fault: { type: 'status', status: 500, body: 'boom' },
		});
		const delivery = await deliverOne('avatar_video.success', {
			video_id: videoId,
		});
		expect(delivery.status).toBe(200);
		const [item] = startedItems();
		expect(item.json.video_id).toBe(videoId);
		expect(item.binary).toBeUndefined();
		expect(String(item.json.error)).toMatch(/HTTP 500/);
	});

	it('filters on callback_id when set', async () => {
		node.parameters.callbackId = 'campaign-42';
		await deliverOne('avatar_video.success', { video_id: 'a', callback_id: 'other' });
		await deliverOne('avatar_video.success', { video_id: 'b', callback_id: 'campaign-42' });
		const started = received.filter((r) => r.result?.workflowData);
		expect(started).toHaveLength(1);
		expect(started[0].result!.workflowData![0][0].json.video_id).toBe('b');
	});
});

describe('video translation events', () => {
	beforeEach(async () => {
		await setup({
			events: ['video_translate.success', 'video_translate.fail'],
			callbackId: '',
		});
		await hook('create');
	});
	afterEach(async () => {
		box.get().server.clearFaults();
		box.get().heygen.jobs.failureFor = undefined;
		await hook('delete');
	});

	/** A video translation, finished at its first read (POST /v3/video-translations). */
	async function createTranslation(): Promise<string> {
		box.get().heygen.jobs.timing = {
			mode: 'polls',
			queueMs: 0,
			runMs: 0,
			pendingPolls: 0,
			runningPolls: 0,
		};
		const video = box.get().heygen.addPublicFile('source.mp4', {
			body: renderedVideo('9:16', 'mp4').body,
			contentType: 'video/mp4',
		});
		const created = await fetch(`${box.get().heyGenUrl}/v3/video-translations`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_HEYGEN_KEY },
			body: JSON.stringify({
				video: { type: 'url', url: video },
				output_languages: ['Spanish (Spain)'],
			}),
		});
		const body = (await created.json()) as { data: { video_translation_ids: string[] } };
		return body.data.video_translation_ids[0];
	}

	it('video_translate.success: the item names the translation and its language; the translation GET fills it in and its video is downloaded', async () => {
		node.parameters.options = { fetchVideo: true, downloadVideo: true };
		const id = await createTranslation();
		const delivery = await deliverOne('video_translate.success', {
			video_translate_id: id,
			url: 'https://stale.example/old.mp4',
			callback_id: null,
			output_language: 'Spanish (Spain)',
		});
		expect(delivery.status).toBe(200);
		const [item] = startedItems();
		expect(item.json).toMatchObject({
			event_type: 'video_translate.success',
			video_id: null,
			video_translation_id: id,
			output_language: 'Spanish (Spain)',
			video_translation: { id, status: 'completed', output_language: 'Spanish (Spain)' },
		});
		const reads = box
			.get()
			.server.requests('heygen', 'GET', '/v3/video-translations/{video_translation_id}');
		expect(reads.pop()!.path).toBe(`/v3/video-translations/${id}`);
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		expect((await readBinary(item.binary!.data)).equals(renderedVideo('9:16', 'mp4').body)).toBe(
			true,
		);
	});

	it('video_translate.fail: the fetched translation carries the failure message, and there is nothing to download', async () => {
		node.parameters.options = { fetchVideo: true, downloadVideo: true };
		box.get().heygen.jobs.failureFor = () => 'No speech was detected in the video';
		const id = await createTranslation();
		await deliverOne('video_translate.fail', {
			video_translate_id: id,
			message: 'No speech was detected in the video',
		});
		const [item] = startedItems();
		expect(item.json).toMatchObject({
			video_translation_id: id,
			video_translation: {
				status: 'failed',
				failure_message: 'No speech was detected in the video',
			},
		});
		expect(item.json.error).toBeUndefined();
		expect(item.binary).toBeUndefined();
	});

	it('without the options, the event starts the workflow at once with its fields', async () => {
		await deliverOne('video_translate.success', {
			video_translate_id: 'vt1',
			url: 'https://x/y.mp4',
		});
		const [item] = startedItems();
		expect(item.json).toMatchObject({ video_translation_id: 'vt1', url: 'https://x/y.mp4' });
		expect(item.json.video_translation).toBeUndefined();
		expect(received[0].result!.noWebhookResponse).toBeUndefined();
	});
});

describe('Verify Signature off', () => {
	beforeEach(async () => {
		await setup({ events: ['avatar_video.success'], verifySignature: false });
		await hook('create');
	});
	afterEach(async () => {
		await hook('delete');
	});

	it('shows a warning in the node only while it is off', () => {
		const notice = nodeType.description.properties.find((p) => p.type === 'notice')!;
		expect(notice.displayName).toMatch(/verification is off/i);
		expect(notice.displayOptions).toEqual({ show: { verifySignature: [false] } });
		const toggle = nodeType.description.properties.find((p) => p.name === 'verifySignature')!;
		expect(toggle).toMatchObject({ type: 'boolean', default: true });
	});

	it.each([
		['an unsigned', { unsigned: true }],
		['a wrongly signed', { secret: 'whsec_Zm9yZ2VkLXNlY3JldC0xMjM0NQ==' }],
		['a stale', { timestamp: Math.floor(Date.now() / 1000) - 3600 }],
	] as Array<[string, DeliveryOptions]>)('%s delivery starts the workflow', async (_n, options) => {
		const delivery = await deliverOne('avatar_video.success', { video_id: 'v_off' }, options);
		expect(delivery.status).toBe(200);
		expect(startedItems()[0].json.video_id).toBe('v_off');
	});

	it('repeated event ids are still acknowledged without a second execution', async () => {
		const options = { unsigned: true, eventId: 'evt_off' };
		await deliverOne('avatar_video.success', { video_id: 'v' }, options);
		const again = await deliverOne('avatar_video.success', { video_id: 'v' }, options);
		expect(again.status).toBe(200);
		expect(received.filter((r) => r.result?.workflowData)).toHaveLength(1);
	});
});
