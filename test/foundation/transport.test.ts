/**
 * The shared transport (nodes/shared/transport.ts) through real workflows: retries (429 with
 * Retry-After as seconds or a date, 5xx, connection reset, bounded attempts and total wait) and
 * error decoding (ElevenLabs' four body shapes, HeyGen's v3 envelope incl. errors inside HTTP 200,
 * HTML, binary-looking, malformed and truncated bodies).
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	backoffDelay,
	decodeErrorBody,
	DEFAULT_RETRY,
	parseRetryAfter,
	withHeaderRequestId,
} from '../../nodes/shared/transport';
import { parseElevenLabsError } from '../../nodes/ElevenLabs/transport';
import { parseHeyGenError } from '../../nodes/HeyGen/transport';
import { errorOf, outputOf, runWorkflow } from '../harness';
import type { Fault } from '../sandbox/server';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY } from '../sandbox';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

const fastRetry = (extra: INodeParameters = {}) => ({
	retry: {
		settings: {
			maxAttempts: 4,
			baseDelayMs: 20,
			maxDelaySeconds: 5,
			maxTotalWaitSeconds: 10,
			...extra,
		},
	},
});

async function runUser(
	service: 'elevenlabs' | 'heygen',
	options: INodeParameters = fastRetry(),
	continueOnFail = false,
) {
	const node =
		service === 'elevenlabs'
			? {
					name: 'EL',
					type: 'elevenLabs',
					parameters: { resource: 'user', operation: 'getSubscription', options },
				}
			: { name: 'HG', type: 'heyGen', parameters: { resource: 'user', operation: 'get', options } };
	const before = box.get().server.log.length;
	const run = await runWorkflow({
		nodes: [{ ...node, continueOnFail }],
		credentials: box.credentials(),
	});
	const calls = box.get().server.log.slice(before);
	return { run, calls, name: node.name };
}

/** Queues a fault for the endpoint `runUser` calls. */
const injectUser = (service: 'elevenlabs' | 'heygen', fault: Fault) =>
	box.get().server.inject({
		service,
		path: service === 'heygen' ? '/v3/users/me' : '/v1/user/subscription',
		fault,
	});

