import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

/**
 * The one HTTP code path shared by the ElevenLabs and HeyGen transports.
 *
 * Every call goes through `this.helpers.httpRequestWithAuthentication`, so n8n's credential
 * injection, proxy settings and execution cancellation apply. On top of that it adds:
 * - bounded retries: 429 always (the server rejected the request without doing work, honouring
 *   `Retry-After` as seconds or an HTTP date), 408/409-in-progress/5xx/network errors only when the
 *   request is idempotent (GET/HEAD/PUT/DELETE, or a POST that carries an `Idempotency-Key`) and,
 *   for timeouts, unless the request opts out (`retryTimeouts: false`);
 *   exponential backoff with jitter, bounded attempts and a bounded total wait;
 * - error decoding: JSON, text, binary (arraybuffer) and streamed error bodies are decoded and
 *   turned into a `NodeApiError` that carries the provider's own code and message, a short hint,
 *   the HTTP status, the provider's request id (from the body, else its request-id response header)
 *   and the item index. Nothing from the request (headers, API key) is copied in.
 */

export type ApiContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface RetryOptions {
	/** Total attempts including the first one (1 = no retry). */
	maxAttempts: number;
	/** First backoff delay; doubles each attempt. */
	baseDelayMs: number;
	/** Upper bound of a single delay (also caps Retry-After). */
	maxDelayMs: number;
	/** Upper bound of all delays of one call added up. */
	maxTotalWaitMs: number;
	/** Per-attempt response timeout; overrides the request's own timeout when set (> 0). */
	timeoutMs?: number;
}

export const DEFAULT_RETRY: RetryOptions = {
	maxAttempts: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 120_000,
};

/** What a service's error parser extracts from a decoded error body. */
export interface ParsedApiError {
	code?: string;
	message: string;
	param?: string;
	requestId?: string;
	docUrl?: string;
	/** 'concurrency' and 'rate' are retried after waiting; everything else follows the HTTP status. */
	kind?: 'concurrency' | 'rate' | 'fatal';
}

export interface ServiceSpec {
	/** Display name used in messages, e.g. "ElevenLabs". */
	service: string;
	credentialType: string;
	/** Base URL of the API, from the credential's (decrypted) data. */
	baseUrl: (credentials: ICredentialDataDecryptedObject) => string;
	/** Decode an error response (status >= 400) into the provider's code and message. */
	parseError: (statusCode: number, body: unknown) => ParsedApiError;
	/** Find an error inside a successful (2xx) JSON body, if the provider does that. */
	errorInSuccessBody?: (body: unknown) => ParsedApiError | undefined;
	/** A short, actionable hint for a code/status, shown as the error description. */
	hint?: (statusCode: number, error: ParsedApiError) => string | undefined;
	/**
	 * Response headers (lower case, in order of preference) that carry the provider's request id,
	 * shown in errors when the body has none. Default: `x-request-id`.
	 */
	requestIdHeaders?: string[];
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL (`/v1/...`), or an absolute URL. */
	path: string;
	qs?: IDataObject;
	body?: IHttpRequestOptions['body'];
	headers?: IDataObject;
	/** Response decoding. 'json' (default) parses JSON; 'arraybuffer' gives a Buffer; 'stream' a Readable. */
	encoding?: 'json' | 'arraybuffer' | 'stream';
	timeoutMs?: number;
	itemIndex?: number;
	retry?: Partial<RetryOptions>;
	/** Sent as `Idempotency-Key`; makes a POST safe to retry on 5xx and network errors. */
	idempotencyKey?: string;
	/**
	 * Overrides the method-based idempotency rule, e.g. for a POST that only reads (ElevenLabs
	 * text-to-speech is retried on 5xx by the official SDK: a failed request is not billed).
	 */
	idempotent?: boolean;
	/**
	 * Whether a request that got no response within the timeout is retried; default: `idempotent`.
	 * False for a POST that starts billed work the server may finish even though no answer
	 * arrived (ElevenLabs text to speech): a retry could bill it twice.
	 */
	retryTimeouts?: boolean;
	/** The error description when a timeout is not retried: what may have happened, what to do. */
	timeoutHint?: string;
	/** Error statuses that are returned as a response instead of thrown (e.g. 404 on an idempotent delete). */
	okStatuses?: number[];
	/** Called instead of the plain backoff when the provider says "too many concurrent requests". */
	onConcurrencyLimit?: () => Promise<void>;
	/**
	 * Send without the redirect-following transport, which keeps a copy of the request body for
	 * replays: for streamed uploads (see nodes/shared/multipart.ts). Every attempt sends `body`
	 * again; a streamed multipart body reopens its files each time it is read.
	 */
	disableFollowRedirect?: boolean;
}

