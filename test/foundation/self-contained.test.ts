/**
 * The repository is self-contained: a user cloning it has nothing beside it, so nothing in the
 * product, the tests, the demo, the benchmarks or CI may read a folder outside it (the fresh-clone
 * e2e test proves the README's commands that way; this is the fast check).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CONTRACTS_DIR } from '../sandbox/contracts';

const REPO = path.resolve(__dirname, '..', '..');

function repositoryFiles(): string[] {
	return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
		cwd: REPO,
	})
		.toString('utf8')
		.split('\0')
		.filter(Boolean);
}

describe('the repository is self-contained', () => {
	it('no code, script or config refers to a folder beside the checkout', () => {
		const code = repositoryFiles().filter(
			(f) =>
				/\.(ts|js|mjs|cjs|sh|json|ya?ml)$/.test(f) &&
				!f.startsWith('test/fixtures/') &&
				!f.endsWith('package-lock.json'),
		);
		expect(code.length).toBeGreaterThan(50);
		const offenders: string[] = [];
		for (const file of code) {
			const text = readFileSync(path.join(REPO, file), 'utf8');
			text.split('\n').forEach((line, i) => {
				if (/shared\/(contracts|reference|hooks)|CONTRACTS_DIR\s*=\s*process\.env/.test(line))
					offenders.push(`${file}:${i + 1}: ${line.trim()}`);
			});
		}
		expect(offenders).toEqual([]);
	});

	it('reads the API contracts from test/fixtures/contracts, whose README names each file and its checksum', () => {
		expect(path.relative(REPO, CONTRACTS_DIR)).toBe(path.join('test', 'fixtures', 'contracts'));
		const readme = readFileSync(path.join(CONTRACTS_DIR, 'README.md'), 'utf8');
		const files = [
			'heygen-v3-endpoints.json',
			'heygen-v3-translate-lipsync.json',
			'elevenlabs-openapi-2025-08.json',
		];
		for (const file of files) {
			const row = readme.split('\n').find((l) => l.startsWith(`| \`${file}\``));
			expect(row).toBeDefined();
			const [, head, tail] = /`([0-9a-f]{8})…([0-9a-f]{4})`/.exec(row!) ?? [];
			const sha = createHash('sha256')
				.update(readFileSync(path.join(CONTRACTS_DIR, file)))
				.digest('hex');
			expect(`${sha.slice(0, 8)}…${sha.slice(-4)}`).toBe(`${head}…${tail}`);
		}
	});
});
