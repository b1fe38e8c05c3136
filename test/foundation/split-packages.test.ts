/**
 * `npm run pack:split` (scripts/split-packages.ts): two self-contained single-service tarballs
 * from the same build as the combined package. Checked here on the tarballs' contents; the e2e
 * suite (test/e2e/split-packages.e2e.test.ts) installs each into a real n8n and runs it.
 *
 * Needs dist/ (npm run build; npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	realpathSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	collectFiles,
	PACKAGES_DIR,
	packSplit,
	splitManifests,
	type PackedSplit,
} from '../../scripts/split-packages';

const REPO = path.resolve(__dirname, '..', '..');
const root = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	version: string;
	author: unknown;
	license: string;
	repository: { url: string };
	n8n: { nodes: string[]; credentials: string[] };
};

let tmp: string;
let packed: PackedSplit[];
const extracted = new Map<string, string>();

beforeAll(() => {
	if (!existsSync(path.join(REPO, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run "npm run build" first');
	tmp = mkdtempSync(path.join(tmpdir(), 'split-test-'));
	packed = packSplit(path.join(tmp, 'out'));
	for (const p of packed) {
		const dir = path.join(tmp, 'x', p.name);
		mkdirSync(dir, { recursive: true });
		execFileSync('tar', ['-xzf', p.tgz, '-C', dir, '--strip-components=1']);
		extracted.set(p.name, dir);
	}
}, 120_000);

afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const byName = (name: string) => packed.find((p) => p.name === name)!;
const walk = (dir: string, base = dir): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? walk(path.join(dir, e.name), base)
			: [path.relative(base, path.join(dir, e.name))],
	);

describe('the two tarballs', () => {
	it('HeyGen: the HeyGen node, the HeyGen Trigger and the HeyGen credential, nothing of ElevenLabs', () => {
		const p = byName('n8n-nodes-heygen-avatar-video');
		expect(path.basename(p.tgz)).toBe(`n8n-nodes-heygen-avatar-video-${root.version}.tgz`);
		expect(p.nodeTypes).toEqual([
			'n8n-nodes-heygen-avatar-video.heyGen',
			'n8n-nodes-heygen-avatar-video.heyGenTrigger',
		]);
		expect(p.credentialTypes).toEqual(['heygenElevenlabsHeyGenApi']);
		expect(p.files.filter((f) => /elevenlabs/i.test(f.replace('HeygenElevenlabs', '')))).toEqual(
			[],
		);
	});

	it('ElevenLabs: the ElevenLabs node and the ElevenLabs credential, nothing of HeyGen', () => {
		const p = byName('n8n-nodes-elevenlabs-tts');
		expect(path.basename(p.tgz)).toBe(`n8n-nodes-elevenlabs-tts-${root.version}.tgz`);
		expect(p.nodeTypes).toEqual(['n8n-nodes-elevenlabs-tts.elevenLabs']);
		expect(p.credentialTypes).toEqual(['heygenElevenlabsElevenLabsApi']);
		expect(p.files.filter((f) => /heygen/i.test(f) && !/HeygenElevenlabs/.test(f))).toEqual([]);
	});

	it('together they ship every node and credential of the combined package', () => {
		const shipped = packed.flatMap((p) => p.files);
		for (const file of [...root.n8n.nodes, ...root.n8n.credentials])
			expect(shipped).toContain(file);
	});

	it.each(['n8n-nodes-heygen-avatar-video', 'n8n-nodes-elevenlabs-tts'])(
		'%s: a valid community package manifest with zero runtime dependencies',
		(name) => {
			const pkg = JSON.parse(readFileSync(path.join(extracted.get(name)!, 'package.json'), 'utf8'));
			expect(pkg).toEqual(
				expect.objectContaining({
					name,
					version: root.version,
					license: root.license,
					author: root.author,
					files: ['dist'],
					peerDependencies: { 'n8n-workflow': '*' },
				}),
			);
			expect(pkg.keywords).toContain('n8n-community-node-package');
			expect(pkg.repository).toEqual(
				expect.objectContaining({ url: root.repository.url, directory: `packages/${name}` }),
			);
			expect(pkg.dependencies).toBeUndefined();
			for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
				expect(existsSync(path.join(extracted.get(name)!, file))).toBe(true);
			expect(existsSync(path.join(extracted.get(name)!, 'README.md'))).toBe(true);
			expect(existsSync(path.join(extracted.get(name)!, 'LICENSE.md'))).toBe(true);
		},
	);

	it.each(['n8n-nodes-heygen-avatar-video', 'n8n-nodes-elevenlabs-tts'])(
		'%s: self-contained: every require resolves inside the tarball or is n8n-workflow / a Node built-in',
		(name) => {
			const dir = extracted.get(name)!;
			const files = walk(dir);
			const allowed = new Set(['n8n-workflow', ...builtinModules]);
			let checked = 0;
			for (const file of files.filter((f) => f.endsWith('.js'))) {
				const source = readFileSync(path.join(dir, file), 'utf8');
				for (const [, spec] of source.matchAll(/require\(["']([^"']+)["']\)/g)) {
					checked++;
					if (!spec.startsWith('.')) {
						expect(allowed.has(spec.replace(/^node:/, '').split('/')[0])).toBe(true);
						continue;
					}
					const base = path.join(path.dirname(file), spec);
					const hit = [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')].some((c) =>
						files.includes(c),
					);
					if (!hit) throw new Error(`${name}: ${file} requires ${spec}, not in the tarball`);
				}
				// icons named by a shipped file are shipped too
				for (const [, icon] of source.matchAll(/["']file:([^"']+)["']/g))
					expect(files).toContain(path.join(path.dirname(file), icon));
			}
			expect(checked).toBeGreaterThan(20);
			// the shared code is compiled into each package
			expect(files.some((f) => f.startsWith('dist/nodes/shared/'))).toBe(true);
		},
	);

	it("codex files name the package's own node type", () => {
		for (const p of packed) {
			const codexFiles = p.files.filter((f) => f.endsWith('.node.json'));
			expect(codexFiles.length).toBe(p.nodeTypes.length);
			for (const f of codexFiles) {
				const codex = JSON.parse(readFileSync(path.join(extracted.get(p.name)!, f), 'utf8'));
				expect(p.nodeTypes).toContain(codex.node);
			}
		}
	});
});

describe('packages/<name> (what n8n verification scans as the source of each package)', () => {
	it('each manifest has the version of package.json', () => {
		const manifests = splitManifests();
		expect(manifests.map((m) => m.name).sort()).toEqual([
			'n8n-nodes-elevenlabs-tts',
			'n8n-nodes-heygen-avatar-video',
		]);
		for (const m of manifests) expect(m.version).toBe(root.version);
	});

	it('its nodes/, credentials/ and icons/ links point into the repository sources and cover what the package ships', () => {
		for (const m of splitManifests()) {
			const dir = path.join(PACKAGES_DIR, m.name);
			for (const sub of ['nodes', 'credentials', 'icons'])
				for (const entry of readdirSync(path.join(dir, sub))) {
					const link = path.join(dir, sub, entry);
					expect(lstatSync(link).isSymbolicLink()).toBe(true);
					expect(realpathSync(link)).toBe(path.join(REPO, sub, entry));
				}
			// every compiled file it ships comes from a source reachable under packages/<name>
			for (const file of collectFiles([...m.n8n.nodes, ...m.n8n.credentials]).filter((f) =>
				f.endsWith('.js'),
			)) {
				const source = path.join(dir, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
				if (!existsSync(source))
					throw new Error(`${m.name} ships ${file} but ${path.relative(REPO, source)} is missing`);
			}
		}
	});

	it('a build that needs a third-party module is refused', () => {
		const dir = path.join(tmp, 'fake-dist');
		mkdirSync(path.join(dir, 'dist'), { recursive: true });
		writeFileSync(
			path.join(dir, 'dist', 'a.node.js'),
			'const x = require("axios");\nconst y = require("./b");\n',
		);
		writeFileSync(path.join(dir, 'dist', 'b.js'), '');
		expect(() => collectFiles(['dist/a.node.js'], dir)).toThrow(/requires "axios"/);
	});
});
