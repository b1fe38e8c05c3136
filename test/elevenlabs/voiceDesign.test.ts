/**
 * Voice → Design (POST /v1/text-to-voice/design) and Voice → Save Designed Voice
 * (POST /v1/text-to-voice) in real workflows against the contract sandbox: one item per preview
 * with its audio as a decodable binary, then the chosen preview saved as a voice.
 */
import type { IDataObject } from 'n8n-workflow';
import { parseBuffer } from 'music-metadata';

import { errorOf, outputOf, readBinary, runWorkflow } from '../harness';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_tts_only: { permissions: ['text_to_speech'] },
		sk_design_only: { permissions: ['voice_generation'] },
	},
});

const DESCRIPTION = 'A warm, middle-aged female narrator with a soft Irish accent, calm and clear';
const TEXT =
	'Welcome back to the show. Today we walk through the hills above the town, where the wind is cold and the tea is always warm.';

const design = (extra: IDataObject = {}) => ({
	resource: 'voice',
	operation: 'design',
	voiceDescription: DESCRIPTION,
	outputFormat: 'mp3_44100_128',
	...extra,
	options: { retry: FAST_RETRY, ...((extra.options as IDataObject) ?? {}) },
});

const save = (extra: IDataObject = {}) => ({
	resource: 'voice',
	operation: 'saveDesigned',
	voiceName: 'Irish narrator',
	options: { retry: FAST_RETRY },
	...extra,
});

async function run(
	nodes: Array<{ name: string; parameters: IDataObject }>,
	opts: { apiKey?: string; continueOnFail?: boolean } = {},
) {
	const r = await runWorkflow({
		nodes: nodes.map((n) => ({
			name: n.name,
			type: 'elevenLabs',
			parameters: n.parameters as never,
			continueOnFail: opts.continueOnFail,
		})),
		credentials: box.credentials({ elevenlabs: opts.apiKey }),
	});
	const last = nodes[nodes.length - 1].name;
	const error = errorOf(r, nodes[0].name) ?? errorOf(r, last);
	return {
		run: r,
		error,
		items: error && !opts.continueOnFail ? [] : outputOf(r, nodes[0].name),
	};
}

