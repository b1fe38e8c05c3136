/**
 * Speech → Speech to Text through real workflows against the contract sandbox: the file streamed
 * from n8n's binary store as multipart (or sent from memory, or given as a URL), the options as
 * form fields, the transcript JSON, SRT/WebVTT subtitles from the word timings, and every
 * documented error.
 */
import type { IDataObject } from 'n8n-workflow';

import { readBinary } from '../harness';
import { validateElevenLabsResponse } from '../sandbox/contracts';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import {
	calls,
	expectNoKey,
	expectPermissionNamed,
	fileInput,
	memoryInput,
	mp3Audio,
	mp3Input,
	runNode,
	runOnFile,
	sdkClient,
	sha256,
	TTS_ONLY_KEY,
	useSpeechSandbox,
	wavAudio,
	withRetry,
} from './speech-setup';

const box = useSpeechSandbox();

const STT = '/v1/speech-to-text';
const jobs = () => box.get().elevenlabs.audio.jobs;

function params(overrides: IDataObject = {}, options: IDataObject = {}): IDataObject {
	return {
		resource: 'speech',
		operation: 'speechToText',
		source: 'binary',
		binaryPropertyName: 'data',
		sttModelId: 'scribe_v1',
		options: withRetry(options),
		...overrides,
	};
}

/** The API's own fields of an output item, to check them against the OpenAPI response schema. */
function apiFields(json: IDataObject) {
	const { language_code, language_probability, text, words } = json;
	return { language_code, language_probability, text, words };
}