export interface ApiResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
	/** How many attempts the call took (1 = no retry). */
	attempts: number;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const NETWORK_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
	'ERR_BAD_RESPONSE',
]);

/** Parses a `Retry-After` header (delta-seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with ±20 % jitter for the given 1-based retry number. */
export function backoffDelay(retryNumber: number, retry: RetryOptions): number {
	const exp = retry.baseDelayMs * 2 ** Math.max(0, retryNumber - 1);
	const jitter = 0.8 + Math.random() * 0.4;
	return Math.min(retry.maxDelayMs, Math.round(exp * jitter));
}

/** Response headers with lower-case names and string values (arrays joined). */
export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
			if (v !== undefined && v !== null)
				out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		}
	}
	return out;
}

function isReadable(value: unknown): value is AsyncIterable<Buffer | string> {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' &&
		typeof (value as { pipe?: unknown }).pipe === 'function'
	);
}

/** Reads at most `limit` bytes of a stream (error bodies are small) and discards the rest. */
async function readStreamText(
	stream: AsyncIterable<Buffer | string>,
	limit = 64 * 1024,
): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		if (size < limit) chunks.push(buf.subarray(0, limit - size));
		size += buf.length;
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * Turns whatever the HTTP layer returned as an error body (object, string, Buffer, ArrayBuffer,
 * stream) into a parsed JSON value when it is JSON, otherwise a trimmed string.
 */
export async function decodeErrorBody(body: unknown): Promise<unknown> {
	let text: string | undefined;
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) text = body.toString('utf8');
	else if (body instanceof ArrayBuffer) text = Buffer.from(body).toString('utf8');
	else if (ArrayBuffer.isView(body))
		text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
	else if (isReadable(body)) text = await readStreamText(body);
	else if (typeof body === 'string') text = body;
	else return body;
	const trimmed = text.trim();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return JSON.parse(trimmed) as unknown;
		} catch {
			// fall through: a truncated or malformed JSON body is reported as text
		}
	}
	return trimmed;
}

const isHtml = (text: string) => /<html|<!doctype/i.test(text);

