/**
 * Every workflow in examples/*.json imported into a real n8n 2.41.1 through the public API and
 * run against the sandbox: webhook-triggered ones are activated and called over HTTP, manual ones
 * run like the editor's "Execute workflow" button. Results are read back from n8n's execution
 * data (includeData=true) and its binary-data store.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	loadExamples,
	REPO_DIR,
	startStack,
	webhookPathOf,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { BATCH_EXAMPLE, batchRows, expectBatchResults, expectSuccess, nodeOutput } from './helpers';

let stack: Stack;
const examples = loadExamples();

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';
const ALLOWED_PREFIXES = ['n8n-nodes-base.', 'n8n-nodes-heygen-elevenlabs.'];

it('examples/ has workflows', () => {
	expect(examples.length).toBeGreaterThan(0);
});

describe.each(examples.map((e) => [e.file, e.workflow] as [string, WorkflowJson]))(
	'%s',
	(file, workflow) => {
		let workflowId: string;

		it('uses only n8n-nodes-base nodes and ours, each with sticky-note documentation', () => {
			for (const node of workflow.nodes)
				expect(ALLOWED_PREFIXES.some((p) => node.type.startsWith(p))).toBe(true);
			expect(workflow.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
			expect(workflow.nodes.some((n) => n.type.startsWith('n8n-nodes-heygen-elevenlabs.'))).toBe(
				true,
			);
			// credentials are placeholders: the importer picks their own
			for (const node of workflow.nodes) {
				for (const ref of Object.values(node.credentials ?? {}))
					expect(ref?.name).toMatch(/account$/);
			}
		});

		it('imports through the public API', async () => {
			const created = await stack.importWorkflow(workflow);
			workflowId = created.id;
			expect(created.name).toBe(workflow.name);
		});

		const manual = workflow.nodes.find((n) => n.type === MANUAL_TRIGGER);
		const hookPath = webhookPathOf(workflow);

		if (manual) {
			it('runs from its manual trigger (editor "Execute workflow")', async () => {
				const executionId = await stack.n8n.runManually(workflowId, manual.name);
				const execution = await stack.n8n.waitForExecution(executionId);
				expectSuccess(execution);
				await checkExample(file, execution, 'manual');
			});
		}

		if (hookPath) {
			it(`activates and runs from its webhook (POST /webhook/${hookPath})`, async () => {
				await stack.n8n.activateWorkflow(workflowId);
				const known = await stack.n8n.knownExecutionIds(workflowId);
				const response = await stack.n8n.callWebhook(hookPath, webhookBody(file));
				const execution = await stack.n8n.waitForNewExecution(workflowId, known);
				expectSuccess(execution);
				expect(response.status).toBe(200);
				await checkExample(file, execution, 'webhook', response);
			});
		}
	},
);

const VIDEO_EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const VOICE_FILE_EXAMPLE = 'elevenlabs-text-to-voice-file.json';
const SCRIPT_EXAMPLE = 'heygen-generate-and-wait.json';

function webhookBody(file: string): Record<string, unknown> {
	switch (file) {
		case VIDEO_EXAMPLE:
			return { text: 'A vertical video, requested over HTTP.', title: 'webhook video' };
		default:
			return {};
	}
}

const isMp3 = (b: Buffer) =>
	(b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0);
export const fixture = (name: string) =>
	readFileSync(path.join(REPO_DIR, 'test', 'fixtures', 'media', name));

async function checkExample(
	file: string,
	execution: ExecutionSummary,
	via: 'manual' | 'webhook',
	response?: { buffer: Buffer; headers: Headers; json: unknown },
) {
	switch (file) {
		case VOICE_FILE_EXAMPLE: {
			const [item] = nodeOutput(execution, 'ElevenLabs: Text to Speech');
			expect(item.json).toEqual(
				expect.objectContaining({
					voiceId: '21m00Tcm4TlvDq8ikWAM',
					modelId: 'eleven_multilingual_v2',
					mimeType: 'audio/mpeg',
					fileName: 'welcome.mp3',
				}),
			);
			const ref = item.binary!.data;
			const audio = await stack.n8n.readBinary(ref);
			expect(isMp3(audio)).toBe(true);
			expect(audio.length).toBe(item.json.byteSize);
			// the same bytes through the editor's download endpoint and in the filesystem store
			expect(ref.id).toMatch(/^filesystem(-v2)?:/);
			const viaRest = await stack.n8n.restRaw(
				'GET',
				`/binary-data?${new URLSearchParams({ id: ref.id!, action: 'download' }).toString()}`,
			);
			expect(viaRest.status).toBe(200);
			expect(viaRest.buffer.equals(stack.n8n.readBinaryFromStore(ref))).toBe(true);
			// "Write audio file" put the MP3 into n8n's files folder (/home/node/.n8n-files in Docker)
			nodeOutput(execution, 'Write audio file');
			expect(readFileSync(path.join(stack.filesDir, 'welcome.mp3')).equals(audio)).toBe(true);
			return;
		}
		case VIDEO_EXAMPLE: {
			const [tts] = nodeOutput(execution, 'Text to Speech');
			expect(tts.binary?.data.mimeType).toBe('audio/mpeg');
			expect(tts.binary?.data_srt).toBeDefined();
			const [asset] = nodeOutput(execution, 'Upload Voice-over');
			expect(asset.json.asset_id).toEqual(expect.any(String));
			const [created] = nodeOutput(execution, 'Generate Video (9:16)');
			expect(created.json.request).toEqual(
				expect.objectContaining({
					type: 'avatar',
					aspect_ratio: '9:16',
					audio_asset_id: asset.json.asset_id,
				}),
			);
			const [video] = nodeOutput(execution, 'Wait for Video');
			expect(video.json).toEqual(
				expect.objectContaining({ status: 'completed', video_id: created.json.video_id }),
			);
			const mp4 = await stack.n8n.readBinary(video.binary!.data);
			expect(mp4.equals(fixture('video_9x16.mp4'))).toBe(true);
			if (via === 'webhook') {
				expect(response!.headers.get('content-type')).toMatch(/video\/mp4/);
				expect(response!.buffer.equals(fixture('video_9x16.mp4'))).toBe(true);
			}
			return;
		}
		case SCRIPT_EXAMPLE: {
			const [video] = nodeOutput(execution, 'HeyGen: Generate and Wait');
			expect(video.json).toEqual(expect.objectContaining({ status: 'completed' }));
			expect(video.json.request).toEqual(
				expect.objectContaining({
					script: expect.any(String),
					voice_id: stack.placeholders.REPLACE_WITH_HEYGEN_VOICE_ID,
					aspect_ratio: '9:16',
				}),
			);
			const mp4 = await stack.n8n.readBinary(video.binary!.data);
			expect(mp4.equals(fixture('video_9x16.mp4'))).toBe(true);
			expect(video.binary?.subtitles).toBeDefined();
			return;
		}
		case BATCH_EXAMPLE: {
			const results = nodeOutput(execution, 'Results');
			expect(results.map((r) => r.json.status)).toEqual(['done', 'done', 'done']);
			expect(results.map((r) => r.json.row)).toEqual([1, 2, 3]);
			if (via === 'webhook') expect((response!.json as unknown[]).length).toBe(3);
			return;
		}
		default:
			throw new Error(`no checks for examples/${file}: add them to checkExample`);
	}
}

/** Imports a copy of an example under another name, activates it, calls it and returns the execution. */
async function runCopy(file: string, mutate: (wf: WorkflowJson) => void, body: unknown) {
	const original = examples.find((e) => e.file === file);
	if (!original) throw new Error(`examples/${file} missing`);
	const copy = JSON.parse(JSON.stringify(original.workflow)) as WorkflowJson;
	copy.name = `${copy.name} (e2e copy)`;
	const hook = copy.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
	hook.parameters.path = `${String(hook.parameters.path)}-copy-${Date.now()}`;
	hook.webhookId = `${String(hook.webhookId).slice(0, 24)}${Date.now().toString(16).padStart(12, '0').slice(-12)}`;
	mutate(copy);
	const created = await stack.importWorkflow(copy);
	await stack.n8n.activateWorkflow(created.id);
	const known = await stack.n8n.knownExecutionIds(created.id);
	const response = await stack.n8n.callWebhook(String(hook.parameters.path), body, 120_000);
	const execution = await stack.n8n.waitForNewExecution(created.id, known, {
		timeoutMs: 8 * 60_000,
	});
	return { execution, response };
}

