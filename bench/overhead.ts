/**
 * Benchmark 4 — overhead: per-item time of our node vs the raw HTTP call it makes, against a
 * zero-latency sandbox, 1000 items, one after another. The node runs in a real n8n-core
 * execution (test/harness.ts, filesystem binary mode); the baseline is the same request made with
 * Node's fetch in a loop. Overhead = (node time − raw time) / items.
 */
import { outputOf, runWorkflow } from '../test/harness';
import { SANDBOX_HEYGEN_KEY, sandboxCredentials, startSandbox } from '../test/sandbox';
import { fmt, median, type BenchResult } from './table';

const ITEMS = Number(process.env.BENCH_OVERHEAD_ITEMS ?? 1000);
const ROUNDS = 3;

export const bench = {
	name: 'overhead',
	async run(): Promise<BenchResult> {
		const sandbox = await startSandbox({ latencyMs: 0 });
		try {
			const input = Array.from({ length: ITEMS }, (_, i) => ({ json: { i } }));
			const credentials = sandboxCredentials(sandbox);
			const url = `${sandbox.heyGenUrl}/v3/users/me`;
			// warm up both paths (module loading, JIT, keep-alive)
			await runWorkflow({
				nodes: [{ name: 'HG', type: 'heyGen', parameters: { resource: 'user', operation: 'get' } }],
				credentials,
				input: input.slice(0, 20),
			});
			for (let i = 0; i < 20; i++)
				await (await fetch(url, { headers: { 'x-api-key': SANDBOX_HEYGEN_KEY } })).json();

			const nodeMs: number[] = [];
			const rawMs: number[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				let t = process.hrtime.bigint();
				const run = await runWorkflow({
					nodes: [
						{ name: 'HG', type: 'heyGen', parameters: { resource: 'user', operation: 'get' } },
					],
					credentials,
					input,
				});
				nodeMs.push(Number(process.hrtime.bigint() - t) / 1e6);
				if (run.status !== 'success' || outputOf(run, 'HG').length !== ITEMS)
					throw new Error('node run failed');

				t = process.hrtime.bigint();
				for (let i = 0; i < ITEMS; i++) {
					const res = await fetch(url, { headers: { 'x-api-key': SANDBOX_HEYGEN_KEY } });
					await res.json();
				}
				rawMs.push(Number(process.hrtime.bigint() - t) / 1e6);
			}
			const node = median(nodeMs);
			const raw = median(rawMs);
			return {
				title: '4. Per-item overhead (HeyGen User → Get, zero-latency sandbox)',
				notes: [
					`${ITEMS} items per execution, sequential, median of ${ROUNDS} rounds; in-process n8n-core execution vs a fetch loop`,
					"overhead covers parameter resolution, credential injection, the retrying transport, n8n-core's HTTP helper (axios) and output assembly",
				],
				rows: [
					{ path: 'raw fetch loop', 'total ms': fmt(raw, 0), 'ms / item': fmt(raw / ITEMS, 3) },
					{
						path: 'HeyGen node in a workflow',
						'total ms': fmt(node, 0),
						'ms / item': fmt(node / ITEMS, 3),
					},
					{
						path: 'overhead',
						'total ms': fmt(node - raw, 0),
						'ms / item': fmt((node - raw) / ITEMS, 3),
					},
				],
			};
		} finally {
			await sandbox.stop();
		}
	},
};