describe('Speech → Speech to Text', () => {
	it('streams a filesystem binary as multipart and outputs the transcript', async () => {
		const audio = mp3Audio(4);
		const { items, run, call } = await runOnFile(box.get(), params(), STT, {
			data: audio,
			mimeType: 'audio/mpeg',
			fileName: 'meeting.mp3',
			json: { rowId: 3 },
		});
		expect(call.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		// streamed with a known length, not chunked
		expect(Number(call.headers['content-length'])).toBeGreaterThan(audio.length);
		expect(call.headers['transfer-encoding']).toBeUndefined();
		expect(call.headers['xi-api-key']).toBe(SANDBOX_ELEVENLABS_KEY);
		const [job] = jobs();
		// only what the user set: the model (and the file)
		expect(job.values).toEqual({ model_id: 'scribe_v1', file: '<file>' });
		expect(job.file).toMatchObject({
			fileName: 'meeting.mp3',
			mimeType: 'audio/mpeg',
			size: audio.length,
			sha256: sha256(audio),
		});

		const [item] = items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			rowId: 3,
			language_code: 'en',
			language_probability: 0.98,
			modelId: 'scribe_v1',
			sourceFileName: 'meeting.mp3',
			speakers: ['speaker_0'],
			transcription_id: expect.stringMatching(/^tr_/),
		});
		expect(item.json.text).toMatch(/^Welcome to the quarterly review\./);
		expect(item.json.durationSeconds).toBeCloseTo(job.seconds, 2);
		expect(item.json.wordCount).toBe(
			(item.json.words as IDataObject[]).filter((w) => w.type === 'word').length,
		);
		expect(validateElevenLabsResponse('POST', STT, apiFields(item.json)).errors).toEqual([]);
		// the input file is kept (Include Input Fields)
		expect(item.binary?.data?.fileName).toBe('meeting.mp3');
		expectNoKey(run.data);
	});

	it('sends a binary held in memory from the buffer', async () => {
		const audio = wavAudio(2);
		const { items, error } = await runNode(box.get(), params(), {
			input: memoryInput(audio, { mimeType: 'audio/wav', fileName: 'note.wav' }),
		});
		expect(error).toBeUndefined();
		expect(jobs()[0].file).toMatchObject({ size: audio.length, sha256: sha256(audio) });
		expect(jobs()[0].seconds).toBeCloseTo(2, 2);
		expect(items[0].json.durationSeconds).toBeCloseTo(2, 2);
	});

	it('sends each option as its form field, and outputs speakers and audio events', async () => {
		const input = await mp3Input(6);
		const { items, error } = await runNode(
			box.get(),
			params(
				{ sttModelId: 'scribe_v2' },
				{
					languageCode: 'de',
					diarize: true,
					numSpeakers: 2,
					tagAudioEvents: true,
					timestampsGranularity: 'character',
					keyterms: 'Quartal, n8n ,',
					enableLogging: false,
				},
			),
			{ input },
		);
		expect(error).toBeUndefined();
		const [job] = jobs();
		expect(job.values).toEqual({
			model_id: 'scribe_v2',
			language_code: 'de',
			diarize: true,
			num_speakers: 2,
			tag_audio_events: true,
			timestamps_granularity: 'character',
			keyterms: ['Quartal', 'n8n'],
			file: '<file>',
		});
		expect(job.query).toEqual({ enable_logging: 'false' });
		const json = items[0].json;
		expect(json.language_code).toBe('de');
		expect(json.speakers).toEqual(['speaker_0', 'speaker_1']);
		const words = json.words as IDataObject[];
		expect(words.some((w) => w.type === 'audio_event' && w.text === '(laughter)')).toBe(true);
		expect((words[0].characters as unknown[]).length).toBe(String(words[0].text).length);
		expect(validateElevenLabsResponse('POST', STT, apiFields(json)).errors).toEqual([]);
	});

	it('builds SRT and WebVTT subtitles from the word timings', async () => {
		const input = await fileInput(mp3Audio(5), { mimeType: 'audio/mpeg', fileName: 'talk.mp3' });
		const { items, error } = await runNode(
			box.get(),
			params({}, { subtitles: true, includeWords: true }),
			{
				input,
			},
		);
		expect(error).toBeUndefined();
		const { json, binary } = items[0];
		const words = (json.words as IDataObject[]).filter((w) => w.type !== 'spacing');
		expect(json.subtitleCues).toBe(words.length);
		expect(binary?.subtitles_srt).toMatchObject({
			fileName: 'talk.srt',
			mimeType: 'application/x-subrip',
		});
		expect(binary?.subtitles_vtt).toMatchObject({ fileName: 'talk.vtt', mimeType: 'text/vtt' });
		const srt = (await readBinary(binary!.subtitles_srt)).toString('utf8');
		const cues = srt.trim().split(/\n\n/);
		expect(cues).toHaveLength(words.length);
		const ms = (t: string) => {
			const [h, m, s] = t.replace(',', '.').split(':').map(Number);
			return Math.round((h * 3600 + m * 60 + s) * 1000);
		};
		cues.forEach((cue, k) => {
			const [index, timing, text] = cue.split('\n');
			const [from, to] = timing.split(' --> ');
			expect(index).toBe(String(k + 1));
			expect(text).toBe(words[k].text);
			expect(ms(from)).toBe(Math.round(Number(words[k].start) * 1000));
			expect(ms(to)).toBe(Math.round(Number(words[k].end) * 1000));
		});
		const vtt = (await readBinary(binary!.subtitles_vtt)).toString('utf8');
		expect(vtt.startsWith('WEBVTT\n')).toBe(true);
		expect(vtt).toContain(`${cues[0].split('\n')[1].replace(/,/g, '.')}\n${words[0].text}`);
	});

	it('drops the words when asked, and the input fields with Include Input Fields off', async () => {
		const input = await mp3Input(2, { secret: 'x' });
		const { items } = await runNode(
			box.get(),
			params({}, { includeWords: false, includeInputFields: false }),
			{ input },
		);
		expect(items[0].json.words).toBeUndefined();
		expect(items[0].json.secret).toBeUndefined();
		expect(items[0].json.text).toEqual(expect.any(String));
		expect(items[0].binary).toBeUndefined();
	});

	it('transcribes a URL with source_url, or the older cloud_storage_url', async () => {
		const url = 'https://storage.example.com/interview.mp3?sig=abc';
		const first = await runNode(box.get(), params({ source: 'url', url }));
		expect(first.error).toBeUndefined();
		expect(jobs()[0].values).toEqual({ model_id: 'scribe_v1', source_url: url });
		expect(jobs()[0].file).toBeUndefined();
		const second = await runNode(
			box.get(),
			params({ source: 'url', url }, { urlField: 'cloud_storage_url' }),
		);
		expect(second.error).toBeUndefined();
		expect(jobs()[1].values).toEqual({ model_id: 'scribe_v1', cloud_storage_url: url });
		expect(second.items[0].json.sourceFileName).toBeNull();
	});

	it('sends raw 16 kHz PCM with file_format=pcm_s16le_16 (no header to check)', async () => {
		const pcm = wavAudio(3).subarray(44);
		const input = await fileInput(pcm, { mimeType: 'application/octet-stream' });
		const { error } = await runNode(box.get(), params({}, { fileFormat: 'pcm_s16le_16' }), {
			input,
		});
		expect(error).toBeUndefined();
		expect(jobs()[0].values.file_format).toBe('pcm_s16le_16');
		expect(jobs()[0].seconds).toBeCloseTo(3, 2);
	});

	it('retries a 503 by sending the whole file again', async () => {
		const audio = mp3Audio(3);
		box.get().server.inject({
			service: 'elevenlabs',
			path: STT,
			fault: { type: 'status', status: 503, body: { detail: 'Service Unavailable' } },
		});
		const input = await fileInput(audio, { mimeType: 'audio/mpeg' });
		const { error } = await runNode(box.get(), params(), { input });
		expect(error).toBeUndefined();
		expect(calls(box.get(), STT)).toHaveLength(2);
		expect(jobs()[0].file?.sha256).toBe(sha256(audio));
	});
});

