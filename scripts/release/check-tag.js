#!/usr/bin/env node
/**
 * Refuses a release whose tag is not the version being published: the tag (with or without a
 * leading "v") must equal the version of package.json and of every packages/<name>/package.json
 * (the single-service packages). Used by .github/workflows/publish.yml before anything is published.
 *
 * Usage: node scripts/release/check-tag.js <tag>      exit 0 when they match, 1 otherwise
 */
const { existsSync, readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..');

function versions() {
	const files = [path.join(repo, 'package.json')];
	const packagesDir = path.join(repo, 'packages');
	if (existsSync(packagesDir))
		for (const dir of readdirSync(packagesDir).sort()) {
			const file = path.join(packagesDir, dir, 'package.json');
			if (existsSync(file)) files.push(file);
		}
	return files.map((file) => {
		const pkg = JSON.parse(readFileSync(file, 'utf8'));
		return { file: path.relative(repo, file), name: pkg.name, version: pkg.version };
	});
}

function check(tag) {
	const wanted = String(tag ?? '')
		.trim()
		.replace(/^refs\/tags\//, '')
		.replace(/^v/, '');
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(wanted))
		return { ok: false, lines: [`"${tag}" is not a version tag (0.2.0, v0.2.0, 0.2.0-rc.1)`] };
	const all = versions();
	const wrong = all.filter((p) => p.version !== wanted);
	if (wrong.length)
		return {
			ok: false,
			lines: [
				`tag ${tag} does not match the version being published; nothing is published:`,
				...wrong.map((p) => `  ${p.file}: ${p.name}@${p.version}`),
				'Set the version with `node scripts/release/set-version.js <version>`, commit, and tag that commit.',
			],
		};
	return { ok: true, lines: all.map((p) => `${p.name}@${p.version} matches tag ${tag}`) };
}

module.exports = { check, versions };

if (require.main === module) {
	const result = check(process.argv[2]);
	(result.ok ? process.stdout : process.stderr).write(`${result.lines.join('\n')}\n`);
	process.exitCode = result.ok ? 0 : 1;
}
