/**
 * The ElevenLabs audio operations in a real n8n 2.41.1 (`n8n start`, the packed package installed
 * as a community package, filesystem binary mode) against the sandbox in its own process: Speech
 * to Text of a file read from disk (streamed as multipart), with subtitles; Sound Effect; Speech
 * to Speech chained into Isolate Voice; User → Get. Workflows are created through the public API
 * and run like the editor's "Execute workflow" button; results are read back from the execution.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as mm from 'music-metadata';

import { NODE_TYPES, startStack, type Stack } from '../../scripts/n8n/n8n';
import { mp3OfDuration } from '../sandbox/media';
import { nodeOutput, runChain, type ChainStep } from './helpers';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

const run = async (name: string, steps: ChainStep[]) => await runChain(stack, name, steps);

const readFile = (file: string): ChainStep => [
	'Read File',
	'n8n-nodes-base.readWriteFile',
	{ operation: 'read', fileSelector: path.join(stack.filesDir, file), options: {} },
];

async function decode(bytes: Buffer, mimeType: string) {
	const meta = await mm.parseBuffer(bytes, { mimeType }, { duration: true });
	return { codec: meta.format.codec ?? '', duration: meta.format.duration ?? 0 };
}

it('Speech to Text: a file read from disk is transcribed, with SRT and WebVTT subtitles', async () => {
	writeFileSync(path.join(stack.filesDir, 'meeting.mp3'), mp3OfDuration('mp3_44100_128', 6));
	const execution = await run('e2e: ElevenLabs speech to text', [
		readFile('meeting.mp3'),
		[
			'Transcribe',
			NODE_TYPES.elevenLabs,
			{
				resource: 'speech',
				operation: 'speechToText',
				source: 'binary',
				binaryPropertyName: 'data',
				sttModelId: 'scribe_v1',
				options: { diarize: true, subtitles: true },
			},
		],
	]);
	const [item] = nodeOutput(execution, 'Transcribe');
	expect(item.json).toEqual(
		expect.objectContaining({
			language_code: 'en',
			modelId: 'scribe_v1',
			sourceFileName: 'meeting.mp3',
			text: expect.stringMatching(/^Welcome to the quarterly review\./),
			speakers: ['speaker_0', 'speaker_1'],
		}),
	);
	// the sandbox estimated the duration from the uploaded bytes: the whole file arrived
	expect(Number(item.json.durationSeconds)).toBeCloseTo(6, 0);
	const srt = (await stack.n8n.readBinary(item.binary!.subtitles_srt)).toString('utf8');
	expect(srt).toMatch(/^1\n00:00:00,000 --> 00:00:00,\d{3}\nWelcome\n/);
	expect(srt.trim().split('\n\n')).toHaveLength(Number(item.json.subtitleCues));
	const vtt = (await stack.n8n.readBinary(item.binary!.subtitles_vtt)).toString('utf8');
	expect(vtt.startsWith('WEBVTT\n')).toBe(true);
	expect(item.binary!.subtitles_srt.mimeType).toBe('application/x-subrip');
	expect(JSON.stringify(execution)).not.toContain(stack.sandbox!.info.elevenLabsKey);
});

it('Sound Effect: a prompt becomes an MP3 of the asked length', async () => {
	const execution = await run('e2e: ElevenLabs sound effect', [
		[
			'Sound Effect',
			NODE_TYPES.elevenLabs,
			{
				resource: 'speech',
				operation: 'soundEffect',
				prompt: 'Rain on a tin roof',
				outputFormat: 'mp3_44100_128',
				options: { durationSeconds: 3, loop: true },
			},
		],
	]);
	const [item] = nodeOutput(execution, 'Sound Effect');
	expect(item.json).toEqual(
		expect.objectContaining({
			mimeType: 'audio/mpeg',
			fileName: 'sound-effect.mp3',
			loop: true,
			modelId: 'eleven_text_to_sound_v2',
			charactersBilled: 75,
		}),
	);
	const audio = await stack.n8n.readBinary(item.binary!.data);
	const { codec, duration } = await decode(audio, 'audio/mpeg');
	expect(codec).toMatch(/MPEG 1 Layer 3/);
	expect(duration).toBeCloseTo(3, 0);
});

it('Speech to Speech, then Isolate Voice: each gives decodable audio', async () => {
	writeFileSync(path.join(stack.filesDir, 'take.mp3'), mp3OfDuration('mp3_44100_128', 4));
	const execution = await run('e2e: ElevenLabs voice changer and isolation', [
		readFile('take.mp3'),
		[
			'Change Voice',
			NODE_TYPES.elevenLabs,
			{
				resource: 'speech',
				operation: 'speechToSpeech',
				binaryPropertyName: 'data',
				voice: { __rl: true, mode: 'id', value: '21m00Tcm4TlvDq8ikWAM' },
				stsModelId: 'eleven_multilingual_sts_v2',
				outputFormat: 'wav_22050',
				options: { removeBackgroundNoise: true },
			},
		],
		[
			'Isolate Voice',
			NODE_TYPES.elevenLabs,
			{
				resource: 'speech',
				operation: 'isolateVoice',
				binaryPropertyName: 'data',
				options: { binaryPropertyOutput: 'clean' },
			},
		],
	]);
	const [changed] = nodeOutput(execution, 'Change Voice');
	expect(changed.json).toEqual(
		expect.objectContaining({ mimeType: 'audio/wav', fileName: 'speech.wav', sampleRate: 22050 }),
	);
	const wav = await decode(await stack.n8n.readBinary(changed.binary!.data), 'audio/wav');
	expect(wav.duration).toBeCloseTo(4, 0);
	const [isolated] = nodeOutput(execution, 'Isolate Voice');
	expect(isolated.json).toEqual(
		expect.objectContaining({ sourceFileName: 'speech.wav', mimeType: 'audio/mpeg' }),
	);
	const mp3 = await decode(await stack.n8n.readBinary(isolated.binary!.clean), 'audio/mpeg');
	expect(mp3.codec).toMatch(/MPEG 1 Layer 3/);
	expect(mp3.duration).toBeCloseTo(4, 0);
});

it('User → Get: the account, without the API key the response carries', async () => {
	const execution = await run('e2e: ElevenLabs user', [
		['User', NODE_TYPES.elevenLabs, { resource: 'user', operation: 'get', options: {} }],
	]);
	const [item] = nodeOutput(execution, 'User');
	expect(item.json.user_id).toBe('usr_sandbox_0001');
	expect(item.json.xi_api_key).toBeUndefined();
	expect(JSON.stringify(execution)).not.toContain(stack.sandbox!.info.elevenLabsKey);
});
