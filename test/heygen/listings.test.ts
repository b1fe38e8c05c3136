/**
 * Listings: resource-locator searches (listSearch through n8n-core's LoadOptionsContext) and
 * Get Many with Return All, across ≥ 3 pages of the sandbox's cursor pagination; templates;
 * every sandbox response checked against the v3 response schemas.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { runNodeMethod } from '../harness';
import type { SandboxVideo } from '../sandbox/heygen';
import {
	err,
	expectNoKey,
	expectValid,
	FAST_RETRY,
	out,
	runHeyGen,
	SANDBOX_HEYGEN_KEY,
} from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
const creds = () => box.credentials();

async function runListSearch(
	type: string,
	method: string,
	opts: { credentials: ReturnType<typeof creds>; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	return await runNodeMethod<INodeListSearchResult>({
		type,
		kind: 'listSearch',
		method,
		parameters: {},
		credentials: opts.credentials,
		args: [opts.filter, opts.paginationToken],
	});
}

async function api(path: string): Promise<unknown> {
	const res = await fetch(`${box.get().heyGenUrl}${path}`, {
		headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
	});
	expect(res.status).toBe(200);
	return await res.json();
}

describe('sandbox responses follow the v3 contract', () => {
	it.each([
		['UserMeGet', '/v3/users/me'],
		['VoiceList', '/v3/voices?limit=100'],
		['AvatarLooksList', '/v3/avatars/looks?limit=50'],
		['TemplateList', '/v3/templates?limit=5'],
		['VideoList', '/v3/videos?limit=5'],
	])('%s', async (name, path) => {
		expectValid(name, 'response', await api(path));
	});

	it('TemplateGet', async () => {
		expectValid(
			'TemplateGet',
			'response',
			await api(`/v3/templates/${box.get().heygen.templates[0].id}`),
		);
	});

	it('GET /v3/voices lists public voices unless asked for type=private, as documented', async () => {
		const types = async (query: string) =>
			((await api(`/v3/voices?limit=100${query}`)) as { data: Array<{ type: string }> }).data.map(
				(v) => v.type,
			);
		expect(new Set(await types(''))).toEqual(new Set(['public']));
		expect(await types('&type=private')).toEqual(Array(5).fill('private'));
	});

	it('rejects unknown query parameters and bad limits like a strict API', async () => {
		const res = await fetch(`${box.get().heyGenUrl}/v3/voices?search=x`, {
			headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
		});
		expect(res.status).toBe(400);
		const over = await fetch(`${box.get().heyGenUrl}/v3/avatars/looks?limit=51`, {
			headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
		});
		expect(((await over.json()) as { error: { param: string } }).error.param).toBe('limit');
	});
});

describe('resource locator searches', () => {
	it('avatar looks: 3 pages of 50/50/30 with type and engines in the name', async () => {
		const names: string[] = [];
		let token: string | undefined;
		const sizes: number[] = [];
		do {
			const page = await runListSearch('heyGen', 'searchAvatarLooks', {
				credentials: creds(),
				paginationToken: token,
			});
			sizes.push(page.results.length);
			names.push(...page.results.map((r) => r.name));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(sizes).toEqual([50, 50, 30]);
		expect(new Set(names).size).toBe(130);
		const look = box.get().heygen.looks[1];
		expect(names[1]).toBe(`${look.name} · Digital twin · Avatar V, Avatar IV, Avatar III`);
	});

	it('avatar looks: a filter scans pages for matches (the API has no name search)', async () => {
		const page = await runListSearch('heyGen', 'searchAvatarLooks', {
			credentials: creds(),
			filter: 'zara',
		});
		expect(page.results.map((r) => r.value)).toEqual([box.get().heygen.looks[111].id]);
	});

	/** Every page of the voice picker, following its pagination tokens. */
	async function allVoicePages(filter?: string) {
		const pages: INodeListSearchResult[] = [];
		let token: string | undefined;
		do {
			const page = await runListSearch('heyGen', 'searchVoices', {
				credentials: creds(),
				filter,
				paginationToken: token,
			});
			pages.push(page);
			token = page.paginationToken as string | undefined;
		} while (token && pages.length < 10);
		return pages;
	}

	it("voices: the account's own (private) voices first, labelled, then the public ones; 3 pages; filtering (#15.4)", async () => {
		const voices = box.get().heygen.voices;
		const privateIds = voices.filter((v) => v.type === 'private').map((v) => v.voice_id);
		expect(privateIds).toHaveLength(5);
		const before = box.get().server.requests('heygen', 'GET', '/v3/voices').length;
		const pages = await allVoicePages();
		// 5 private + the first 100 public, then 100 and 45 public
		expect(pages.map((p) => p.results.length)).toEqual([105, 100, 45]);
		const values = pages.flatMap((p) => p.results.map((r) => r.value));
		expect(new Set(values).size).toBe(250);
		expect(values.slice(0, 5)).toEqual(privateIds);
		expect(pages[0].results[0].name).toBe(
			`My voice · ${voices[0].name} (${voices[0].language}, ${voices[0].gender})`,
		);
		expect(pages[0].results[5].name).toBe(
			`${voices[5].name} (${voices[5].language}, ${voices[5].gender})`,
		);
		const calls = box.get().server.requests('heygen', 'GET', '/v3/voices').slice(before);
		expect(calls.map((c) => c.query.type)).toEqual(['private', 'public', 'public', 'public']);
		const found = await runListSearch('heyGen', 'searchVoices', {
			credentials: creds(),
			filter: 'Zephyr',
		});
		expect(found.results.map((r) => r.value)).toEqual([voices[217].voice_id]);
		const mine = await runListSearch('heyGen', 'searchVoices', {
			credentials: creds(),
			filter: 'my voice',
		});
		expect(mine.results.map((r) => r.value)).toEqual(privateIds);
	});

	it.each(['all', 'ignored'] as const)(
		'voices: no voice twice when the API lists every voice without type (%s)',
		async (variant) => {
			const state = box.get().heygen;
			state.voiceTypeFilter = variant;
			try {
				const values = (await allVoicePages()).flatMap((p) => p.results.map((r) => r.value));
				expect(values).toHaveLength(250);
				expect(new Set(values).size).toBe(250);
				expect(values.slice(0, 5)).toEqual(state.voices.slice(0, 5).map((v) => v.voice_id));
			} finally {
				state.voiceTypeFilter = 'documented';
			}
		},
	);

	it('templates', async () => {
		const page = await runListSearch('heyGen', 'searchTemplates', { credentials: creds() });
		expect(page.results).toHaveLength(25);
		expect(page.results[0]).toMatchObject({
			name: 'Product Announcement (16:9)',
			value: box.get().heygen.templates[0].id,
		});
	});
});

