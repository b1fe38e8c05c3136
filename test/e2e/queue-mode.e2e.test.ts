/**
 * The examples in n8n's queue mode (scaling mode): Redis, PostgreSQL, one `n8n start` main and two
 * `n8n worker` processes sharing the database, encryption key, user folder (the package is
 * installed there once) and binary data (`database` mode). See scripts/n8n/queue.ts.
 *
 * The webhook examples answer right after Generate (through the main's "Respond to Webhook") and
 * wait for HeyGen's callback, so every execution is started on a worker, waits, and is resumed
 * (on either worker) when the callback comes.
 *
 * 1. The 9:16 pipeline (ElevenLabs TTS → HeyGen upload → generate → answer → wait → MP4) over its
 *    webhook: the worker writes the MP4 into the shared binary data and the files folder.
 * 2. The 20-row batch (17 videos + 3 error items, row order and pairing kept) on the workers.
 * 3. Eight pipeline executions at once: every one succeeds with its own video, none is lost or
 *    duplicated, and both workers took some (read from the workers' logs).
 * 4. The callback-mode wait: the execution waits (status `waiting`), the worker that started it is
 *    stopped, and HeyGen's callback resumes it on the other worker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadExamples, REPO_DIR, type WorkflowJson } from '../../scripts/n8n/n8n';
import { sleep } from '../../scripts/n8n/processes';
import { startQueueStack, type QueueStack } from '../../scripts/n8n/queue';
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

let stack: QueueStack;

beforeAll(async () => {
	stack = await startQueueStack({ workers: 2, concurrency: 5 });
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

// ---- helpers ------------------------------------------------------------------------------------

const VIDEO_EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const examples = loadExamples();
const fixture = (name: string) =>
	readFileSync(path.join(REPO_DIR, 'test', 'fixtures', 'media', name));

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

const DEFAULT_RENDER = { mode: 'time', queueMs: 40, renderMs: 160 };

async function until<T>(
	what: string,
	check: () => Promise<T | undefined | false>,
	timeoutMs = 60_000,
	everyMs = 200,
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

let copies = 0;
/** Imports a copy of an example with its own webhook path, activates it; returns its id and path. */
async function importCopy(file: string, mutate: (wf: WorkflowJson) => void = () => undefined) {
	const original = examples.find((e) => e.file === file);
	if (!original) throw new Error(`examples/${file} missing`);
	const copy = JSON.parse(JSON.stringify(original.workflow)) as WorkflowJson;
	const n = ++copies;
	copy.name = `${copy.name} (queue copy ${n})`;
	const hook = copy.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
	hook.parameters.path = `${String(hook.parameters.path)}-queue-${n}-${Date.now()}`;
	hook.webhookId = `${String(hook.webhookId).slice(0, 24)}${(Date.now() + n).toString(16).padStart(12, '0').slice(-12)}`;
	mutate(copy);
	const created = await stack.importWorkflow(copy);
	await stack.n8n.activateWorkflow(created.id);
	return { id: created.id, hookPath: String(hook.parameters.path) };
}

/** The worker(s) whose log says it started execution `id` (a resumed execution starts again). */
const workersOf = (id: string) => stack.workersByExecution().get(String(id)) ?? [];

// ---- 1. the 9:16 pipeline -----------------------------------------------------------------------

let pipeline: { id: string; hookPath: string };

