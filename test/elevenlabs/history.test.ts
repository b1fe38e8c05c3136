/**
 * History → Get Many / Get / Download Audio / Delete (/v1/history…) and the history picker, in real
 * workflows against the contract sandbox, whose history is its own text-to-speech generations.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';
import { parseBuffer } from 'music-metadata';

import { errorOf, outputOf, readBinary, runNodeMethod, runWorkflow } from '../harness';
import { seedGeneration } from '../sandbox/elevenlabs';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY, RACHEL, ttsParameters } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_tts_only: { permissions: ['text_to_speech'] },
		sk_history_read: { permissions: ['speech_history_read'] },
	},
});

const T0 = Date.UTC(2026, 0, 1); // ms
const DRew = '29vD33N1CtxCmqQRPOHJ';

/** `n` generations one minute apart, the newest last; every third with Drew's voice. */
function seed(n: number) {
	for (let k = 0; k < n; k++)
		seedGeneration(box.get().elevenlabs, {
			time: T0 + k * 60_000,
			voiceId: k % 3 === 2 ? DRew : RACHEL,
			text: `Generation number ${k}.`,
		});
}

const listCalls = () => box.get().server.requests('elevenlabs', 'GET', '/v1/history');

async function run(
	parameters: IDataObject,
	opts: { apiKey?: string; continueOnFail?: boolean; input?: IDataObject[] } = {},
) {
	const r = await runWorkflow({
		nodes: [
			{
				name: 'History',
				type: 'elevenLabs',
				parameters: {
					resource: 'history',
					...parameters,
					options: { retry: FAST_RETRY, ...((parameters.options as IDataObject) ?? {}) },
				} as never,
				continueOnFail: opts.continueOnFail,
			},
		],
		input: opts.input?.map((json) => ({ json })),
		credentials: box.credentials({ elevenlabs: opts.apiKey }),
	});
	const error = errorOf(r, 'History');
	return { error, items: error && !opts.continueOnFail ? [] : outputOf(r, 'History') };
}

describe('History → Get Many', () => {
	it('follows the cursor across pages with Return All, newest first', async () => {
		seed(2345);
		const { items, error } = await run({ operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2345);
		expect(items[0].json.text).toBe('Generation number 2344.');
		expect(items[2344].json.text).toBe('Generation number 0.');
		expect(new Set(items.map((i) => i.json.history_item_id)).size).toBe(2345);
		const calls = listCalls();
		expect(calls.map((c) => c.query.page_size)).toEqual(['1000', '1000', '1000']);
		expect(calls[0].query.start_after_history_item_id).toBeUndefined();
		expect(calls[1].query.start_after_history_item_id).toBe(items[999].json.history_item_id);
		expect(calls[2].query.start_after_history_item_id).toBe(items[1999].json.history_item_id);
	});

	it('asks only for what the limit needs', async () => {
		seed(1300);
		const { items } = await run({ operation: 'getMany', returnAll: false, limit: 1100 });
		expect(items).toHaveLength(1100);
		expect(listCalls().map((c) => c.query.page_size)).toEqual(['1000', '100']);
		const small = await run({ operation: 'getMany', limit: 5 });
		expect(small.items.map((i) => i.json.text)).toEqual(
			[1299, 1298, 1297, 1296, 1295].map((k) => `Generation number ${k}.`),
		);
	});

	it('lists real text-to-speech generations with their history-item-id', async () => {
		const tts = await runWorkflow({
			nodes: [{ name: 'TTS', type: 'elevenLabs', parameters: ttsParameters() as never }],
			credentials: box.credentials(),
		});
		const [speech] = outputOf(tts, 'TTS');
		const { items } = await run({ operation: 'getMany', limit: 10 });
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(
			expect.objectContaining({
				history_item_id: `hist_${(speech.json.requestIds as string[])[0]}`,
				voice_id: RACHEL,
				voice_name: 'Rachel',
				text: 'Hello from n8n.',
				content_type: 'audio/mpeg',
				source: 'TTS',
			}),
		);
	});

	it.each([
		['an API that filters by date', true],
		['an API that ignores the date filters (OpenAPI 2025-08)', false],
	])('filters by voice and date on %s', async (_name, honoured) => {
		seed(2500);
		box.get().elevenlabs.historyDateFilters = honoured;
		const after = new Date(T0 + 2400 * 60_000).toISOString();
		const before = new Date(T0 + 2430 * 60_000).toISOString();
		const { items, error } = await run({
			operation: 'getMany',
			returnAll: true,
			filters: {
				voice: { __rl: true, mode: 'list', value: DRew },
				createdAfter: after,
				createdBefore: before,
			},
		});
		expect(error).toBeUndefined();
		// Drew's generations are k = 2, 5, 8, …; those with 2400 ≤ k < 2430
		const expected = Array.from({ length: 30 }, (_, j) => 2429 - j).filter((k) => k % 3 === 2);
		expect(items.map((i) => i.json.text)).toEqual(expected.map((k) => `Generation number ${k}.`));
		const [call] = listCalls();
		expect(call.query).toEqual(
			expect.objectContaining({
				voice_id: DRew,
				date_after_unix: String((T0 + 2400 * 60_000) / 1000),
				date_before_unix: String((T0 + 2430 * 60_000) / 1000),
			}),
		);
		// without the voice filter: an API ignoring the dates pages newest first, and paging stops
		// at the first page that reaches past Created After instead of reading all 3 pages
		box.get().server.log.length = 0;
		const dated = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { createdAfter: after, createdBefore: before },
		});
		expect(dated.items).toHaveLength(30);
		expect(listCalls()).toHaveLength(1);
	});

	it('sends Search with a Source, and refuses Search alone', async () => {
		seed(20);
		const { items } = await run({
			operation: 'getMany',
			limit: 50,
			filters: { search: 'number 1', source: 'TTS' },
		});
		expect(items.map((i) => i.json.text)).toEqual(
			[19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 1].map((k) => `Generation number ${k}.`),
		);
		expect(listCalls()[0].query).toEqual(
			expect.objectContaining({ search: 'number 1', source: 'TTS' }),
		);
		const alone = await run({ operation: 'getMany', filters: { search: 'number' } });
		expect(alone.error?.message).toBe('Search needs a Source');
		const badDate = await run({ operation: 'getMany', filters: { createdAfter: 'last tuesday' } });
		expect(badDate.error?.message).toMatch(/Created After is not a date/);
	});

	it('names the missing speech_history_read permission', async () => {
		const { error } = await run({ operation: 'getMany' }, { apiKey: 'sk_tts_only' });
		expect(error?.message).toMatch(/missing the permission speech_history_read/);
		expect(error?.description).toMatch(/lacks the "speech_history_read" permission/);
	});
});

