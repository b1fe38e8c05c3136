// Copies the static assets tsc does not emit (SVG/PNG icons) into dist/, next to the compiled
// nodes and credentials. Codex files (*.node.json) are emitted by tsc via "nodes/**/*.json".
const { src, dest, task } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', buildIcons);
