/* eslint-disable @n8n/community-nodes/require-node-api-error -- test code, not node code */
/**
 * n8n's own scanner (@n8n/scan-community-package, what n8n runs before it verifies a community
 * package) on everything this repository publishes, offline: its analyzePackage on the sources
 * and on each packed tarball (scripts/scan.mjs). Fails on any finding, warnings included.
 * A deliberately bad package shows the scan reports what it should.
 *
 * Needs dist/ (npm run build; npm test builds first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { packPackage } from '../../scripts/n8n/n8n';
import { PACKAGES_DIR, packSplit, type PackedSplit } from '../../scripts/split-packages';

const REPO = path.resolve(__dirname, '..', '..');

interface LegResult {
	leg: string;
	kind: 'source' | 'tarball';
	passed: boolean;
	message?: string;
	details?: string;
	files: string[];
	messages: Array<{ file: string; line: number; severity: string; rule: string; message: string }>;
}

async function scan(legs: string[]): Promise<LegResult[]> {
	try {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			[path.join(REPO, 'scripts', 'scan.mjs'), '--json', ...legs],
			{ cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
		);
		return JSON.parse(stdout) as LegResult[];
	} catch (error) {
		// exit 1 = findings: the JSON report is still on stdout
		const e = error as { code?: number; stdout?: string; stderr?: string };
		if (e.code === 1 && e.stdout) return JSON.parse(e.stdout) as LegResult[];
		throw new Error(`scripts/scan.mjs failed: ${e.stderr ?? String(error)}`);
	}
}

const describeFindings = (r: LegResult) =>
	[r.message, r.details, ...r.messages.map((m) => `${m.file}:${m.line} ${m.rule} ${m.message}`)]
		.filter(Boolean)
		.join('\n');

let tmp: string;
let results: Map<string, LegResult>;
let combinedTgz: string;
let split: PackedSplit[];

beforeAll(async () => {
	if (!existsSync(path.join(REPO, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run "npm run build" first');
	tmp = mkdtempSync(path.join(tmpdir(), 'scan-test-'));
	combinedTgz = (await packPackage(path.join(tmp, 'combined'))).tgz;
	split = packSplit(path.join(tmp, 'split'));
	const legs = [
		`source:${REPO}`,
		`tarball:${combinedTgz}`,
		...split.flatMap((p) => [`source:${path.join(PACKAGES_DIR, p.name)}`, `tarball:${p.tgz}`]),
	];
	results = new Map((await scan(legs)).map((r) => [r.leg, r]));
}, 5 * 60_000);

afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function expectClean(leg: string) {
	const r = results.get(leg);
	expect(r).toBeDefined();
	if (!r!.passed || r!.messages.length) throw new Error(`${leg}:\n${describeFindings(r!)}`);
	expect(r!.passed).toBe(true);
	expect(r!.messages).toEqual([]);
	return r!;
}

describe('n8n-nodes-heygen-elevenlabs', () => {
	it('sources: no finding (package.json, nodes/, credentials/)', () => {
		const r = expectClean(`source:${REPO}`);
		expect(r.files).toEqual(
			expect.arrayContaining([
				'package.json',
				'nodes/HeyGen/HeyGen.node.ts',
				'nodes/ElevenLabs/ElevenLabs.node.ts',
				'nodes/HeyGenTrigger/HeyGenTrigger.node.ts',
				'credentials/HeygenElevenlabsHeyGenApi.credentials.ts',
				'credentials/HeygenElevenlabsElevenLabsApi.credentials.ts',
			]),
		);
		// every TypeScript source under nodes/ and credentials/ was linted
		expect(r.files.filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(40);
	});

	it('packed tarball: no finding (compiled JavaScript and package.json)', () => {
		const r = expectClean(`tarball:${combinedTgz}`);
		const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(r.files).toEqual(
			expect.arrayContaining(['package.json', ...pkg.n8n.nodes, ...pkg.n8n.credentials]),
		);
	});
});

describe('single-service packages (npm run pack:split)', () => {
	it('there are two: HeyGen and ElevenLabs', () => {
		expect(split.map((p) => p.name).sort()).toEqual([
			'n8n-nodes-elevenlabs-tts',
			'n8n-nodes-heygen-avatar-video',
		]);
	});

	it.each(['n8n-nodes-heygen-avatar-video', 'n8n-nodes-elevenlabs-tts'])(
		'%s: sources and tarball without a finding',
		(name) => {
			const packed = split.find((p) => p.name === name)!;
			const source = expectClean(`source:${path.join(PACKAGES_DIR, name)}`);
			const tarball = expectClean(`tarball:${packed.tgz}`);
			// the source leg reaches the node sources through packages/<name>/nodes (symlinks): every
			// compiled file the package ships has its TypeScript source in that scan
			const shippedJs = packed.files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
			expect(shippedJs.length).toBeGreaterThan(10);
			for (const js of shippedJs) {
				expect(tarball.files).toContain(js);
				expect(source.files).toContain(js.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
			}
		},
	);
});

describe('the scan reports findings (control)', () => {
	it('a package with console, process, setTimeout, a restricted import and a runtime dependency fails', async () => {
		const dir = path.join(tmp, 'bad');
		mkdirSync(path.join(dir, 'nodes', 'Bad'), { recursive: true });
		writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({
				name: 'n8n-nodes-bad',
				version: '1.0.0',
				description: 'A package that breaks the rules',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				author: { name: 'x', email: 'x@example.com' },
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Bad/Bad.node.js'] },
				dependencies: { axios: '1.0.0' },
				peerDependencies: { 'n8n-workflow': '*' },
			}),
		);
		writeFileSync(
			path.join(dir, 'nodes', 'Bad', 'Bad.node.ts'),
			"import { readFileSync } from 'fs';\nconsole.log(process.env.KEY, readFileSync('/etc/hostname'));\nsetTimeout(() => undefined, 1);\n",
		);
		const [r] = await scan([`source:${dir}`]);
		expect(r.passed).toBe(false);
		expect(r.messages.map((m) => m.rule)).toEqual(
			expect.arrayContaining([
				'no-console',
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-restricted-imports',
				'@n8n/community-nodes/no-runtime-dependencies',
			]),
		);
	}, 120_000);
});
