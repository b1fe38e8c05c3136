/**
 * Speech → Isolate Voice through real workflows against the contract sandbox: the recording
 * streamed as multipart `audio`, cleaned MP3 back (the endpoint has no output format), and errors.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	calls,
	decodedAudio,
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
	streamedBytes,
	useSpeechSandbox,
	wavAudio,
	withRetry,
} from './speech-setup';

const box = useSpeechSandbox();

const ISOLATION = '/v1/audio-isolation';
const jobs = () => box.get().elevenlabs.audio.jobs;

function params(options: IDataObject = {}): IDataObject {
	return {
		resource: 'speech',
		operation: 'isolateVoice',
		binaryPropertyName: 'data',
		options: withRetry(options),
	};
}

describe('Speech → Isolate Voice', () => {
	it('uploads the recording (streamed) and outputs the cleaned audio as MP3', async () => {
		const recording = wavAudio(3);
		const { items, run, call } = await runOnFile(box.get(), params(), ISOLATION, {
			data: recording,
			mimeType: 'audio/wav',
			fileName: 'noisy.wav',
		});
		expect(call.query).toEqual({});
		expect(call.headers['transfer-encoding']).toBeUndefined();
		expect(jobs()[0].values).toEqual({ audio: '<file>' });
		expect(jobs()[0].file).toMatchObject({
			fileName: 'noisy.wav',
			mimeType: 'audio/wav',
			sha256: sha256(recording),
		});
		const { json, binary } = items[0];
		expect(json).toMatchObject({
			outputFormat: null,
			mimeType: 'audio/mpeg',
			fileName: 'isolated.mp3',
			sourceFileName: 'noisy.wav',
			sourceBytes: recording.length,
			requestId: jobs()[0].requestId,
		});
		expect(json.sampleRate).toBeUndefined();
		expect(binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		const { duration } = await decodedAudio(binary!.data, /MPEG 1 Layer 3/);
		expect(duration).toBeCloseTo(3, 0);
		expectNoKey(run.data);
	});

	it('sends raw PCM with its file_format, from memory, into another output field', async () => {
		const pcm = wavAudio(1).subarray(44);
		const { items, error } = await runNode(
			box.get(),
			params({ fileFormat: 'pcm_s16le_16', binaryPropertyOutput: 'clean', fileName: 'voice' }),
			{ input: memoryInput(pcm, { mimeType: 'application/octet-stream' }) },
		);
		expect(error).toBeUndefined();
		expect(jobs()[0].values).toEqual({ file_format: 'pcm_s16le_16', audio: '<file>' });
		expect(items[0].binary?.clean?.fileName).toBe('voice.mp3');
		expect(items[0].binary?.data).toBeDefined();
	});
});

describe('Isolate Voice errors', () => {
	it('an image is refused before upload', async () => {
		const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(32)]);
		const input = await fileInput(png, { mimeType: 'image/png', fileName: 'photo.png' });
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toBe(
			'The file in binary field "data" of item 0 is a PNG image, not audio or video',
		);
		expect(calls(box.get(), ISOLATION)).toHaveLength(0);
	});

	it('a key without audio_isolation: the permission is named', async () => {
		await expectPermissionNamed(box.get(), params(), 'audio_isolation', await mp3Input(1));
	});

	it('quota exceeded (1,000 credits per minute of audio)', async () => {
		box.get().elevenlabs.remainingCredits = 100;
		const input = await mp3Input(30);
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toMatch(/while 50\d credits are required.*\[quota_exceeded\]/);
	});

	it('a 422 from the API names the field', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: ISOLATION,
			fault: {
				type: 'status',
				status: 422,
				body: { detail: [{ loc: ['body', 'audio'], msg: 'Field required', type: 'missing' }] },
			},
		});
		const input = await mp3Input(1);
		const { error } = await runNode(box.get(), params(), { input });
		expect(error?.message).toBe('ElevenLabs: audio: Field required [validation_error] (HTTP 422)');
	});
});

describe('the Isolate Voice sandbox route, seen through the official SDK', () => {
	it('accepts the SDK’s upload and answers audio', async () => {
		const stream = await sdkClient(box.get()).audioIsolation.convert({
			audio: new Blob([mp3Audio(2)], { type: 'audio/mpeg' }),
		});
		expect((await streamedBytes(stream)).length).toBeGreaterThan(1000);
		expect(jobs()).toHaveLength(1);
	});
});
