/**
 * Speech → Speech to Speech (voice changer) through real workflows against the contract sandbox:
 * the recording streamed as multipart `audio`, voice, model, voice settings (a JSON string),
 * background-noise removal, and decodable audio back in every output format family.
 */
import type { IDataObject } from 'n8n-workflow';

import { readBinary, runNodeMethod } from '../harness';
import {
	calls,
	decodedAudio,
	expectNoKey,
	expectPermissionNamed,
	fileInput,
	memoryInput,
	mp3Audio,
	mp3Input,
	RACHEL,
	runNode,
	runOnFile,
	sdkClient,
	sha256,
	streamedBytes,
	useSpeechSandbox,
	wavAudio,
	withRetry,
} from './speech-setup';

const box = useSpeechSandbox({ sk_sts_only: { permissions: ['speech_to_speech'] } });
beforeEach(() => {
	// the account also has the English-only speech-to-speech model (ElevenLabs docs, models.mdx)
	const multilingual = box
		.get()
		.elevenlabs.models.find((m) => m.model_id === 'eleven_multilingual_sts_v2')!;
	box.get().elevenlabs.models.push({
		...multilingual,
		model_id: 'eleven_english_sts_v2',
		name: 'Eleven English v2 (speech to speech)',
	});
});

const STS = '/v1/speech-to-speech/{voice_id}';
const jobs = () => box.get().elevenlabs.audio.jobs;

function params(overrides: IDataObject = {}, options: IDataObject = {}): IDataObject {
	return {
		resource: 'speech',
		operation: 'speechToSpeech',
		binaryPropertyName: 'data',
		voice: { __rl: true, mode: 'id', value: RACHEL },
		stsModelId: 'eleven_multilingual_sts_v2',
		outputFormat: 'mp3_44100_128',
		options: withRetry(options),
		...overrides,
	};
}

