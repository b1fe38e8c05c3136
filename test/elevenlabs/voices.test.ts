/**
 * Voice picker (listSearch) and Voice → Get / Get Many with real pagination, Model → Get Many and
 * the model dropdown (loadOptions), against the contract sandbox.
 */
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { errorOf, outputOf, runCredentialTest, runNodeMethod, runWorkflow } from '../harness';
import { validateElevenLabsResponse } from '../sandbox/contracts';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY, RACHEL } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_tts_only: { permissions: ['text_to_speech'] },
	},
});

const voicesCalls = () => box.get().server.requests('elevenlabs', 'GET', '/v2/voices');

async function run(parameters: Record<string, unknown>, apiKey?: string) {
	const r = await runWorkflow({
		nodes: [
			{
				name: 'EL',
				type: 'elevenLabs',
				parameters: {
					...parameters,
					options: { retry: FAST_RETRY, ...((parameters.options as object) ?? {}) },
				} as never,
			},
		],
		credentials: box.credentials({ elevenlabs: apiKey }),
	});
	return { error: errorOf(r, 'EL'), items: errorOf(r, 'EL') ? [] : outputOf(r, 'EL') };
}

const method = <T>(
	kind: 'listSearch' | 'loadOptions',
	name: string,
	args: unknown[] = [],
	apiKey?: string,
) =>
	runNodeMethod<T>({
		type: 'elevenLabs',
		kind,
		method: name,
		parameters: { resource: 'speech', operation: 'textToSpeech' },
		credentials: box.credentials({ elevenlabs: apiKey }),
		args,
	});

describe('voice picker (listSearch)', () => {
	it('pages through every voice with next_page_token, 100 per page', async () => {
		const all = new Set<string>();
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await method<INodeListSearchResult>('listSearch', 'searchVoices', [
				undefined,
				token,
			]);
			page.results.forEach((r) => all.add(String(r.value)));
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token && pages < 10);
		expect(pages).toBe(3);
		expect(all.size).toBe(box.get().elevenlabs.voices.length);
		const calls = voicesCalls();
		expect(calls.map((c) => c.query.page_size)).toEqual(['100', '100', '100']);
		expect(calls[0].query.next_page_token).toBeUndefined();
		expect(calls[1].query.next_page_token).toBeTruthy();
		expect(calls[2].query.next_page_token).not.toBe(calls[1].query.next_page_token);
	});

	it('searches server-side and links each voice', async () => {
		const page = await method<INodeListSearchResult>('listSearch', 'searchVoices', ['Narrator 01']);
		expect(voicesCalls()[0].query.search).toBe('Narrator 01');
		expect(page.results.map((r) => String(r.name).split(' — ')[0])).toEqual(
			Array.from({ length: 10 }, (_, k) => `Narrator 01${k}`),
		);
		expect(page.paginationToken).toBeUndefined();
		expect(page.results[0].url).toMatch(/^https:\/\/elevenlabs\.io\/app\/voice-lab\?voiceId=/);
		const rachel = await method<INodeListSearchResult>('listSearch', 'searchVoices', ['rachel']);
		expect(rachel.results).toEqual([
			expect.objectContaining({
				name: 'Rachel — premade · female · american · young · narration',
				value: RACHEL,
			}),
		]);
	});

	it("names the missing voices_read permission when the key can't list voices", async () => {
		await expect(method('listSearch', 'searchVoices', [], 'sk_tts_only')).rejects.toThrow(
			/voices_read/,
		);
	});
});

