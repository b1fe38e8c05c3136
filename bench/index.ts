/**
 * `npm run bench [-- --only name,name]`: runs the benchmarks, prints Markdown tables and writes
 * them to bench/results/latest.md (numbers measured on this machine in this run; nothing is
 * asserted — benchmarks never fail on timings).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { render, type BenchResult } from './table';

type Bench = { name: string; run: () => Promise<BenchResult> };

const BENCHES: Array<{ name: string; load: () => Promise<Bench> }> = [
	{ name: 'throughput', load: async () => (await import('./throughput')).bench },
	{
		name: 'throughput-inprocess',
		load: async () => (await import('./throughput-inprocess')).bench,
	},
	{ name: 'wait', load: async () => (await import('./wait')).bench },
	{ name: 'memory', load: async () => (await import('./memory')).bench },
	{ name: 'overhead', load: async () => (await import('./overhead')).bench },
	{ name: 'pipeline', load: async () => (await import('./pipeline')).bench },
	{ name: 'package', load: async () => (await import('./package')).bench },
];

async function main() {
	const args = process.argv.slice(2);
	const onlyIndex = args.indexOf('--only');
	const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : undefined;
	const header = [
		`# Benchmarks`,
		'',
		`Measured ${new Date().toISOString()} with \`npm run bench${only ? ` -- --only ${only.join(',')}` : ''}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
		'',
	].join('\n');
	process.stdout.write(header + '\n');
	const sections: string[] = [header];
	for (const entry of BENCHES) {
		if (only && !only.includes(entry.name)) continue;
		const bench = await entry.load();
		process.stderr.write(`[bench] ${bench.name}…\n`);
		const started = Date.now();
		try {
			const result = await bench.run();
			result.notes.push(`benchmark wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
			const text = render(result);
			process.stdout.write(text + '\n');
			sections.push(text);
		} catch (error) {
			const text = `### ${bench.name}\n\nFAILED: ${(error as Error).stack ?? String(error)}\n`;
			process.stdout.write(text + '\n');
			sections.push(text);
			process.exitCode = 1;
		}
	}
	const dir = path.join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		path.join(dir, only ? `partial-${only.join('-')}.md` : 'latest.md'),
		sections.join('\n'),
	);
}

void main().then(() => process.exit());
