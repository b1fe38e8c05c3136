/**
 * Every documented ElevenLabs error, retries (429 both kinds, 5xx), continueOnFail, secrecy of the
 * API key, and per-item concurrency, through real workflows against the sandbox.
 */
import { credentialReads } from '../harness';
import type { Fault } from '../sandbox/server';
import { SANDBOX_ELEVENLABS_KEY } from '../sandbox';
import { FAST_RETRY, RACHEL, runTts, ttsParameters } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_voices_only: { permissions: ['voices_read'] },
	},
});

const TTS_PATH = /^\/v1\/text-to-speech\//;
const ttsCalls = () =>
	box
		.get()
		.server.requests('elevenlabs', 'POST')
		.filter((r) => TTS_PATH.test(r.path));

const injectTts = (fault: Fault) =>
	box.get().server.inject({ service: 'elevenlabs', path: TTS_PATH, fault });

function expectNoKey(value: unknown) {
	expect(JSON.stringify(value)).not.toContain(SANDBOX_ELEVENLABS_KEY);
}

describe('documented errors become clear messages with the provider code', () => {
	it('invalid key', async () => {
		const { error, run } = await runTts(box.get(), ttsParameters(), { apiKey: 'sk_wrong_key_123' });
		expect(error?.message).toBe('ElevenLabs: Invalid API key [invalid_api_key] (HTTP 401)');
		expect(error?.description).toMatch(/Region/);
		expect(JSON.stringify(run.data)).not.toContain('sk_wrong_key_123');
		expect(ttsCalls()).toHaveLength(1); // not retried
	});

	it('missing permission, naming the permission', async () => {
		const { error } = await runTts(box.get(), ttsParameters(), { apiKey: 'sk_voices_only' });
		expect(error?.message).toMatch(
			/missing the permission text_to_speech.*\[missing_permissions\] \(HTTP 401\)/,
		);
		expect(error?.description).toMatch(/lacks the "text_to_speech" permission/);
	});

	it('quota exceeded (legacy shape), not retried', async () => {
		box.get().elevenlabs.remainingCredits = 3;
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.message).toMatch(
			/You have 3 credits remaining, while 15 credits are required.*\[quota_exceeded\] \(HTTP 401\)/,
		);
		expect(error?.description).toMatch(/run out of credits/);
		expect(ttsCalls()).toHaveLength(1);
	});

	it('voice not found', async () => {
		const { error } = await runTts(
			box.get(),
			ttsParameters({ voice: { __rl: true, mode: 'id', value: 'NoSuchVoice000000000' } }),
		);
		expect(error?.message).toMatch(
			/NoSuchVoice000000000 was not found.*\[voice_not_found\] \(HTTP 400\)/,
		);
		expect(error?.description).toMatch(/voice ID does not exist/);
	});

	it('text too long with splitting off: known from the model list, so never sent', async () => {
		const { error } = await runTts(
			box.get(),
			ttsParameters({ text: 'word '.repeat(700), modelId: 'eleven_v3' }, { splitLongText: false }),
		);
		expect(error?.message).toBe(
			'The text has 3,499 characters, more than the 3,000 that eleven_v3 accepts in one request',
		);
		expect(ttsCalls()).toHaveLength(0);
	});

	it('text too long for a model nobody lists (splitting off): ElevenLabs decides, its message is shown', async () => {
		box.get().elevenlabs.models.push({
			...box.get().elevenlabs.models[0],
			model_id: 'eleven_unlisted_v1',
			maximum_text_length_per_request: 1000,
		});
		const { error } = await runTts(
			box.get(),
			ttsParameters(
				{ text: 'word '.repeat(300), modelId: 'eleven_unlisted_v1' },
				{ splitLongText: false },
			),
		);
		expect(error?.message).toMatch(/character limit of 1000.*\[max_character_limit_exceeded\]/);
		expect(error?.description).toMatch(/Split Long Text/);
		expect(ttsCalls()).toHaveLength(1);
	});

	it('422 validation errors name the field', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: TTS_PATH,
			fault: {
				type: 'status',
				status: 422,
				body: {
					detail: [
						{
							loc: ['body', 'voice_settings', 'stability'],
							msg: 'Input should be a valid number',
							type: 'float_parsing',
						},
					],
				},
			},
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.message).toBe(
			'ElevenLabs: voice_settings.stability: Input should be a valid number [validation_error] (HTTP 422)',
		);
		expect(error?.description).toMatch(/Field: voice_settings\.stability/);
	});

	it('an HTML challenge page', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: TTS_PATH,
			fault: {
				type: 'raw',
				status: 403,
				headers: { 'content-type': 'text/html' },
				body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf</body></html>',
			},
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.message).toMatch(
			/HTML page \("Just a moment\.\.\."\).*\[html_response\] \(HTTP 403\)/,
		);
		expect(error?.description).toMatch(/Cloudflare/);
	});

	it('a persistent 5xx gives up after the configured attempts with the status', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: TTS_PATH,
			times: 10,
			fault: {
				type: 'status',
				status: 503,
				body: { detail: { status: 'service_unavailable', message: 'Overloaded' } },
			},
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.message).toBe('ElevenLabs: Overloaded [service_unavailable] (HTTP 503)');
		expect(error?.description).toMatch(/Gave up after 4 attempts/);
		expect(error?.description).toContain(
			'ElevenLabs had a server error; it was retried where safe.',
		);
		expect(ttsCalls()).toHaveLength(4);
	});

	it('errors never contain the API key', async () => {
		box.get().elevenlabs.remainingCredits = 0;
		const { run, error } = await runTts(box.get(), ttsParameters());
		expect(error).toBeDefined();
		expectNoKey(run.data);
		expectNoKey({ message: error?.message, description: error?.description });
	});
});