describe('Voice → Get Many / Get', () => {
	it('returns all voices across pages with Return All', async () => {
		const { items, error } = await run({
			resource: 'voice',
			operation: 'getMany',
			returnAll: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(box.get().elevenlabs.voices.length);
		expect(new Set(items.map((i) => i.json.voice_id)).size).toBe(items.length);
		expect(voicesCalls()).toHaveLength(3);
		expect(items.every((i) => JSON.stringify(i.pairedItem) === '{"item":0}')).toBe(true);
	});

	it('stops at the limit and asks only for what it needs', async () => {
		const { items } = await run({
			resource: 'voice',
			operation: 'getMany',
			returnAll: false,
			limit: 150,
		});
		expect(items).toHaveLength(150);
		expect(voicesCalls()).toHaveLength(2);
		box.get().server.log.length = 0;
		const few = await run({ resource: 'voice', operation: 'getMany', returnAll: false, limit: 5 });
		expect(few.items).toHaveLength(5); // page 0 carries the 8 default voices on top of page_size
		expect(voicesCalls()[0].query.page_size).toBe('5');
	});

	it('passes search, category, voice type and sort to the API', async () => {
		const { items } = await run({
			resource: 'voice',
			operation: 'getMany',
			returnAll: true,
			filters: {
				search: 'british',
				category: 'cloned',
				voiceType: 'personal',
				sort: 'name',
				sortDirection: 'desc',
			},
		});
		expect(voicesCalls()[0].query).toMatchObject({
			search: 'british',
			category: 'cloned',
			voice_type: 'personal',
			sort: 'name',
			sort_direction: 'desc',
		});
		expect(items.length).toBeGreaterThan(5);
		expect(
			items.every(
				(i) =>
					i.json.category === 'cloned' &&
					(i.json.labels as Record<string, string>).accent === 'british',
			),
		).toBe(true);
		box.get().server.log.length = 0;
		const defaults = await run({
			resource: 'voice',
			operation: 'getMany',
			returnAll: true,
			filters: { voiceType: 'default' },
		});
		expect(defaults.items).toHaveLength(8);
	});

	it('gets one voice, and reports voice_not_found clearly', async () => {
		const { items } = await run({
			resource: 'voice',
			operation: 'get',
			voice: { __rl: true, mode: 'id', value: RACHEL },
		});
		expect(items[0].json).toMatchObject({ voice_id: RACHEL, name: 'Rachel', category: 'premade' });
		expect(
			validateElevenLabsResponse('GET', '/v1/voices/{voice_id}', items[0].json).errors,
		).toEqual([]);
		const missing = await run({
			resource: 'voice',
			operation: 'get',
			voice: { __rl: true, mode: 'id', value: 'doesNotExist00000000' },
		});
		expect(missing.error?.message).toMatch(
			/doesNotExist00000000 was not found.*\[voice_not_found\] \(HTTP 404\)/,
		);
		expect(missing.error?.description).toMatch(/voice ID does not exist/);
	});
});

describe('voice listing asks for no total count', () => {
	it('Voice → Get Many, the voice picker and the credential test send include_total_count=false', async () => {
		const { items } = await run({ resource: 'voice', operation: 'getMany', returnAll: true });
		expect(items).toHaveLength(box.get().elevenlabs.voices.length); // paging needs no count
		await method<INodeListSearchResult>('listSearch', 'searchVoices', [undefined, undefined]);
		const test = await runCredentialTest('elevenLabs', 'heygenElevenlabsElevenLabsApi', {
			apiKey: SANDBOX_ELEVENLABS_KEY,
			region: 'custom',
			baseUrl: box.get().elevenLabsUrl,
		});
		expect(test.status).toBe('OK');
		const calls = voicesCalls();
		expect(calls).toHaveLength(5); // 3 pages, 1 picker page, 1 credential test
		expect(calls.map((c) => c.query.include_total_count)).toEqual(Array(5).fill('false'));
	});
});

describe('models', () => {
	it('Model → Get Many returns the models with limits; TTS-only filter works', async () => {
		const { items } = await run({ resource: 'model', operation: 'getMany', returnAll: true });
		expect(items.length).toBe(box.get().elevenlabs.models.length);
		const tts = await run({
			resource: 'model',
			operation: 'getMany',
			returnAll: true,
			options: { textToSpeechOnly: true },
		});
		expect(tts.items.every((i) => i.json.can_do_text_to_speech === true)).toBe(true);
		expect(tts.items.length).toBe(items.length - 1);
	});

	it('the model dropdown lists TTS models with their character limit', async () => {
		const options = await method<INodePropertyOptions[]>('loadOptions', 'getTtsModels');
		const values = options.map((o) => o.value);
		expect(values).toContain('eleven_multilingual_v2');
		expect(values).not.toContain('eleven_multilingual_sts_v2');
		expect(options.find((o) => o.value === 'eleven_multilingual_v2')!.description).toMatch(
			/Up to 10,000 characters/,
		);
		expect(options.find((o) => o.value === 'eleven_v3')!.description).toMatch(
			/Up to 3,000 characters/,
		);
	});

	it('falls back to the documented models when the key lacks models_read', async () => {
		const options = await method<INodePropertyOptions[]>(
			'loadOptions',
			'getTtsModels',
			[],
			'sk_tts_only',
		);
		expect(options.map((o) => o.value)).toEqual(
			expect.arrayContaining(['eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_v3']),
		);
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/models')[0].status).toBe(401);
	});
});

describe('sandbox responses match the OpenAPI contract', () => {
	const get = async (path: string) => {
		const res = await fetch(`${box.get().elevenLabsUrl}${path}`, {
			headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY },
		});
		return (await res.json()) as unknown;
	};
	it.each([
		['/v2/voices', '/v2/voices?page_size=100'],
		['/v1/voices/{voice_id}', `/v1/voices/${RACHEL}`],
		['/v1/models', '/v1/models'],
		['/v1/user/subscription', '/v1/user/subscription'],
	])('%s', async (template, path) => {
		expect(validateElevenLabsResponse('GET', template, await get(path)).errors).toEqual([]);
	});

	it('/with-timestamps', async () => {
		const res = await fetch(
			`${box.get().elevenLabsUrl}/v1/text-to-speech/${RACHEL}/with-timestamps`,
			{
				method: 'POST',
				headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({ text: 'Hi there.' }),
			},
		);
		expect(
			validateElevenLabsResponse(
				'POST',
				'/v1/text-to-speech/{voice_id}/with-timestamps',
				await res.json(),
			).errors,
		).toEqual([]);
	});

	it('rejects page_size above 100 and unknown query parameters with a FastAPI 422', async () => {
		const res = await fetch(`${box.get().elevenLabsUrl}/v2/voices?page_size=101`, {
			headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY },
		});
		expect(res.status).toBe(422);
		expect(((await res.json()) as { detail: Array<{ loc: string[] }> }).detail[0].loc).toEqual([
			'query',
			'page_size',
		]);
		const unknown = await fetch(`${box.get().elevenLabsUrl}/v2/voices?pageSize=10`, {
			headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY },
		});
		expect(unknown.status).toBe(422);
	});
});
