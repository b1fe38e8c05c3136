/**
 * The voice-management and history routes of the sandbox, seen through ElevenLabs' official SDK
 * (which builds the multipart body of an instant clone itself and validates every response
 * against its own schemas), so the sandbox these workflow tests run against accepts and answers
 * what the real API does; and its multipart checks against the OpenAPI's form schema.
 */
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import * as mm from 'music-metadata';

import { seedGeneration } from '../sandbox/elevenlabs';
import { fixture } from '../sandbox/media';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
let client: ElevenLabsClient;

beforeAll(() => {
	client = new ElevenLabsClient({
		apiKey: SANDBOX_ELEVENLABS_KEY,
		baseUrl: box.get().elevenLabsUrl,
		maxRetries: 0,
	});
});

const MP3 = fixture('mp3_44100_64.mp3');

describe('voice routes through the official SDK', () => {
	it('creates an instant clone from the multipart body the SDK builds', async () => {
		const created = await client.voices.ivc.create({
			name: 'SDK clone',
			files: [
				{ data: MP3, filename: 'a.mp3', contentType: 'audio/mpeg' },
				{ data: fixture('mp3_22050_32.mp3'), filename: 'b.mp3', contentType: 'audio/mpeg' },
			],
			removeBackgroundNoise: true,
			description: 'From the SDK',
			labels: { accent: 'british' },
		});
		expect(created).toEqual({ voiceId: expect.any(String), requiresVerification: false });
		expect(box.get().elevenlabs.clones[0]).toEqual(
			expect.objectContaining({
				name: 'SDK clone',
				labels: { accent: 'british' },
				removeBackgroundNoise: true,
			}),
		);
		const voice = await client.voices.get(created.voiceId);
		expect(voice.name).toBe('SDK clone');
		await client.voices.settings.update(created.voiceId, { stability: 0.2 });
		expect((await client.voices.get(created.voiceId)).settings?.stability).toBe(0.2);
		expect(await client.voices.delete(created.voiceId)).toEqual({ status: 'ok' });
	});

	it('designs previews and saves one', async () => {
		const design = await client.textToVoice.design({
			voiceDescription: 'A sassy squeaky mouse with a lot of opinions',
			autoGenerateText: true,
			outputFormat: 'mp3_22050_32',
		});
		expect(design.previews).toHaveLength(3);
		const audio = Buffer.from(design.previews[0].audioBase64, 'base64');
		const meta = await mm.parseBuffer(audio, { mimeType: 'audio/mpeg' });
		expect(meta.format.sampleRate).toBe(22050);
		const voice = await client.textToVoice.create({
			voiceName: 'Mouse',
			voiceDescription: 'A sassy squeaky mouse with a lot of opinions',
			generatedVoiceId: design.previews[1].generatedVoiceId,
		});
		expect(voice.category).toBe('generated');
	});

	it('lists, reads, downloads and deletes history with the SDK', async () => {
		for (let k = 0; k < 5; k++)
			seedGeneration(box.get().elevenlabs, { time: Date.UTC(2026, 0, 1) + k });
		const page = await client.history.list({ pageSize: 2, dateAfterUnix: 1 });
		expect(page.history).toHaveLength(2);
		expect(page.hasMore).toBe(true);
		const next = await client.history.list({
			pageSize: 2,
			startAfterHistoryItemId: page.lastHistoryItemId,
		});
		expect(next.history[0].historyItemId).not.toBe(page.history[1].historyItemId);
		const item = await client.history.get(page.history[0].historyItemId);
		expect(item.dateUnix).toBe(Math.floor(Date.UTC(2026, 0, 1) / 1000));
		const chunks: Buffer[] = [];
		for await (const chunk of await client.history.getAudio(item.historyItemId))
			chunks.push(Buffer.from(chunk));
		const meta = await mm.parseBuffer(Buffer.concat(chunks), { mimeType: 'audio/mpeg' });
		expect(meta.format.duration).toBeGreaterThan(0.9);
		expect(await client.history.delete(item.historyItemId)).toEqual({ status: 'ok' });
	});
});

describe('multipart checks of POST /v1/voices/add (OpenAPI form schema)', () => {
	async function post(form: FormData) {
		const res = await fetch(`${box.get().elevenLabsUrl}/v1/voices/add`, {
			method: 'POST',
			headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY },
			body: form,
		});
		return { status: res.status, body: (await res.json()) as { detail: unknown } };
	}

	it('reports missing fields, text sent as a file list and unknown fields like FastAPI', async () => {
		const missing = await post(new FormData());
		expect(missing.status).toBe(422);
		expect(missing.body.detail).toEqual([
			expect.objectContaining({ loc: ['body', 'name'], msg: 'Field required' }),
			expect.objectContaining({ loc: ['body', 'files'], msg: 'Field required' }),
		]);

		const form = new FormData();
		form.append('name', 'x');
		form.append('files', 'not a file');
		form.append('files[]', new Blob([MP3], { type: 'audio/mpeg' }), 'a.mp3');
		const wrong = await post(form);
		expect(wrong.status).toBe(422);
		expect(wrong.body.detail).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					loc: ['body', 'files', 0],
					msg: "Expected UploadFile, received: <class 'str'>",
				}),
				expect.objectContaining({ loc: ['body', 'files[]'], type: 'extra_forbidden' }),
			]),
		);
	});

	it('rejects labels that are not a JSON object of strings and a non-boolean switch', async () => {
		const form = new FormData();
		form.append('name', 'x');
		form.append('files', new Blob([MP3], { type: 'audio/mpeg' }), 'a.mp3');
		form.append('labels', 'accent=british');
		expect((await post(form)).status).toBe(422);
		const form2 = new FormData();
		form2.append('name', 'x');
		form2.append('files', new Blob([MP3], { type: 'audio/mpeg' }), 'a.mp3');
		form2.append('remove_background_noise', 'maybe');
		const res = await post(form2);
		expect(res.status).toBe(422);
		expect(JSON.stringify(res.body)).toMatch(/remove_background_noise/);
	});
});