describe('request ids', () => {
	const notFound = { detail: { status: 'voice_not_found', message: 'A voice was not found.' } };

	it.each(['request-id', 'x-request-id'])(
		'an error carries the %s response header as its Request ID, and no other header',
		async (header) => {
			injectTts({
				type: 'status',
				status: 400,
				headers: { [header]: 'hdr_req_123', 'x-trace-id': 'trace_999', 'x-region': 'eu' },
				body: notFound,
			});
			const { error } = await runTts(box.get(), ttsParameters());
			expect(error?.message).toBe(
				'ElevenLabs: A voice was not found. [voice_not_found] (HTTP 400)',
			);
			expect(error?.description).toContain('Request ID: hdr_req_123');
			expect(JSON.stringify(error)).not.toMatch(/trace_999|x-region/);
			expect((error as unknown as { errorResponse: { requestId: string } }).errorResponse).toEqual(
				expect.objectContaining({ requestId: 'hdr_req_123' }),
			);
		},
	);

	it("the body's request_id wins over the header", async () => {
		injectTts({
			type: 'status',
			status: 400,
			headers: { 'request-id': 'hdr_req_1' },
			body: {
				detail: {
					type: 'validation_error',
					code: 'invalid_parameters',
					message: 'Bad seed',
					request_id: 'body_req_1',
					param: 'seed',
				},
			},
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.description).toContain('Request ID: body_req_1');
		expect(error?.description).not.toContain('hdr_req_1');
	});

	it('a 5xx that runs out of retries names the last attempt’s request id', async () => {
		for (const id of ['r1', 'r2']) {
			injectTts({
				type: 'status',
				status: 503,
				headers: { 'request-id': id },
				body: { detail: 'Service Unavailable' },
			});
		}
		const { error } = await runTts(
			box.get(),
			ttsParameters({}, { retry: { settings: { ...FAST_RETRY.settings, maxAttempts: 2 } } }),
		);
		expect(error?.description).toMatch(/Request ID: r2\n/);
		expect(error?.description).toMatch(/Gave up after 2 attempts/);
	});

	it('an HTTP 200 without audio names its request id', async () => {
		injectTts({
			type: 'raw',
			status: 200,
			headers: { 'content-type': 'application/json', 'request-id': 'req_no_audio' },
			body: JSON.stringify({ detail: { status: 'internal_error', message: 'No audio' } }),
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error?.message).toMatch(/No audio \[internal_error\] \(HTTP 200/);
		expect(error?.description).toContain('Request ID: req_no_audio');
	});
});

describe('timeouts', () => {
	const timeout = (extra = {}) => ({
		retry: { settings: { ...FAST_RETRY.settings, timeoutSeconds: 0.3 } },
		...extra,
	});
	/** The held request is still generated once the delay is over: wait for it, as a user would. */
	const settle = () => new Promise((resolve) => setTimeout(resolve, 1200));

	it('a timed-out generation is not sent again; the error says it may be billed', async () => {
		injectTts({ type: 'delay', ms: 1000 });
		const { error } = await runTts(box.get(), ttsParameters({}, timeout()));
		expect(error?.message).toBe('ElevenLabs: No response within 0.3 s [timeout]');
		expect(error?.description).toMatch(/may still have generated the audio and billed/);
		expect(error?.description).toMatch(/Retry Timed-Out Requests/);
		expect(error?.description).not.toMatch(/Gave up after/);
		expect(ttsCalls()).toHaveLength(1);
		await settle();
		// ElevenLabs did generate (and bill) it: a silent retry would have billed the text twice
		expect(box.get().elevenlabs.generationLog).toHaveLength(1);
	});

	it('with Retry Timed-Out Requests on, it is sent again (and billed twice)', async () => {
		injectTts({ type: 'delay', ms: 1000 });
		const { items, error } = await runTts(
			box.get(),
			ttsParameters({}, timeout({ retryTimeouts: true })),
		);
		expect(error).toBeUndefined();
		expect(items[0].binary?.data).toBeDefined();
		expect(ttsCalls()).toHaveLength(2);
		await settle();
		expect(box.get().elevenlabs.generationLog).toHaveLength(2);
	});
});

describe('retries', () => {
	it('retries a transient 500 and succeeds (a failed generation is not billed)', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: TTS_PATH,
			fault: { type: 'status', status: 500, body: { detail: 'Internal Server Error' } },
		});
		const { items, error } = await runTts(box.get(), ttsParameters());
		expect(error).toBeUndefined();
		expect(ttsCalls().map((c) => c.status)).toEqual([500, 200]);
		expect(items[0].json.requestIds).toHaveLength(1);
	});

	it.each([
		['system_busy', 'rate_limit_error'],
		['rate_limit_exceeded', 'rate_limit_error'],
	])('backs off on a 429 %s and succeeds', async (code, type) => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: TTS_PATH,
			times: 2,
			fault: {
				type: 'status',
				status: 429,
				headers: { 'retry-after': '0' },
				body: { detail: { type, code, status: code, message: 'Busy, try later' } },
			},
		});
		const { error } = await runTts(box.get(), ttsParameters());
		expect(error).toBeUndefined();
		expect(ttsCalls().map((c) => c.status)).toEqual([429, 429, 200]);
	});

	it.each(['concurrent_limit_exceeded', 'too_many_concurrent_requests', 'system_busy'])(
		'reports %s with its code when retries run out',
		async (code) => {
			box.get().server.inject({
				service: 'elevenlabs',
				path: TTS_PATH,
				times: 10,
				fault: {
					type: 'status',
					status: 429,
					body: { detail: { status: code, message: 'Too many requests' } },
				},
			});
			const { error } = await runTts(
				box.get(),
				ttsParameters({}, { retry: { settings: { ...FAST_RETRY.settings, maxAttempts: 2 } } }),
			);
			expect(error?.message).toBe(`ElevenLabs: Too many requests [${code}] (HTTP 429)`);
			expect(error?.description).toMatch(/Gave up after 2 attempts/);
		},
	);

	it('on concurrent_limit_exceeded waits for our in-flight requests instead of backing off', async () => {
		box.get().elevenlabs.maxConcurrent = 1;
		box.get().elevenlabs.ttsLatencyMs = 150;
		const input = Array.from({ length: 4 }, (_, k) => ({ json: { text: `Item number ${k}.` } }));
		const started = Date.now();
		const { items, error } = await runTts(
			box.get(),
			ttsParameters(
				{ text: '={{ $json.text }}' },
				{
					concurrency: 3,
					// a long backoff: finishing fast proves the retry waited for a release, not for the delay
					retry: {
						settings: {
							baseDelayMs: 20_000,
							maxAttempts: 6,
							maxDelaySeconds: 30,
							maxTotalWaitSeconds: 120,
						},
					},
				},
			),
			{ input },
		);
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(items.map((i) => i.json.text)).toEqual(input.map((i) => i.json.text));
		expect(box.get().elevenlabs.maxInFlight).toBe(1);
		expect(ttsCalls().filter((c) => c.status === 429).length).toBeGreaterThan(0);
		expect(ttsCalls().filter((c) => c.status === 200)).toHaveLength(4);
	});
});

