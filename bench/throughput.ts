/**
 * Benchmark 1 — batch TTS throughput in the real n8n: 100 items through ElevenLabs → Text to
 * Speech against the sandbox with 200 ms of generation latency per request and an account
 * concurrency limit C (sandbox `maxConcurrent` = C, the node's Concurrency option = C), for
 * C ∈ {2, 5, 10}. Compared with the physical limit C / latency and with the built-in HTTP Request
 * node making the same calls: one at a time (Loop Over Items, batch size 1 — the sequential
 * baseline) and with its own Batching option (C requests every 200 ms). Times are n8n's own
 * (execution startedAt → stoppedAt, and the TTS node's executionTime from the run data).
 */
import type { WorkflowJson } from '../scripts/n8n/n8n';
import { SANDBOX_ELEVENLABS_KEY } from '../test/sandbox';
import {
	chain,
	createWorkflow,
	executionMs,
	manualTrigger,
	node,
	nodeItems,
	nodeTimings,
	NODE_TYPES,
	runManual,
	startBenchStack,
	workflow,
	type BenchStack,
} from './real-n8n';
import { fmt, type BenchResult, type Row } from './table';

const ITEMS = Number(process.env.BENCH_THROUGHPUT_ITEMS ?? 100);
const LATENCY_MS = 200;
const CONCURRENCY = [2, 5, 10];
const VOICE = '21m00Tcm4TlvDq8ikWAM';
const MODEL = 'eleven_multilingual_v2';

function texts(n: number): string[] {
	return Array.from(
		{ length: n },
		(_, i) => `Item ${i + 1}: the quick brown fox jumps over the lazy dog.`,
	);
}

/** Manual → Set (the texts) → Split Out → the nodes under test. */
function itemsPrefix(n: number) {
	return [
		manualTrigger(),
		node('Texts', 'n8n-nodes-base.set', 3.4, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ texts: texts(n) }),
			options: {},
		}),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'texts', options: {} }),
	];
}

function ourWorkflow(n: number, concurrency: number): WorkflowJson {
	const nodes = [
		...itemsPrefix(n),
		node('TTS', NODE_TYPES.elevenLabs, 1, {
			resource: 'speech',
			operation: 'textToSpeech',
			voice: { __rl: true, value: VOICE, mode: 'id' },
			modelId: MODEL,
			text: '={{ $json.texts }}',
			outputFormat: 'mp3_44100_128',
			options: { concurrency },
		}),
	];
	return workflow(
		`bench throughput: ElevenLabs node C=${concurrency}`,
		nodes,
		chain(nodes.map((x) => x.name)),
	);
}