describe('full pipeline: ElevenLabs TTS → HeyGen upload → generate (9:16) → wait → MP4', () => {
	it("a script 3× the model's per-request limit becomes one voice-over and one video", async () => {
		// eleven_multilingual_v2 takes 10,000 characters per request
		const sentence =
			'This sentence is part of a very long script that is read by an avatar in a vertical video. ';
		let text = '';
		while (text.length < 30_500) text += sentence;
		const { execution, response } = await runCopy(VIDEO_EXAMPLE, () => undefined, {
			text,
			title: 'long script',
		});
		expectSuccess(execution);
		const [tts] = nodeOutput(execution, 'Text to Speech');
		expect(tts.json.characters).toBeGreaterThan(30_000);
		expect(tts.json.chunkCount).toBeGreaterThanOrEqual(4);
		expect(tts.json.stitching).not.toBe('none');
		const audio = await stack.n8n.readBinary(tts.binary!.data);
		expect(isMp3(audio)).toBe(true);
		expect(audio.length).toBe(tts.json.byteSize);
		const [video] = nodeOutput(execution, 'Wait for Video');
		const mp4 = await stack.n8n.readBinary(video.binary!.data);
		expect(mp4.equals(fixture('video_9x16.mp4'))).toBe(true);
		expect(response.status).toBe(200);
		expect(response.buffer.equals(fixture('video_9x16.mp4'))).toBe(true);
	});

	it('a batch of 20 rows with 3 bad ones (Continue On Fail) gives 17 videos and 3 error items, in row order', async () => {
		const rows = batchRows();
		const { execution, response } = await runCopy(BATCH_EXAMPLE, () => undefined, { rows });
		expectSuccess(execution);

		const done = expectBatchResults(execution, rows, response);
		const expected = fixture('video_9x16.mp4');
		for (const r of done)
			expect((await stack.n8n.readBinary(r.binary!.data)).equals(expected)).toBe(true);
	});
});

describe('secrets', () => {
	// n8n's server log and every execution's data (the sandbox process logs nothing but its startup
	// line, which announces the keys it issues; its request log is scanned in test/reliability)
	it("the API keys appear nowhere in execution data or n8n's log", async () => {
		const info = stack.sandbox!.info;
		const keys = [info.elevenLabsKey, info.heyGenKey];
		const workflows = await stack.n8n.api<{ data: Array<{ id: string }> }>(
			'GET',
			'/workflows?limit=250',
		);
		let executions = 0;
		const found: string[] = [];
		for (const wf of workflows.data) {
			for (const summary of await stack.n8n.listExecutions(wf.id)) {
				const text = JSON.stringify(await stack.n8n.getExecution(String(summary.id)));
				executions++;
				for (const key of keys) if (text.includes(key)) found.push(`execution ${summary.id}`);
			}
		}
		const log = readFileSync(stack.n8n.process.logFile, 'utf8');
		expect(log).toContain('Editor is now accessible');
		for (const key of keys) if (log.includes(key)) found.push('n8n.log');
		expect(executions).toBeGreaterThanOrEqual(examples.length);
		expect(found).toEqual([]);
	});
});