/** A short plain-text rendering of a non-JSON body (e.g. an HTML challenge page). */
export function describeTextBody(text: string): string {
	if (isHtml(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
		return `The server answered with an HTML page${title ? ` ("${title}")` : ''} instead of JSON. This usually means a proxy, firewall or bot-protection page blocked the request.`;
	}
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine || 'Empty response body';
}

/** A non-JSON error body, as every service reads it: an HTML page gets the code `html_response`. */
export function parseTextBody(text: string): ParsedApiError {
	return { message: describeTextBody(text), code: isHtml(text) ? 'html_response' : undefined };
}

/**
 * The provider's request id for an error: the body's, else the first of the service's request-id
 * headers (`x-request-id` unless the service names others). Nothing else is taken from the headers.
 */
export function withHeaderRequestId(
	spec: Pick<ServiceSpec, 'requestIdHeaders'>,
	parsed: ParsedApiError,
	headers: Record<string, string>,
): ParsedApiError {
	if (parsed.requestId) return parsed;
	for (const name of spec.requestIdHeaders ?? ['x-request-id']) {
		const value = headers[name]?.trim();
		if (value) return { ...parsed, requestId: value };
	}
	return parsed;
}

/**
 * The NodeApiError of an API error: the provider's message, code and HTTP status, then a hint
 * (`hintOverride`, else the service's), the field, the request id and the attempts.
 */
export function buildApiError(
	ctx: ApiContext,
	spec: ServiceSpec,
	statusCode: number | undefined,
	parsed: ParsedApiError,
	itemIndex: number | undefined,
	attempts: number,
	hintOverride?: string,
): NodeApiError {
	const hint =
		hintOverride ??
		spec.hint?.(statusCode ?? 0, parsed) ??
		// 5xx answers are retried here (apiRequest) wherever a retry is safe
		((statusCode ?? 0) >= 500
			? `${spec.service} had a server error; it was retried where safe.`
			: undefined);
	const codePart = parsed.code ? ` [${parsed.code}]` : '';
	const statusPart = statusCode ? ` (HTTP ${statusCode})` : '';
	const message = `${spec.service}: ${parsed.message}${codePart}${statusPart}`;
	const details: string[] = [];
	if (hint) details.push(hint);
	if (parsed.param) details.push(`Field: ${parsed.param}`);
	if (parsed.requestId) details.push(`Request ID: ${parsed.requestId}`);
	if (parsed.docUrl) details.push(`Docs: ${parsed.docUrl}`);
	if (attempts > 1) details.push(`Gave up after ${attempts} attempts.`);
	const errorResponse: JsonObject = {
		service: spec.service,
		httpCode: statusCode ?? null,
		code: parsed.code ?? null,
		message: parsed.message,
		param: parsed.param ?? null,
		requestId: parsed.requestId ?? null,
	};
	return new NodeApiError(ctx.getNode(), errorResponse, {
		message,
		description: details.join('\n') || undefined,
		httpCode: statusCode ? String(statusCode) : undefined,
		itemIndex,
	});
}

const credentialCache = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted>>>();

/**
 * The node's credential of `type`, decrypted once per execution context and reused for every
 * request of that execution. Each `getCredentials` call costs a database read and a decryption in
 * n8n; `httpRequestWithAuthentication` would otherwise do both on every request (and the base URL
 * lookup once more). n8n's helper resolves the credential without an item index too, so the
 * credential is the same for every item either way. A failed lookup is not kept.
 */
export async function executionCredentials(
	ctx: ApiContext,
	type: string,
): Promise<ICredentialsDecrypted> {
	let cache = credentialCache.get(ctx);
	if (!cache) {
		cache = new Map();
		credentialCache.set(ctx, cache);
	}
	let entry = cache.get(type);
	if (!entry) {
		const ref = ctx.getNode().credentials?.[type];
		entry = ctx
			.getCredentials(type)
			.then((data) => ({ id: ref?.id ?? '', name: ref?.name ?? type, type, data }));
		cache.set(type, entry);
		entry.catch(() => cache.delete(type));
	}
	return await entry;
}

/** Whether the execution of `ctx` was cancelled (a webhook call never is). */
export function isCancelled(ctx: ApiContext): boolean {
	const getSignal = (ctx as IExecuteFunctions).getExecutionCancelSignal;
	return typeof getSignal === 'function' ? !!getSignal.call(ctx)?.aborted : false;
}

/**
 * Performs one API call with retries and error decoding. Returns the full response; throws a
 * `NodeApiError` for an API error and for a network failure that exhausted its retries.
 */
export async function apiRequest<T = unknown>(
	ctx: ApiContext,
	spec: ServiceSpec,
	req: ApiRequest,
): Promise<ApiResponse<T>> {
	const retry: RetryOptions = { ...DEFAULT_RETRY, ...(req.retry ?? {}) };
	const maxAttempts = Math.max(1, Math.floor(retry.maxAttempts));
	const idempotent = req.idempotent ?? (IDEMPOTENT_METHODS.has(req.method) || !!req.idempotencyKey);
	const absolute = /^https?:\/\//i.test(req.path);
	const credentials = await executionCredentials(ctx, spec.credentialType);
	const url = absolute
		? req.path
		: `${spec.baseUrl(credentials.data ?? {}).replace(/\/+$/, '')}${req.path}`;
	const headers: IDataObject = { ...(req.headers ?? {}) };
	if (req.idempotencyKey) headers['Idempotency-Key'] = req.idempotencyKey;
	const encoding = req.encoding ?? 'json';

	let waited = 0;
	for (let attempt = 1; ; attempt++) {
		if (isCancelled(ctx)) {
			throw buildApiError(
				ctx,
				spec,
				undefined,
				{ message: 'The execution was cancelled' },
				req.itemIndex,
				attempt,
			);
		}
		const options: IHttpRequestOptions = {
			method: req.method,
			url,
			qs: req.qs,
			headers,
			body: req.body,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout:
				retry.timeoutMs && retry.timeoutMs > 0 ? retry.timeoutMs : (req.timeoutMs ?? 120_000),
		};
		if (req.disableFollowRedirect) options.disableFollowRedirect = true;
		if (encoding === 'json') {
			options.json = true;
		} else {
			options.encoding = encoding;
			options.json = false;
		}

		let response: { statusCode: number; headers: unknown; body: unknown };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				spec.credentialType,
				options,
				// a fresh copy each time: n8n may merge pre-authentication data into it
				{ credentialsDecrypted: { ...credentials, data: { ...(credentials.data ?? {}) } } },
			)) as typeof response;
		} catch (error) {
			// No HTTP response at all: connection reset/refused, timeout, DNS, aborted.
			const code =
				(error as { code?: string; cause?: { code?: string } }).code ??
				(error as { cause?: { code?: string } }).cause?.code;
			const timedOut = code === 'ECONNABORTED' || /timeout/i.test(String((error as Error).message));
			const message = timedOut
				? `No response within ${Math.round((options.timeout ?? 0) / 100) / 10} s`
				: code === 'ERR_BAD_RESPONSE' || code === 'ERR_STREAM_PREMATURE_CLOSE'
					? `The response from ${spec.service} was cut off or unreadable (${code})`
					: `Could not reach ${spec.service} (${code ?? (error as Error).message})`;
			// 'timeout', not ECONNABORTED: n8n would replace the message of a known network code with
			// its own "The connection was aborted, perhaps the server is offline"
			const parsed = { code: timedOut ? 'timeout' : (code ?? 'network_error'), message };
			const retryTimeouts = req.retryTimeouts ?? idempotent;
			if (timedOut && !retryTimeouts) {
				throw buildApiError(ctx, spec, undefined, parsed, req.itemIndex, attempt, req.timeoutHint);
			}
			const retryable = idempotent && (timedOut || NETWORK_ERROR_CODES.has(code ?? ''));
			const delay = backoffDelay(attempt, retry);
			if (!retryable || attempt >= maxAttempts || waited + delay > retry.maxTotalWaitMs) {
				throw buildApiError(ctx, spec, undefined, parsed, req.itemIndex, attempt);
			}
			waited += delay;
			await sleep(delay);
			continue;
		}

		const statusCode = response.statusCode;
		const resHeaders = lowerCaseHeaders(response.headers);
		if (statusCode >= 200 && statusCode < 300) {
			let body = response.body;
			if (encoding === 'json' && typeof body === 'string' && body.length > 0) {
				try {
					body = JSON.parse(body);
				} catch {
					throw buildApiError(
						ctx,
						spec,
						statusCode,
						withHeaderRequestId(
							spec,
							{
								code: 'invalid_json',
								message: `Malformed JSON in the response: ${describeTextBody(body as string)}`,
							},
							resHeaders,
						),
						req.itemIndex,
						attempt,
					);
				}
			}
			const inBody = encoding === 'json' ? spec.errorInSuccessBody?.(body) : undefined;
			if (!inBody) {
				return { statusCode, headers: resHeaders, body: body as T, attempts: attempt };
			}
			throw buildApiError(
				ctx,
				spec,
				statusCode,
				withHeaderRequestId(spec, inBody, resHeaders),
				req.itemIndex,
				attempt,
			);
		}

		const decoded = await decodeErrorBody(response.body);
		if (req.okStatuses?.includes(statusCode)) {
			return { statusCode, headers: resHeaders, body: decoded as T, attempts: attempt };
		}
		const parsed = withHeaderRequestId(spec, spec.parseError(statusCode, decoded), resHeaders);
		const retryAfter = parseRetryAfter(resHeaders['retry-after']);
		let retryable = false;
		if (parsed.kind === 'fatal') retryable = false;
		else if (statusCode === 429 || parsed.kind === 'concurrency' || parsed.kind === 'rate')
			retryable = true;
		else if (idempotent && (statusCode === 408 || statusCode >= 500)) retryable = true;
		else if (req.idempotencyKey && statusCode === 409 && parsed.code === 'request_in_progress')
			retryable = true;
		const retryDelay = Math.min(retry.maxDelayMs, retryAfter ?? backoffDelay(attempt, retry));
		if (!retryable || attempt >= maxAttempts || waited + retryDelay > retry.maxTotalWaitMs) {
			throw buildApiError(ctx, spec, statusCode, parsed, req.itemIndex, attempt);
		}
		if (parsed.kind === 'concurrency' && req.onConcurrencyLimit) {
			const started = Date.now();
			await req.onConcurrencyLimit();
			waited += Date.now() - started;
			if (retryAfter !== undefined) {
				waited += retryDelay;
				await sleep(retryDelay);
			}
		} else {
			waited += retryDelay;
			await sleep(retryDelay);
		}
	}
}

