/**
 * Voice → Delete (DELETE /v1/voices/{id}) and Voice → Update Settings
 * (POST /v1/voices/{id}/settings/edit) in real workflows against the contract sandbox, and the voice
 * picker's names: what a person chooses by (category and labels), not the name alone.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { errorOf, outputOf, runNodeMethod, runWorkflow } from '../harness';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY, RACHEL } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_read_only: { permissions: ['voices_read'] },
		sk_write_only: { permissions: ['voices_write'] },
	},
});

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function run(
	parameters: IDataObject,
	opts: { apiKey?: string; continueOnFail?: boolean; input?: IDataObject[] } = {},
) {
	const r = await runWorkflow({
		nodes: [
			{
				name: 'EL',
				type: 'elevenLabs',
				parameters: { ...parameters, options: { retry: FAST_RETRY } } as never,
				continueOnFail: opts.continueOnFail,
			},
		],
		input: opts.input?.map((json) => ({ json })),
		credentials: box.credentials({ elevenlabs: opts.apiKey }),
	});
	const error = errorOf(r, 'EL');
	return { error, items: error && !opts.continueOnFail ? [] : outputOf(r, 'EL') };
}

const ownVoice = () => box.get().elevenlabs.voices.find((v) => v.category === 'cloned')!;

describe('Voice → Delete', () => {
	it('deletes the voice; it is then gone from the account', async () => {
		const target = ownVoice();
		const { items, error } = await run({
			resource: 'voice',
			operation: 'delete',
			voice: byId(target.voice_id),
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { voice_id: target.voice_id, deleted: true, status: 'ok' }, pairedItem: { item: 0 } },
		]);
		expect(box.get().elevenlabs.voices.some((v) => v.voice_id === target.voice_id)).toBe(false);
		const again = await run({
			resource: 'voice',
			operation: 'delete',
			voice: byId(target.voice_id),
		});
		expect(again.error?.message).toMatch(/was not found.*\[voice_not_found\] \(HTTP 400\)/);
		expect(again.error?.description).toMatch(/does not exist in this account/);
	});

	it('names the missing voices_write permission; with Continue On Fail the other items go on', async () => {
		const denied = await run(
			{ resource: 'voice', operation: 'delete', voice: byId(ownVoice().voice_id) },
			{ apiKey: 'sk_read_only' },
		);
		expect(denied.error?.message).toMatch(/missing the permission voices_write/);

		const [a, b] = box.get().elevenlabs.voices.filter((v) => v.category === 'generated');
		const { items } = await run(
			{ resource: 'voice', operation: 'delete', voice: byId('={{ $json.id }}') },
			{
				continueOnFail: true,
				input: [{ id: a.voice_id }, { id: 'ZZZZZZZZZZZZZZZZZZZZ' }, { id: b.voice_id }],
			},
		);
		expect(items.map((i) => [i.json.deleted ?? false, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[true, { item: 2 }],
		]);
		expect(items[1].json.error).toMatch(/voice_not_found/);
		expect(JSON.stringify(items)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});
});

describe('Voice → Update Settings', () => {
	const update = (settings: IDataObject, voice = ownVoice().voice_id) => ({
		resource: 'voice',
		operation: 'updateSettings',
		voice: byId(voice),
		settings,
	});

	it('changes the given settings and keeps the others (stored ones are sent back)', async () => {
		const target = ownVoice();
		target.settings = {
			stability: 0.3,
			similarity_boost: 0.9,
			style: 0.2,
			use_speaker_boost: false,
			speed: 1.1,
		};
		const { items, error } = await run(update({ stability: 0.8, speed: 0.9 }));
		expect(error).toBeUndefined();
		const sent = {
			stability: 0.8,
			similarity_boost: 0.9,
			style: 0.2,
			use_speaker_boost: false,
			speed: 0.9,
		};
		expect(items[0].json).toEqual({ voice_id: target.voice_id, status: 'ok', settings: sent });
		const edit = box
			.get()
			.server.requests('elevenlabs', 'POST', '/v1/voices/{voice_id}/settings/edit');
		expect(edit[0].json).toEqual(sent);
		expect(target.settings).toEqual(sent);
	});

	it('sends all five settings without reading the voice; a write-only key still works', async () => {
		const all = { stability: 1, similarityBoost: 0, style: 0, useSpeakerBoost: true, speed: 1.2 };
		const { error } = await run(update(all), { apiKey: 'sk_write_only' });
		expect(error).toBeUndefined();
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/voices/{voice_id}')).toHaveLength(0);
		// a partial change with a key that may not read voices sends only what changed
		const partial = await run(update({ style: 0.5 }), { apiKey: 'sk_write_only' });
		expect(partial.error).toBeUndefined();
		const edits = box
			.get()
			.server.requests('elevenlabs', 'POST', '/v1/voices/{voice_id}/settings/edit');
		expect(edits[1].json).toEqual({ style: 0.5 });
	});

	it('rejects no settings and out-of-range values before calling the API', async () => {
		const none = await run(update({}));
		expect(none.error?.message).toBe('No settings to update');
		const range = await run(update({ speed: 3 }));
		expect(range.error?.message).toBe('Speed must be between 0.7 and 1.2 (got 3)');
		expect(box.get().server.requests('elevenlabs', 'POST')).toHaveLength(0);
	});

	it('reports an unknown voice', async () => {
		const { error } = await run(update({ stability: 0.5 }, 'ZZZZZZZZZZZZZZZZZZZZ'));
		expect(error?.message).toMatch(/voice_not_found/);
	});
});

describe('voice picker names', () => {
	const search = (filter?: string) =>
		runNodeMethod<INodeListSearchResult>({
			type: 'elevenLabs',
			kind: 'listSearch',
			method: 'searchVoices',
			parameters: { resource: 'voice', operation: 'delete' },
			credentials: box.credentials(),
			args: [filter],
		});

	it('show category, gender, accent, language, age and use case from the labels', async () => {
		const target = ownVoice();
		target.labels = { gender: 'female', accent: 'irish', language: 'en', use_case: 'audiobook' };
		const page = await search(target.name);
		expect(page.results[0]).toEqual(
			expect.objectContaining({
				name: `${target.name} — cloned · female · irish · en · audiobook`,
				value: target.voice_id,
			}),
		);
		const rachel = await search('Rachel');
		expect(rachel.results[0].name).toBe('Rachel — premade · female · american · young · narration');
	});

	it('report the plain voice name in Text to Speech output when picked from the list', async () => {
		const r = await runWorkflow({
			nodes: [
				{
					name: 'TTS',
					type: 'elevenLabs',
					parameters: {
						resource: 'speech',
						operation: 'textToSpeech',
						voice: {
							__rl: true,
							mode: 'list',
							value: RACHEL,
							cachedResultName: 'Rachel — premade · female · american · young · narration',
						},
						modelId: 'eleven_multilingual_v2',
						text: 'Hi.',
						outputFormat: 'mp3_44100_128',
					} as never,
				},
			],
			credentials: box.credentials(),
		});
		expect(outputOf(r, 'TTS')[0].json.voiceName).toBe('Rachel');
	});
});