describe('Speech to Text errors', () => {
	it('refuses a file that is clearly no audio before uploading it', async () => {
		const input = await fileInput(Buffer.from('{"not":"audio"}'), {
			mimeType: 'application/json',
			fileName: 'data.json',
		});
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toBe(
			'The file in binary field "data" of item 0 is JSON, not audio or video',
		);
		expect(calls(box.get(), STT)).toHaveLength(0);
	});

	it("reports the API's invalid-file error for content it cannot decode", async () => {
		const input = await fileInput(Buffer.from('\x00\x01\x02 unknown container bytes'), {
			mimeType: 'application/octet-stream',
		});
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toMatch(
			/not a valid audio or video file.*\[invalid_parameters\] \(HTTP 400\)/,
		);
		expect(error?.description).toMatch(/Field: file/);
		expect(error?.description).toMatch(/Request ID: /);
	});

	it('an empty file, a missing binary field and a missing URL are clear errors', async () => {
		const empty = await runNode(box.get(), params(), {
			input: memoryInput(Buffer.alloc(0), { mimeType: 'audio/mpeg' }),
		});
		expect(empty.error?.message).toMatch(/is empty/);
		const missing = await runNode(box.get(), params({ binaryPropertyName: 'audio' }), {
			input: await mp3Input(1),
		});
		expect(missing.error?.message).toMatch(/audio/);
		const noUrl = await runNode(box.get(), params({ source: 'url', url: ' ' }));
		expect(noUrl.error?.message).toBe('File URL is empty');
		const http = await runNode(
			box.get(),
			params({ source: 'url', url: 'http://example.com/a.mp3' }),
		);
		expect(http.error?.message).toMatch(/must start with https:\/\//);
		const noTimings = await runNode(
			box.get(),
			params({}, { subtitles: true, timestampsGranularity: 'none' }),
			{ input: await mp3Input(1) },
		);
		expect(noTimings.error?.message).toBe('Subtitles need word timestamps');
		expect(calls(box.get(), STT)).toHaveLength(0);
	});

	it('a key without speech_to_text: the permission is named', async () => {
		const { run } = await expectPermissionNamed(
			box.get(),
			params({ source: 'url', url: 'https://x.io/a.mp3' }),
			'speech_to_text',
		);
		expectNoKey(run.data, TTS_ONLY_KEY);
	});

	it('quota exceeded is reported and not retried', async () => {
		box.get().elevenlabs.remainingCredits = 10;
		const input = await mp3Input(3);
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toMatch(
			/You have 10 credits remaining.*\[quota_exceeded\] \(HTTP 401\)/,
		);
		expect(error?.description).toMatch(/run out of credits/);
		expect(calls(box.get(), STT)).toHaveLength(1);
	});

	it('key terms with Scribe v1: the documented invalid_parameters error', async () => {
		const input = await mp3Input(1);
		const { error } = await runNode(box.get(), params({}, { keyterms: 'n8n' }), { input });
		expect(error?.message).toBe(
			"ElevenLabs: The 'keyterms' parameter is only supported with the 'scribe_v2' model. You specified 'scribe_v1'. [invalid_parameters] (HTTP 400)",
		);
		expect(error?.description).toMatch(/Field: keyterms/);
	});

	it('an unknown model', async () => {
		const input = await mp3Input(1);
		const { error } = await runNode(box.get(), params({ sttModelId: 'whisper-1' }), { input });
		expect(error?.message).toMatch(/model ID whisper-1 does not exist.*\[model_not_found\]/);
	});

	it('Continue On Fail: a bad item becomes an error item, the others are transcribed', async () => {
		const good = await mp3Input(1, { n: 0 });
		const bad = await fileInput(Buffer.from('<html><body>Not found</body></html>'), {
			mimeType: 'text/html',
		});
		const alsoGood = await fileInput(wavAudio(1), { mimeType: 'audio/wav' }, { n: 2 });
		const { items } = await runNode(box.get(), params(), {
			input: [...good, ...bad, ...alsoGood],
			continueOnFail: true,
		});
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.text).toEqual(expect.any(String));
		expect(items[1].json.error).toMatch(/an HTML page, not audio or video/);
		expect(items[2].json.n).toBe(2);
	});
});

describe('the Speech to Text sandbox route, seen through the official SDK', () => {
	it('accepts what the SDK sends and answers what its schema expects', async () => {
		const client = sdkClient(box.get());
		const file = new Blob([mp3Audio(2)], { type: 'audio/mpeg' });
		const result = (await client.speechToText.convert({
			file,
			modelId: 'scribe_v1',
			diarize: true,
			tagAudioEvents: false,
			timestampsGranularity: 'word',
		})) as { text: string; languageCode: string; words: Array<{ type: string }> };
		expect(result.languageCode).toBe('en');
		expect(result.words.every((w) => w.type !== 'audio_event')).toBe(true);
		const byUrl = (await client.speechToText.convert({
			modelId: 'scribe_v2',
			sourceUrl: 'https://youtube.example/watch?v=1',
			keyterms: ['n8n'],
		})) as { text: string };
		expect(byUrl.text.length).toBeGreaterThan(0);
		expect(jobs().map((j) => j.values.model_id)).toEqual(['scribe_v1', 'scribe_v2']);
	});
});
