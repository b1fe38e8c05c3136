/**
 * Speech → Sound Effect through real workflows against the contract sandbox: the JSON body (text,
 * duration, prompt influence, loop with its model), the output format in the query, decodable
 * audio of the requested duration, the documented character-cost, and the errors.
 */
import type { IDataObject } from 'n8n-workflow';

import { validateElevenLabsBody, validateElevenLabsQuery } from '../sandbox/contracts';
import {
	calls,
	decodedAudio,
	expectNoKey,
	expectPermissionNamed,
	runNode,
	useSpeechSandbox,
	withRetry,
} from './speech-setup';

const box = useSpeechSandbox();

const SFX = '/v1/sound-generation';
const PROMPT = 'A heavy wooden door creaking open in an empty hall';

function params(overrides: IDataObject = {}, options: IDataObject = {}): IDataObject {
	return {
		resource: 'speech',
		operation: 'soundEffect',
		prompt: PROMPT,
		outputFormat: 'mp3_44100_128',
		options: withRetry(options),
		...overrides,
	};
}

describe('Speech → Sound Effect', () => {
	it('generates a sound of the asked length as playable MP3, with the characters billed', async () => {
		const { items, error, run } = await runNode(
			box.get(),
			params({}, { durationSeconds: 4, promptInfluence: 0.6 }),
			{ input: [{ json: { scene: 12 } }] },
		);
		expect(error).toBeUndefined();
		const [call] = calls(box.get(), SFX);
		expect(call.json).toEqual({ text: PROMPT, duration_seconds: 4, prompt_influence: 0.6 });
		expect(call.query).toEqual({ output_format: 'mp3_44100_128' });
		expect(validateElevenLabsBody('POST', SFX, call.json).valid).toBe(true);
		expect(validateElevenLabsQuery('POST', SFX, call.query).valid).toBe(true);

		const { json, binary, pairedItem } = items[0];
		expect(pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			scene: 12,
			prompt: PROMPT,
			modelId: null,
			requestedDurationSeconds: 4,
			loop: false,
			outputFormat: 'mp3_44100_128',
			mimeType: 'audio/mpeg',
			fileName: 'sound-effect.mp3',
			// 25 characters per second with a set duration (documented pricing)
			charactersBilled: 100,
		});
		expect(binary?.data).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
		const { duration } = await decodedAudio(binary!.data, /MPEG 1 Layer 3/);
		expect(duration).toBeCloseTo(4, 0);
		expect(json.durationSeconds).toBeCloseTo(duration, 1);
		expectNoKey(run.data);
	});

	it('lets ElevenLabs pick the length when no duration is set (100 characters)', async () => {
		const { items, error } = await runNode(box.get(), params({ outputFormat: 'wav_22050' }));
		expect(error).toBeUndefined();
		expect(calls(box.get(), SFX)[0].json).toEqual({ text: PROMPT });
		expect(items[0].json).toMatchObject({ charactersBilled: 100, mimeType: 'audio/wav' });
		await decodedAudio(items[0].binary!.data, /PCM/);
	});

	it('a loop is generated with eleven_text_to_sound_v2 (looping exists only there)', async () => {
		const { items, error } = await runNode(
			box.get(),
			params({ outputFormat: 'opus_48000_96' }, { loop: true, fileName: 'rain-loop' }),
		);
		expect(error).toBeUndefined();
		expect(calls(box.get(), SFX)[0].json).toEqual({
			text: PROMPT,
			loop: true,
			model_id: 'eleven_text_to_sound_v2',
		});
		expect(items[0].json).toMatchObject({ loop: true, modelId: 'eleven_text_to_sound_v2' });
		expect(items[0].binary?.data).toMatchObject({
			fileName: 'rain-loop.ogg',
			mimeType: 'audio/ogg',
		});
		await decodedAudio(items[0].binary!.data, /Opus/i);
	});
});

describe('Sound Effect errors', () => {
	it('an empty prompt or an out-of-range duration is refused before any request', async () => {
		const empty = await runNode(box.get(), params({ prompt: '  ' }));
		expect(empty.error?.message).toBe('Prompt is empty');
		const long = await runNode(box.get(), params({}, { durationSeconds: 31 }));
		expect(long.error?.message).toBe('Duration (Seconds) must be a number from 0.5 to 30 (got 31)');
		const influence = await runNode(box.get(), params({}, { promptInfluence: '={{ 2 }}' }));
		expect(influence.error?.message).toMatch(/Prompt Influence must be a number from 0 to 1/);
		expect(calls(box.get(), SFX)).toHaveLength(0);
	});

	it('an output format the API does not offer is refused before any request', async () => {
		const { error } = await runNode(box.get(), params({ outputFormat: '={{ "flac_44100" }}' }));
		expect(error?.message).toBe('Unknown Output Format "flac_44100"');
		expect(error?.description).toMatch(/mp3_44100_128/);
		expect(calls(box.get(), SFX)).toHaveLength(0);
	});

	it('an unknown model: the API names model_id', async () => {
		const { error } = await runNode(box.get(), params({}, { model: 'eleven_text_to_sound_v9' }));
		expect(error?.message).toMatch(/eleven_text_to_sound_v9 does not exist.*\[model_not_found\]/);
		expect(error?.description).toMatch(/Field: model_id/);
	});

	it('a key without sound_generation: the permission is named', async () => {
		await expectPermissionNamed(box.get(), params(), 'sound_generation');
	});

	it('quota exceeded, not retried', async () => {
		box.get().elevenlabs.remainingCredits = 99;
		const { error } = await runNode(box.get(), params());
		expect(error?.message).toMatch(
			/You have 99 credits remaining, while 100 credits are required.*\[quota_exceeded\]/,
		);
		expect(calls(box.get(), SFX)).toHaveLength(1);
	});

	it('a plan-gated output format: the 403 with a hint', async () => {
		// ElevenLabs answers 403 for formats above the plan (e.g. 44.1 kHz PCM below Pro)
		box.get().server.inject({
			service: 'elevenlabs',
			path: SFX,
			fault: {
				type: 'status',
				status: 403,
				body: {
					detail: {
						status: 'output_format_not_allowed',
						message: 'pcm_44100 is only available on the Pro tier and above.',
					},
				},
			},
		});
		const { error } = await runNode(box.get(), params({ outputFormat: 'pcm_44100' }));
		expect(error?.message).toMatch(/Pro tier.*\(HTTP 403\)/);
		expect(error?.description).toMatch(/plan does not include this feature or output format/);
	});

	it('Continue On Fail keeps one output per input item', async () => {
		const { items } = await runNode(box.get(), params({ prompt: '={{ $json.prompt }}' }), {
			input: [{ json: { prompt: 'Rain' } }, { json: { prompt: '' } }, { json: { prompt: 'Wind' } }],
			continueOnFail: true,
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toBe('Prompt is empty');
		expect(items[0].binary?.data).toBeDefined();
		expect(items[2].json.prompt).toBe('Wind');
	});
});
