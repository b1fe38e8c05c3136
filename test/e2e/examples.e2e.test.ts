/**
 * Every workflow in examples/*.json imported into a real n8n 2.41.1 through the public API and
 * run against the sandbox: webhook-triggered ones are activated and called over HTTP (they answer
 * right after Generate, while the render goes on; the MP4 arrives later), manual ones run like the
 * editor's "Execute workflow" button. The examples' empty voice and avatar pickers are filled with
 * sandbox IDs on import; the starter as shipped, pickers empty, is refused before any API call.
 * Results are read back from n8n's execution data (includeData=true), its binary-data store and
 * the files folder the examples write to. The translated-video example is checked here like the
 * others and run by its own suite, test/e2e/translate-example.e2e.test.ts (also in callback mode).
 */
import { existsSync, readFileSync } from 'node:fs';
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
import { sleep } from '../../scripts/n8n/processes';
import {
	BATCH_EXAMPLE,
	batchIds,
	batchRows,
	expectBatchAnswer,
	expectBatchResults,
	expectSuccess,
	nodeOutput,
	perRowVariant,
} from './helpers';

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
/** Examples whose runs are checked by their own suite (so not run twice here). */
const RUN_BY_OWN_SUITE: Record<string, string> = {
	'heygen-elevenlabs-avatar-video-translated.json': 'translate-example.e2e.test.ts',
};

it('examples/ has workflows', () => {
	expect(examples.length).toBeGreaterThan(0);
});

