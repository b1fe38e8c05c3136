/**
 * The README's quick start the way a newcomer meets it: the repository's files (what `git clone`
 * gives: tracked and not-ignored files, no node_modules, no dist/, nothing beside the folder) in an
 * empty temporary folder, an empty runtime cache (N8N_CACHE_DIR), then
 *   npm ci  →  npm run n8n:install  →  npm run demo  →  an MP4 (and SRT/VTT) in output/.
 * `npm run n8n:install` goes through `npm run`, which exports this repo's .npmrc settings
 * (ignore-scripts=true) to the installer; the installer must still build sqlite3. Nothing outside
 * the copied folder may be needed (the API contracts live in test/fixtures/contracts).
 *
 * Costs a few minutes (a full n8n install into the empty cache; the npm download cache is shared).
 * FRESH_CLONE_KEEP=1 keeps the folder for inspection.
 */
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	statSync,
	symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { REPO_DIR } from '../../scripts/n8n/n8n';
import { run } from '../../scripts/n8n/processes';

jest.setTimeout(45 * 60_000);

/** The files a clone of this working tree has: tracked plus untracked-but-not-ignored. */
function repositoryFiles(): string[] {
	const out = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
		{ cwd: REPO_DIR },
	);
	return (
		out
			.toString('utf8')
			.split('\0')
			.filter((f) => f && existsSync(path.join(REPO_DIR, f)))
			// a git worktree may link node_modules from another checkout; a clone never has it
			.filter((f) => f !== 'node_modules')
	);
}

/** Drops the npm settings this process inherited from a parent `npm run`, as a fresh shell has none. */
function freshEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(npm_|init_cwd$|n8n_e2e_package_tgz$|test_totals_file$)/i.test(k)) continue;
		env[k] = v;
	}
	return { ...env, ...extra };
}

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

describe('a fresh clone in an empty folder with an empty runtime cache', () => {
	const root = mkdtempSync(path.join(tmpdir(), 'fresh-clone-'));
	const repo = path.join(root, 'repo');
	const cache = path.join(root, 'runtime-cache');
	const log = (m: string) => process.stderr.write(`[fresh-clone] ${m}\n`);
	const times: Record<string, string> = {};

	beforeAll(() => {
		for (const file of repositoryFiles()) {
			const target = path.join(repo, file);
			mkdirSync(path.dirname(target), { recursive: true });
			const source = path.join(REPO_DIR, file);
			// symlinks stay symlinks, as in a clone (packages/<name>/nodes/… point at the sources)
			if (lstatSync(source).isSymbolicLink()) symlinkSync(readlinkSync(source), target);
			else copyFileSync(source, target);
		}
		log(`copied the repository into ${repo}; beside it: ${readdirSync(root).join(', ')}`);
	});

	afterAll(() => {
		log(`wall times: ${JSON.stringify(times)}`);
		if (process.env.FRESH_CLONE_KEEP === '1') log(`kept ${root}`);
		else rmSync(root, { recursive: true, force: true });
	});

	it('has nothing beside the repository and no installed or built files', () => {
		expect(readdirSync(root)).toEqual(['repo']);
		for (const absent of ['node_modules', 'dist', 'output', 'artifacts'])
			expect(existsSync(path.join(repo, absent))).toBe(false);
		expect(existsSync(cache)).toBe(false);
		expect(
			existsSync(path.join(repo, 'test', 'fixtures', 'contracts', 'heygen-v3-endpoints.json')),
		).toBe(true);
	});

	it('npm ci, then npm run n8n:install into the empty cache, then npm run demo writes the MP4 and subtitles', async () => {
		const env = freshEnv({ N8N_CACHE_DIR: cache, CI: 'true' });
		let t = Date.now();
		await run('npm', ['ci', '--no-audit', '--no-fund'], {
			cwd: repo,
			env,
			quiet: true,
			timeoutMs: 15 * 60_000,
		});
		times['npm ci'] = elapsed(t);
		log(`npm ci: ${times['npm ci']}`);

		t = Date.now();
		const install = await run('npm', ['run', 'n8n:install'], {
			cwd: repo,
			env,
			quiet: true,
			timeoutMs: 30 * 60_000,
		});
		times['npm run n8n:install'] = elapsed(t);
		log(`npm run n8n:install: ${times['npm run n8n:install']}`);
		expect(install.stdout).toMatch(/N8N_RUNTIME_READY /);
		// a few progress lines, not npm's hundreds of warnings
		const progress = install.stderr.split('\n').filter((l) => l.startsWith('[n8n-install'));
		expect(progress.length).toBeGreaterThanOrEqual(3);
		expect(install.stderr.split('\n').filter((l) => /npm warn/i.test(l))).toEqual([]);
		const runtime = readdirSync(cache).find((d) => d.startsWith('n8n-'));
		expect(runtime).toBeDefined();
		expect(
			existsSync(
				path.join(
					cache,
					runtime!,
					'node_modules',
					'sqlite3',
					'build',
					'Release',
					'node_sqlite3.node',
				),
			),
		).toBe(true);

		t = Date.now();
		await run('npm', ['run', 'demo'], { cwd: repo, env, quiet: true, timeoutMs: 15 * 60_000 });
		times['npm run demo'] = elapsed(t);
		log(`npm run demo: ${times['npm run demo']}`);

		const files = readdirSync(path.join(repo, 'output'));
		const mp4 = files.find((f) => f.endsWith('.mp4'));
		expect(mp4).toBeDefined();
		const video = readFileSync(path.join(repo, 'output', mp4!));
		expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(statSync(path.join(repo, 'output', mp4!)).size).toBeGreaterThan(1000);
		expect(files.some((f) => f.endsWith('.srt'))).toBe(true);
		expect(files.some((f) => f.endsWith('.vtt'))).toBe(true);
	});
});
