/**
 * Benchmark 1b — batch TTS throughput of the ElevenLabs node alone: the same 100 items, 200 ms
 * latency and account concurrency C as benchmark 1, but in an in-process n8n-core execution
 * (test/harness.ts) instead of the real n8n server, so the n8n server's own CPU use on this
 * 2-core machine is out of the picture. Compare with benchmark 1 to see where time goes.
 */
import { outputOf, runWorkflow } from '../test/harness';
import { sandboxCredentials, startSandbox } from '../test/sandbox';
import { fmt, type BenchResult, type Row } from './table';

const ITEMS = 100;
const LATENCY_MS = 200;

export const bench = {
	name: 'throughput-inprocess',
	async run(): Promise<BenchResult> {
		const sandbox = await startSandbox();
		const rows: Row[] = [];
		try {
			const voiceId = sandbox.elevenlabs.voices[0].voice_id;
			const credentials = sandboxCredentials(sandbox);
			const input = Array.from({ length: ITEMS }, (_, i) => ({
				json: { text: `Item number ${i}.` },
			}));
			const node = (c: number) => ({
				name: 'TTS',
				type: 'elevenLabs',
				parameters: {
					resource: 'speech',
					operation: 'textToSpeech',
					voice: { __rl: true, mode: 'id', value: voiceId },
					modelId: 'eleven_flash_v2_5',
					text: '={{ $json.text }}',
					options: { concurrency: c },
				},
			});
			await runWorkflow({ nodes: [node(2)], credentials, input: input.slice(0, 10) }); // warm-up
			for (const c of [2, 5, 10]) {
				sandbox.elevenlabs.ttsLatencyMs = LATENCY_MS;
				sandbox.elevenlabs.maxConcurrent = c;
				const started = performance.now();
				const run = await runWorkflow({ nodes: [node(c)], credentials, input });
				const seconds = (performance.now() - started) / 1000;
				const done =
					run.status === 'success' ? outputOf(run, 'TTS').filter((i) => !i.json.error).length : 0;
				const limit = c / (LATENCY_MS / 1000);
				rows.push({
					C: c,
					'limit items/s': fmt(limit, 1),
					's for 100 items': fmt(seconds, 2),
					'items/s': fmt(done / seconds, 2),
					'% of limit': `${Math.round((done / seconds / limit) * 100)} %`,
					'ok items': done,
				});
			}
		} finally {
			await sandbox.stop();
		}
		return {
			title: '1b. Batch TTS throughput, in-process (ElevenLabs node only, no n8n server)',
			notes: [
				`${ITEMS} items, ${LATENCY_MS} ms sandbox latency inside the account's concurrency window, account limit = node Concurrency = C; one n8n-core execution per row after a 10-item warm-up`,
			],
			rows,
		};
	},
};
