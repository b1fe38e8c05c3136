/**
 * Voice → Clone (POST /v1/voices/add) in real workflows against the contract sandbox: several
 * recordings of one item streamed into one multipart request (checked against the OpenAPI's
 * multipart schema by the sandbox), the new voice_id used by Text to Speech, and the documented
 * refusals with clear errors.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { parseBuffer } from 'music-metadata';

import { errorOf, outputOf, readBinary, runWorkflow, storeBinary } from '../harness';
import { fixture, pcm16, wav } from '../sandbox/media';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_read_only: { permissions: ['voices_read'] },
	},
});

const MP3 = fixture('mp3_44100_128.mp3');
const WAV = wav(pcm16(16000, 1.5), 16000);
const OGG = fixture('opus_48000_64.ogg');

async function stored(data: Buffer, mimeType: string, fileName: string): Promise<IBinaryData> {
	return await storeBinary(data, { mimeType, fileName });
}

function inline(data: Buffer, mimeType: string, fileName?: string): IBinaryData {
	return { data: data.toString('base64'), mimeType, fileName } as IBinaryData;
}

const cloneParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'voice',
	operation: 'clone',
	name: 'My narrator',
	binaryPropertyNames: 'data, sample2',
	options: { retry: FAST_RETRY },
	...extra,
});

async function run(
	parameters: Record<string, unknown>,
	input: INodeExecutionData[],
	opts: { apiKey?: string; continueOnFail?: boolean; then?: Record<string, unknown> } = {},
) {
	const nodes: Array<{
		name: string;
		type: string;
		parameters: never;
		continueOnFail?: boolean;
	}> = [
		{
			name: 'Clone',
			type: 'elevenLabs',
			parameters: parameters as never,
			continueOnFail: opts.continueOnFail,
		},
	];
	if (opts.then) nodes.push({ name: 'Next', type: 'elevenLabs', parameters: opts.then as never });
	const r = await runWorkflow({
		nodes,
		input,
		credentials: box.credentials({ elevenlabs: opts.apiKey }),
	});
	const error = errorOf(r, 'Clone');
	return { run: r, error, items: error && !opts.continueOnFail ? [] : outputOf(r, 'Clone') };
}

describe('Voice → Clone', () => {
	it('streams several recordings of one item into one request and returns the new voice_id', async () => {
		const input = [
			{
				json: {},
				binary: {
					data: await stored(MP3, 'audio/mpeg', 'take 1.mp3'),
					sample2: await stored(WAV, 'audio/wav', 'take-2.wav'),
				},
			},
		];
		const { items, error } = await run(
			cloneParameters({
				description: 'Calm narrator with a British accent',
				labels: {
					label: [
						{ key: 'accent', value: 'british' },
						{ key: 'gender', value: 'male' },
					],
				},
				removeBackgroundNoise: true,
			}),
			input,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const [clone] = box.get().elevenlabs.clones;
		expect(items[0].json).toEqual(
			expect.objectContaining({
				voice_id: clone.voiceId,
				requires_verification: false,
				name: 'My narrator',
				labels: { accent: 'british', gender: 'male' },
				remove_background_noise: true,
			}),
		);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		// both files arrived whole, in order, with their names and types
		expect(clone.files).toEqual([
			expect.objectContaining({
				filename: 'take 1.mp3',
				mimeType: 'audio/mpeg',
				bytes: MP3.length,
			}),
			expect.objectContaining({ filename: 'take-2.wav', mimeType: 'audio/wav', bytes: WAV.length }),
		]);
		expect(clone).toEqual(
			expect.objectContaining({
				name: 'My narrator',
				description: 'Calm narrator with a British accent',
				labels: { accent: 'british', gender: 'male' },
				removeBackgroundNoise: true,
			}),
		);
		// a streamed body with an exact Content-Length (every file's size is known beforehand)
		expect(clone.chunked).toBe(false);
		expect(clone.contentLength).toBe(
			box.get().server.requests('elevenlabs', 'POST', '/v1/voices/add')[0].bodySize,
		);
		// the API key is a header, never part of the output
		expect(JSON.stringify(items)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});

	it('clones from every binary of the item, and Text to Speech speaks with the new voice', async () => {
		const input = [
			{
				json: {},
				binary: {
					a: inline(MP3, 'audio/mpeg', 'a.mp3'),
					b: inline(OGG, 'application/octet-stream'),
					c: await stored(WAV, 'audio/wav', 'c.wav'),
				},
			},
		];
		const { run: r, error } = await run(cloneParameters({ samples: 'all' }), input, {
			then: {
				resource: 'speech',
				operation: 'textToSpeech',
				voice: { __rl: true, mode: 'id', value: '={{ $json.voice_id }}' },
				modelId: 'eleven_multilingual_v2',
				text: 'Hello in my own voice.',
				outputFormat: 'mp3_44100_128',
				options: { retry: FAST_RETRY },
			},
		});
		expect(error).toBeUndefined();
		const [clone] = box.get().elevenlabs.clones;
		// a binary without a type or name is sniffed: Ogg, named after its field
		expect(clone.files.map((f) => [f.filename, f.mimeType])).toEqual([
			['a.mp3', 'audio/mpeg'],
			['b.ogg', 'audio/ogg'],
			['c.wav', 'audio/wav'],
		]);
		const [speech] = outputOf(r, 'Next');
		expect(speech.json.voiceId).toBe(clone.voiceId);
		const audio = await readBinary(speech.binary!.data);
		const meta = await parseBuffer(audio, { mimeType: 'audio/mpeg' });
		expect(meta.format.duration).toBeGreaterThan(0.5);
		expect(box.get().elevenlabs.generationLog[0].voiceId).toBe(clone.voiceId);
	});

	it('sends the whole body again when the API answers 429 (the stream is made anew)', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			method: 'POST',
			path: '/v1/voices/add',
			fault: {
				type: 'status',
				status: 429,
				headers: { 'retry-after': '0' },
				body: { detail: { status: 'system_busy', message: 'The system is busy.' } },
			},
		});
		const input = [
			{
				json: {},
				binary: {
					data: await stored(MP3, 'audio/mpeg', 'one.mp3'),
					sample2: await stored(WAV, 'audio/wav', 'two.wav'),
				},
			},
		];
		const { items, error } = await run(cloneParameters(), input);
		expect(error).toBeUndefined();
		const calls = box.get().server.requests('elevenlabs', 'POST', '/v1/voices/add');
		expect(calls).toHaveLength(2);
		// the 429 is answered before the body is read; the retry carries the whole announced body
		expect(calls[1].headers['content-length']).toBe(calls[0].headers['content-length']);
		expect(calls[1].bodySize).toBe(Number(calls[1].headers['content-length']));
		expect(box.get().elevenlabs.clones[0].files.map((f) => f.bytes)).toEqual([
			MP3.length,
			WAV.length,
		]);
		expect(items[0].json.voice_id).toBe(box.get().elevenlabs.clones[0].voiceId);
	});
});

describe('Voice → Clone: errors', () => {
	const oneFile = async () => [
		{ json: {}, binary: { data: await stored(MP3, 'audio/mpeg', 'x.mp3') } },
	];

	it('refuses a file that is not audio before calling the API, naming the field and item', async () => {
		const input = [
			{
				json: {},
				binary: { data: inline(Buffer.from('name,text\nA,hello\n'), 'text/csv', 'list.csv') },
			},
		];
		const { error } = await run(cloneParameters({ binaryPropertyNames: 'data' }), input);
		expect(error?.message).toMatch(/binary field "data" of item 0 is text .*text\/csv.*not audio/);
		expect(box.get().server.requests('elevenlabs', 'POST', '/v1/voices/add')).toHaveLength(0);
	});

	it('reports a missing binary field', async () => {
		const { error } = await run(cloneParameters(), await oneFile());
		expect(error?.message).toMatch(/sample2/);
	});

	it('passes on ElevenLabs\' "corrupted" answer for audio that does not decode', async () => {
		const input = [
			{ json: {}, binary: { data: inline(Buffer.alloc(4000, 7), 'audio/mpeg', 'noise.mp3') } },
		];
		const { error } = await run(cloneParameters({ binaryPropertyNames: 'data' }), input);
		expect(error?.message).toMatch(/File upload is corrupted.*\[invalid_content\] \(HTTP 400\)/);
		expect(error?.description).toMatch(/could not decode an uploaded file as audio/);
	});

	it('names the missing voices_write permission', async () => {
		const { error } = await run(cloneParameters({ binaryPropertyNames: 'data' }), await oneFile(), {
			apiKey: 'sk_read_only',
		});
		expect(error?.message).toMatch(/missing the permission voices_write/);
		expect(error?.description).toMatch(/lacks the "voices_write" permission/);
	});

	it('explains voice_limit_reached and a plan without instant cloning', async () => {
		const custom = box
			.get()
			.elevenlabs.voices.filter(
				(v) => v.category === 'cloned' || v.category === 'generated',
			).length;
		box.get().elevenlabs.voiceLimit = custom;
		const limited = await run(cloneParameters({ binaryPropertyNames: 'data' }), await oneFile());
		expect(limited.error?.message).toMatch(
			new RegExp(
				`maximum amount of custom voices \\(${custom} / ${custom}\\).*\\[voice_limit_reached\\]`,
			),
		);
		expect(limited.error?.description).toMatch(/Voice → Delete/);

		box.get().elevenlabs.voiceLimit = undefined;
		box.get().elevenlabs.instantVoiceCloning = false;
		const free = await run(cloneParameters({ binaryPropertyNames: 'data' }), await oneFile());
		expect(free.error?.message).toMatch(
			/does not include instant voice cloning.*\[paid_plan_required\]/,
		);
		expect(free.error?.description).toMatch(/paid plan/);
		expect(free.error?.description).toMatch(/Request ID: \w+/);
	});

	it('explains duplicate_files when the same recording is sent twice', async () => {
		const same = await stored(MP3, 'audio/mpeg', 'same.mp3');
		const { error } = await run(cloneParameters(), [
			{ json: {}, binary: { data: same, sample2: { ...same, fileName: 'copy.mp3' } } },
		]);
		expect(error?.message).toMatch(/You cannot upload the same file twice.*\[duplicate_files\]/);
	});

	it('continues on fail per item, paired with its input, without the key in the output', async () => {
		const good = await stored(MP3, 'audio/mpeg', 'good.mp3');
		const input: INodeExecutionData[] = [
			{ json: {}, binary: { data: good } },
			{ json: {}, binary: {} },
			{ json: {}, binary: { data: await stored(WAV, 'audio/wav', 'w.wav') } },
		];
		const { items } = await run(cloneParameters({ binaryPropertyNames: 'data' }), input, {
			continueOnFail: true,
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.voice_id).toEqual(expect.any(String));
		expect(items[1].json.error).toMatch(/data/);
		expect(items[2].json.voice_id).toEqual(expect.any(String));
		expect(box.get().elevenlabs.clones).toHaveLength(2);
		expect(JSON.stringify(items)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});

	it('rejects an empty name and a label without a key', async () => {
		const noName = await run(cloneParameters({ name: '  ' }), await oneFile());
		expect(noName.error?.message).toBe('Name is empty');
		const badLabel = await run(
			cloneParameters({
				binaryPropertyNames: 'data',
				labels: { label: [{ key: '', value: 'british' }] },
			}),
			await oneFile(),
		);
		expect(badLabel.error?.message).toMatch(/label with value "british" has no key/);
	});
});