describe('Get Many', () => {
	it('Voice → Get Many with Return All lists private then public voices, following next_token (#15.4)', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen', 'GET', '/v3/voices').length;
		const run = await runHeyGen(sandbox, {
			resource: 'voice',
			operation: 'getMany',
			returnAll: true,
			options: FAST_RETRY,
		});
		expect(out(run)).toHaveLength(250);
		expect(out(run).map((i) => i.json.voice_id)).toEqual([
			...sandbox.heygen.voices.filter((v) => v.type === 'private').map((v) => v.voice_id),
			...sandbox.heygen.voices.filter((v) => v.type === 'public').map((v) => v.voice_id),
		]);
		const calls = sandbox.server.requests('heygen', 'GET', '/v3/voices').slice(before);
		expect(calls.map((c) => [c.query.type, c.query.limit, !!c.query.token])).toEqual([
			['private', '100', false],
			['public', '100', false],
			['public', '100', true],
			['public', '100', true],
		]);
		expect(
			out(run).every(
				(i, n) => i.pairedItem && (i.pairedItem as { item: number }).item === 0 && n >= 0,
			),
		).toBe(true);
		expectNoKey(run);
	});

	it('Voice → Get Many: a limit spans both listings; Type Public or Private reads one (#15.4)', async () => {
		const sandbox = box.get();
		const voices = sandbox.heygen.voices;
		/** Runs Get Many with a limit; returns the voice IDs and the `type:limit` of each request. */
		const withLimit = async (limit: number) => {
			const before = sandbox.server.requests('heygen', 'GET', '/v3/voices').length;
			const run = await runHeyGen(sandbox, {
				resource: 'voice',
				operation: 'getMany',
				returnAll: false,
				limit,
			});
			return {
				ids: out(run).map((i) => i.json.voice_id),
				requests: sandbox.server
					.requests('heygen', 'GET', '/v3/voices')
					.slice(before)
					.map((c) => `${c.query.type}:${c.query.limit}`),
			};
		};
		const seven = await withLimit(7);
		expect(seven.ids).toEqual(voices.slice(0, 7).map((v) => v.voice_id));
		expect(seven.requests).toEqual(['private:7', 'public:2']);
		// the private listing alone fills a limit of 3: the public one is not read
		expect(await withLimit(3)).toEqual({
			ids: voices.slice(0, 3).map((v) => v.voice_id),
			requests: ['private:3'],
		});

		for (const [type, count] of [
			['private', 5],
			['public', 245],
		] as const) {
			const run = await runHeyGen(sandbox, {
				resource: 'voice',
				operation: 'getMany',
				returnAll: true,
				filters: { type },
			});
			expect(out(run)).toHaveLength(count);
			expect(out(run).every((i) => i.json.type === type)).toBe(true);
		}
	});

	it('Voice → Get Many lists every voice once when the API ignores type', async () => {
		const state = box.get().heygen;
		state.voiceTypeFilter = 'ignored';
		try {
			const run = await runHeyGen(box.get(), {
				resource: 'voice',
				operation: 'getMany',
				returnAll: true,
			});
			const ids = out(run).map((i) => i.json.voice_id);
			expect(ids).toHaveLength(250);
			expect(new Set(ids).size).toBe(250);
		} finally {
			state.voiceTypeFilter = 'documented';
		}
	});

	it('Voice → Get Many with filters and a limit', async () => {
		const run = await runHeyGen(box.get(), {
			resource: 'voice',
			operation: 'getMany',
			returnAll: false,
			limit: 7,
			filters: { language: 'Spanish', gender: 'male' },
		});
		expect(out(run)).toHaveLength(7);
		expect(out(run).every((i) => i.json.language === 'Spanish' && i.json.gender === 'male')).toBe(
			true,
		);
	});

	it('Avatar → Get Many Looks: Return All (3 pages) and a limit of 60 (50 + 10)', async () => {
		const sandbox = box.get();
		const all = await runHeyGen(sandbox, {
			resource: 'avatar',
			operation: 'getManyLooks',
			returnAll: true,
		});
		expect(out(all)).toHaveLength(130);
		const before = sandbox.server.requests('heygen', 'GET', '/v3/avatars/looks').length;
		const some = await runHeyGen(sandbox, {
			resource: 'avatar',
			operation: 'getManyLooks',
			returnAll: false,
			limit: 60,
		});
		expect(out(some)).toHaveLength(60);
		expect(
			sandbox.server
				.requests('heygen', 'GET', '/v3/avatars/looks')
				.slice(before)
				.map((c) => c.query.limit),
		).toEqual(['50', '10']);
		const photos = await runHeyGen(sandbox, {
			resource: 'avatar',
			operation: 'getManyLooks',
			returnAll: true,
			filters: { avatarType: 'photo_avatar' },
		});
		expect(out(photos).length).toBeGreaterThan(0);
		expect(out(photos).every((i) => i.json.avatar_type === 'photo_avatar')).toBe(true);
	});

	it('Video → Get Many with Return All across 3 pages', async () => {
		const sandbox = box.get();
		for (let i = 0; i < 230; i++) {
			const id = `bulk${String(i).padStart(4, '0')}`;
			sandbox.heygen.videos.set(id, {
				id,
				type: 'avatar',
				body: {},
				title: `bulk ${i}`,
				createdAt: Date.now() - 60_000 - i,
				polls: 0,
				aspectRatio: '16:9',
				outputFormat: 'mp4',
				captionStyle: false,
				folderId: null,
			} as SandboxVideo);
		}
		const before = sandbox.server.requests('heygen', 'GET', '/v3/videos').length;
		const run = await runHeyGen(sandbox, {
			resource: 'video',
			operation: 'getMany',
			returnAll: true,
			filters: { title: 'bulk' },
		});
		expect(out(run)).toHaveLength(230);
		expect(sandbox.server.requests('heygen', 'GET', '/v3/videos').slice(before)).toHaveLength(3);
	});
});