describe.each(examples.map((e) => [e.file, e.workflow] as [string, WorkflowJson]))(
	'%s',
	(file, workflow) => {
		let workflowId: string;

		it('uses only n8n-nodes-base nodes and ours, each with sticky-note documentation, no placeholder IDs', () => {
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
			// IDs a user must set are pickers left empty, not REPLACE_WITH_… text inside expressions
			for (const node of workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote'))
				expect(JSON.stringify(node.parameters)).not.toMatch(/REPLACE_WITH|YOUR_/);
		});

		it('imports through the public API', async () => {
			const created = await stack.importWorkflow(workflow);
			workflowId = created.id;
			expect(created.name).toBe(workflow.name);
		});

		const ownSuite = RUN_BY_OWN_SUITE[file];
		const manual = ownSuite ? undefined : workflow.nodes.find((n) => n.type === MANUAL_TRIGGER);
		const hookPath = ownSuite ? undefined : webhookPathOf(workflow);

		if (ownSuite) {
			it(`is run by its own suite, test/e2e/${ownSuite}`, () => {
				expect(existsSync(path.join(REPO_DIR, 'test/e2e', ownSuite))).toBe(true);
				expect(readFileSync(path.join(REPO_DIR, 'test/e2e', ownSuite), 'utf8')).toContain(file);
			});
		}

		if (manual) {
			it('runs from its manual trigger (editor "Execute workflow")', async () => {
				const executionId = await stack.n8n.runManually(workflowId, manual.name);
				const execution = await stack.n8n.waitForExecution(executionId);
				expectSuccess(execution);
				await checkExample(file, execution, 'manual');
			});
		}

		if (hookPath) {
			it(`activates; POST /webhook/${hookPath} answers within seconds while the render goes on, then the MP4 arrives`, async () => {
				await stack.n8n.activateWorkflow(workflowId);
				const known = await stack.n8n.knownExecutionIds(workflowId);
				// a render of 10 s: the answer must come before it ends
				await control('POST', '/heygen/render', { mode: 'time', queueMs: 1000, renderMs: 9000 });
				let answeredAfterMs: number;
				let response: Awaited<ReturnType<typeof stack.n8n.callWebhook>>;
				try {
					const started = Date.now();
					response = await stack.n8n.callWebhook(hookPath, webhookBody(file));
					answeredAfterMs = Date.now() - started;
					expect(response.status).toBe(200);
					// at that moment no video of this call has finished, and the execution goes on
					const state = await control<{
						videos: Array<{ video_id: string; callback_fired: boolean }>;
					}>('GET', '/state');
					for (const id of answeredVideoIds(response.json))
						expect(state.videos.find((v) => v.video_id === id)).toEqual(
							expect.objectContaining({ callback_fired: false }),
						);
					const all = await stack.n8n.executionStatuses(workflowId);
					const running = all.filter((e) => !known.has(e.id));
					if (running.length !== 1)
						process.stderr.write(
							`[examples] ${file}: executions before the call ${JSON.stringify([...known])}, now ${JSON.stringify(all)}\n`,
						);
					expect(running.map((e) => e.status)).toEqual([
						expect.stringMatching(/^(new|running|waiting)$/),
					]);
				} finally {
					await control('POST', '/heygen/render', FAST_RENDER);
				}
				process.stderr.write(`[examples] ${file}: webhook answered after ${answeredAfterMs} ms\n`);
				expect(answeredAfterMs).toBeLessThan(10_000);
				const execution = await stack.n8n.waitForNewExecution(workflowId, known);
				expectSuccess(execution);
				await checkExample(file, execution, 'webhook', response);
			});
		}
	},
);

const STARTER_EXAMPLE = 'heygen-elevenlabs-starter.json';
const VIDEO_EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const VOICE_FILE_EXAMPLE = 'elevenlabs-text-to-voice-file.json';
const SCRIPT_EXAMPLE = 'heygen-generate-and-wait.json';
/** The sandbox renders of the suite outside the webhook tests: quick. */
const FAST_RENDER = { mode: 'time', queueMs: 40, renderMs: 160 };

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

/** The video IDs a webhook example answered with (one object, or one line per row). */
function answeredVideoIds(json: unknown): string[] {
	const lines = (Array.isArray(json) ? json : [json]) as Array<{ video_id?: unknown }>;
	const ids = lines.flatMap((l) => (typeof l.video_id === 'string' ? [l.video_id] : []));
	expect(ids.length).toBeGreaterThan(0);
	return ids;
}

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
/** A file the workflow wrote into n8n's files folder (/home/node/.n8n-files in Docker). */
const written = (name: string) => readFileSync(path.join(stack.filesDir, name));

async function checkExample(
	file: string,
	execution: ExecutionSummary,
	via: 'manual' | 'webhook',
	response?: { buffer: Buffer; headers: Headers; json: unknown },
) {
	const video9x16 = fixture('video_9x16.mp4');
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
			expect(written('welcome.mp3').equals(audio)).toBe(true);
			return;
		}
		case STARTER_EXAMPLE: {
			const [tts] = nodeOutput(execution, 'Text to Speech');
			// the pickers the importer filled: the sandbox's voice and portrait look
			expect(tts.json.voiceId).toBe(stack.placeholders.REPLACE_WITH_ELEVENLABS_VOICE_ID);
			const [asset] = nodeOutput(execution, 'Upload Voice-over');
			const [video] = nodeOutput(execution, 'Generate Video (9:16)');
			expect(video.json).toEqual(expect.objectContaining({ status: 'completed' }));
			expect(video.json.request).toEqual(
				expect.objectContaining({
					avatar_id: stack.placeholders.REPLACE_WITH_AVATAR_LOOK_ID,
					audio_asset_id: asset.json.asset_id,
					aspect_ratio: '9:16',
					title: 'My first n8n avatar video',
				}),
			);
			expect((await stack.n8n.readBinary(video.binary!.data)).equals(video9x16)).toBe(true);
			const [saved] = nodeOutput(execution, 'Write MP4');
			expect(saved.json.fileName).toBe(
				path.join(stack.filesDir, `avatar-video-${String(video.json.video_id)}.mp4`),
			);
			expect(written(`avatar-video-${String(video.json.video_id)}.mp4`).equals(video9x16)).toBe(
				true,
			);
			return;
		}
		case VIDEO_EXAMPLE: {
			const [tts] = nodeOutput(execution, 'Text to Speech');
			expect(tts.binary?.data.mimeType).toBe('audio/mpeg');
			const [asset] = nodeOutput(execution, 'Upload Voice-over');
			expect(asset.json.asset_id).toEqual(expect.any(String));
			const [created] = nodeOutput(execution, 'Generate Video (9:16)');
			expect(created.json.request).toEqual(
				expect.objectContaining({
					type: 'avatar',
					avatar_id: stack.placeholders.REPLACE_WITH_AVATAR_LOOK_ID,
					aspect_ratio: '9:16',
					audio_asset_id: asset.json.asset_id,
					// HeyGen calls this execution back when the render is done (n8n signs the URL)
					callback_url: expect.stringMatching(
						new RegExp(`^${stack.n8n.baseUrl}/webhook-waiting/${execution.id}\\?signature=`),
					),
				}),
			);
			const [video] = nodeOutput(execution, 'Wait for Video');
			expect(video.json).toEqual(
				expect.objectContaining({
					status: 'completed',
					video_id: created.json.video_id,
					timings: expect.objectContaining({ mode: 'callback' }),
				}),
			);
			expect((await stack.n8n.readBinary(video.binary!.data)).equals(video9x16)).toBe(true);
			// the MP4 and the voice-over's subtitles, side by side in the files folder
			const base = `avatar-video-${execution.id}`;
			expect(written(`${base}.mp4`).equals(video9x16)).toBe(true);
			expect(written(`${base}.srt`).equals(await stack.n8n.readBinary(tts.binary!.data_srt))).toBe(
				true,
			);
			expect(written(`${base}.vtt`).toString('utf8')).toMatch(/^WEBVTT/);
			if (via === 'webhook') {
				expect(response!.headers.get('content-type')).toMatch(/application\/json/);
				expect(response!.json).toEqual(
					expect.objectContaining({
						video_id: created.json.video_id,
						video_page_url: `https://app.heygen.com/videos/${String(created.json.video_id)}`,
						execution_id: execution.id,
						title: 'webhook video',
					}),
				);
			}
			return;
		}
		case SCRIPT_EXAMPLE: {
			const [video] = nodeOutput(execution, 'HeyGen: Generate and Wait');
			expect(video.json).toEqual(expect.objectContaining({ status: 'completed' }));
			expect(video.json.request).toEqual(
				expect.objectContaining({
					script: expect.any(String),
					avatar_id: stack.placeholders.REPLACE_WITH_AVATAR_LOOK_ID,
					voice_id: stack.placeholders.REPLACE_WITH_HEYGEN_VOICE_ID,
					aspect_ratio: '9:16',
				}),
			);
			expect((await stack.n8n.readBinary(video.binary!.data)).equals(video9x16)).toBe(true);
			expect(video.binary?.subtitles).toBeDefined();
			return;
		}
		case BATCH_EXAMPLE: {
			// one sample row
			const results = nodeOutput(execution, 'Results');
			expect(results.map((r) => r.json.status)).toEqual(['done']);
			expect(results.map((r) => r.json.row)).toEqual([1]);
			const [saved] = nodeOutput(execution, 'Write MP4s');
			const name = `row-1-${String(results[0].json.video_id)}.mp4`;
			expect(saved.json.fileName).toBe(path.join(stack.filesDir, name));
			expect(written(name).equals(video9x16)).toBe(true);
			if (via === 'webhook')
				expect(response!.json).toEqual([
					expect.objectContaining({
						row: 1,
						title: 'Monday tip',
						status: 'rendering',
						video_id: results[0].json.video_id,
					}),
				]);
			return;
		}
		default:
			throw new Error(`no checks for examples/${file}: add them to checkExample`);
	}
}

