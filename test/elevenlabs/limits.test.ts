/**
 * Text to Speech never sends a request it knows may be rejected for length: the model's limit comes
 * from GET /v1/models, read once per credential (not per execution) when the text could exceed the
 * smallest limit a model has; chunks also stay short enough to be generated well within the request
 * timeout; Options → Max Characters stops a runaway text before anything is billed.
 */
import type { IDataObject } from 'n8n-workflow';
import { freshKey, longText, ttsParameters, runTts } from './setup';
import { useSandbox } from '../setup/sandbox';

// audio of 0.004 s per character keeps the audio of 30,000 characters small; each test has a key
// of its own, since the model list is cached per credential and these tests change the models
const box = useSandbox({ elevenLabs: { secondsPerCharacter: 0.004 } });
let apiKey = '';
beforeEach(() => {
	apiKey = freshKey(box.get());
});
const run = async (parameters: IDataObject, opts: Parameters<typeof runTts>[2] = {}) =>
	await runTts(box.get(), parameters, { apiKey, ...opts });
const cp = (s: string) => Array.from(s).length;
const modelReads = () => box.get().server.requests('elevenlabs', 'GET', '/v1/models');
const ttsCalls = () =>
	box
		.get()
		.server.requests('elevenlabs', 'POST')
		.filter((r) => r.path.startsWith('/v1/text-to-'));
const setLimit = (modelId: string, limit: number) =>
	(box
		.get()
		.elevenlabs.models.find((m) => m.model_id === modelId)!.maximum_text_length_per_request =
		limit);

describe('the model list, cached per credential', () => {
	it('is read once for several executions of one credential, and again for another', async () => {
		for (let k = 0; k < 3; k++) {
			const { error } = await run(ttsParameters({ text: longText(4_000, k) }));
			expect(error).toBeUndefined();
		}
		expect(modelReads()).toHaveLength(1);
		await run(ttsParameters({ text: longText(4_000) }), { apiKey: freshKey(box.get()) });
		expect(modelReads()).toHaveLength(2);
	});

	it('is not read for a text no model rejects, but a list already read is used for it', async () => {
		await run(ttsParameters({ text: longText(2_900) }));
		expect(modelReads()).toHaveLength(0); // 2,900 ≤ 3,000, the smallest documented limit
		setLimit('eleven_multilingual_v2', 1_000);
		await run(ttsParameters({ text: longText(3_500) })); // over 3,000: the list is read
		expect(modelReads()).toHaveLength(1);
		box.get().server.log.length = 0;
		const { items, error } = await run(ttsParameters({ text: longText(2_500) }));
		expect(error).toBeUndefined();
		expect(modelReads()).toHaveLength(0);
		// split below the listed 1,000 before sending: no request was rejected for length
		expect(ttsCalls().map((c) => c.status)).toEqual([200, 200, 200]);
		expect(items[0].json.chunkCount).toBe(3);
	});

	it('a rejection despite the list fails (no guessing from the message) and the list is read again', async () => {
		setLimit('eleven_multilingual_v2', 4_000);
		await run(ttsParameters({ text: longText(3_500) }));
		expect(modelReads()).toHaveLength(1);
		setLimit('eleven_multilingual_v2', 1_000); // the limit changed after the list was cached
		const stale = await run(ttsParameters({ text: longText(3_500) }));
		expect(stale.error?.message).toMatch(
			/exceeds the character limit of 1000 characters.*\[max_character_limit_exceeded\] \(HTTP 400\)/,
		);
		expect(modelReads()).toHaveLength(1);
		const fresh = await run(ttsParameters({ text: longText(3_500) }));
		expect(fresh.error).toBeUndefined();
		expect(modelReads()).toHaveLength(2);
		const chunks = fresh.items[0].json.chunkCount as number;
		expect(chunks).toBeGreaterThanOrEqual(4);
		expect(
			box
				.get()
				.elevenlabs.generationLog.slice(-chunks)
				.every((g) => cp(g.text) <= 1_000),
		).toBe(true);
	});
});

describe('chunks short enough for the request timeout', () => {
	it('splits below 2,000 characters with the default 240 s timeout, even for a 40,000 model', async () => {
		const { items, error } = await run(
			ttsParameters({ text: longText(21_000), modelId: 'eleven_flash_v2_5' }),
		);
		expect(error).toBeUndefined();
		const gens = box.get().elevenlabs.generationLog;
		expect(gens.length).toBeGreaterThanOrEqual(11);
		expect(gens.every((g) => cp(g.text) <= 2_000)).toBe(true);
		expect(items[0].json.chunkCount).toBe(gens.length);
	});

	it('follows Options → Retry → Timeout: 600 s allows 5,000-character chunks', async () => {
		const { items, error } = await run(
			ttsParameters(
				{ text: longText(21_000), modelId: 'eleven_flash_v2_5' },
				{ retry: { settings: { timeoutSeconds: 600 } } },
			),
		);
		expect(error).toBeUndefined();
		const gens = box.get().elevenlabs.generationLog;
		expect(gens.every((g) => cp(g.text) <= 5_000)).toBe(true);
		expect(gens.some((g) => cp(g.text) > 4_000)).toBe(true);
		expect(items[0].json.chunkCount).toBe(gens.length);
		expect(gens.length).toBeLessThanOrEqual(6);
	});
});

describe('Max Characters', () => {
	it('fails an item over the default 50,000 before any request, naming field, item, length and limit', async () => {
		const input = [
			{ json: { text: 'First.' } },
			{ json: { text: longText(60_000) } },
			{ json: { text: 'Third.' } },
		];
		const { items } = await run(ttsParameters({ text: '={{ $json.text }}' }), {
			input,
			continueOnFail: true,
		});
		expect(items).toHaveLength(3);
		const length = cp(input[1].json.text.trim()).toLocaleString('en-US');
		expect(items[1].json.error).toBe(
			`Text has ${length} characters, more than Max Characters allows (50,000) [item 1]`,
		);
		expect(items[1].json.description).toMatch(/Nothing was sent to ElevenLabs/);
		expect(items[0].binary?.data).toBeDefined();
		expect(items[2].binary?.data).toBeDefined();
		// only the two short items were sent; the long one did not even read the model list
		expect(ttsCalls()).toHaveLength(2);
		expect(box.get().elevenlabs.generationLog.map((g) => g.text)).toEqual(['First.', 'Third.']);
		expect(modelReads()).toHaveLength(0);
	});

	it('uses the configured limit, and 0 means no limit', async () => {
		const tight = await run(ttsParameters({ text: 'Hello from n8n.' }, { maxCharacters: 10 }));
		expect(tight.error?.message).toBe(
			'Text has 15 characters, more than Max Characters allows (10) [item 0]',
		);
		expect(ttsCalls()).toHaveLength(0);
		const text = longText(51_000);
		const open = await run(
			ttsParameters(
				{ text, modelId: 'eleven_flash_v2_5' },
				{ maxCharacters: 0, retry: { settings: { timeoutSeconds: 3000 } } },
			),
		);
		expect(open.error).toBeUndefined();
		expect(box.get().elevenlabs.generationLog.reduce((n, g) => n + cp(g.text), 0)).toBeGreaterThan(
			50_000,
		);
	});
});