describe('Templates', () => {
	it('Get Many and Get', async () => {
		const sandbox = box.get();
		const list = await runHeyGen(sandbox, {
			resource: 'template',
			operation: 'getMany',
			returnAll: true,
		});
		expect(out(list)).toHaveLength(25);
		const t = sandbox.heygen.templates[0];
		const get = await runHeyGen(sandbox, {
			resource: 'template',
			operation: 'get',
			templateId: { __rl: true, mode: 'list', value: t.id },
		});
		expect(Object.keys(out(get)[0].json.variables as object)).toEqual([
			'headline',
			'presenter_voice',
			'logo',
		]);
	});

	it('Generate from a template sends a contract-valid body with variables and waits', async () => {
		const sandbox = box.get();
		const t = sandbox.heygen.templates[1];
		const run = await runHeyGen(sandbox, {
			resource: 'template',
			operation: 'generate',
			templateId: { __rl: true, mode: 'id', value: t.id },
			textVariables: { variable: [{ name: 'headline', content: 'Launch day' }] },
			variablesJson: JSON.stringify({
				logo: { name: 'logo', type: 'image', properties: { url: 'https://example.com/logo.png' } },
			}),
			waitForCompletion: 'poll',
			waitOptions: { initialIntervalSeconds: 0.02, intervalEarlySeconds: 0.05 },
			options: {
				...FAST_RETRY,
				title: 'From template',
				fps: 30,
				sceneIds: `${t.scenes[1].scene_id}, ${t.scenes[0].scene_id}`,
			},
		});
		expect(err(run)).toBeUndefined();
		const call = sandbox.server.requests('heygen', 'POST', '/v3/templates/{template_id}').pop()!;
		expect(call.json).toEqual({
			variables: {
				logo: { name: 'logo', type: 'image', properties: { url: 'https://example.com/logo.png' } },
				headline: { name: 'headline', type: 'text', properties: { content: 'Launch day' } },
			},
			title: 'From template',
			fps: 30,
			scene_ids: [t.scenes[1].scene_id, t.scenes[0].scene_id],
		});
		expectValid('TemplateGenerate', 'request', call.json);
		expect(call.headers['idempotency-key']).toBeDefined();
		expect(out(run)[0].json).toMatchObject({
			status: 'completed',
			template_id: t.id,
			video_url: expect.any(String),
		});
	});

	it("an unknown variable comes back as HeyGen's invalid_parameter naming it", async () => {
		const t = box.get().heygen.templates[2];
		const run = await runHeyGen(box.get(), {
			resource: 'template',
			operation: 'generate',
			templateId: { __rl: true, mode: 'id', value: t.id },
			textVariables: { variable: [{ name: 'nope', content: 'x' }] },
			variablesJson: '{}',
		});
		expect(err(run)?.message).toMatch(/invalid_parameter/);
		expect(err(run)?.description).toMatch(/Field: variables\.nope/);
	});
});