describe('retries', () => {
	it('retries a 429 after the Retry-After seconds and then succeeds', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: {
				type: 'status',
				status: 429,
				headers: { 'Retry-After': '1' },
				body: { error: { code: 'rate_limit_exceeded', message: 'Too many requests' } },
			},
		});
		const started = Date.now();
		const { run, calls } = await runUser('heygen');
		expect(run.status).toBe('success');
		expect(calls.map((c) => c.status)).toEqual([429, 200]);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('honours Retry-After given as an HTTP date', async () => {
		const when = new Date(Date.now() + 2000).toUTCString();
		box.get().server.inject({
			service: 'elevenlabs',
			path: '/v1/user/subscription',
			fault: {
				type: 'status',
				status: 429,
				headers: { 'Retry-After': when },
				body: { detail: { status: 'system_busy', message: 'busy' } },
			},
		});
		const { run, calls } = await runUser('elevenlabs');
		expect(run.status).toBe('success');
		expect(calls).toHaveLength(2);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(900);
	});

	it('retries 5xx and connection resets on a GET', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: { type: 'status', status: 502, body: 'Bad gateway' },
		});
		box.get().server.inject({ service: 'heygen', path: '/v3/users/me', fault: { type: 'reset' } });
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: {
				type: 'status',
				status: 503,
				body: { error: { code: 'internal_error', message: 'down' } },
			},
		});
		const { run, calls } = await runUser('heygen');
		expect(run.status).toBe('success');
		expect(calls.map((c) => c.status)).toEqual([502, 0, 503, 200]);
	});

	it('gives up after Max Attempts with the provider message and the attempt count', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			times: 10,
			fault: {
				type: 'status',
				status: 500,
				body: { error: { code: 'internal_error', message: 'Render farm on fire' } },
			},
		});
		const { run, calls, name } = await runUser('heygen', fastRetry({ maxAttempts: 3 }));
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(3);
		const error = errorOf(run, name)!;
		expect(error.message).toBe('HeyGen: Render farm on fire [internal_error] (HTTP 500)');
		expect(error.description).toContain('Gave up after 3 attempts');
		expect(error.description).toContain('HeyGen had a server error; it was retried where safe.');
		expect(error.name).toBe('NodeApiError');
	});

	it("uses one retry layer: with n8n's Retry On Fail on, each request is made once per try (3 requests, not 3 × 4)", async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			times: 20,
			fault: {
				type: 'status',
				status: 503,
				body: { error: { code: 'internal_error', message: 'down' } },
			},
		});
		const before = box.get().server.log.length;
		const run = await runWorkflow({
			nodes: [
				{
					name: 'HG',
					type: 'heyGen',
					parameters: {
						resource: 'user',
						operation: 'get',
						options: fastRetry({ maxAttempts: 4 }),
					},
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 0,
				},
			],
			credentials: box.credentials(),
		});
		const calls = box
			.get()
			.server.log.slice(before)
			.filter((c) => c.path === '/v3/users/me');
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(3);
		expect(errorOf(run, 'HG')!.message).toBe('HeyGen: down [internal_error] (HTTP 503)');
	});

	it('stops when the next wait would exceed Max Total Wait', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: '/v1/user/subscription',
			times: 10,
			fault: {
				type: 'status',
				status: 429,
				headers: { 'Retry-After': '3' },
				body: { detail: { status: 'system_busy', message: 'busy' } },
			},
		});
		const started = Date.now();
		const { run, calls } = await runUser(
			'elevenlabs',
			fastRetry({ maxAttempts: 10, maxTotalWaitSeconds: 2 }),
		);
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(2500);
	});

	it('retries a GET that timed out (a read is not billed)', async () => {
		injectUser('elevenlabs', { type: 'delay', ms: 1000 });
		const { run, calls } = await runUser('elevenlabs', fastRetry({ timeoutSeconds: 0.3 }));
		expect(run.status).toBe('success');
		expect(calls.filter((c) => c.path === '/v1/user/subscription')).toHaveLength(2);
	});

	it('does not retry client errors', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: {
				type: 'status',
				status: 400,
				body: { error: { code: 'invalid_parameter', message: 'bad', param: 'x' } },
			},
		});
		const { run, calls, name } = await runUser('heygen');
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(1);
		expect(errorOf(run, name)!.description).toContain('Field: x');
	});

	it('does not retry a quota error even when it comes as 429', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			times: 5,
			fault: {
				type: 'status',
				status: 429,
				headers: { 'Retry-After': '0' },
				body: { error: { code: 'quota_exceeded', message: 'Usage quota exceeded' } },
			},
		});
		const { run, calls, name } = await runUser('heygen');
		expect(run.status).toBe('error');
		expect(calls).toHaveLength(1);
		expect(errorOf(run, name)!.message).toContain('quota_exceeded');
	});
});

