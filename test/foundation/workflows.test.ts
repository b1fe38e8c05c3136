/**
 * The GitHub Actions workflows cannot run here, so their essentials are checked by parsing them:
 * CI runs the README's test command (.ci/run = npm ci + npm test) on pushes and pull requests;
 * publishing happens only on a version tag, only after the tag matched package.json and the whole
 * CI workflow passed, with an OIDC token (id-token: write) for trusted publishing and provenance.
 * The tag check itself (scripts/release/check-tag.js) is run for real.
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const REPO = path.resolve(__dirname, '..', '..');

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	name?: string;
	needs?: string | string[];
	uses?: string;
	'runs-on'?: string;
	permissions?: Record<string, string>;
	steps?: Step[];
}
interface Workflow {
	name: string;
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const load = (file: string) =>
	parse(readFileSync(path.join(REPO, '.github', 'workflows', file), 'utf8')) as Workflow;
const needsOf = (job: Job) => [job.needs ?? []].flat();

describe('.github/workflows/ci.yml', () => {
	const ci = load('ci.yml');

	it('runs on pushes, pull requests and when publish.yml calls it', () => {
		expect(Object.keys(ci.on)).toEqual(
			expect.arrayContaining(['push', 'pull_request', 'workflow_call']),
		);
	});

	it('runs .ci/run, the same steps as the CI entry point (npm ci, then npm test)', () => {
		const steps = Object.values(ci.jobs).flatMap((j) => j.steps ?? []);
		expect(steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(true);
		const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		// the oldest Node package.json's engines allow (>=20.19)
		expect(String(setupNode?.with?.['node-version'])).toBe('20');
		expect(steps.map((s) => s.run?.trim())).toContain('bash .ci/run');

		const ciRun = readFileSync(path.join(REPO, '.ci', 'run'), 'utf8');
		expect(ciRun).toMatch(/^\s*npm ci\b/m);
		expect(ciRun).toMatch(/\bnpm test\b/);
		const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		// npm test = lint, build, the in-process suites, then the real-n8n suite
		expect(pkg.scripts.test).toMatch(/npm run lint && npm run build && .*scripts\/ci-e2e\.sh/);
	});

	it('has read-only repository access', () => {
		expect(ci.permissions).toEqual({ contents: 'read' });
	});
});

describe('.github/workflows/publish.yml', () => {
	const publish = load('publish.yml');
	const jobs = publish.jobs;
	const publishJob = Object.values(jobs).find((j) =>
		(j.steps ?? []).some((s) => /npm (run release|publish)/.test(s.run ?? '')),
	)!;
	const steps = publishJob?.steps ?? [];
	const indexOf = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ''));

	it('runs only on version tags', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		const push = publish.on.push as { tags?: string[]; branches?: string[] };
		expect(push.branches).toBeUndefined();
		expect(push.tags?.length).toBeGreaterThan(0);
		// GitHub's filter syntax: [0-9]+ is one or more digits, * any suffix (pre-releases)
		const toRegExp = (glob: string) =>
			new RegExp(`^${glob.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`);
		const matches = (tag: string) => push.tags!.some((g) => toRegExp(g).test(tag));
		for (const tag of ['0.1.0', 'v0.1.0', '1.2.3-rc.1']) expect(matches(tag)).toBe(true);
		for (const tag of ['latest', 'release-1', 'vnext']) expect(matches(tag)).toBe(false);
	});

	it('the publishing job has id-token: write (OIDC trusted publishing + provenance) and read-only contents', () => {
		expect(publishJob).toBeDefined();
		expect(publishJob.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		// no other job (and not the workflow) can mint an OIDC token
		expect(publish.permissions?.['id-token']).toBeUndefined();
		for (const job of Object.values(jobs))
			if (job !== publishJob) expect(job.permissions?.['id-token']).toBeUndefined();
	});

	it('publishes with provenance: @n8n/node-cli release (NPM_CONFIG_PROVENANCE) and npm publish --provenance', () => {
		const release = steps.find((s) => /\bnpm run release\b/.test(s.run ?? ''));
		expect(release).toBeDefined();
		expect(release!.env?.NPM_CONFIG_PROVENANCE).toBe('true');
		const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		expect(pkg.scripts.release).toBe('n8n-node release');
		// in GitHub Actions `n8n-node release` runs lint, build and `npm publish` with provenance on
		const cli = readFileSync(
			path.join(REPO, 'node_modules', '@n8n', 'node-cli', 'dist', 'commands', 'release.js'),
			'utf8',
		);
		expect(cli).toMatch(/GITHUB_ACTIONS/);
		expect(cli).toMatch(/NPM_CONFIG_PROVENANCE: 'true'/);

		for (const step of steps.filter((s) => /\bnpm publish\b/.test(s.run ?? '')))
			expect(step.run).toMatch(/--provenance/);
		// trusted publishing needs npm >= 11.5.1 (Node 24 ships it) and the npm registry
		const setupNode = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
		expect(Number(setupNode?.with?.['node-version'])).toBeGreaterThanOrEqual(24);
		expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('publishes the single-service packages from the same run', () => {
		const packIndex = indexOf(/npm run pack:split/);
		const publishSplit = indexOf(/npm publish "\$tgz"/);
		expect(packIndex).toBeGreaterThan(-1);
		expect(publishSplit).toBeGreaterThan(packIndex);
		expect(steps[publishSplit].run).toMatch(/artifacts\/split\/\*\.tgz/);
	});

	it('publishes only after the tag check and the whole CI workflow (tests) passed', () => {
		const needs = needsOf(publishJob);
		const testJob = Object.entries(jobs).find(([, j]) => j.uses === './.github/workflows/ci.yml');
		expect(testJob).toBeDefined();
		expect(needs).toContain(testJob![0]);
		const versionJob = Object.entries(jobs).find(([, j]) =>
			(j.steps ?? []).some((s) => /scripts\/release\/check-tag\.js/.test(s.run ?? '')),
		);
		expect(versionJob).toBeDefined();
		expect(needs).toContain(versionJob![0]);
		// the tests run for the tagged commit only once the tag is known to be right
		expect(needsOf(testJob![1])).toContain(versionJob![0]);
		// and the publishing job checks again before its first publish
		const check = indexOf(/scripts\/release\/check-tag\.js "\$GITHUB_REF_NAME"/);
		expect(check).toBeGreaterThan(-1);
		expect(check).toBeLessThan(indexOf(/\bnpm run release\b/));
	});
});

describe('scripts/release/check-tag.js (run by publish.yml)', () => {
	const run = (cwd: string, tag: string) => {
		try {
			const out = execFileSync('node', [path.join(cwd, 'scripts/release/check-tag.js'), tag], {
				encoding: 'utf8',
				stdio: 'pipe',
			});
			return { code: 0, out };
		} catch (error) {
			const e = error as { status: number; stderr: string };
			return { code: e.status, out: e.stderr };
		}
	};
	const version = (
		JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }
	).version;

	it('accepts the version of package.json, with or without a leading v', () => {
		expect(run(REPO, version).code).toBe(0);
		expect(run(REPO, `v${version}`).code).toBe(0);
	});

	it('refuses another version and a tag that is no version', () => {
		const other = run(REPO, '999.0.0');
		expect(other.code).toBe(1);
		expect(other.out).toMatch(/does not match.*nothing is published/);
		expect(run(REPO, 'latest').code).toBe(1);
	});

	it('scripts/release/set-version.js writes the version everywhere the tag check reads it (and only that)', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'set-version-'));
		try {
			cpSync(path.join(REPO, 'scripts', 'release'), path.join(dir, 'scripts', 'release'), {
				recursive: true,
			});
			const files = ['package.json', 'package-lock.json'];
			for (const name of readdirSync(path.join(REPO, 'packages')))
				files.push(path.join('packages', name, 'package.json'));
			for (const file of files) {
				mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
				cpSync(path.join(REPO, file), path.join(dir, file));
			}
			execFileSync('node', [path.join(dir, 'scripts/release/set-version.js'), '7.8.9-rc.1'], {
				stdio: 'pipe',
			});
			expect(run(dir, 'v7.8.9-rc.1').code).toBe(0);
			for (const file of files) {
				const before = readFileSync(path.join(REPO, file), 'utf8').split('\n');
				const after = readFileSync(path.join(dir, file), 'utf8').split('\n');
				expect(after).toHaveLength(before.length);
				const changed = after.filter((line, i) => line !== before[i]);
				expect(changed.length).toBeGreaterThan(0);
				for (const line of changed) expect(line).toMatch(/^\s*"version": "7\.8\.9-rc\.1",$/);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses when a single-service package has another version than package.json', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'check-tag-'));
		try {
			cpSync(path.join(REPO, 'scripts', 'release'), path.join(dir, 'scripts', 'release'), {
				recursive: true,
			});
			writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'a', version }));
			mkdirSync(path.join(dir, 'packages', 'b'), { recursive: true });
			writeFileSync(
				path.join(dir, 'packages', 'b', 'package.json'),
				JSON.stringify({ name: 'b', version: '0.0.1-old' }),
			);
			const result = run(dir, version);
			expect(result.code).toBe(1);
			expect(result.out).toContain('packages/b/package.json: b@0.0.1-old');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
