/**
 * Benchmark 5 — the pipeline: end-to-end wall time of the text-to-video example
 * (examples/heygen-elevenlabs-text-to-avatar-video-vertical.json: TTS (+ subtitles written) →
 * Upload → Generate → answer the webhook with the video ID → Wait for Completion in callback mode
 * + download → write the MP4) vs the same flow hand-built from built-in nodes the way templates do
 * it today (HTTP Request TTS → HTTP Request multipart asset upload → HTTP Request create video →
 * Wait 10 s → HTTP Request status → If completed, else back to Wait → HTTP Request download →
 * respond with the MP4), both webhook-triggered in the real n8n against the sandbox with a 27 s
 * render. Reports node count, API calls (sandbox request log) and wall time from the webhook call
 * to the MP4 (ours: written to disk; hand-built: the webhook's answer).
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';

import { loadExamples, type WorkflowJson, type WorkflowNode } from '../scripts/n8n/n8n';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY } from '../test/sandbox';
import {
	chain,
	createWorkflow,
	describeErrors,
	executionMs,
	node,
	startBenchStack,
	workflow,
	type BenchStack,
} from './real-n8n';
import { fmt, type BenchResult, type Row } from './table';

const EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const QUEUE_MS = 5_000;
const RENDER_MS = 22_000;
const POLL_SECONDS = 10;
const VOICE = '21m00Tcm4TlvDq8ikWAM';
const TEXT = 'This vertical video was made end to end in n8n, from a script to a talking avatar.';

function example(): WorkflowJson {
	const found = loadExamples().find((e) => e.file === EXAMPLE);
	if (!found) throw new Error(`examples/${EXAMPLE} not found`);
	return JSON.parse(JSON.stringify(found.workflow)) as WorkflowJson;
}

function handBuilt(bench: BenchStack, hookPath: string): WorkflowJson {
	const el = bench.sandbox.elevenLabsUrl;
	const hg = bench.sandbox.heyGenUrl;
	const heyGenHeader = {
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'X-Api-Key', value: SANDBOX_HEYGEN_KEY }] },
	};
	const nodes: WorkflowNode[] = [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2.1,
			{ httpMethod: 'POST', path: hookPath, responseMode: 'responseNode', options: {} },
			{ webhookId: randomUUID() },
		),
		node('Settings', 'n8n-nodes-base.set', 3.4, {
			assignments: {
				assignments: ['text', 'voiceId', 'avatarId', 'title'].map((name) => ({
					id: randomUUID(),
					name,
					value: `={{ $json.body.${name} }}`,
					type: 'string',
				})),
			},
			options: {},
		}),
		node('TTS', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `=${el}/v1/text-to-speech/{{ $json.voiceId }}?output_format=mp3_44100_128`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'xi-api-key', value: SANDBOX_ELEVENLABS_KEY }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ text: $json.text, model_id: 'eleven_multilingual_v2' }) }}`,
			options: { response: { response: { responseFormat: 'file' } } },
		}),
		node('Upload Asset', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${hg}/v3/assets`,
			...heyGenHeader,
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }],
			},
			options: {},
		}),
		node('Create Video', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${hg}/v3/videos`,
			...heyGenHeader,
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				"={{ JSON.stringify({ type: 'avatar', avatar_id: $('Settings').item.json.avatarId, audio_asset_id: $json.data.asset_id, aspect_ratio: '9:16', title: $('Settings').item.json.title }) }}",
			options: {},
		}),
		node(
			'Wait',
			'n8n-nodes-base.wait',
			1.1,
			{ resume: 'timeInterval', amount: POLL_SECONDS, unit: 'seconds' },
			{ webhookId: randomUUID() },
		),
		node('Get Status', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'GET',
			url: `=${hg}/v3/videos/{{ $('Create Video').item.json.data.video_id }}`,
			...heyGenHeader,
			options: {},
		}),
		node('Completed?', 'n8n-nodes-base.if', 2.2, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: randomUUID(),
						leftValue: '={{ $json.data.status }}',
						rightValue: 'completed',
						operator: { type: 'string', operation: 'equals' },
					},
				],
				combinator: 'and',
			},
			options: {},
		}),
		node('Download', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'GET',
			url: '={{ $json.data.video_url }}',
			options: { response: { response: { responseFormat: 'file' } } },
		}),
		node('Respond with MP4', 'n8n-nodes-base.respondToWebhook', 1.5, {
			respondWith: 'binary',
			options: {},
		}),
	];
	return workflow(
		'bench pipeline: hand-built HTTP Request + Wait + If',
		nodes,
		chain(
			[
				'Webhook',
				'Settings',
				'TTS',
				'Upload Asset',
				'Create Video',
				'Wait',
				'Get Status',
				'Completed?',
				'Download',
				'Respond with MP4',
			],
			[['Completed?', 'Wait', 1]],
		),
	);
}

interface Measured {
	wallMs: number;
	/** When the webhook answered. */
	answerMs: number;
	execMs: number;
	bytes: number;
	calls: Record<string, number>;
	statusPolls: number;
	renderS: number;
}