describe('queue mode: 2 workers, Redis, PostgreSQL, binary data in the database', () => {
	it('runs the 9:16 pipeline on the workers: the webhook answers with the video ID, the MP4 follows', async () => {
		pipeline = await importCopy(VIDEO_EXAMPLE);
		const known = await stack.n8n.knownExecutionIds(pipeline.id);
		const response = await stack.n8n.callWebhook(
			pipeline.hookPath,
			{ text: 'A vertical video, rendered through the queue.', title: 'queue video' },
			120_000,
		);
		const execution = await stack.n8n.waitForNewExecution(pipeline.id, known, {
			timeoutMs: 5 * 60_000,
		});
		expectSuccess(execution);

		const [tts] = nodeOutput(execution, 'Text to Speech');
		expect(tts.binary?.data.mimeType).toBe('audio/mpeg');
		const [asset] = nodeOutput(execution, 'Upload Voice-over');
		const [created] = nodeOutput(execution, 'Generate Video (9:16)');
		expect(created.json.request).toEqual(
			expect.objectContaining({
				type: 'avatar',
				aspect_ratio: '9:16',
				audio_asset_id: asset.json.asset_id,
				title: 'queue video',
			}),
		);
		expect(response.status).toBe(200);
		expect(response.json).toEqual(
			expect.objectContaining({ video_id: created.json.video_id, execution_id: execution.id }),
		);
		const [video] = nodeOutput(execution, 'Wait for Video');
		expect(video.json).toEqual(
			expect.objectContaining({
				status: 'completed',
				video_id: created.json.video_id,
				timings: expect.objectContaining({ mode: 'callback' }),
			}),
		);
		// written by a worker into the shared database, read back through the main
		expect(video.binary!.data.id).toMatch(/^database:/);
		expect((await stack.n8n.readBinary(video.binary!.data)).equals(fixture('video_9x16.mp4'))).toBe(
			true,
		);
		expect((await stack.n8n.readBinary(tts.binary!.data)).length).toBe(tts.json.byteSize);
		// and into the files folder the workers share
		expect(
			readFileSync(path.join(stack.filesDir, `avatar-video-${execution.id}.mp4`)).equals(
				fixture('video_9x16.mp4'),
			),
		).toBe(true);

		// started on a worker, then resumed by HeyGen's callback on a worker
		expect(workersOf(execution.id)).toHaveLength(2);
	});

	// ---- 2. the 20-row batch ----------------------------------------------------------------------

	it('runs the 20-row batch on the workers: an answer per row at once, then 17 videos and 3 error items, in row order', async () => {
		const rows = batchRows(batchIds(stack));
		const batch = await importCopy(BATCH_EXAMPLE, perRowVariant);
		const known = await stack.n8n.knownExecutionIds(batch.id);
		const response = await stack.n8n.callWebhook(batch.hookPath, { rows }, 120_000);
		const answer = expectBatchAnswer(response);
		const execution = await stack.n8n.waitForNewExecution(batch.id, known, {
			timeoutMs: 8 * 60_000,
		});
		expectSuccess(execution);
		// started, then resumed once every video had called back
		expect(workersOf(execution.id)).toHaveLength(2);

		const done = expectBatchResults(execution, rows, answer);
		const expected = fixture('video_9x16.mp4');
		for (const r of done) {
			expect(r.binary!.data.id).toMatch(/^database:/);
			expect((await stack.n8n.readBinary(r.binary!.data)).equals(expected)).toBe(true);
		}
	});

	// ---- 3. concurrent executions spread over both workers -----------------------------------------

	it('8 pipeline executions at once: all succeed with their own video, spread over both workers', async () => {
		const COUNT = 8;
		// renders of ~3 s keep each job busy, so one worker (concurrency 5) cannot take all 8
		await control('POST', '/heygen/render', { mode: 'time', queueMs: 500, renderMs: 2500 });
		try {
			const known = await stack.n8n.knownExecutionIds(pipeline.id);
			const titles = Array.from({ length: COUNT }, (_, i) => `concurrent ${i + 1}`);
			const responses = await Promise.all(
				titles.map(
					async (title) =>
						await stack.n8n.callWebhook(
							pipeline.hookPath,
							{ text: `Video "${title}" through the queue.`, title },
							180_000,
						),
				),
			);
			// each caller got its own video ID at once
			const answered = responses.map((response) => {
				expect(response.status).toBe(200);
				return (response.json as { video_id: string }).video_id;
			});
			expect(new Set(answered).size).toBe(COUNT);

			const fresh = await until(
				`${COUNT} finished executions`,
				async () => {
					const list = (await stack.n8n.listExecutions(pipeline.id)).filter(
						(e) => !known.has(String(e.id)),
					);
					return (
						list.length >= COUNT &&
						list.every((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status)) &&
						list
					);
				},
				120_000,
				500,
			);
			// nothing lost, nothing doubled
			expect(fresh).toHaveLength(COUNT);
			const executions = await Promise.all(
				fresh.map(async (e) => await stack.n8n.getExecution(String(e.id))),
			);
			const seenTitles: string[] = [];
			const videoIds = new Set<unknown>();
			for (const execution of executions) {
				expectSuccess(execution);
				const [created] = nodeOutput(execution, 'Generate Video (9:16)');
				const [video] = nodeOutput(execution, 'Wait for Video');
				expect(video.json.video_id).toBe(created.json.video_id);
				seenTitles.push(String((created.json.request as { title: string }).title));
				videoIds.add(video.json.video_id);
				expect(
					(await stack.n8n.readBinary(video.binary!.data)).equals(fixture('video_9x16.mp4')),
				).toBe(true);
			}
			expect(seenTitles.sort()).toEqual([...titles].sort());
			expect(videoIds.size).toBe(COUNT);
			expect([...videoIds].sort()).toEqual([...answered].sort());

			// each execution was started once and resumed once, and both workers took some
			const byWorker = new Map<string, string[]>();
			for (const execution of executions) {
				const ran = workersOf(execution.id);
				expect(ran).toHaveLength(2);
				for (const worker of ran)
					byWorker.set(worker, [...(byWorker.get(worker) ?? []), String(execution.id)]);
			}
			process.stderr.write(
				`[n8n-e2e] concurrent executions per worker: ${JSON.stringify(Object.fromEntries(byWorker))}\n`,
			);
			expect([...byWorker.keys()].sort()).toEqual(stack.workers.map((w) => w.name).sort());
		} finally {
			await control('POST', '/heygen/render', DEFAULT_RENDER);
		}
	});

	// ---- 4. callback mode: resume on another worker -------------------------------------------------

	it('callback mode: a waiting execution resumes on the other worker after the one that started it stops', async () => {
		// the example as shipped: Send Resume URL → answer → Wait for Completion in callback mode
		const workflow = await importCopy(VIDEO_EXAMPLE);
		await control('POST', '/heygen/render', { mode: 'time', queueMs: 500, renderMs: 15_000 });
		try {
			const known = await stack.n8n.knownExecutionIds(workflow.id);
			const response = await stack.n8n.callWebhook(workflow.hookPath, {
				text: 'A video that waits for the callback.',
				title: 'callback video',
			});
			expect(response.status).toBe(200);
			const waiting = await until(
				'the execution to wait',
				async () => {
					const fresh = (await stack.n8n.listExecutions(workflow.id)).filter(
						(e) => !known.has(String(e.id)),
					);
					const done = fresh.find((e) =>
						['success', 'error', 'crashed', 'canceled'].includes(e.status),
					);
					if (done)
						throw new Error(`execution ${done.id} finished (${done.status}) instead of waiting`);
					return fresh.find((e) => e.status === 'waiting');
				},
				60_000,
			);
			const id = String(waiting.id);
			const [first] = await until(
				'the worker log line of the first part',
				async () => workersOf(id).length === 1 && workersOf(id),
			);
			const firstWorker = stack.workers.find((w) => w.name === first)!;
			const other = stack.workers.find((w) => w.name !== first)!;
			// the worker that put the execution to wait goes away while HeyGen renders
			await firstWorker.stop();
			expect(firstWorker.process.isRunning()).toBe(false);
			expect((await stack.n8n.getExecution(id)).status).toBe('waiting');

			// the render finishes, HeyGen calls the main's resume URL, the main enqueues, the other worker resumes
			const execution = await stack.n8n.waitForExecution(id, { timeoutMs: 120_000 });
			expectSuccess(execution);
			// started once on the stopped worker, resumed once on the other
			expect(firstWorker.startedExecutions().filter((e) => e === id)).toHaveLength(1);
			expect(other.startedExecutions().filter((e) => e === id)).toHaveLength(1);
			const [video] = nodeOutput(execution, 'Wait for Video');
			expect(video.json).toEqual(
				expect.objectContaining({
					status: 'completed',
					// created moments before the wait: only the read after the callback
					timings: expect.objectContaining({ polls: 1, mode: 'callback' }),
				}),
			);
			expect(video.binary!.data.id).toMatch(/^database:/);
			expect(
				(await stack.n8n.readBinary(video.binary!.data)).equals(fixture('video_9x16.mp4')),
			).toBe(true);
			const state = await control<{ callbacks: Array<{ url: string; status: number }> }>(
				'GET',
				'/state',
			);
			expect(
				state.callbacks.filter(
					(c) => c.url.split('?')[0] === `${stack.n8n.baseUrl}/webhook-waiting/${id}`,
				),
			).toEqual([expect.objectContaining({ status: 200 })]);
		} finally {
			await control('POST', '/heygen/render', DEFAULT_RENDER);
		}
	});
});
