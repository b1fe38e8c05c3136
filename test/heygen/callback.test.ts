/**
 * Video → Wait for Completion in callback mode, in-process: Video → Generate or Template → Generate
 * Video, set to "Send Resume URL for a Callback-Mode Wait", sends the execution's resume URL as
 * callback_url; the Wait node puts the execution to wait (no polling), the sandbox calls the resume
 * URL when the render finishes, and the node's webhook() — called through n8n-core's WebhookContext
 * with the waiting execution's data, as n8n's waiting-webhook handler does — outputs what polling
 * mode outputs. Without the resume URL the Wait node polls instead, and says so.
 */
import type { IRun, IWebhookResponseData } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBinary, resumeWaitingExecution, runWorkflow, type WorkflowNodeSpec } from '../harness';
import { sandboxCredentials } from '../sandbox';
import { renderedVideo } from '../sandbox/media';
import {
	expectValid,
	FAST_RETRY,
	FAST_WAIT,
	generateParameters,
	startHeyGenSandbox,
} from './setup';

const box = startHeyGenSandbox();
let server: http.Server;
let waitingBase: string;
/** The execution currently waiting, and what its resume calls returned. */
let waiting: { run: IRun; nodes: WorkflowNodeSpec[] } | undefined;
const resumes: Array<{ status: number; result?: IWebhookResponseData }> = [];

async function resume(body: unknown, res: http.ServerResponse): Promise<void> {
	const call = await resumeWaitingExecution({
		...waiting!,
		credentials: sandboxCredentials(box.get()),
		body,
	});
	resumes.push(
		call.result ? { status: call.status, result: call.result } : { status: call.status },
	);
	res.writeHead(call.status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(call.result?.webhookResponse ?? call.body ?? {}));
}