/** Runs a workflow once through its webhook; `ours` finishes by writing the MP4, not answering with it. */
async function measure(
	bench: BenchStack,
	wf: WorkflowJson,
	id: string,
	ours: boolean,
): Promise<Measured> {
	await bench.stack.n8n.activateWorkflow(id);
	const hook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!;
	// wait until the webhook is registered (a 404 means not yet) without starting the flow twice
	const known = await bench.stack.n8n.knownExecutionIds(id);
	bench.sandbox.server.log.length = 0;
	const started = performance.now();
	const startedAt = Date.now();
	const body = {
		text: TEXT,
		voiceId: VOICE,
		avatarId: bench.sandbox.heygen.looks[0].id,
		title: 'bench video',
	};
	const response = await bench.stack.n8n.callWebhook(String(hook.parameters.path), body, 120_000);
	const answerMs = performance.now() - started;
	const execution = await bench.stack.n8n.waitForNewExecution(id, known, { timeoutMs: 5 * 60_000 });
	if (execution.status !== 'success' || response.status !== 200)
		throw new Error(
			`${wf.name}: HTTP ${response.status}, ${execution.status}: ${describeErrors(execution)}`,
		);
	// ours: the MP4 is on disk when the execution ends (its end time, as n8n recorded it)
	const wallMs = ours ? new Date(execution.stoppedAt!).getTime() - startedAt : answerMs;
	const log = bench.sandbox.server.log.filter((r) => r.status !== 404);
	const calls: Record<string, number> = {};
	for (const r of log) calls[r.service] = (calls[r.service] ?? 0) + 1;
	const video = [...bench.sandbox.heygen.videos.values()].pop()!;
	const mp4 = ours
		? statSync(path.join(bench.stack.filesDir, `avatar-video-${execution.id}.mp4`)).size
		: response.buffer.length;
	return {
		wallMs,
		answerMs,
		execMs: executionMs(execution),
		bytes: mp4,
		calls,
		statusPolls: log.filter(
			(r) =>
				r.method === 'GET' &&
				(r.template === '/v3/videos/{video_id}' || r.template === '/v3/videos/statuses'),
		).length,
		renderS: (QUEUE_MS + RENDER_MS) / 1000 + (video ? 0 : NaN),
	};
}

export const bench = {
	name: 'pipeline',
	async run(): Promise<BenchResult> {
		const bench = await startBenchStack();
		try {
			bench.sandbox.heygen.render = {
				...bench.sandbox.heygen.render,
				mode: 'time',
				queueMs: QUEUE_MS,
				renderMs: RENDER_MS,
			};
			const ex = example();
			ex.name = `${ex.name} (bench)`;
			const hand = handBuilt(bench, `bench-handbuilt-${Date.now()}`);
			// the example's empty pickers set (as a user does) and its files folder this run's
			const ours = await measure(bench, ex, (await bench.stack.importWorkflow(ex)).id, true);
			const baseline = await measure(bench, hand, await createWorkflow(bench, hand), false);
			const countNodes = (wf: WorkflowJson) =>
				wf.nodes.filter(
					(n) => n.type !== 'n8n-nodes-base.stickyNote' && !/trigger|webhook$/i.test(n.type),
				).length;
			const row = (label: string, wf: WorkflowJson, m: Measured): Row => ({
				workflow: label,
				'nodes (excl. triggers, sticky notes)': countNodes(wf),
				'API calls': Object.values(m.calls).reduce((a, b) => a + b, 0),
				'by host': Object.entries(m.calls)
					.map(([k, v]) => `${k} ${v}`)
					.join(', '),
				'status polls': m.statusPolls,
				'webhook answered s': fmt(m.answerMs / 1000, 2),
				'wall s (webhook call → MP4)': fmt(m.wallMs / 1000, 2),
				'execution s': fmt(m.execMs / 1000, 2),
				'after render done s': fmt(m.wallMs / 1000 - m.renderS, 2),
				'× hand-built wall': fmt(m.wallMs / baseline.wallMs, 2),
				'MP4 bytes': m.bytes,
			});
			return {
				title: '5. Pipeline: text → talking-avatar MP4 (real n8n 2.41.1, sandbox)',
				notes: [
					`ours = examples/${EXAMPLE} as shipped, pickers set (answers the webhook with the video ID right after Generate, then Wait for Completion in callback mode: HeyGen's callback resumes it, one status read, download, MP4 written to disk); hand-built = Webhook → Settings → HTTP Request ×3 → Wait ${POLL_SECONDS} s → HTTP Request status → If (else back to Wait) → HTTP Request download → Respond with the MP4, built in this benchmark`,
					`sandbox render: ${QUEUE_MS / 1000} s pending + ${RENDER_MS / 1000} s processing (real time), no added network latency; one webhook call each, run one after the other. The render length is deliberately not a multiple of 10 s: with one render, the detection delay of either poller depends on where its poll times fall (bench 2 has the distribution over 50 renders)`,
					'API calls = requests the sandbox logged during the run (elevenlabs = TTS, heygen = API, files = presigned downloads); ours also asks for timestamps (subtitles) in the same single TTS call',
					'"wall" = webhook call → MP4: ours until the execution that writes it ends, hand-built until its answer (the MP4) arrives; "after render done" = wall time − render time: the part the workflow itself adds (TTS, upload, create, detection delay, download, response or write)',
				],
				rows: [
					row('example workflow (our nodes)', ex, ours),
					row('hand-built (HTTP Request + Wait + If)', hand, baseline),
				],
			};
		} finally {
			await bench.stop();
		}
	},
};