function httpRequestNode(
	bench: BenchStack,
	batching?: { batchSize: number; batchInterval: number },
) {
	return node('TTS', 'n8n-nodes-base.httpRequest', 4.2, {
		method: 'POST',
		url: `${bench.sandbox.elevenLabsUrl}/v1/text-to-speech/${VOICE}?output_format=mp3_44100_128`,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'xi-api-key', value: SANDBOX_ELEVENLABS_KEY }] },
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ text: $json.texts, model_id: '${MODEL}' }) }}`,
		options: {
			response: { response: { responseFormat: 'file', ...(batching ? { neverError: true } : {}) } },
			...(batching ? { batching: { batch: batching } } : {}),
		},
	});
}

function httpSequentialWorkflow(bench: BenchStack, n: number): WorkflowJson {
	const nodes = [
		...itemsPrefix(n),
		node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, { batchSize: 1, options: {} }),
		httpRequestNode(bench),
	];
	// Split Out → Loop; Loop's "loop" output (1) → TTS → back to Loop
	return workflow(
		'bench throughput: HTTP Request sequential',
		nodes,
		chain(
			['Manual', 'Texts', 'Split Out', 'Loop Over Items'],
			[
				['Loop Over Items', 'TTS', 1],
				['TTS', 'Loop Over Items'],
			],
		),
	);
}

function httpBatchedWorkflow(bench: BenchStack, n: number, concurrency: number): WorkflowJson {
	const nodes = [
		...itemsPrefix(n),
		httpRequestNode(bench, { batchSize: concurrency, batchInterval: LATENCY_MS }),
	];
	return workflow(
		`bench throughput: HTTP Request batching C=${concurrency}`,
		nodes,
		chain(nodes.map((x) => x.name)),
	);
}

interface Measured {
	execMs: number;
	nodeMs: number;
	ok: number;
	rejected: number;
	maxInFlight: number;
}

const REPEATS = Number(process.env.BENCH_THROUGHPUT_REPEATS ?? 3);

/** One warm-up execution, then REPEATS measured ones; the median one by execution time. */
async function measureMedian(
	bench: BenchStack,
	wf: WorkflowJson,
	warmUp: WorkflowJson,
	concurrency: number,
	requireAll = true,
): Promise<Measured & { runs: number[] }> {
	await measure(bench, await createWorkflow(bench, warmUp), concurrency, false);
	const id = await createWorkflow(bench, wf);
	const runs: Measured[] = [];
	for (let i = 0; i < REPEATS; i++) runs.push(await measure(bench, id, concurrency, requireAll));
	runs.sort((a, b) => a.execMs - b.execMs);
	return { ...runs[Math.floor(runs.length / 2)], runs: runs.map((r) => r.execMs) };
}

async function measure(
	bench: BenchStack,
	workflowId: string,
	concurrency: number,
	requireAll = true,
): Promise<Measured> {
	const { elevenlabs, server } = bench.sandbox;
	elevenlabs.reset();
	elevenlabs.maxConcurrent = concurrency;
	elevenlabs.ttsLatencyMs = LATENCY_MS;
	server.log.length = 0;
	const execution = await runManual(bench, workflowId);
	const tts = server.requests('elevenlabs', 'POST', '/v1/text-to-speech/{voice_id}');
	const timings = nodeTimings(execution, 'TTS');
	const first = Math.min(...timings.map((t) => t.startTime));
	const last = Math.max(...timings.map((t) => t.startTime + t.executionTime));
	const ok = tts.filter((r) => r.status === 200).length;
	const items = nodeItems(execution, 'TTS').length;
	// the sequential baseline and our node must produce every item
	if (requireAll && (ok < items || items === 0))
		throw new Error(`only ${ok} of ${items} TTS requests succeeded`);
	return {
		execMs: executionMs(execution),
		nodeMs: last - first,
		ok,
		rejected: tts.filter((r) => r.status === 429).length,
		maxInFlight: elevenlabs.maxInFlight,
	};
}

export const bench = {
	name: 'throughput',
	async run(): Promise<BenchResult> {
		const bench = await startBenchStack();
		try {
			const warmUpItems = 20;
			// the sequential baseline never has more than one request in flight: measured once
			const sequential = await measureMedian(
				bench,
				httpSequentialWorkflow(bench, ITEMS),
				httpSequentialWorkflow(bench, warmUpItems),
				1,
			);
			const rows: Row[] = [];
			for (const c of CONCURRENCY) {
				const limit = c / (LATENCY_MS / 1000);
				const ours = await measureMedian(
					bench,
					ourWorkflow(ITEMS, c),
					ourWorkflow(warmUpItems, c),
					c,
				);
				const batched = await measureMedian(
					bench,
					httpBatchedWorkflow(bench, ITEMS, c),
					httpBatchedWorkflow(bench, warmUpItems, c),
					c,
					false,
				);
				const rate = (m: Measured, ms: number) => m.ok / (ms / 1000);
				const seqRate = rate(sequential, sequential.execMs);
				/** `nodeOnly`: the TTS node's own span is shown; `okOnly`: 429s came back as items and do not count. */
				const row = (
					path: string,
					m: Measured & { runs: number[] },
					{ nodeOnly = true, okOnly = false } = {},
				): Row => {
					const perSecond = rate(m, m.execMs);
					return {
						C: c,
						path,
						'limit items/s': fmt(limit, 1),
						'execution s': fmt(m.execMs / 1000, 2),
						'items/s (execution)': `${fmt(perSecond, 2)}${okOnly ? ' (ok only)' : ''}`,
						'% of limit': `${fmt((100 * perSecond) / limit, 0)} %`,
						'items/s (TTS node only)': nodeOnly ? fmt(rate(m, m.nodeMs), 2) : '—',
						'% of limit (node)': nodeOnly ? `${fmt((100 * rate(m, m.nodeMs)) / limit, 0)} %` : '—',
						'× sequential': fmt(perSecond / seqRate, 2),
						'ok / 429s': `${m.ok} / ${m.rejected}`,
						'max in flight': m.maxInFlight,
						'runs s': m.runs.map((ms) => fmt(ms / 1000, 2)).join(' / '),
					};
				};
				rows.push(
					row('ElevenLabs node (Concurrency = C)', ours),
					row('HTTP Request, sequential (Loop Over Items, batch 1)', sequential, {
						nodeOnly: false,
					}),
					row(`HTTP Request, Batching ${c} items / ${LATENCY_MS} ms, Never Error`, batched, {
						okOnly: true,
					}),
				);
			}
			return {
				title: '1. Batch TTS throughput (real n8n 2.41.1, sandbox)',
				notes: [
					`${ITEMS} items (Manual → Set → Split Out → TTS), ${LATENCY_MS} ms generation latency per request inside the sandbox's concurrency window (elevenlabs.ttsLatencyMs), account limit = C concurrent requests (429 concurrent_limit_exceeded above it)`,
					'limit = C / latency; "execution" = n8n execution startedAt → stoppedAt (includes trigger, Set, Split Out); "TTS node only" = first start → last end of the TTS node runs in n8n\'s run data',
					'"× sequential" = items/s over the sequential HTTP Request baseline measured once in the same run (it never has more than 1 request in flight, so C does not affect it; its row repeats under each C)',
					'HTTP Request Batching only spaces request *starts*, it does not wait for a batch to finish; with "Never Error" a 429 is returned as an item, so only 200s count as done items',
					`each row: one warm-up execution of the same workflow with 20 items (JIT, sockets, node loading), then ${REPEATS} measured executions; the row shows the median one by execution time, "runs s" all of them (fastest first); the machine is shared, so single-digit-% differences are noise`,
				],
				rows,
			};
		} finally {
			await bench.stop();
		}
	},
};
