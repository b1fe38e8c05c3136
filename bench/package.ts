/**
 * Benchmark 6 — the package: tarball size and files (npm pack), install time into an n8n user
 * folder the way n8n installs community packages (scripts/n8n installPackage), and the cold
 * `require` time of each node and credential in a fresh Node process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { installPackage, REPO_DIR } from '../scripts/n8n/n8n';
import { fmt, median, type BenchResult, type Row } from './table';

function coldRequireMs(file: string, runs = 7): number {
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const out = spawnSync(
			process.execPath,
			[
				'-e',
				`const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
			],
			{ cwd: REPO_DIR, encoding: 'utf8' },
		);
		if (out.status !== 0) throw new Error(out.stderr);
		samples.push(Number(out.stdout));
	}
	return median(samples);
}

export const bench = {
	name: 'package',
	async run(): Promise<BenchResult> {
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
				cwd: REPO_DIR,
				encoding: 'utf8',
			}),
		)[0] as { size: number; unpackedSize: number; entryCount: number };
		const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
			dependencies?: Record<string, string>;
			n8n: { nodes: string[]; credentials: string[] };
		};

		const installs: number[] = [];
		for (let i = 0; i < 3; i++) {
			const dir = mkdtempSync(path.join(tmpdir(), 'bench-install-'));
			const started = process.hrtime.bigint();
			await installPackage(path.join(dir, 'user'), dir);
			installs.push(Number(process.hrtime.bigint() - started) / 1e6);
			rmSync(dir, { recursive: true, force: true });
		}

		const rows: Row[] = [
			{ metric: 'tarball size (npm pack)', value: `${fmt(packed.size / 1024, 1)} KiB` },
			{ metric: 'unpacked size', value: `${fmt(packed.unpackedSize / 1024, 1)} KiB` },
			{ metric: 'files in tarball', value: packed.entryCount },
			{ metric: 'runtime dependencies', value: Object.keys(pkg.dependencies ?? {}).length },
			{
				metric: 'install into an n8n user folder (pack + extract + register), median of 3',
				value: `${fmt(median(installs), 0)} ms`,
			},
		];
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			rows.push({
				metric: `cold require ${path.basename(file)} (median of 7)`,
				value: `${fmt(coldRequireMs(`./${file}`), 1)} ms`,
			});
		}
		return {
			title: '6. Package',
			notes: [
				'`npm pack --dry-run --json`; installs use scripts/n8n `installPackage` (what the e2e suite does); require times include loading n8n-workflow',
			],
			rows,
		};
	},
};
