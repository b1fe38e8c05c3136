/**
 * examples/heygen-elevenlabs-avatar-video-translated.json in a real n8n 2.41.1 against the
 * sandbox: imported through the public API and run like the editor's "Execute workflow" button,
 * it turns one script into a 9:16 avatar video, translates it into three languages (waiting for
 * the three translations in one loop) and writes three MP4 files into n8n's files folder. A copy
 * in callback mode (Translate → Send Resume URL, then Video Translation → Wait for Completion in
 * callback mode) waits without polling and resumes on HeyGen's callbacks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	loadExamples,
	REPO_DIR,
	startStack,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { expectSuccess, nodeOutput } from './helpers';

const FILE = 'heygen-elevenlabs-avatar-video-translated.json';
const TRIGGER = 'When clicking ‘Execute workflow’';
/** The example's languages, and the file each is written to. */
const FILES: Record<string, string> = {
	'Spanish (Spain)': 'translated-spanish-spain.mp4',
	'German (Germany)': 'translated-german-germany.mp4',
	'French (France)': 'translated-french-france.mp4',
};

let stack: Stack;
const example = () => {
	const found = loadExamples().find((e) => e.file === FILE);
	if (!found) throw new Error(`examples/${FILE} is missing`);
	return JSON.parse(JSON.stringify(found.workflow)) as WorkflowJson;
};
/** renderedVideo('9:16', 'mp4') in test/sandbox/media.ts: a translation keeps its source's frame. */
const VERTICAL_MP4 = readFileSync(
	path.join(REPO_DIR, 'test', 'fixtures', 'media', 'video_9x16.mp4'),
);

interface SandboxJob {
	id: string;
	kind: string;
	output_language: string | null;
	status_polls: number;
	callback_fired: boolean;
}