describe('items', () => {
	it('continueOnFail keeps the other items, in order, with the right pairedItem', async () => {
		const input = [
			{ json: { voice: RACHEL, text: 'First.' } },
			{ json: { voice: 'NoSuchVoice000000000', text: 'Second.' } },
			{ json: { voice: RACHEL, text: '' } },
			{ json: { voice: RACHEL, text: 'Fourth.' } },
		];
		const { items } = await runTts(
			box.get(),
			ttsParameters({
				voice: { __rl: true, mode: 'id', value: '={{ $json.voice }}' },
				text: '={{ $json.text }}',
			}),
			{ input, continueOnFail: true },
		);
		expect(items).toHaveLength(4);
		expect(items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json.text).toBe('First.');
		expect(items[0].binary?.data.mimeType).toBe('audio/mpeg');
		expect(items[1].json.error).toMatch(/\[voice_not_found\]/);
		expect(items[1].json.httpCode).toBe('400');
		expect(items[2].json.error).toMatch(/text to speak is empty/);
		expect(items[3].json.text).toBe('Fourth.');
		expect(items[3].binary?.data).toBeDefined();
		expectNoKey(items);
	});

	it('without continueOnFail the first failing item stops the node with its index', async () => {
		const input = [{ json: { text: 'One.' } }, { json: { text: '' } }];
		const { error } = await runTts(box.get(), ttsParameters({ text: '={{ $json.text }}' }), {
			input,
		});
		expect(error?.message).toMatch(/text to speak is empty/);
		expect((error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
	});

	it.each([
		[undefined, 2],
		[1, 1],
		[4, 4],
	])(
		'concurrency %s runs %s requests at once, keeps the input order and decrypts the credential once',
		async (concurrency, expected) => {
			box.get().elevenlabs.ttsLatencyMs = 120;
			delete credentialReads.heygenElevenlabsElevenLabsApi;
			// different lengths so completion order differs from input order
			const input = Array.from({ length: 8 }, (_, k) => ({
				json: { text: `${'Word '.repeat(1 + ((k * 5) % 7))}${k}.` },
			}));
			const options = concurrency === undefined ? {} : { concurrency };
			const { items, error } = await runTts(
				box.get(),
				ttsParameters({ text: '={{ $json.text }}' }, options),
				{ input },
			);
			expect(error).toBeUndefined();
			expect(box.get().elevenlabs.maxInFlight).toBe(expected);
			expect(items.map((i) => i.json.text)).toEqual(input.map((i) => i.json.text));
			expect(items.map((i) => i.pairedItem)).toEqual(input.map((_, k) => ({ item: k })));
			const texts = box.get().elevenlabs.generationLog.map((g) => g.text);
			items.forEach((item) => {
				const gen = box.get().elevenlabs.generations.get((item.json.requestIds as string[])[0])!;
				expect(gen.text).toBe(item.json.text);
			});
			expect(texts).toHaveLength(8);
			// 8 requests, one credential read for the whole execution (n8n reads its database for each)
			expect(credentialReads.heygenElevenlabsElevenLabsApi).toBe(1);
		},
	);
});
