/**
 * Long text: split at paragraph/sentence boundaries below the model's limit, generated in order with
 * request stitching, and joined into one playable file whose duration is the sum of the chunks.
 * Timestamps are offset across chunks into SRT/VTT subtitles.
 */
import type { IDataObject } from 'n8n-workflow';
import * as mm from 'music-metadata';

import { readBinary } from '../harness';
import { mp3Frames } from '../sandbox/media';
import { joinAudio, mp3Seconds } from '../../nodes/ElevenLabs/helpers/audio';
import { splitText } from '../../nodes/ElevenLabs/helpers/text';
import { freshKey, longText, RACHEL, ttsParameters, runTts } from './setup';
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

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const cp = (s: string) => Array.from(s).length;
type Body = Record<string, unknown> & { text: string };

function ttsBodies(): Body[] {
	return box
		.get()
		.server.requests('elevenlabs', 'POST')
		.filter((r) => r.path.startsWith('/v1/text-to-speech/') && r.status === 200)
		.map((r) => r.json as Body);
}

describe('long text', () => {
	it('splits 30,000 characters into stitched requests and joins one playable MP3', async () => {
		const text = longText(30_000);
		const { items, error } = await run(ttsParameters({ text }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const gens = box.get().elevenlabs.generationLog;
		expect(gens.length).toBeGreaterThanOrEqual(3);
		// limit read from /v1/models, each request under it, same model and voice, text preserved in order
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/models')).toHaveLength(1);
		expect(gens.length).toBeGreaterThanOrEqual(15);
		for (const g of gens) {
			// below the model's 10,000: short enough to be generated well within the 240 s timeout
			expect(cp(g.text)).toBeLessThanOrEqual(2_000);
			expect(g.modelId).toBe('eleven_multilingual_v2');
			expect(g.voiceId).toBe(RACHEL);
			expect(g.text).toMatch(/\.$/); // cut at a sentence end
		}
		expect(norm(gens.map((g) => g.text).join(' '))).toBe(norm(text));
		// stitching: each chunk names the ids of the chunks before it (oldest first, last ≤ 3)
		gens.forEach((g, k) => {
			expect(g.previousRequestIds).toEqual(
				gens.slice(Math.max(0, k - 3), k).map((p) => p.requestId),
			);
			expect(g.body.previous_text).toBeUndefined();
		});
		const { json, binary } = items[0];
		expect(json.chunkCount).toBe(gens.length);
		expect(json.requestIds).toEqual(gens.map((g) => g.requestId));
		expect(json.stitching).toBe('request_ids');
		expect(json.charactersBilled).toBe(gens.reduce((s, g) => s + g.characterCost, 0));
		const audio = await readBinary(binary!.data);
		const sum = gens.reduce((s, g) => s + g.seconds, 0);
		expect(mp3Frames(audio).length).toBe(
			gens.reduce((s, g) => s + Math.round(g.seconds / (1152 / 44100)), 0),
		);
		expect(json.durationSeconds).toBeCloseTo(sum, 1);
		const meta = await mm.parseBuffer(audio, { mimeType: 'audio/mpeg' }, { duration: true });
		expect(meta.format.duration).toBeCloseTo(sum, 0);
		expect(meta.format.duration!).toBeGreaterThan(100);
	});

	it('sends at most the last 3 request ids', async () => {
		box
			.get()
			.elevenlabs.models.find(
				(m) => m.model_id === 'eleven_multilingual_v2',
			)!.maximum_text_length_per_request = 3000;
		const { items } = await run(ttsParameters({ text: longText(14_000) }));
		const gens = box.get().elevenlabs.generationLog;
		expect(gens.length).toBeGreaterThanOrEqual(5);
		expect(gens[4].previousRequestIds).toEqual([
			gens[1].requestId,
			gens[2].requestId,
			gens[3].requestId,
		]);
		expect(items[0].json.chunkCount).toBe(gens.length);
	});

	it('falls back to previous_text/next_text for eleven_v3, which cannot stitch', async () => {
		const text = longText(7_000);
		const { items, error } = await run(ttsParameters({ text, modelId: 'eleven_v3' }));
		expect(error).toBeUndefined();
		const bodies = ttsBodies();
		expect(bodies.length).toBeGreaterThanOrEqual(3);
		bodies.forEach((b, k) => {
			expect(cp(b.text)).toBeLessThanOrEqual(3000);
			expect(b.previous_request_ids).toBeUndefined();
			if (k > 0) expect(bodies[k - 1].text.endsWith(b.previous_text as string)).toBe(true);
			else expect(b.previous_text).toBeUndefined();
			if (k < bodies.length - 1)
				expect(bodies[k + 1].text.startsWith(b.next_text as string)).toBe(true);
			else expect(b.next_text).toBeUndefined();
		});
		expect(items[0].json.stitching).toBe('text');
	});

	it('falls back to text context when logging is off (zero retention disables stitching)', async () => {
		await run(ttsParameters({ text: longText(25_000) }, { enableLogging: false }));
		const bodies = ttsBodies();
		expect(bodies.length).toBeGreaterThanOrEqual(3);
		expect(bodies.every((b) => b.previous_request_ids === undefined)).toBe(true);
		expect(bodies[1].previous_text).toBeTruthy();
	});

	it('uses the documented limit when the key cannot read models, and asks once per credential', async () => {
		const ttsOnly = freshKey(box.get(), ['text_to_speech']);
		// a 3,000 s timeout allows 25,000-character chunks, so the model limit decides
		const options = { retry: { settings: { timeoutSeconds: 3000 } } };
		const { items, error } = await run(
			ttsParameters({ text: longText(21_000), modelId: 'eleven_flash_v2_5' }, options),
			{ apiKey: ttsOnly },
		);
		expect(error).toBeUndefined();
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/models')[0].status).toBe(401);
		expect(items[0].json.chunkCount).toBe(1); // Flash v2.5 takes 40,000 per request
		const multi = await run(ttsParameters({ text: longText(21_000) }, options), {
			apiKey: ttsOnly,
		});
		expect(multi.items[0].json.chunkCount).toBe(3); // Multilingual v2 takes 10,000
		// the key's missing models_read is remembered: the second execution did not ask again
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/models')).toHaveLength(1);
		expect(
			box
				.get()
				.server.requests('elevenlabs', 'POST')
				.every((r) => r.status === 200),
		).toBe(true);
	});

	it('without the model list, re-splits by the limit a rejection names', async () => {
		box.get().elevenlabs.models.push({
			...box.get().elevenlabs.models[0],
			model_id: 'eleven_custom_v1',
			name: 'Custom',
			maximum_text_length_per_request: 1500, // below the 2,000-character chunks of the timeout
		});
		const { items, error } = await run(
			ttsParameters({ text: longText(5_000), modelId: 'eleven_custom_v1' }),
			{ apiKey: freshKey(box.get(), ['text_to_speech']) },
		);
		expect(error).toBeUndefined();
		const rejected = box
			.get()
			.server.requests('elevenlabs', 'POST')
			.filter((r) => r.status === 400);
		expect(rejected).toHaveLength(1);
		expect(box.get().elevenlabs.generationLog.every((g) => cp(g.text) <= 1500)).toBe(true);
		expect(items[0].json.chunkCount).toBe(box.get().elevenlabs.generationLog.length);
	});

	it('joins WAV chunks under one header and PCM chunks byte for byte', async () => {
		const text = longText(22_000);
		const wav = await run(ttsParameters({ text, outputFormat: 'wav_16000' }));
		const wavGens = box.get().elevenlabs.generationLog.slice();
		const wavAudio = await readBinary(wav.items[0].binary!.data);
		expect(wavAudio.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wavAudio.indexOf('RIFF', 4)).toBe(-1);
		const dataBytes = wavGens.reduce((s, g) => s + g.bytes - 44, 0);
		expect(wavAudio.readUInt32LE(40)).toBe(dataBytes);
		expect(wavAudio.readUInt32LE(4)).toBe(36 + dataBytes);
		expect(wavAudio.length).toBe(44 + dataBytes);
		const meta = await mm.parseBuffer(wavAudio, { mimeType: 'audio/wav' }, { duration: true });
		expect(meta.format.duration).toBeCloseTo(
			wavGens.reduce((s, g) => s + g.seconds, 0),
			1,
		);

		box.get().elevenlabs.generationLog = [];
		const pcm = await run(ttsParameters({ text, outputFormat: 'pcm_22050' }));
		const pcmAudio = await readBinary(pcm.items[0].binary!.data);
		expect(pcmAudio.length).toBe(
			box.get().elevenlabs.generationLog.reduce((s, g) => s + g.bytes, 0),
		);
		expect(pcm.items[0].json.durationSeconds).toBeCloseTo(pcmAudio.length / 2 / 22050, 2);
	});

	it("with splitting off, a text over the model's limit fails before it is sent", async () => {
		const { error } = await run(
			ttsParameters({ text: longText(12_000) }, { splitLongText: false }),
		);
		expect(error?.message).toBe(
			'The text has 11,997 characters, more than the 10,000 that eleven_multilingual_v2 accepts in one request',
		);
		expect(error?.description).toMatch(/Nothing was sent \(limit from ElevenLabs' model list\)/);
		expect(error?.description).toMatch(/Split Long Text/);
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/models')).toHaveLength(1);
		expect(box.get().server.requests('elevenlabs', 'POST')).toHaveLength(0);
	});

	it('with splitting off, a text under the limit goes in one request, however long', async () => {
		const { items, error } = await run(
			ttsParameters({ text: longText(9_000) }, { splitLongText: false }),
		);
		expect(error).toBeUndefined();
		expect(items[0].json.chunkCount).toBe(1);
		expect(cp(box.get().elevenlabs.generationLog[0].text)).toBeGreaterThan(8_900);
	});

	it('outputs alignment, SRT and VTT offset correctly across stitched chunks', async () => {
		box
			.get()
			.elevenlabs.models.find(
				(m) => m.model_id === 'eleven_multilingual_v2',
			)!.maximum_text_length_per_request = 1000;
		box.get().elevenlabs.secondsPerCharacter = 0.05;
		const text = longText(3_200);
		const { items, error } = await run(
			ttsParameters({ text }, { timestamps: true, fileName: 'story' }),
		);
		expect(error).toBeUndefined();
		const calls = box
			.get()
			.server.requests('elevenlabs', 'POST', '/v1/text-to-speech/{voice_id}/with-timestamps');
		const gens = box.get().elevenlabs.generationLog;
		expect(calls.length).toBe(gens.length);
		expect(gens.length).toBeGreaterThanOrEqual(3);
		expect(gens[1].previousRequestIds).toEqual([gens[0].requestId]);
		const { binary, json } = items[0];
		expect(Object.keys(binary!).sort()).toEqual(['data', 'data_alignment', 'data_srt', 'data_vtt']);
		expect(binary!.data_srt).toMatchObject({ fileName: 'story.srt' });
		expect(binary!.data_vtt).toMatchObject({ fileName: 'story.vtt', mimeType: 'text/vtt' });
		const audio = await readBinary(binary!.data);
		const total = mp3Seconds(audio);
		expect(json.durationSeconds).toBeCloseTo(total, 2);

		const alignment = JSON.parse((await readBinary(binary!.data_alignment)).toString('utf8'));
		expect(norm(alignment.characters.join(''))).toBe(norm(text));
		const words: Array<{ text: string; start: number; end: number }> = alignment.words;
		expect(words.map((w) => w.text).join(' ')).toBe(norm(text));

		const srt = (await readBinary(binary!.data_srt)).toString('utf8');
		const cues = srt
			.trim()
			.split(/\n\n/)
			.map((block) => block.split('\n'));
		expect(cues).toHaveLength(words.length);
		const toSec = (t: string) => {
			const [h, m, rest] = t.split(':');
			return Number(h) * 3600 + Number(m) * 60 + Number(rest.replace(',', '.'));
		};
		let prevEnd = 0;
		cues.forEach(([index, times, word], k) => {
			expect(index).toBe(String(k + 1));
			expect(word).toBe(words[k].text);
			const [start, end] = times.split(' --> ').map(toSec);
			expect(start).toBeGreaterThanOrEqual(prevEnd);
			expect(end).toBeGreaterThan(start);
			prevEnd = end;
		});
		expect(prevEnd).toBeCloseTo(total, 1);
		// the first word of chunk 2 starts where chunk 1's audio ends
		const firstOfSecond = gens[1].text.split(/\s+/)[0];
		const index = gens[0].text.split(/\s+/).length;
		expect(words[index].text).toBe(firstOfSecond);
		expect(words[index].start).toBeCloseTo(gens[0].seconds, 1);

		const vtt = (await readBinary(binary!.data_vtt)).toString('utf8');
		expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
		expect(vtt).toContain(`00:00:00.000 --> `);
		expect(vtt.split('\n').filter((l) => l.includes(' --> '))).toHaveLength(words.length);
	});
});

describe('audio joining helpers', () => {
	it('strips ID3 tags and Xing headers so joined MP3 frames are clean', () => {
		const frame = Buffer.from(mp3FramesOf(3));
		const id3 = Buffer.concat([
			Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x0a', 'latin1'),
			Buffer.alloc(10),
		]);
		const xing = Buffer.from(frame.subarray(0, frameLength(frame)));
		xing.write('Xing', 36, 'latin1');
		const chunk = Buffer.concat([id3, xing, frame]);
		const joined = joinAudio('mp3', [chunk, chunk]);
		expect(joined.indexOf('ID3')).toBe(-1);
		expect(joined.indexOf('Xing')).toBe(-1);
		expect(mp3Frames(joined)).toHaveLength(6);
	});

	it('splits at paragraphs, then sentences, then words, never above the limit', () => {
		const text =
			'First paragraph. It has two sentences.\n\nSecond one is here! And more?\n\n' +
			'x'.repeat(50);
		const chunks = splitText(text, 40);
		expect(chunks.every((c) => cp(c) <= 40)).toBe(true);
		expect(chunks[0]).toBe('First paragraph. It has two sentences.');
		expect(chunks[1]).toBe('Second one is here! And more?');
		expect(splitText('😀'.repeat(30), 10).every((c) => cp(c) === 10)).toBe(true);
	});
});

function mp3FramesOf(n: number): Buffer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { mp3OfDuration } = require('../sandbox/media') as typeof import('../sandbox/media');
	const source = mp3OfDuration('mp3_44100_128', 1);
	const frames = mp3Frames(source).slice(0, n);
	return Buffer.concat(frames.map((f) => source.subarray(f.offset, f.offset + f.length)));
}

function frameLength(buf: Buffer): number {
	return mp3Frames(buf)[0].length;
}