describe('Speech → Speech to Speech', () => {
	it('changes the voice of a streamed recording and outputs playable MP3', async () => {
		const recording = mp3Audio(3);
		const { items, run, call } = await runOnFile(box.get(), params(), STS, {
			data: recording,
			mimeType: 'audio/mpeg',
			fileName: 'take1.mp3',
			json: { take: 1 },
		});
		expect(call.path).toBe(`/v1/speech-to-speech/${RACHEL}`);
		expect(call.query).toEqual({ output_format: 'mp3_44100_128' });
		expect(call.headers['transfer-encoding']).toBeUndefined();
		const [job] = jobs();
		expect(job.values).toEqual({ model_id: 'eleven_multilingual_sts_v2', audio: '<file>' });
		expect(job.file).toMatchObject({
			field: 'audio',
			fileName: 'take1.mp3',
			size: recording.length,
			sha256: sha256(recording),
		});

		const { json, binary, pairedItem } = items[0];
		expect(pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			take: 1,
			voiceId: RACHEL,
			voiceName: null,
			modelId: 'eleven_multilingual_sts_v2',
			outputFormat: 'mp3_44100_128',
			mimeType: 'audio/mpeg',
			fileName: 'speech.mp3',
			fileExtension: 'mp3',
			sourceFileName: 'take1.mp3',
			sourceBytes: recording.length,
			requestId: job.requestId,
		});
		// the output replaces the input file in "data"
		expect(binary?.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileExtension: 'mp3',
			fileName: 'speech.mp3',
		});
		const { bytes, duration } = await decodedAudio(binary!.data, /MPEG 1 Layer 3/);
		expect(json.byteSize).toBe(bytes.length);
		expect(duration).toBeCloseTo(job.seconds, 0);
		expect(json.durationSeconds).toBeCloseTo(duration, 1);
		expectNoKey(run.data);
	});

	it('gives each output format family the right MIME type, extension and decodable audio', async () => {
		const formats = ['wav_16000', 'opus_48000_64', 'pcm_24000', 'ulaw_8000', 'mp3_22050_32'];
		const expected: Record<string, [string, string]> = {
			wav: ['audio/wav', 'wav'],
			opus: ['audio/ogg', 'ogg'],
			pcm: ['audio/pcm', 'pcm'],
			ulaw: ['audio/basic', 'ulaw'],
			mp3: ['audio/mpeg', 'mp3'],
		};
		const input = memoryInput(wavAudio(2), { mimeType: 'audio/wav' });
		for (const outputFormat of formats) {
			const { items, error } = await runNode(box.get(), params({ outputFormat }), { input });
			expect(error).toBeUndefined();
			const [mime, ext] = expected[outputFormat.split('_')[0]];
			const { json, binary } = items[0];
			expect(binary?.data).toMatchObject({ mimeType: mime, fileExtension: ext });
			expect(json.fileName).toBe(`speech.${ext}`);
			if (mime === 'audio/wav') await decodedAudio(binary!.data, /PCM/);
			if (mime === 'audio/ogg') await decodedAudio(binary!.data, /Opus/i);
			if (mime === 'audio/mpeg') await decodedAudio(binary!.data, /MPEG/);
			if (mime === 'audio/pcm') {
				expect(json).toMatchObject({ sampleRate: 24000, encoding: 'pcm_s16le', channels: 1 });
				expect((await readBinary(binary!.data)).length % 2).toBe(0);
			}
		}
		expect(jobs().map((j) => j.query.output_format)).toEqual(formats);
	});

	it('sends voice settings as a JSON string, completed from the voice’s stored settings', async () => {
		const input = await mp3Input(1);
		const { error } = await runNode(
			box.get(),
			params(
				{ stsModelId: 'eleven_english_sts_v2' },
				{
					voiceSettings: { stability: 0.3, speed: 1.1 },
					removeBackgroundNoise: true,
					seed: 42,
					enableLogging: false,
					fileName: 'changed',
					binaryPropertyOutput: 'converted',
				},
			),
			{ input },
		);
		expect(error).toBeUndefined();
		const [job] = jobs();
		const { voice_settings: settings, ...fields } = job.values;
		expect(fields).toEqual({
			model_id: 'eleven_english_sts_v2',
			seed: 42,
			remove_background_noise: true,
			audio: '<file>',
		});
		// a JSON string (the OpenAPI's type), the user's two values over the voice's stored five
		expect(typeof settings).toBe('string');
		expect(JSON.parse(settings as string)).toEqual({
			stability: 0.3,
			similarity_boost: 0.75,
			use_speaker_boost: true,
			speed: 1.1,
			style: 0,
		});
		expect(job.query).toEqual({ output_format: 'mp3_44100_128', enable_logging: 'false' });
		// the voice was read once for its stored settings
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/voices/{voice_id}')).toHaveLength(1);
	});

	it('keeps the input recording when the output goes to another field', async () => {
		const input = await fileInput(mp3Audio(1), { mimeType: 'audio/mpeg', fileName: 'in.mp3' });
		const { items } = await runNode(box.get(), params({}, { binaryPropertyOutput: 'converted' }), {
			input,
		});
		expect(items[0].binary?.data?.fileName).toBe('in.mp3');
		expect(items[0].binary?.converted?.fileName).toBe('speech.mp3');
	});

	it('lists the speech-to-speech models (can_do_voice_conversion) in the model dropdown', async () => {
		const options = await runNodeMethod<Array<{ value: string }>>({
			type: 'elevenLabs',
			kind: 'loadOptions',
			method: 'getStsModels',
			parameters: params() as never,
			credentials: box.credentials(),
		});
		expect(options.map((o) => o.value).sort()).toEqual([
			'eleven_english_sts_v2',
			'eleven_multilingual_sts_v2',
		]);
		// a key that may not list models still gets the documented ones
		const fallback = await runNodeMethod<Array<{ value: string }>>({
			type: 'elevenLabs',
			kind: 'loadOptions',
			method: 'getStsModels',
			parameters: params() as never,
			credentials: box.credentials({ elevenlabs: 'sk_sts_only' }),
		});
		expect(fallback.map((o) => o.value).sort()).toEqual([
			'eleven_english_sts_v2',
			'eleven_multilingual_sts_v2',
		]);
	});
});