describe('error decoding in workflows', () => {
	it('reports HeyGen errors returned inside an HTTP 200 body', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: {
				type: 'status',
				status: 200,
				body: { data: null, error: { code: 'video_not_found', message: 'Video not found' } },
			},
		});
		const { run, name } = await runUser('heygen');
		expect(run.status).toBe('error');
		expect(errorOf(run, name)!.message).toBe(
			'HeyGen: Video not found [video_not_found] (HTTP 200)',
		);
	});

	it('turns an HTML challenge page into a readable error', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: '/v1/user/subscription',
			fault: {
				type: 'raw',
				status: 403,
				headers: { 'content-type': 'text/html' },
				body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>challenge</body></html>',
			},
		});
		const { run, name } = await runUser('elevenlabs');
		const error = errorOf(run, name)!;
		expect(error.message).toContain('HTML page ("Just a moment...")');
		expect(error.message).toContain('HTTP 403');
		expect(error.message).not.toContain('<html');
	});

	it('reports malformed JSON in a successful response', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: {
				type: 'raw',
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: '{"data": {"username": ',
			},
		});
		const { run, name } = await runUser('heygen');
		expect(run.status).toBe('error');
		expect(errorOf(run, name)!.message).toMatch(/Malformed JSON|invalid_json|Unexpected end/i);
	});

	it('retries a truncated body on a GET', async () => {
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/users/me',
			fault: { type: 'truncate', body: JSON.stringify({ data: { username: 'x'.repeat(2000) } }) },
		});
		const { run, calls } = await runUser('heygen');
		expect(run.status).toBe('success');
		expect(calls).toHaveLength(2);
	});

	it('with Continue On Fail, the error becomes an item with the message and HTTP code', async () => {
		box.get().server.inject({
			service: 'elevenlabs',
			path: '/v1/user/subscription',
			fault: {
				type: 'status',
				status: 401,
				body: {
					detail: {
						status: 'quota_exceeded',
						message: 'This request exceeds your quota of 10000.',
					},
				},
			},
		});
		const { run, name } = await runUser('elevenlabs', fastRetry(), true);
		expect(run.status).toBe('success');
		const [item] = outputOf(run, name);
		expect(item.json.error).toBe(
			'ElevenLabs: This request exceeds your quota of 10000. [quota_exceeded] (HTTP 401)',
		);
		expect(item.json.description).toMatch(/run out of credits/);
		expect(item.json.httpCode).toBe('401');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(item)).not.toContain(SANDBOX_ELEVENLABS_KEY);
		expect(JSON.stringify(run.data)).not.toContain(SANDBOX_HEYGEN_KEY);
	});
});

describe("the provider's request id", () => {
	it('HeyGen: an error carries the x-request-id header as Request ID, and nothing else from the headers', async () => {
		injectUser('heygen', {
			type: 'status',
			status: 404,
			headers: { 'x-request-id': 'hg_req_42', 'request-id': 'not_heygens', 'x-trace-id': 't_1' },
			body: { error: { code: 'not_found', message: 'User not found' } },
		});
		const { run, name } = await runUser('heygen');
		const error = errorOf(run, name)!;
		expect(error.message).toBe('HeyGen: User not found [not_found] (HTTP 404)');
		expect(error.description).toContain('Request ID: hg_req_42');
		expect(JSON.stringify(error)).not.toMatch(/not_heygens|t_1/);
	});

	it('HeyGen: an error inside an HTTP 200 body carries the header id too', async () => {
		injectUser('heygen', {
			type: 'status',
			status: 200,
			headers: { 'X-Request-Id': 'hg_req_200' },
			body: { data: null, error: { code: 'video_not_found', message: 'Video not found' } },
		});
		const { run, name } = await runUser('heygen');
		expect(errorOf(run, name)!.description).toContain('Request ID: hg_req_200');
	});

	it('ElevenLabs: an error carries the request-id header', async () => {
		injectUser('elevenlabs', {
			type: 'status',
			status: 401,
			headers: { 'request-id': 'el_req_7' },
			body: { detail: { status: 'invalid_api_key', message: 'Invalid API key' } },
		});
		const { run, name } = await runUser('elevenlabs');
		expect(errorOf(run, name)!.description).toContain('Request ID: el_req_7');
	});

	it("prefers the body's id, then the service's headers in order, and ignores blank values", () => {
		const el = { requestIdHeaders: ['request-id', 'x-request-id'] };
		const parsed = { message: 'm' };
		expect(withHeaderRequestId(el, { ...parsed, requestId: 'b' }, { 'request-id': 'h' })).toEqual({
			message: 'm',
			requestId: 'b',
		});
		expect(
			withHeaderRequestId(el, parsed, { 'x-request-id': 'x', 'request-id': 'r' }).requestId,
		).toBe('r');
		expect(
			withHeaderRequestId(el, parsed, { 'request-id': ' ', 'x-request-id': 'x' }).requestId,
		).toBe('x');
		expect(withHeaderRequestId({}, parsed, { 'request-id': 'r' }).requestId).toBeUndefined();
		expect(withHeaderRequestId({}, parsed, { 'x-request-id': 'x' }).requestId).toBe('x');
		expect(withHeaderRequestId({}, parsed, { 'x-trace-id': 't' })).toEqual(parsed);
	});
});