/**
 * Reads the "Retry" settings of the node's Options collection (see `retryOption` in descriptions.ts).
 *
 * One retry layer at a time: this per-request retry (it knows which requests are safe to repeat and
 * honours Retry-After), unless the node's own n8n setting "Retry On Fail" is on. Then n8n re-runs the
 * failed item and each request is made once, so the attempts are n8n's Max Tries, never Max Tries ×
 * Max Attempts.
 */
export function getRetryOptions(ctx: IExecuteFunctions, itemIndex: number): Partial<RetryOptions> {
	const opts = (ctx.getNodeParameter('options.retry.settings', itemIndex, {}) ?? {}) as IDataObject;
	const out: Partial<RetryOptions> = {};
	const number = (
		key: string,
		label: string,
		min: number,
		max = Infinity,
		integer = false,
	): number | undefined => {
		const v = opts[key];
		if (v === undefined || v === null || v === '') return undefined;
		if (
			typeof v !== 'number' ||
			!Number.isFinite(v) ||
			v < min ||
			v > max ||
			(integer && !Number.isInteger(v))
		) {
			const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
			throw new NodeOperationError(
				ctx.getNode(),
				`Retry → ${label} must be ${integer ? 'a whole number' : 'a number'} ${range}, got ${typeof v === 'string' ? `"${v.slice(0, 40)}"` : typeof v === 'object' ? 'an object' : String(v)}`,
				{ itemIndex },
			);
		}
		return v;
	};
	const maxAttempts = number('maxAttempts', 'Max Attempts', 1, 10, true);
	const baseDelayMs = number('baseDelayMs', 'Base Delay (Ms)', 0);
	const maxDelaySeconds = number('maxDelaySeconds', 'Max Delay (Seconds)', 0);
	const maxTotalWaitSeconds = number('maxTotalWaitSeconds', 'Max Total Wait (Seconds)', 0);
	const timeoutSeconds = number('timeoutSeconds', 'Timeout (Seconds)', 0);
	if (maxAttempts !== undefined) out.maxAttempts = maxAttempts;
	if (baseDelayMs !== undefined) out.baseDelayMs = baseDelayMs;
	if (maxDelaySeconds !== undefined) out.maxDelayMs = maxDelaySeconds * 1000;
	if (maxTotalWaitSeconds !== undefined) out.maxTotalWaitMs = maxTotalWaitSeconds * 1000;
	if (timeoutSeconds) out.timeoutMs = timeoutSeconds * 1000;
	if (ctx.getNode().retryOnFail === true) out.maxAttempts = 1;
	return out;
}
