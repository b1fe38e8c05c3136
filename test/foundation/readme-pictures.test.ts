/**
 * The README opens with two screenshots made by the real-browser editor check
 * (test/e2e/editor.e2e.test.ts) and copied into docs/images/ by `npm run screenshots`
 * (scripts/screenshots.sh), never edited by hand: both are linked before the first section, exist,
 * are PNGs of the editor check's viewport, and are the ones the script refreshes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const top = readme.slice(0, readme.indexOf('\n## '));
const PICTURES = ['docs/images/text-to-video-canvas.png', 'docs/images/heygen-generate-panel.png'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
	const bytes = readFileSync(path.join(REPO, file));
	expect(bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))).toBe(true);
	expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

it.each(PICTURES)('the README opens with %s', (file) => {
	expect(top).toContain(`](${file})`);
	// the editor check's viewport (1440 × 900)
	expect(pngSize(file)).toEqual({ width: 1440, height: 900 });
});

it('npm run screenshots refreshes exactly these from the editor check', () => {
	const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	};
	expect(pkg.scripts.screenshots).toBe('bash scripts/screenshots.sh');
	const script = readFileSync(path.join(REPO, 'scripts', 'screenshots.sh'), 'utf8');
	expect(script).toContain('test/e2e/editor.e2e.test.ts');
	for (const file of PICTURES) expect(script).toContain(`=${path.basename(file)}`);
	const editor = readFileSync(path.join(REPO, 'test', 'e2e', 'editor.e2e.test.ts'), 'utf8');
	// the shots the script copies are taken by the editor check
	expect(editor).toContain("shot('heygen-generate-video')");
	expect(editor).toContain('shot(`example-${');
});
