/**
 * Voice → Clone in a real n8n 2.41.1 (the package installed as a community package, filesystem
 * binary mode) against the sandbox process: two recordings read from disk, gathered into one item
 * by Aggregate ("Include Binaries"), cloned in one streamed multipart request, and the new voice
 * used by Text to Speech in the next node. The sandbox checks the request against the OpenAPI's
 * multipart schema and decodes every file (music-metadata) before it creates the voice.
 */
import { copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseBuffer } from 'music-metadata';

import { NODE_TYPES, REPO_DIR, startStack, type Stack } from '../../scripts/n8n/n8n';
import { nodeOutput, runChain, type ChainStep } from './helpers';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

const MEDIA = path.join(REPO_DIR, 'test', 'fixtures', 'media');
const SAMPLES = ['mp3_44100_128.mp3', 'mp3_22050_32.mp3'];

/** Read the recordings → gather them into one item (with their binaries) → Clone → speak with it. */
const cloneSteps = (filesDir: string): ChainStep[] => [
	[
		'Read recordings',
		'n8n-nodes-base.readWriteFile',
		{ operation: 'read', fileSelector: `${filesDir}/sample-*.mp3`, options: {} },
	],
	[
		'One item',
		'n8n-nodes-base.aggregate',
		{ aggregate: 'aggregateAllItemData', options: { includeBinaries: true } },
	],
	[
		'Clone voice',
		NODE_TYPES.elevenLabs,
		{
			resource: 'voice',
			operation: 'clone',
			name: 'e2e narrator',
			samples: 'all',
			description: 'Cloned in a real n8n',
			labels: { label: [{ key: 'accent', value: 'british' }] },
			removeBackgroundNoise: true,
		},
	],
	[
		'Speak with it',
		NODE_TYPES.elevenLabs,
		{
			resource: 'speech',
			operation: 'textToSpeech',
			voice: { __rl: true, mode: 'id', value: '={{ $json.voice_id }}' },
			modelId: 'eleven_multilingual_v2',
			text: 'This is my cloned voice speaking.',
			outputFormat: 'mp3_44100_128',
			options: {},
		},
	],
];

it('clones a voice from two recordings of one item and speaks with it', async () => {
	SAMPLES.forEach((file, k) =>
		copyFileSync(path.join(MEDIA, file), path.join(stack.filesDir, `sample-${k + 1}.mp3`)),
	);
	const execution = await runChain(
		stack,
		'e2e: clone a voice from recordings and speak with it',
		cloneSteps(stack.filesDir),
		'Start',
	);

	const [gathered] = nodeOutput(execution, 'One item');
	expect(Object.keys(gathered.binary ?? {})).toEqual(['data', 'data_1']);
	// n8n 2.x keeps binaries in its filesystem store: the node streams them from there
	expect(gathered.binary!.data.id).toMatch(/^filesystem(-v2)?:/);

	const [clone] = nodeOutput(execution, 'Clone voice');
	const voiceId = clone.json.voice_id as string;
	expect(voiceId).toMatch(/^[A-Za-z0-9]{20}$/);
	expect(clone.json).toEqual(
		expect.objectContaining({
			name: 'e2e narrator',
			labels: { accent: 'british' },
			remove_background_noise: true,
		}),
	);
	const samples = clone.json.samples as Array<{ fileName: string; bytes: number }>;
	expect(samples.map((s) => [s.fileName, s.bytes]).sort()).toEqual(
		SAMPLES.map((file, k) => [`sample-${k + 1}.mp3`, statSync(path.join(MEDIA, file)).size]).sort(),
	);

	// the sandbox has the voice, as GET /v1/voices/{id} shows it to any client
	const info = stack.sandbox!.info;
	const res = await fetch(`${info.elevenLabsUrl}/v1/voices/${voiceId}`, {
		headers: { 'xi-api-key': info.elevenLabsKey },
	});
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual(
		expect.objectContaining({
			voice_id: voiceId,
			name: 'e2e narrator',
			category: 'cloned',
			description: 'Cloned in a real n8n',
			labels: { accent: 'british' },
		}),
	);

	const [speech] = nodeOutput(execution, 'Speak with it');
	expect(speech.json.voiceId).toBe(voiceId);
	const audio = await stack.n8n.readBinary(speech.binary!.data);
	const meta = await parseBuffer(audio, { mimeType: 'audio/mpeg' });
	expect(meta.format.duration).toBeGreaterThan(0.5);
	// the API key never reaches the execution data
	expect(JSON.stringify(execution)).not.toContain(info.elevenLabsKey);
});
