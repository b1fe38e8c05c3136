/**
 * Text to Speech through real workflows against the contract sandbox: request shape, binary output
 * (MIME type, extension, playable audio) for every output format, options, and JSON output.
 */
import * as mm from 'music-metadata';

import { readBinary } from '../harness';
import {
	ELEVENLABS_OUTPUT_FORMATS,
	validateElevenLabsBody,
	validateElevenLabsQuery,
} from '../sandbox/contracts';
import { fixture, mp3Frames } from '../sandbox/media';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { RACHEL, runTts, ttsParameters } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

const ttsCalls = () =>
	box.get().server.requests('elevenlabs', 'POST', '/v1/text-to-speech/{voice_id}');

/** What the binary of each codec must look like (independent of the node's own table). */
const EXPECTED: Record<string, { mime: string; ext: string }> = {
	mp3: { mime: 'audio/mpeg', ext: 'mp3' },
	wav: { mime: 'audio/wav', ext: 'wav' },
	pcm: { mime: 'audio/pcm', ext: 'pcm' },
	opus: { mime: 'audio/ogg', ext: 'ogg' },
	ulaw: { mime: 'audio/basic', ext: 'ulaw' },
	alaw: { mime: 'audio/alaw', ext: 'alaw' },
};

describe('Speech → Text to Speech', () => {
	it('turns text into a playable MP3 with a complete, contract-valid request and useful JSON', async () => {
		const text = 'Hello from n8n. This is a test of the ElevenLabs node.';
		const { items, error, run } = await runTts(
			box.get(),
			ttsParameters({ text: '={{ $json.script }}' }),
			{ input: [{ json: { script: text, rowId: 7 } }] },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const [call] = ttsCalls();
		expect(call.path).toBe(`/v1/text-to-speech/${RACHEL}`);
		expect(call.query).toEqual({ output_format: 'mp3_44100_128' });
		expect(call.headers['xi-api-key']).toBe(SANDBOX_ELEVENLABS_KEY);
		// Only what the user set: no voice_settings (the voice's stored ones apply), no language_code.
		expect(call.json).toEqual({ text, model_id: 'eleven_multilingual_v2' });
		expect(validateElevenLabsBody('POST', '/v1/text-to-speech/{voice_id}', call.json).valid).toBe(
			true,
		);
		expect(validateElevenLabsQuery('POST', '/v1/text-to-speech/{voice_id}', call.query).valid).toBe(
			true,
		);

		const gen = box.get().elevenlabs.generationLog[0];
		const { json, binary, pairedItem } = items[0];
		expect(pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			script: text,
			rowId: 7,
			voiceId: RACHEL,
			voiceName: null, // an ID: no extra request just for the name
			modelId: 'eleven_multilingual_v2',
			outputFormat: 'mp3_44100_128',
			mimeType: 'audio/mpeg',
			fileName: 'speech.mp3',
			characters: text.length,
			charactersBilled: text.length,
			requestIds: [gen.requestId],
			chunkCount: 1,
			byteSize: gen.bytes,
		});
		expect(json.durationSeconds).toBeCloseTo(gen.seconds, 2);
		const audio = await readBinary(binary!.data);
		expect(audio.length).toBe(gen.bytes);
		expect(binary!.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileExtension: 'mp3',
			fileName: 'speech.mp3',
		});
		const meta = await mm.parseBuffer(audio, { mimeType: 'audio/mpeg' }, { duration: true });
		expect(meta.format.codec).toMatch(/MPEG 1 Layer 3/);
		expect(meta.format.duration).toBeCloseTo(gen.seconds, 1);
		expect(JSON.stringify(run.data)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});

	it('uses eleven_multilingual_v2 when the model parameter is left at its default', async () => {
		const params = ttsParameters();
		delete params.modelId;
		const { error } = await runTts(box.get(), params);
		expect(error).toBeUndefined();
		expect((ttsCalls()[0].json as { model_id: string }).model_id).toBe('eleven_multilingual_v2');
	});

	it('drops the input fields when "Include Input Fields" is off', async () => {
		const { items } = await runTts(box.get(), ttsParameters({}, { includeInputFields: false }), {
			input: [{ json: { secret: 'x' } }],
		});
		expect(items[0].json.secret).toBeUndefined();
		expect(items[0].json.voiceId).toBe(RACHEL);
	});

	it('gives every one of the 28 output formats the right MIME type, extension and real audio', async () => {
		expect(ELEVENLABS_OUTPUT_FORMATS).toHaveLength(28);
		const input = ELEVENLABS_OUTPUT_FORMATS.map((format) => ({ json: { format } }));
		const { items, error } = await runTts(
			box.get(),
			ttsParameters(
				{ outputFormat: '={{ $json.format }}', text: 'Every format.' },
				{ fileName: 'clip' },
			),
			{ input },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(28);
		for (const [k, format] of ELEVENLABS_OUTPUT_FORMATS.entries()) {
			const item = items[k];
			const [codec, rate] = format.split('_');
			const expected = EXPECTED[codec];
			expect(item.pairedItem).toEqual({ item: k });
			expect(item.json.outputFormat).toBe(format);
			expect(item.json.sampleRate).toBe(Number(rate));
			expect(item.json.mimeType).toBe(expected.mime);
			expect(item.binary!.data.mimeType).toBe(expected.mime);
			expect(item.binary!.data.fileExtension).toBe(expected.ext);
			expect(item.binary!.data.fileName).toBe(`clip.${expected.ext}`);
			const audio = await readBinary(item.binary!.data);
			const call = ttsCalls().find((c) => c.query.output_format === format);
			expect(call).toBeDefined();
			if (codec === 'mp3') expect(mp3Frames(audio).length).toBeGreaterThan(5);
			if (codec === 'wav') {
				expect(audio.toString('ascii', 0, 4)).toBe('RIFF');
				expect(audio.readUInt32LE(24)).toBe(Number(rate));
			}
			if (codec === 'pcm') {
				expect(item.json.encoding).toBe('pcm_s16le');
				expect(audio.length / 2 / Number(rate)).toBeCloseTo(item.json.durationSeconds as number, 2);
			}
			if (codec === 'ulaw' || codec === 'alaw')
				expect(audio.length).toBe(Math.round((item.json.durationSeconds as number) * 8000));
			if (codec === 'opus') expect(audio.toString('ascii', 0, 4)).toBe('OggS');
			if (['mp3', 'wav', 'opus'].includes(codec)) {
				const meta = await mm.parseBuffer(audio, { mimeType: expected.mime }, { duration: true });
				expect(meta.format.duration).toBeGreaterThan(0.3);
			}
		}
	});

	it("takes the MIME type from the response's Content-Type when it names an audio type", async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			method: 'POST',
			path: /^\/v1\/text-to-speech\//,
			fault: {
				type: 'raw',
				status: 200,
				headers: { 'content-type': 'audio/opus', 'request-id': 'req_raw_1', 'character-cost': '4' },
				body: fixture('opus_48000_64.ogg'),
			},
		});
		const { items } = await runTts(
			box.get(),
			ttsParameters({ outputFormat: 'opus_48000_64', text: 'Opus' }),
		);
		expect(items[0].binary!.data.mimeType).toBe('audio/opus');
		expect(items[0].binary!.data.fileExtension).toBe('ogg');
		expect(items[0].json.requestIds).toEqual(['req_raw_1']);
		expect(items[0].json.durationSeconds).toBeCloseTo(1, 1);
	});

	it("falls back to the format's MIME type when the response says application/octet-stream", async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			method: 'POST',
			path: /^\/v1\/text-to-speech\//,
			fault: {
				type: 'raw',
				status: 200,
				headers: { 'content-type': 'application/octet-stream' },
				body: fixture('mp3_44100_128.mp3'),
			},
		});
		const { items } = await runTts(box.get(), ttsParameters());
		expect(items[0].binary!.data.mimeType).toBe('audio/mpeg');
		expect(items[0].json.charactersBilled).toBeNull();
	});

	it("sends every option the user set, in the API's field names", async () => {
		const { items, error } = await runTts(
			box.get(),
			ttsParameters(
				{ modelId: 'eleven_turbo_v2_5', text: 'Guten Tag.' },
				{
					languageCode: 'de',
					seed: 42,
					previousText: 'Before.',
					nextText: 'After.',
					applyTextNormalization: 'off',
					applyLanguageTextNormalization: true,
					enableLogging: false,
					pronunciationDictionaries: {
						dictionary: [
							{ dictionaryId: 'dict1', versionId: 'v1' },
							{ dictionaryId: 'dict2', versionId: '' },
						],
					},
					voiceSettings: {
						stability: 0.3,
						similarityBoost: 0.9,
						style: 0.1,
						useSpeakerBoost: false,
						speed: 1.15,
					},
					binaryPropertyOutput: 'audio',
					fileName: 'greeting.mp3',
				},
			),
		);
		expect(error).toBeUndefined();
		const [call] = ttsCalls();
		expect(call.query).toEqual({ output_format: 'mp3_44100_128', enable_logging: 'false' });
		expect(call.json).toEqual({
			text: 'Guten Tag.',
			model_id: 'eleven_turbo_v2_5',
			language_code: 'de',
			seed: 42,
			previous_text: 'Before.',
			next_text: 'After.',
			apply_text_normalization: 'off',
			apply_language_text_normalization: true,
			pronunciation_dictionary_locators: [
				{ pronunciation_dictionary_id: 'dict1', version_id: 'v1' },
				{ pronunciation_dictionary_id: 'dict2' },
			],
			voice_settings: {
				stability: 0.3,
				similarity_boost: 0.9,
				style: 0.1,
				use_speaker_boost: false,
				speed: 1.15,
			},
		});
		expect(validateElevenLabsBody('POST', '/v1/text-to-speech/{voice_id}', call.json).valid).toBe(
			true,
		);
		expect(items[0].binary!.audio.fileName).toBe('greeting.mp3');
		expect(items[0].json.charactersBilled).toBe(5); // Turbo v2.5 bills half
	});

	it("fills voice settings the user did not override with the voice's stored settings", async () => {
		const rachel = box.get().elevenlabs.voices.find((v) => v.voice_id === RACHEL)!;
		rachel.settings = {
			stability: 0.21,
			similarity_boost: 0.61,
			style: 0.05,
			use_speaker_boost: false,
			speed: 1,
		};
		await runTts(box.get(), ttsParameters({}, { voiceSettings: { speed: 0.8 } }));
		expect((ttsCalls()[0].json as { voice_settings: unknown }).voice_settings).toEqual({
			stability: 0.21,
			similarity_boost: 0.61,
			style: 0.05,
			use_speaker_boost: false,
			speed: 0.8,
		});
	});

	it('reads the voice once per execution for partial settings, and takes its name from it', async () => {
		const rachel = box.get().elevenlabs.voices.find((v) => v.voice_id === RACHEL)!;
		const input = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const { items, error } = await runTts(
			box.get(),
			ttsParameters({}, { voiceSettings: { style: 0.2 } }),
			{
				input,
			},
		);
		expect(error).toBeUndefined();
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/voices/{voice_id}')).toHaveLength(1);
		expect(items.map((i) => i.json.voiceName)).toEqual([rachel.name, rachel.name]);
	});

	it('sends only the overrides when the key may not read the voice', async () => {
		box.get().elevenlabs.keys.set('sk_tts_only', { permissions: ['text_to_speech'] });
		const { items, error } = await runTts(
			box.get(),
			ttsParameters({}, { voiceSettings: { speed: 0.9 } }),
			{ apiKey: 'sk_tts_only' },
		);
		expect(error).toBeUndefined();
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/voices/{voice_id}')[0].status).toBe(
			401,
		);
		expect((ttsCalls()[0].json as { voice_settings: unknown }).voice_settings).toEqual({
			speed: 0.9,
		});
		expect(items[0].json.voiceName).toBeNull();
	});

	it('rejects an empty voice (from an expression) before any request', async () => {
		const { error } = await runTts(
			box.get(),
			ttsParameters({ voice: { __rl: true, mode: 'id', value: '={{ $json.voice }}' } }),
			{ input: [{ json: { voice: ' ' } }] },
		);
		expect(error?.message).toBe('No voice selected');
		expect(box.get().server.log).toHaveLength(0);
	});

	it('rejects a speed outside 0.7–1.2 before calling the API', async () => {
		const { error } = await runTts(
			box.get(),
			ttsParameters(
				{},
				{
					voiceSettings: {
						stability: 0.5,
						similarityBoost: 0.5,
						style: 0,
						useSpeakerBoost: true,
						speed: '={{ 2 }}',
					},
				},
			),
		);
		expect(error?.message).toMatch(/Speed must be between 0.7 and 1.2/);
		expect(ttsCalls()).toHaveLength(0);
		// a partial override is checked before the voice is read to complete it
		await runTts(box.get(), ttsParameters({}, { voiceSettings: { speed: 0.5 } }));
		expect(box.get().server.log).toHaveLength(0);
	});

	it('accepts a voice URL and a voice picked from the list, with no extra lookup for the name', async () => {
		const byUrl = await runTts(
			box.get(),
			ttsParameters({
				voice: {
					__rl: true,
					mode: 'url',
					value: 'https://elevenlabs.io/app/voice-lab?voiceId=pNInz6obpgDQGcFmaJgB',
				},
			}),
		);
		expect(byUrl.items[0].json.voiceId).toBe('pNInz6obpgDQGcFmaJgB');
		expect(byUrl.items[0].json.voiceName).toBeNull();
		expect(ttsCalls()[0].path).toBe('/v1/text-to-speech/pNInz6obpgDQGcFmaJgB');
		expect(box.get().server.requests('elevenlabs', 'GET')).toHaveLength(0);
		box.get().server.log.length = 0;
		const fromList = await runTts(
			box.get(),
			ttsParameters({
				voice: { __rl: true, mode: 'list', value: RACHEL, cachedResultName: 'Rachel' },
			}),
		);
		expect(fromList.items[0].json.voiceName).toBe('Rachel');
		expect(box.get().server.requests('elevenlabs', 'GET')).toHaveLength(0);
	});

	it('works with a key that may only do text to speech (voice name unknown, not an error)', async () => {
		box.get().elevenlabs.keys.set('sk_tts_only', { permissions: ['text_to_speech'] });
		const { items, error } = await runTts(box.get(), ttsParameters(), { apiKey: 'sk_tts_only' });
		expect(error).toBeUndefined();
		expect(items[0].json.voiceName).toBeNull();
		expect(items[0].binary!.data.mimeType).toBe('audio/mpeg');
	});
});