describe('the starter as shipped: empty pickers', () => {
	it('n8n refuses to run it, naming both pickers, before any request reaches the APIs', async () => {
		const starter = examples.find((e) => e.file === STARTER_EXAMPLE);
		if (!starter) throw new Error(`examples/${STARTER_EXAMPLE} missing`);
		const pickers = starter.workflow.nodes.filter((n) =>
			Object.values(n.parameters).some(
				(v) =>
					(v as { __rl?: boolean; mode?: string; value?: string })?.__rl &&
					(v as { value?: string }).value === '',
			),
		);
		expect(pickers.map((n) => n.name).sort()).toEqual(['Generate Video (9:16)', 'Text to Speech']);

		const { id } = await stack.importWorkflow(
			{ ...starter.workflow, name: `${starter.workflow.name} (as shipped)` },
			{ fillPickers: false },
		);
		const manual = starter.workflow.nodes.find((n) => n.type === MANUAL_TRIGGER)!;
		const before = await control<{ requests: number }>('GET', '/state');
		const execution = await stack.n8n.waitForExecution(
			await stack.n8n.runManually(id, manual.name),
		);
		expect(execution.status).toBe('error');
		const message = execution.data?.resultData.error?.message ?? '';
		expect(message).toMatch(/'Text to Speech'.*Parameter "Voice" is required/);
		expect(message).toMatch(/'Generate Video \(9:16\)'.*Parameter "Avatar Look" is required/);
		expect(Object.keys(execution.data?.resultData.runData ?? {})).toEqual([]);
		// the sandbox logged nothing since `before` but that control request itself
		await sleep(500);
		const after = await control<{ requests: number }>('GET', '/state');
		expect(after.requests - before.requests).toBe(1);
		expect(existsSync(stack.filesDir)).toBe(true);
	});
});

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
		expect(response.json).toEqual(expect.objectContaining({ video_id: video.json.video_id }));
		expect(written(`avatar-video-${execution.id}.mp4`).equals(mp4)).toBe(true);
	});

	it('a batch of 20 rows with 3 bad ones (Continue On Fail): an answer per row at once, then 17 videos and 3 error items, in row order', async () => {
		const rows = batchRows(batchIds(stack));
		const { execution, response } = await runCopy(BATCH_EXAMPLE, perRowVariant, { rows });
		const answer = expectBatchAnswer(response);
		expectSuccess(execution);

		const done = expectBatchResults(execution, rows, answer);
		const expected = fixture('video_9x16.mp4');
		for (const r of done) {
			expect((await stack.n8n.readBinary(r.binary!.data)).equals(expected)).toBe(true);
			expect(
				written(`row-${String(r.json.row)}-${String(r.json.video_id)}.mp4`).equals(expected),
			).toBe(true);
		}
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