beforeAll(async () => {
	server = http.createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		try {
			await resume(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), res);
		} catch (error) {
			resumes.push({ status: 500 });
			res.writeHead(500).end((error as Error).message);
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	waitingBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook-waiting`;
});
afterAll(async () => {
	await new Promise((r) => server.close(r));
});
beforeEach(() => {
	resumes.length = 0;
	waiting = undefined;
});

const waitNode = (waitParams: Record<string, unknown> = {}): WorkflowNodeSpec => ({
	name: 'Wait',
	type: 'heyGen',
	parameters: {
		resource: 'video',
		operation: 'waitForCompletion',
		videoId: '={{ $json.video_id }}',
		waitMode: 'callback',
		download: true,
		waitOptions: { ...FAST_WAIT },
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

/** Template → Generate Video (sending the resume URL) → Wait (callback). */
function templatePipeline(headlines: string[]): {
	nodes: WorkflowNodeSpec[];
	input: Array<{ json: { headline: string } }>;
} {
	const template = box.get().heygen.templates[1];
	return {
		input: headlines.map((headline) => ({ json: { headline } })),
		nodes: [
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
		],
	};
}

async function until(check: () => boolean, ms = 10_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('Wait for Completion: callback mode', () => {
	it("waits without polling and resumes on HeyGen's callback with the video downloaded", async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'time',
			queueMs: 100,
			renderMs: 400,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const { nodes, input } = pipeline(['Hello from a callback.']);
		const run = await runWorkflow({
			nodes,
			input,
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: waitingBase },
		});
		expect(run.status).toBe('waiting');
		expect(run.waitTill).toBeInstanceOf(Date);
		expect(run.data.resultData.lastNodeExecuted).toBe('Wait');
		waiting = { run, nodes };

		const videoId = [...sandbox.heygen.videos.values()].pop()!.id;
		const created = sandbox.server.requests('heygen', 'POST', '/v3/videos').pop()!;
		expect((created.json as { callback_url: string }).callback_url).toMatch(
			new RegExp(`^${waitingBase}/1`),
		);
		const pollsBeforeWait = sandbox.heygen.statusPolls(videoId);
		expect(pollsBeforeWait).toBe(1); // the one check before waiting (a callback may have come first)

		await until(() => resumes.length > 0);
		expect(sandbox.heygen.statusPolls(videoId)).toBe(2); // 0 polls while waiting + 1 read after the callback
		const [resumed] = resumes;
		const items = resumed.result!.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			video_id: videoId,
			status: 'completed',
			timings: { polls: 0, mode: 'callback' },
		});
		expect(
			(await readBinary(items[0].binary!.data)).equals(renderedVideo('9:16', 'mp4').body),
		).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('with several items, stays waiting until every video has finished', async () => {
		const sandbox = box.get();
		let n = 0;
		sandbox.heygen.renderFor = () => ({
			queueMs: 50,
			renderMs: 200 + 400 * n++,
			pendingPolls: 0,
			processingPolls: 0,
		});
		const { nodes, input } = pipeline(['First video.', 'Second video.'], { download: false });
		try {
			const run = await runWorkflow({
				nodes,
				input,
				credentials: sandboxCredentials(sandbox),
				additionalData: { webhookWaitingBaseUrl: waitingBase },
			});
			expect(run.status).toBe('waiting');
			waiting = { run, nodes };
			await until(() => resumes.length >= 2);
			expect(resumes[0].result!.workflowData).toBeUndefined();
			expect(resumes[0].result!.webhookResponse).toMatchObject({
				received: true,
				still_rendering: [expect.any(String)],
			});
			const items = resumes[1].result!.workflowData![0];
			expect(items.map((i) => i.json.status)).toEqual(['completed', 'completed']);
			expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		} finally {
			sandbox.heygen.renderFor = undefined;
		}
	});

	it("reports a failed render as an item with HeyGen's failure code", async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'time',
			queueMs: 20,
			renderMs: 150,
			pendingPolls: 0,
			processingPolls: 0,
		};
		sandbox.heygen.outcomeFor = () => ({
			failure_code: 'AUDIO_DECODE_FAILED',
			failure_message: 'The audio could not be decoded',
		});
		try {
			const { nodes, input } = pipeline(['Will fail.']);
			const run = await runWorkflow({
				nodes,
				input,
				credentials: sandboxCredentials(sandbox),
				additionalData: { webhookWaitingBaseUrl: waitingBase },
			});
			waiting = { run, nodes };
			await until(() => resumes.length > 0);
			const [item] = resumes[0].result!.workflowData![0];
			expect(item.json).toMatchObject({
				status: 'failed',
				failure_code: 'AUDIO_DECODE_FAILED',
				error: expect.stringContaining('could not be decoded'),
			});
		} finally {
			sandbox.heygen.outcomeFor = undefined;
		}
	});

	it('does not wait when the video finished before the wait started', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'polls',
			queueMs: 0,
			renderMs: 0,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const { nodes, input } = pipeline(['Already done.'], { download: false });
		const run = await runWorkflow({ nodes, input, credentials: sandboxCredentials(sandbox) });
		expect(run.status).toBe('success');
		const items = run.data.resultData.runData.Wait[0].data!.main[0]!;
		expect(items[0].json.status).toBe('completed');
	});

	it('ignores a call that is not a HeyGen event for one of its videos', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'polls',
			queueMs: 0,
			renderMs: 0,
			pendingPolls: 100,
			processingPolls: 0,
		};
		const { nodes, input } = pipeline(['Never finishes.']);
		const run = await runWorkflow({
			nodes,
			input,
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: 'http://127.0.0.1:9/w' },
		});
		expect(run.status).toBe('waiting');
		waiting = { run, nodes };
		const res = await fetch(`${waitingBase}/1`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				event_type: 'avatar_video.success',
				event_data: { video_id: 'someone-elses-video' },
			}),
		});
		expect(res.status).toBe(400);
		expect(resumes).toEqual([{ status: 400 }]);
	});

	it('Template → Generate Video sends the resume URL too: the wait resumes on the callback', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'time',
			queueMs: 100,
			renderMs: 300,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const { nodes, input } = templatePipeline(['Launch day', 'Second launch']);
		const run = await runWorkflow({
			nodes,
			input,
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: waitingBase },
		});
		expect(run.status).toBe('waiting');
		expect(run.data.resultData.lastNodeExecuted).toBe('Wait');
		waiting = { run, nodes };
		const generated = run.data.resultData.runData.Generate[0].data!.main[0]!;
		// this execution's resume URL (n8n adds a signature)
		const resumeUrl = expect.stringMatching(new RegExp(`^${waitingBase}/1(\\?|$)`));
		expect(generated.map((i) => (i.json.request as { callback_url: string }).callback_url)).toEqual(
			[resumeUrl, resumeUrl],
		);
		const creates = sandbox.server.requests('heygen', 'POST', '/v3/templates/{template_id}');
		for (const call of creates.slice(-2)) {
			expect((call.json as { callback_url: string }).callback_url).toEqual(resumeUrl);
			expectValid('TemplateGenerate', 'request', call.json);
		}
		const ids = generated.map((i) => String(i.json.video_id));
		// one bulk check of both before waiting (a callback may have come first)
		expect(ids.map((id) => sandbox.heygen.statusPolls(id))).toEqual([1, 1]);
		await until(() => resumes.length >= 2);
		// none while waiting; each callback reads both videos once
		expect(ids.map((id) => sandbox.heygen.statusPolls(id))).toEqual([3, 3]);
		const items = resumes.find((r) => r.result?.workflowData)!.result!.workflowData![0];
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				video_id: ids[0],
				status: 'completed',
				timings: { render_seconds: expect.any(Number), polls: 0, mode: 'callback' },
			}),
			expect.objectContaining({ video_id: ids[1], status: 'completed' }),
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without the resume URL (Generate set to "Don\'t Wait") it polls instead of sitting until Max Wait, and says so', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = {
			mode: 'time',
			queueMs: 50,
			renderMs: 200,
			pendingPolls: 0,
			processingPolls: 0,
		};
		const { nodes, input } = pipeline(['Not wired.'], { download: false }, 'no');
		const started = Date.now();
		const run = await runWorkflow({
			nodes,
			input,
			credentials: sandboxCredentials(sandbox),
			additionalData: { webhookWaitingBaseUrl: waitingBase },
		});
		expect(run.status).toBe('success');
		expect(Date.now() - started).toBeLessThan(5000);
		const created = sandbox.server.requests('heygen', 'POST', '/v3/videos').pop()!;
		expect((created.json as { callback_url?: string }).callback_url).toBeUndefined();
		const [item] = run.data.resultData.runData.Wait[0].data!.main[0]!;
		expect(item.json).toMatchObject({
			status: 'completed',
			timings: { polls: expect.any(Number) },
			notice: expect.stringMatching(/Polled instead of waiting for a callback.*Send Resume URL/),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(resumes).toEqual([]);
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
		const [item] = alone.data.resultData.runData.Generate[0].data!.main[0]!;
		expect(item.json).toMatchObject({
			video_id: expect.any(String),
			status: 'waiting',
			request: { callback_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:9\/w\/1(\?|$)/) },
		});
	});
});
