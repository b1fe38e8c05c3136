/**
 * The sandbox is only useful if it behaves like the real APIs. These tests prove it from the
 * outside: ElevenLabs' official SDK (which validates every response against its own schemas) talks
 * to it, every route it serves exists in the shared contracts, schema-invalid requests are
 * rejected the way the APIs reject them, and faults are injected deterministically.
 */
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import * as mm from 'music-metadata';

import { elevenLabsOpenApi, heygenEndpoints } from '../sandbox/contracts';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY } from '../sandbox';
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

async function streamToBuffer(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	const reader = stream.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(Buffer.from(value));
	}
	return Buffer.concat(chunks);
}

describe('ElevenLabs sandbox, seen through the official SDK', () => {
	it('lists voices across pages with next_page_token', async () => {
		const seen = new Set<string>();
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await client.voices.search({ pageSize: 100, nextPageToken: token });
			page.voices.forEach((v) => seen.add(v.voiceId));
			token = page.hasMore ? (page.nextPageToken ?? undefined) : undefined;
			pages++;
		} while (token && pages < 20);
		expect(pages).toBeGreaterThanOrEqual(3);
		expect(seen.size).toBeGreaterThan(200);
	});

	it('lists models with their per-request character limits', async () => {
		const models = await client.models.list();
		const multilingual = models.find((m) => m.modelId === 'eleven_multilingual_v2');
		expect(multilingual?.canDoTextToSpeech).toBe(true);
		expect(multilingual?.maximumTextLengthPerRequest).toBe(10000);
	});

	it('returns the subscription', async () => {
		const sub = await client.user.subscription.get();
		expect(sub.characterLimit).toBeGreaterThan(sub.characterCount);
	});

	it('returns decodable MP3 audio with request-id and character-cost headers', async () => {
		const voices = await client.voices.search({ pageSize: 1 });
		const { data, rawResponse } = await client.textToSpeech
			.convert(voices.voices[0].voiceId, {
				text: 'Hello from the sandbox.',
				modelId: 'eleven_multilingual_v2',
				outputFormat: 'mp3_44100_128',
			})
			.withRawResponse();
		const audio = await streamToBuffer(data);
		expect(rawResponse.headers.get('content-type')).toBe('audio/mpeg');
		expect(rawResponse.headers.get('request-id')).toBeTruthy();
		expect(rawResponse.headers.get('character-cost')).toBe(
			String('Hello from the sandbox.'.length),
		);
		const meta = await mm.parseBuffer(audio, { mimeType: 'audio/mpeg' }, { duration: true });
		expect(meta.format.codec).toMatch(/MPEG 1 Layer 3/);
		expect(meta.format.duration).toBeGreaterThan(0.5);
	});

	it('returns audio and alignment from /with-timestamps', async () => {
		const voices = await client.voices.search({ pageSize: 1 });
		const res = await client.textToSpeech.convertWithTimestamps(voices.voices[0].voiceId, {
			text: 'Two words.',
		});
		expect(Buffer.from(res.audioBase64, 'base64').length).toBeGreaterThan(100);
		expect(res.alignment?.characters.join('')).toBe('Two words.');
	});

	it('rejects a schema-invalid request with a 422 validation body', async () => {
		const voices = await client.voices.search({ pageSize: 1 });
		const res = await fetch(
			`${box.get().elevenLabsUrl}/v1/text-to-speech/${voices.voices[0].voiceId}`,
			{
				method: 'POST',
				headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({ model_id: 'eleven_multilingual_v2' }),
			},
		);
		expect(res.status).toBe(422);
		const body = (await res.json()) as { detail: Array<{ loc: string[]; msg: string }> };
		expect(body.detail[0].loc).toEqual(['body', 'text']);
	});

	it('rejects an unknown output format', async () => {
		const voices = await client.voices.search({ pageSize: 1 });
		const res = await fetch(
			`${box.get().elevenLabsUrl}/v1/text-to-speech/${voices.voices[0].voiceId}?output_format=mp3_1_1`,
			{
				method: 'POST',
				headers: { 'xi-api-key': SANDBOX_ELEVENLABS_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({ text: 'x' }),
			},
		);
		expect(res.status).toBe(422);
	});
});

describe('HeyGen sandbox', () => {
	it('rejects a request without the API key with the v3 error envelope', async () => {
		const res = await fetch(`${box.get().heyGenUrl}/v3/users/me`);
		expect(res.status).toBe(401);
		const body = (await res.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('unauthorized');
	});

	it('rejects a video request with fields outside the v3 schema (test, dimension)', async () => {
		const res = await fetch(`${box.get().heyGenUrl}/v3/videos`, {
			method: 'POST',
			headers: { 'x-api-key': SANDBOX_HEYGEN_KEY, 'content-type': 'application/json' },
			body: JSON.stringify({
				type: 'avatar',
				avatar_id: 'x',
				script: 'hi',
				test: true,
				dimension: { width: 1, height: 1 },
			}),
		});
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: { code: string } };
		expect(body.error.code).toBe('invalid_parameter');
	});

	it('rejects a non-multipart asset upload', async () => {
		const res = await fetch(`${box.get().heyGenUrl}/v3/assets`, {
			method: 'POST',
			headers: { 'x-api-key': SANDBOX_HEYGEN_KEY, 'content-type': 'audio/mpeg' },
			body: Buffer.from('ID3 raw bytes'),
		});
		expect(res.status).toBe(400);
	});
});

describe("sandbox routes are the contracts' routes", () => {
	it('every HeyGen route exists in heygen-v3-endpoints.json with the same method', () => {
		const contract = new Set(
			Object.values(heygenEndpoints).map((e) => `${e.Method} ${e.Endpoint}`),
		);
		const served = box
			.get()
			.server.routes.filter((r) => r.prefix === 'heygen')
			.map((r) => `${r.method} ${r.template}`);
		expect(served.length).toBeGreaterThanOrEqual(10);
		expect(served.filter((r) => !contract.has(r))).toEqual([]);
	});

	it('every ElevenLabs route exists in the OpenAPI document with the same method', () => {
		const served = box.get().server.routes.filter((r) => r.prefix === 'elevenlabs');
		expect(served.length).toBeGreaterThanOrEqual(5);
		const missing = served.filter(
			(r) => !elevenLabsOpenApi.paths[r.template]?.[r.method.toLowerCase()],
		);
		expect(missing.map((r) => `${r.method} ${r.template}`)).toEqual([]);
	});
});

describe('fault injection', () => {
	it('applies queued faults in order, exactly as many times as asked', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			times: 2,
			fault: { type: 'status', status: 503, body: {} },
		});
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: { type: 'status', status: 429, headers: { 'Retry-After': '7' } },
		});
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 4; i++) {
			const res = await fetch(`${box.get().heyGenUrl}/v3/users/me`, {
				headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
			});
			statuses.push(res.status);
			if (res.status === 429) retryAfter = res.headers.get('retry-after');
		}
		expect(statuses).toEqual([503, 503, 429, 200]);
		expect(retryAfter).toBe('7');
	});

	it('resets the connection', async () => {
		box.get().server.inject({ service: 'heygen', fault: { type: 'reset' } });
		await expect(
			fetch(`${box.get().heyGenUrl}/v3/users/me`, { headers: { 'x-api-key': SANDBOX_HEYGEN_KEY } }),
		).rejects.toThrow();
	});
});
