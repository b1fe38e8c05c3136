#!/usr/bin/env node
/**
 * Sets the release version everywhere it is written: package.json, package-lock.json (its own
 * entries) and packages/<name>/package.json (the single-service packages). Step 1 of README
 * "Releasing"; scripts/release/check-tag.js checks the same files against the tag.
 *
 * Usage: node scripts/release/set-version.js <version>
 */
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const { versions } = require('./check-tag');

const repo = path.resolve(__dirname, '..', '..');
const version = String(process.argv[2] ?? '').replace(/^v/, '');
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
	process.stderr.write('usage: node scripts/release/set-version.js <version, e.g. 0.2.0>\n');
	process.exit(2);
}

/** Rewrites only the top-level "version" line, so the file's formatting stays as it is. */
function setTopLevelVersion(file, indent) {
	const text = readFileSync(file, 'utf8');
	const re = new RegExp(`^(${indent}"version":\\s*)"[^"]*"`, 'm');
	if (!re.test(text)) throw new Error(`no top-level "version" in ${file}`);
	writeFileSync(file, text.replace(re, `$1"${version}"`));
}

for (const { file } of versions()) setTopLevelVersion(path.join(repo, file), '\t');

const lockFile = path.join(repo, 'package-lock.json');
const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
lock.version = version;
lock.packages[''].version = version;
writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);

process.stdout.write(
	`version ${version}: ${versions()
		.map((p) => p.file)
		.join(', ')}, package-lock.json\n`,
);
