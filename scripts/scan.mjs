#!/usr/bin/env node
/**
 * n8n's own scanner (@n8n/scan-community-package, the check n8n runs before verifying a community
 * package), offline: its `analyzePackage` on local folders instead of a download from npm.
 *
 *   source:<dir>    the package's sources, with the scanner's SOURCE_FILE_PATTERNS (package.json,
 *                   nodes/ and credentials/), as it lints the repository a package's provenance names
 *   tarball:<tgz>   an `npm pack` tarball, unpacked, with the patterns it uses on the published
 *                   package (compiled `**\/*.js` and package.json)
 *
 * For each leg it prints the scanner's verdict and, because the verdict only fails on errors, every
 * finding (errors and warnings) of the same ESLint configuration (the scanner's buildScanConfig).
 * Exits 1 when any leg fails or has any finding.
 *
 * Usage: node scripts/scan.mjs [--json] --all | source:<dir>|tarball:<tgz> ...
 *        npm run scan   (the repository, its tarball and the single-service packages)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';

// eslint-plugin-n8n-nodes-base treats every file as "Test.node.ts" when NODE_ENV=test (its own unit
// tests), which turns its filename rules into false findings; jest sets NODE_ENV=test for children.
// The plugin is loaded later (buildScanConfig imports it), so clearing it here is early enough.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

/** What analyzePackageByName lints in the downloaded tarball. */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** Every ESLint message of the scanner's configuration for these files (not just the errors). */
async function findings(dir, patterns) {
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) return { files: [], messages: [] };
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(files);
	const messages = results.flatMap((r) =>
		r.messages.map((m) => ({
			file: path.relative(dir, r.filePath),
			line: m.line,
			severity: m.severity === 2 ? 'error' : 'warning',
			rule: m.ruleId,
			message: m.message,
		})),
	);
	return { files: files.map((f) => path.relative(dir, f)).sort(), messages };
}

export async function scanLeg(spec) {
	const [kind, ...rest] = spec.split(':');
	const target = path.resolve(rest.join(':'));
	let dir = target;
	let cleanup = () => undefined;
	if (kind === 'tarball') {
		dir = mkdtempSync(path.join(tmpdir(), 'n8n-scan-'));
		cleanup = () => rmSync(dir, { recursive: true, force: true });
		execFileSync('tar', ['-xzf', target, '-C', dir, '--strip-components=1']);
	} else if (kind !== 'source') {
		throw new Error(`unknown leg "${spec}": use source:<dir> or tarball:<tgz>`);
	}
	try {
		const patterns = kind === 'tarball' ? TARBALL_FILE_PATTERNS : SOURCE_FILE_PATTERNS;
		const verdict = await analyzePackage(dir, patterns);
		const { files, messages } = await findings(dir, patterns);
		return {
			leg: spec,
			kind,
			passed: verdict.passed === true,
			message: verdict.message,
			details: verdict.details,
			files,
			messages,
		};
	} finally {
		cleanup();
	}
}

/**
 * --all: the repository's sources and its `npm pack` tarball, and each single-service package's
 * sources (packages/<name>) and tarball (artifacts/split, from `npm run pack:split`).
 */
function allLegs(tmp) {
	const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', tmp],
		{
			cwd: repo,
			encoding: 'utf8',
		},
	);
	const legs = [`source:${repo}`, `tarball:${path.join(tmp, JSON.parse(out)[0].filename)}`];
	for (const dir of readdirSync(path.join(repo, 'packages')).sort()) {
		const pkg = JSON.parse(readFileSync(path.join(repo, 'packages', dir, 'package.json'), 'utf8'));
		const tgz = path.join(repo, 'artifacts', 'split', `${pkg.name}-${pkg.version}.tgz`);
		if (!existsSync(tgz)) throw new Error(`${tgz} missing: run npm run pack:split`);
		legs.push(`source:${path.join(repo, 'packages', dir)}`, `tarball:${tgz}`);
	}
	return legs;
}

async function main(argv) {
	const json = argv.includes('--json');
	let legs = argv.filter((a) => a !== '--json' && a !== '--all');
	const tmp = mkdtempSync(path.join(tmpdir(), 'n8n-scan-pack-'));
	try {
		if (argv.includes('--all')) legs = allLegs(tmp);
		return await scanAndReport(legs, json);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

async function scanAndReport(legs, json) {
	if (legs.length === 0) {
		process.stderr.write(
			'usage: node scripts/scan.mjs [--json] --all | source:<dir>|tarball:<tgz> ...\n',
		);
		return 2;
	}
	const results = [];
	for (const leg of legs) results.push(await scanLeg(leg));
	if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
	else {
		for (const r of results) {
			const ok = r.passed && r.messages.length === 0;
			process.stdout.write(
				`${ok ? 'PASS' : 'FAIL'} ${r.leg}: scanner ${r.passed ? 'passed' : `failed (${r.message})`}, ` +
					`${r.files.length} files, ${r.messages.length} findings\n`,
			);
			for (const m of r.messages)
				process.stdout.write(`  ${m.file}:${m.line} ${m.severity} ${m.message} (${m.rule})\n`);
		}
	}
	return results.every((r) => r.passed && r.messages.length === 0) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	process.exitCode = await main(process.argv.slice(2));
}