describe('Voice → Design', () => {
	it('outputs one item per preview with its audio as a decodable binary', async () => {
		const { items, error } = await run([
			{ name: 'Design', parameters: design({ previewText: TEXT, modelId: 'eleven_ttv_v3' }) },
		]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		const body = box.get().server.requests('elevenlabs', 'POST', '/v1/text-to-voice/design')[0];
		expect(body.query).toEqual({ output_format: 'mp3_44100_128' });
		expect(body.json).toEqual({
			voice_description: DESCRIPTION,
			model_id: 'eleven_ttv_v3',
			text: TEXT,
		});
		const ids = new Set<string>();
		for (const [k, item] of items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toEqual(
				expect.objectContaining({
					preview: k + 1,
					voice_description: DESCRIPTION,
					text: TEXT,
					media_type: 'audio/mpeg',
					fileName: `voice-preview-${k + 1}.mp3`,
				}),
			);
			ids.add(String(item.json.generated_voice_id));
			const binary = item.binary!.data;
			expect(binary.mimeType).toBe('audio/mpeg');
			expect(binary.fileExtension).toBe('mp3');
			const audio = await readBinary(binary);
			expect(audio.length).toBe(item.json.byteSize);
			const meta = await parseBuffer(audio, { mimeType: 'audio/mpeg' });
			expect(meta.format.codec).toMatch(/MPEG 1 Layer 3/);
			expect(meta.format.duration).toBeCloseTo(Number(item.json.duration_secs), 0);
		}
		expect(ids.size).toBe(3);
	});

	it('asks ElevenLabs to write the text when none is given; Opus previews are Ogg files', async () => {
		const { items, error } = await run([
			{
				name: 'Design',
				parameters: design({
					outputFormat: 'opus_48000_64',
					options: { guidanceScale: 20, loudness: -0.5, seed: 42, shouldEnhance: true },
				}),
			},
		]);
		expect(error).toBeUndefined();
		const body = box.get().server.requests('elevenlabs', 'POST', '/v1/text-to-voice/design')[0];
		expect(body.json).toEqual({
			voice_description: DESCRIPTION,
			model_id: 'eleven_multilingual_ttv_v2',
			auto_generate_text: true,
			guidance_scale: 20,
			loudness: -0.5,
			seed: 42,
			should_enhance: true,
		});
		expect(items[0].json.text).toEqual(expect.stringMatching(/kindness/));
		expect(items[0].binary!.data.mimeType).toBe('audio/ogg');
		const meta = await parseBuffer(await readBinary(items[0].binary!.data), {
			mimeType: 'audio/ogg',
		});
		expect(meta.format.container).toBe('Ogg');
	});

	it('checks the description and preview text lengths before calling the API', async () => {
		const short = await run([
			{ name: 'Design', parameters: design({ voiceDescription: 'A mouse' }) },
		]);
		expect(short.error?.message).toBe(
			'Voice Description must be 20 to 1000 characters long, but it has 7',
		);
		const text = await run([{ name: 'Design', parameters: design({ previewText: 'Too short.' }) }]);
		expect(text.error?.message).toMatch(/Preview Text must be 100 to 1000 characters long/);
		const guidance = await run([
			{ name: 'Design', parameters: design({ options: { guidanceScale: 500 } }) },
		]);
		expect(guidance.error?.message).toMatch(/Guidance Scale must be a number from 0 to 100/);
		expect(
			box.get().server.requests('elevenlabs', 'POST', '/v1/text-to-voice/design'),
		).toHaveLength(0);
	});

	it('names the missing voice_generation permission and explains running out of credits', async () => {
		const denied = await run([{ name: 'Design', parameters: design() }], {
			apiKey: 'sk_tts_only',
		});
		expect(denied.error?.message).toMatch(/missing the permission voice_generation/);
		box.get().elevenlabs.remainingCredits = 10;
		const broke = await run([{ name: 'Design', parameters: design({ previewText: TEXT }) }]);
		expect(broke.error?.message).toMatch(/exceeds your quota.*\[quota_exceeded\] \(HTTP 401\)/);
		expect(broke.error?.description).toMatch(/run out of credits/);
	});
});

describe('Voice → Save Designed Voice', () => {
	it('saves the preview the workflow picks, with the description carried over', async () => {
		const { run: r, error } = await run([
			{ name: 'Design', parameters: design({ previewText: TEXT }) },
			{
				name: 'Save',
				parameters: save({
					labels: { label: [{ key: 'accent', value: 'irish' }] },
				}),
			},
		]);
		expect(error).toBeUndefined();
		const previews = outputOf(r, 'Design');
		const saved = outputOf(r, 'Save');
		// every preview was saved (a workflow would filter first); each is now a voice
		expect(saved).toHaveLength(3);
		expect(saved.map((s) => s.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const calls = box.get().server.requests('elevenlabs', 'POST', '/v1/text-to-voice');
		expect(calls[0].json).toEqual({
			voice_name: 'Irish narrator',
			voice_description: DESCRIPTION,
			generated_voice_id: previews[0].json.generated_voice_id,
			labels: { accent: 'irish' },
		});
		expect(saved[0].json).toEqual(
			expect.objectContaining({
				name: 'Irish narrator',
				category: 'generated',
				labels: { accent: 'irish' },
				voice_id: expect.any(String),
			}),
		);
		expect(box.get().elevenlabs.voices.map((v) => v.voice_id)).toContain(saved[2].json.voice_id);
		expect(JSON.stringify(saved)).not.toContain(SANDBOX_ELEVENLABS_KEY);
	});

	it('reports an unknown generated voice id, the voice limit and a missing name', async () => {
		const unknown = await run([
			{
				name: 'Save',
				parameters: save({
					generatedVoiceId: 'ZZZZZZZZZZZZZZZZZZZZ',
					voiceDescription: DESCRIPTION,
				}),
			},
		]);
		expect(unknown.error?.message).toMatch(/No voice preview with generated_voice_id ZZZZ/);
		expect(unknown.error?.description).toMatch(/Field: generated_voice_id/);

		box.get().elevenlabs.voiceLimit = 1;
		const limited = await run([
			{ name: 'Design', parameters: design({ previewText: TEXT }) },
			{ name: 'Save', parameters: save() },
		]);
		expect(limited.error?.message).toMatch(/\[voice_limit_reached\]/);

		const nameless = await run([
			{
				name: 'Save',
				parameters: save({
					voiceName: '   ',
					generatedVoiceId: 'abc',
					voiceDescription: DESCRIPTION,
				}),
			},
		]);
		expect(nameless.error?.message).toBe('Name is empty');
	});
});