describe('error body parsers', () => {
	it('decodes the four ElevenLabs shapes', () => {
		expect(
			parseElevenLabsError(401, {
				detail: {
					status: 'missing_permissions',
					message:
						'The API key you used is missing the permission user_read to execute this operation.',
				},
			}),
		).toMatchObject({ code: 'missing_permissions', kind: 'fatal' });
		expect(
			parseElevenLabsError(400, {
				detail: {
					type: 'validation_error',
					code: 'invalid_parameters',
					message: 'Bad keyterms',
					status: 'invalid_parameters',
					request_id: 'req_1',
					param: 'keyterms',
				},
			}),
		).toEqual({
			code: 'invalid_parameters',
			message: 'Bad keyterms',
			param: 'keyterms',
			requestId: 'req_1',
		});
		expect(
			parseElevenLabsError(422, {
				detail: [
					{
						loc: ['body', 'voice_settings', 'stability'],
						msg: 'Input should be less than or equal to 1',
						type: 'less_than_equal',
					},
				],
			}),
		).toEqual({
			code: 'validation_error',
			message: 'voice_settings.stability: Input should be less than or equal to 1',
			param: 'voice_settings.stability',
		});
		expect(parseElevenLabsError(404, { detail: 'Not Found' })).toEqual({ message: 'Not Found' });
		expect(
			parseElevenLabsError(429, { detail: { code: 'concurrent_limit_exceeded', message: 'x' } })
				.kind,
		).toBe('concurrency');
		expect(
			parseElevenLabsError(429, { detail: { status: 'system_busy', message: 'x' } }).kind,
		).toBe('rate');
	});

	it('decodes HeyGen envelopes and non-JSON bodies', () => {
		expect(
			parseHeyGenError(400, {
				error: {
					code: 'download_failed',
					message: 'Could not download https://x/a.mp3',
					param: 'audio_url',
					doc_url: 'https://d',
				},
			}),
		).toEqual({
			code: 'download_failed',
			message: 'Could not download https://x/a.mp3',
			param: 'audio_url',
			docUrl: 'https://d',
		});
		expect(parseHeyGenError(502, 'upstream connect error')).toEqual({
			message: 'upstream connect error',
		});
		expect(parseHeyGenError(403, '<!doctype html><title>Blocked</title>')).toEqual({
			message: expect.stringContaining('HTML page ("Blocked")'),
			code: 'html_response',
		});
		expect(
			parseHeyGenError(402, { error: { code: 'insufficient_credit', message: 'no' } }).kind,
		).toBe('fatal');
	});

	it('decodes binary and streamed error bodies instead of showing bytes', async () => {
		const json = JSON.stringify({
			detail: { status: 'voice_not_found', message: 'A voice with voice_id x was not found.' },
		});
		expect(await decodeErrorBody(Buffer.from(json))).toEqual(JSON.parse(json));
		const ab = new Uint8Array(Buffer.from(json)).buffer;
		expect(await decodeErrorBody(ab)).toEqual(JSON.parse(json));
		const { Readable } = await import('node:stream');
		expect(
			await decodeErrorBody(
				Readable.from([Buffer.from(json.slice(0, 10)), Buffer.from(json.slice(10))]),
			),
		).toEqual(JSON.parse(json));
		expect(await decodeErrorBody(Buffer.from('<html>x</html>'))).toBe('<html>x</html>');
	});

	it('parses Retry-After and bounds the backoff', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.5')).toBe(500);
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('garbage')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
		for (let n = 1; n < 12; n++) {
			const d = backoffDelay(n, DEFAULT_RETRY);
			expect(d).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
			expect(d).toBeGreaterThanOrEqual(
				Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (n - 1)) * 0.8 - 1,
			);
		}
	});
});