describe('Speech to Speech errors', () => {
	it('an unknown voice', async () => {
		const input = await mp3Input(1);
		const { error } = await runNode(
			box.get(),
			params({ voice: { __rl: true, mode: 'id', value: 'NoSuchVoice000000000' } }),
			{ input },
		);
		expect(error?.message).toMatch(/NoSuchVoice000000000 was not found.*\[voice_not_found\]/);
		expect(error?.description).toMatch(/voice ID does not exist/);
	});

	it('a text-to-speech model is refused by the API, naming model_id', async () => {
		const input = await mp3Input(1);
		const { error } = await runNode(box.get(), params({ stsModelId: 'eleven_multilingual_v2' }), {
			input,
		});
		expect(error?.message).toMatch(/does not support speech to speech.*\[model_not_found\]/);
		expect(error?.description).toMatch(/Field: model_id/);
	});

	it('a file that is no audio: refused before upload, or by the API when undecidable', async () => {
		const pdf = await fileInput(Buffer.from('%PDF-1.7 ...'), { mimeType: 'application/pdf' });
		const refused = await runNode(box.get(), params(), { input: pdf });
		expect(refused.error?.message).toMatch(/is a PDF document, not audio or video/);
		expect(calls(box.get(), STS)).toHaveLength(0);
		const unknown = await fileInput(Buffer.from('0123456789abcdef'), {
			mimeType: 'application/octet-stream',
		});
		const rejected = await runNode(box.get(), params(), { input: unknown });
		expect(rejected.error?.message).toMatch(
			/not a valid audio or video file.*\[invalid_parameters\]/,
		);
		expect(rejected.error?.description).toMatch(/Field: audio/);
	});

	it('a key without speech_to_speech: the permission is named', async () => {
		await expectPermissionNamed(box.get(), params(), 'speech_to_speech', await mp3Input(1));
	});

	it('quota exceeded', async () => {
		box.get().elevenlabs.remainingCredits = 5;
		const input = await mp3Input(2);
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toMatch(/\[quota_exceeded\] \(HTTP 401\)/);
	});

	it('an out-of-range voice setting or seed is refused before any request', async () => {
		const input = await mp3Input(1);
		const speed = await runNode(box.get(), params({}, { voiceSettings: { speed: 3 } }), { input });
		expect(speed.error?.message).toBe('Speed must be between 0.7 and 1.2 (got 3)');
		const seed = await runNode(box.get(), params({}, { seed: -1 }), { input });
		expect(seed.error?.message).toMatch(/Seed must be a whole number from 0 to 4294967295/);
		expect(calls(box.get(), STS)).toHaveLength(0);
	});

	it('an HTTP 200 without audio does not become a file', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: /^\/v1\/speech-to-speech\//,
			fault: {
				type: 'raw',
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: '{"detail":{"status":"system_busy","message":"Busy"}}',
			},
		});
		const input = await mp3Input(1);
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toBe('ElevenLabs: Busy [system_busy] (HTTP 200 without audio)');
	});
});

describe('the Speech to Speech sandbox route, seen through the official SDK', () => {
	it('accepts the SDK’s form (voice settings as a JSON string) and returns decodable audio', async () => {
		const stream = await sdkClient(box.get()).speechToSpeech.convert(RACHEL, {
			audio: new Blob([mp3Audio(2)], { type: 'audio/mpeg' }),
			modelId: 'eleven_multilingual_sts_v2',
			outputFormat: 'mp3_44100_128',
			voiceSettings: JSON.stringify({ stability: 0.5 }),
			removeBackgroundNoise: true,
		});
		expect((await streamedBytes(stream)).length).toBeGreaterThan(1000);
		expect(jobs()[0].values.remove_background_noise).toBe(true);
	});
});