describe('History → Get / Download Audio / Delete', () => {
	const item = (id: string) => ({ __rl: true, mode: 'id', value: id });

	it('gets one generation and downloads its audio as a decodable MP3', async () => {
		const g = seedGeneration(box.get().elevenlabs, { time: T0, seconds: 2.5 });
		const id = `hist_${g.requestId}`;
		const got = await run({ operation: 'get', historyItem: item(id) });
		expect(got.items[0].json).toEqual(
			expect.objectContaining({ history_item_id: id, voice_id: RACHEL }),
		);

		const { items, error } = await run({
			operation: 'downloadAudio',
			historyItem: item(id),
			options: { binaryPropertyOutput: 'audio', fileName: 'greeting.mp3' },
		});
		expect(error).toBeUndefined();
		const [out] = items;
		expect(out.pairedItem).toEqual({ item: 0 });
		const binary = out.binary!.audio;
		expect(binary).toEqual(
			expect.objectContaining({
				mimeType: 'audio/mpeg',
				fileName: 'greeting.mp3',
				fileExtension: 'mp3',
			}),
		);
		const audio = await readBinary(binary);
		const meta = await parseBuffer(audio, { mimeType: 'audio/mpeg' });
		expect(meta.format.duration).toBeGreaterThan(2.3);
		expect(meta.format.duration).toBeLessThan(2.7);
		expect(out.json).toEqual({
			history_item_id: id,
			fileName: 'greeting.mp3',
			mimeType: 'audio/mpeg',
			byteSize: audio.length,
		});
		expect(JSON.stringify(out)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});

	it('names the file after the item by default and keeps a served WAV a WAV', async () => {
		const g = seedGeneration(box.get().elevenlabs, { time: T0, outputFormat: 'wav_16000' });
		const { items } = await run({
			operation: 'downloadAudio',
			historyItem: item(`hist_${g.requestId}`),
		});
		expect(items[0].binary!.data).toEqual(
			expect.objectContaining({ mimeType: 'audio/wav', fileName: `hist_${g.requestId}.wav` }),
		);
	});

	it('deletes a generation; reading it afterwards is a clear 404', async () => {
		const g = seedGeneration(box.get().elevenlabs, { time: T0 });
		const id = `hist_${g.requestId}`;
		const deleted = await run({ operation: 'delete', historyItem: item(id) });
		expect(deleted.items[0].json).toEqual({ history_item_id: id, deleted: true, status: 'ok' });
		const again = await run({ operation: 'downloadAudio', historyItem: item(id) });
		expect(again.error?.message).toMatch(/was not found.*\[history_item_not_found\] \(HTTP 404\)/);
	});

	it('needs speech_history_write to delete; Continue On Fail keeps the other items', async () => {
		const [a, b] = [0, 1].map((k) => seedGeneration(box.get().elevenlabs, { time: T0 + k }));
		const denied = await run(
			{ operation: 'delete', historyItem: item(`hist_${a.requestId}`) },
			{ apiKey: 'sk_history_read' },
		);
		expect(denied.error?.message).toMatch(/missing the permission speech_history_write/);
		const { items } = await run(
			{ operation: 'delete', historyItem: item('={{ $json.id }}') },
			{
				continueOnFail: true,
				input: [{ id: `hist_${a.requestId}` }, { id: 'nope' }, { id: `hist_${b.requestId}` }],
			},
		);
		expect(items.map((i) => [i.json.deleted ?? i.json.httpCode, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			['404', { item: 1 }],
			[true, { item: 2 }],
		]);
	});
});

describe('history picker (listSearch)', () => {
	const search = (filter?: string, token?: string) =>
		runNodeMethod<INodeListSearchResult>({
			type: 'elevenLabs',
			kind: 'listSearch',
			method: 'searchHistory',
			parameters: { resource: 'history', operation: 'get' },
			credentials: box.credentials(),
			args: [filter, token],
		});

	it('names generations by date, voice and text, and pages with the cursor', async () => {
		seed(150);
		const first = await search();
		expect(first.results).toHaveLength(100);
		expect(first.results[0].name).toBe('2026-01-01 02:29 · Drew · "Generation number 149."');
		expect(first.paginationToken).toBe(first.results[99].value);
		const second = await search(undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		// the filter is matched on the page's items (k = 50…149; Drew's are k ≡ 2 mod 3)
		const filtered = await search('drew');
		expect(filtered.results.length).toBe(34);
		expect(filtered.results.every((r) => r.name.includes('Drew'))).toBe(true);
	});
});
