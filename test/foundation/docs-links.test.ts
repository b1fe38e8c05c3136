/**
 * The "Docs" links of the node panels (codex files' resources) and every other link into the
 * README (credentials, examples, package.json, the README's own `(#…)` links) point at a heading
 * that exists, with GitHub's anchor rules: lower case; punctuation other than `-` and `_` dropped;
 * each space a `-`; a repeated heading gets `-1`, `-2`, …
 * (https://docs.github.com/en/get-started/writing-on-github/getting-started-with-writing-and-formatting-on-github/basic-writing-and-formatting-syntax#section-links).
 * Also: the collection placeholders of every node are in one casing ("Add option").
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

const REPO = path.resolve(__dirname, '..', '..');
const README_URL = 'https://github.com/n8n-nodes-heygen-elevenlabs/n8n-nodes-heygen-elevenlabs';

/** GitHub's anchor for a heading's text. */
function githubAnchor(heading: string): string {
	return heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) → text
		.replace(/<[^>]+>/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors of a Markdown document's headings (fenced code skipped, repeats numbered). */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m) continue;
		const base = githubAnchor(m[1]);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n ? `${base}-${n}` : base);
	}
	return anchors;
}

function files(dir: string, test: (name: string) => boolean): string[] {
	return readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
		.filter(test)
		.map((f) => path.join(dir, f));
}

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const anchors = headingAnchors(readme);

describe('links into the README', () => {
	it("GitHub's anchor rules", () => {
		expect(githubAnchor('HeyGen node (API v3)')).toBe('heygen-node-api-v3');
		expect(githubAnchor('Live check (for people with API keys)')).toBe(
			'live-check-for-people-with-api-keys',
		);
		expect(githubAnchor('`Asset` → Upload')).toBe('asset--upload');
		expect([...headingAnchors('# A\n## A\n```\n# A\n```\n## A')]).toEqual(['a', 'a-1', 'a-2']);
	});

	it("every node's codex Docs link points at a README heading", () => {
		const codex = files('nodes', (f) => f.endsWith('.node.json'));
		expect(codex.length).toBe(3);
		const docs = codex.map((file) => {
			const json = JSON.parse(readFileSync(path.join(REPO, file), 'utf8')) as {
				resources: { primaryDocumentation: Array<{ url: string }> };
			};
			const [base, anchor] = json.resources.primaryDocumentation[0].url.split('#');
			return { file, base, anchor };
		});
		expect(docs.every((d) => d.base === README_URL)).toBe(true);
		expect(docs.filter((d) => !anchors.has(d.anchor))).toEqual([]);
	});

	it('every other link into the README (credentials, examples, package.json, README) exists', () => {
		const sources = [
			'README.md',
			'package.json',
			...files('nodes', (f) => /\.(ts|json)$/.test(f)),
			...files('credentials', (f) => f.endsWith('.ts')),
			...files('examples', (f) => f.endsWith('.json')),
		];
		const links: Array<{ file: string; anchor: string }> = [];
		const escaped = README_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
		for (const file of sources) {
			const text = readFileSync(path.join(REPO, file), 'utf8');
			for (const m of text.matchAll(
				new RegExp(`${escaped}(?:/blob/[^/]+/README\\.md)?#([\\w-]+)`, 'g'),
			))
				links.push({ file, anchor: m[1] });
			if (file === 'README.md')
				for (const m of text.matchAll(/\]\(#([^)\s]+)\)/g)) links.push({ file, anchor: m[1] });
		}
		expect(links.length).toBeGreaterThan(3);
		// `#readme` is GitHub's own anchor of the repository page's README (package.json homepage)
		const broken = links.filter((l) => l.anchor !== 'readme' && !anchors.has(l.anchor));
		expect(broken).toEqual([]);
	});
});

describe('node panel wording', () => {
	it.each([
		['HeyGen', 'dist/nodes/HeyGen/HeyGen.node.js'],
		['ElevenLabs', 'dist/nodes/ElevenLabs/ElevenLabs.node.js'],
		['HeyGenTrigger', 'dist/nodes/HeyGenTrigger/HeyGenTrigger.node.js'],
	])(
		'%s: collection placeholders read "Add option", "Add filter", … (one casing)',
		async (name, file) => {
			const module = (await import(path.join(REPO, file))) as Record<
				string,
				new () => { description: INodeTypeDescription }
			>;
			const placeholders: string[] = [];
			const walk = (props: INodeProperties[]) => {
				for (const p of props) {
					if ((p.type === 'collection' || p.type === 'fixedCollection') && p.placeholder)
						placeholders.push(p.placeholder);
					for (const o of (p.options ?? []) as Array<
						INodeProperties & { values?: INodeProperties[] }
					>) {
						if ('type' in o && o.type) walk([o]);
						if (o.values) walk(o.values);
					}
				}
			};
			walk(new module[name]().description.properties);
			expect(placeholders.length).toBeGreaterThan(0);
			expect(placeholders.filter((p) => !/^Add [a-z]/.test(p))).toEqual([]);
		},
	);
});