async function control<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
	const res = await fetch(`${stack.sandbox!.info.baseUrl}/_control${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`sandbox ${method} /_control${route} → HTTP ${res.status}`);
	return (await res.json()) as T;
}

const sandboxJobs = async () =>
	(await control<{ jobs: SandboxJob[] }>('GET', '/state')).jobs.filter(
		(j) => j.kind === 'translation',
	);

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

/** The translations' items: three, completed, each with its MP4 written to its file. */
async function expectThreeFiles(execution: ExecutionSummary, waitNode: string) {
	const items = nodeOutput(execution, waitNode);
	expect(items.map((i) => i.json.output_language).sort()).toEqual(Object.keys(FILES).sort());
	for (const item of items) {
		expect(item.json).toEqual(
			expect.objectContaining({
				status: 'completed',
				video_translation_id: expect.any(String),
			}),
		);
		expect(item.binary!.data.mimeType).toBe('video/mp4');
		const mp4 = await stack.n8n.readBinary(item.binary!.data);
		expect(mp4.equals(VERTICAL_MP4)).toBe(true);
		const written = path.join(stack.filesDir, FILES[String(item.json.output_language)]);
		expect(readFileSync(written).equals(mp4)).toBe(true);
	}
	expect(nodeOutput(execution, 'Write MP4 files')).toHaveLength(3);
}

it('imports and runs from its manual trigger: one script → ElevenLabs → HeyGen avatar video (9:16) → three translated MP4 files', async () => {
	const created = await stack.importWorkflow(example());
	const executionId = await stack.n8n.runManually(created.id, TRIGGER);
	const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 5 * 60_000 });
	expectSuccess(execution);

	const [tts] = nodeOutput(execution, 'Text to Speech');
	expect(tts.binary?.data.mimeType).toBe('audio/mpeg');
	const [asset] = nodeOutput(execution, 'Upload Voice-over');
	const [video] = nodeOutput(execution, 'Generate Video (9:16)');
	expect(video.json).toEqual(
		expect.objectContaining({
			status: 'completed',
			request: expect.objectContaining({
				aspect_ratio: '9:16',
				audio_asset_id: asset.json.asset_id,
			}),
		}),
	);
	const items = nodeOutput(execution, 'Translate (3 Languages)');
	expect(items[0].json.request).toEqual(
		expect.objectContaining({
			video: { type: 'url', url: video.json.video_url },
			output_languages: Object.keys(FILES),
		}),
	);
	await expectThreeFiles(execution, 'Translate (3 Languages)');
});

it('in callback mode (Translate sends the resume URL, Wait for Completion waits for the callbacks): no status poll while the translations run, resumed with the three files', async () => {
	// translations that take seconds, so the execution is saved as waiting before they finish
	await control('POST', '/heygen/jobs', { mode: 'time', queueMs: 1000, runMs: 6000 });
	const workflow = example();
	workflow.name = `${workflow.name} (callback mode)`;
	const translate = workflow.nodes.find((n) => n.name === 'Translate (3 Languages)')!;
	translate.parameters.waitForCompletion = 'callback';
	const wait = {
		...translate,
		id: '2b0e7d0c-5a3f-4e55-9c61-0f6a3c1d8e42',
		name: 'Wait for Translations',
		position: [1160, 220] as [number, number],
		parameters: {
			resource: 'videoTranslation',
			operation: 'waitForCompletion',
			videoTranslationId: '={{ $json.video_translation_id }}',
			waitMode: 'callback',
			download: true,
			binaryPropertyName: 'data',
			waitOptions: { maxWaitMinutes: 10 },
			options: {},
		},
	};
	workflow.nodes.push(wait);
	workflow.connections[translate.name] = {
		main: [[{ node: wait.name, type: 'main', index: 0 }]],
	};
	workflow.connections[wait.name] = {
		main: [[{ node: 'Write MP4 files', type: 'main', index: 0 }]],
	};
	const before = new Set((await sandboxJobs()).map((j) => j.id));
	const created = await stack.importWorkflow(workflow);
	const executionId = await stack.n8n.runManually(created.id, TRIGGER);

	// the execution waits (status "waiting") while the three translations run, reading no status
	let mine: SandboxJob[] = [];
	let sawWaiting = false;
	for (let i = 0; i < 120; i++) {
		mine = (await sandboxJobs()).filter((j) => !before.has(j.id));
		const current = await stack.n8n.getExecution(executionId);
		if (mine.length === 3 && mine.every((j) => j.callback_fired)) break;
		if (current.status === 'waiting') {
			sawWaiting = true;
			expect(current.data?.resultData.lastNodeExecuted).toBe('Wait for Translations');
			// until a callback comes (then the resume call reads the statuses)
			if (!mine.some((j) => j.callback_fired))
				expect(mine.every((j) => j.status_polls === 0)).toBe(true);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	expect(sawWaiting).toBe(true);

	const execution = await stack.n8n.waitForExecution(executionId, { timeoutMs: 120_000 });
	expectSuccess(execution);
	const translated = nodeOutput(execution, 'Translate (3 Languages)');
	expect(translated.map((i) => i.json.status)).toEqual(['pending', 'pending', 'pending']);
	const request = translated[0].json.request as { callback_url?: string };
	expect(request.callback_url).toContain(`/webhook-waiting/${executionId}`);
	await expectThreeFiles(execution, 'Wait for Translations');
	for (const item of nodeOutput(execution, 'Wait for Translations'))
		expect(item.json.timings).toEqual(expect.objectContaining({ mode: 'callback' }));
	// HeyGen's three callbacks reached n8n's resume URL of this execution
	const callbacks = (
		await control<{ callbacks: Array<{ url: string; status: number; event_type: string }> }>(
			'GET',
			'/state',
		)
	).callbacks.filter((c) => c.url === `${stack.n8n.baseUrl}/webhook-waiting/${executionId}`);
	expect(callbacks.map((c) => c.event_type)).toEqual([
		'video_translate.success',
		'video_translate.success',
		'video_translate.success',
	]);
	expect(callbacks.some((c) => c.status === 200)).toBe(true);
});
