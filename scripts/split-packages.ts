/**
 * `npm run pack:split`: the single-service packages n8n's verification asks for, packed from the
 * same build (dist/) as the combined package:
 *
 *   packages/<name>/package.json   the package's manifest (name, description, its n8n block)
 *   packages/<name>/README.md      its npm page
 *   packages/<name>/{nodes,credentials,icons}/…   symlinks to the sources it ships, so the
 *                                  source leg of n8n's scanner finds them under the package root
 *
 * For each package the files it ships are collected from dist/: the node and credential files
 * of its n8n block, every file they `require()` relatively (the shared code is compiled into each
 * package), each node's codex file (`<Node>.node.json`, its `node` field renamed to this package)
 * and every `file:` icon a shipped file names. A require of anything but n8n-workflow or a Node
 * built-in fails the build, as does a missing file. The staged package is packed with `npm pack`.
 *
 * Usage: ts-node scripts/split-packages.ts [--out <dir>]   (default artifacts/split; needs dist/)
 */
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export const REPO_DIR = path.resolve(__dirname, '..');
export const PACKAGES_DIR = path.join(REPO_DIR, 'packages');

export interface SplitManifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
	[key: string]: unknown;
}

export interface PackedSplit {
	name: string;
	version: string;
	tgz: string;
	/** Paths inside the package (relative to its root), sorted. */
	files: string[];
	/** Node types as n8n registers them (`<package>.<node name>`). */
	nodeTypes: string[];
	credentialTypes: string[];
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The manifests under packages/ (one folder per single-service package). */
export function splitManifests(): SplitManifest[] {
	return readdirSync(PACKAGES_DIR)
		.filter((d) => existsSync(path.join(PACKAGES_DIR, d, 'package.json')))
		.sort()
		.map((d) => readJson<SplitManifest>(path.join(PACKAGES_DIR, d, 'package.json')));
}

const ALLOWED_BARE_REQUIRES = new Set(['n8n-workflow', ...builtinModules]);

/**
 * The dist/ files (relative to the repo) the entry files need: relative requires followed
 * transitively, codex files of node entries, and `file:` icons named anywhere in them.
 */
export function collectFiles(entries: string[], distRoot = REPO_DIR): string[] {
	const files = new Set<string>();
	const stack = entries.map((e) => path.resolve(distRoot, e));
	const requireRe = /require\((["'])([^"']+)\1\)/g;
	const iconRe = /["']file:([^"']+)["']/g;
	while (stack.length) {
		const file = stack.pop()!;
		if (files.has(file)) continue;
		if (!existsSync(file)) throw new Error(`missing ${path.relative(distRoot, file)}`);
		files.add(file);
		if (!file.endsWith('.js')) continue;
		const source = readFileSync(file, 'utf8');
		for (const [, , spec] of source.matchAll(requireRe)) {
			if (!spec.startsWith('.')) {
				const bare = spec.replace(/^node:/, '').split('/')[0];
				if (!ALLOWED_BARE_REQUIRES.has(bare))
					throw new Error(
						`${path.relative(distRoot, file)} requires "${spec}": a single-service package may only use n8n-workflow and Node built-ins`,
					);
				continue;
			}
			const base = path.resolve(path.dirname(file), spec);
			const target = [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')].find(
				(candidate) => existsSync(candidate) && statSync(candidate).isFile(),
			);
			if (!target)
				throw new Error(`${path.relative(distRoot, file)}: cannot resolve require("${spec}")`);
			stack.push(target);
		}
		for (const [, icon] of source.matchAll(iconRe))
			stack.push(path.resolve(path.dirname(file), icon));
		const codex = file.replace(/\.node\.js$/, '.node.json');
		if (codex !== file && existsSync(codex)) stack.push(codex);
	}
	return [...files].map((f) => path.relative(distRoot, f)).sort();
}

/** `<package>.<description.name>` for each node entry (the compiled class, loaded from dist/). */
function typesOf(manifest: SplitManifest) {
	const load = (file: string) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(REPO_DIR, file)) as Record<string, new () => unknown>;
		const Class = Object.values(mod).find((v) => typeof v === 'function');
		if (!Class) throw new Error(`${file} exports no class`);
		return new Class() as { description?: { name: string }; name?: string };
	};
	return {
		nodeTypes: manifest.n8n.nodes.map((f) => `${manifest.name}.${load(f).description!.name}`),
		credentialTypes: manifest.n8n.credentials.map((f) => String(load(f).name)),
	};
}

/** Stages and packs one single-service package into `outDir`. */
export function packOne(manifest: SplitManifest, outDir: string): PackedSplit {
	const root = readJson<{ version: string }>(path.join(REPO_DIR, 'package.json'));
	if (manifest.version !== root.version)
		throw new Error(
			`packages/${manifest.name}/package.json has version ${manifest.version}, the package ${root.version}: run scripts/release/set-version.js`,
		);
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const distFiles = collectFiles(entries);
	const stage = path.join(outDir, 'stage', manifest.name);
	rmSync(stage, { recursive: true, force: true });
	mkdirSync(stage, { recursive: true });
	for (const rel of distFiles) {
		const target = path.join(stage, rel);
		mkdirSync(path.dirname(target), { recursive: true });
		if (rel.endsWith('.node.json')) {
			const codex = readJson<{ node?: string }>(path.join(REPO_DIR, rel));
			if (codex.node) codex.node = `${manifest.name}.${codex.node.split('.').pop()}`;
			writeFileSync(target, `${JSON.stringify(codex, null, 2)}\n`);
		} else copyFileSync(path.join(REPO_DIR, rel), target);
	}
	copyFileSync(
		path.join(PACKAGES_DIR, manifest.name, 'package.json'),
		path.join(stage, 'package.json'),
	);
	copyFileSync(path.join(PACKAGES_DIR, manifest.name, 'README.md'), path.join(stage, 'README.md'));
	copyFileSync(path.join(REPO_DIR, 'LICENSE.md'), path.join(stage, 'LICENSE.md'));

	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{ cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' } },
	);
	const info = (JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>)[0];
	return {
		name: manifest.name,
		version: manifest.version,
		tgz: path.join(outDir, info.filename),
		files: info.files.map((f) => f.path).sort(),
		...typesOf(manifest),
	};
}

/** Packs every package under packages/ into `outDir` (dist/ must be built). */
export function packSplit(outDir = path.join(REPO_DIR, 'artifacts', 'split')): PackedSplit[] {
	mkdirSync(outDir, { recursive: true });
	const packed = splitManifests().map((m) => packOne(m, outDir));
	rmSync(path.join(outDir, 'stage'), { recursive: true, force: true });
	return packed;
}

if (require.main === module) {
	const i = process.argv.indexOf('--out');
	const outDir = path.resolve(
		i > 0 ? process.argv[i + 1] : path.join(REPO_DIR, 'artifacts', 'split'),
	);
	for (const p of packSplit(outDir)) {
		const kib = (readFileSync(p.tgz).length / 1024).toFixed(1);
		process.stdout.write(
			`${path.relative(process.cwd(), p.tgz)}  ${kib} KiB, ${p.files.length} files\n` +
				`  nodes: ${p.nodeTypes.join(', ')}\n  credentials: ${p.credentialTypes.join(', ')}\n`,
		);
	}
}
