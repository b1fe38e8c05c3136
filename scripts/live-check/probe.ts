/**
 * One HTTP call of the live check: sends it, reads the answer, validates it against the contract,
 * and records what a maintainer needs (status, differences, undeclared fields, request-ID headers,
 * a redacted sample of the body). Never throws: a failed call is a result with an `error`.
 */
import type { Contract } from './contract';
import { redactText, sampleOf } from './redact';

export type Service = 'elevenlabs' | 'heygen';

export const SERVICE_NAMES: Record<Service, string> = {
	elevenlabs: 'ElevenLabs',
	heygen: 'HeyGen',
};

export interface Target {
	service: Service;
	baseUrl: string;
	key: string;
}

/** Headers that carry a request ID (ElevenLabs documents `request-id`; HeyGen documents none). */
const REQUEST_ID_HEADERS = ['request-id', 'x-request-id', 'x-trace-id', 'x-amzn-requestid'];

export interface CheckResult {
	service: Service;
	/** e.g. `GET /v2/voices?page_size=100` or `HeyGen node: Generate → Wait → download` */
	step: string;
	method: string;
	/** The endpoint's path template, e.g. `/v3/videos/{video_id}`. */
	endpoint: string;
	/** Whether the step spends credits or characters. */
	paid: boolean;
	/** HTTP status; null when no HTTP answer (connection error, or a node run). */
	status: number | null;
	ms: number;
	contract: 'ok' | 'differences' | 'not-checked';
	/** Contract label the body was validated against. */
	contractName?: string;
	differences: string[];
	/** Fields the contract does not declare (allowed; for the sandbox's fixtures). */
	undeclared: string[];
	/** Names (not values) of the response headers. */
	headers: string[];
	/** Which request-ID headers the response had (empty: none). */
	requestIdHeaders: string[];
	facts: Record<string, unknown>;
	/** Redacted, truncated body: a starting point for a sandbox fixture. */
	sample?: unknown;
	error?: string;
}

export interface CallSpec {
	step: string;
	method: 'GET' | 'POST' | 'DELETE';
	/** Path with query string, below the base URL. */
	path: string;
	endpoint: string;
	contract?: Contract;
	json?: unknown;
	form?: FormData;
	paid?: boolean;
	timeoutMs?: number;
}

export interface CallOutcome {
	result: CheckResult;
	/** The parsed body (unredacted; for the next step only, never written). */
	body: unknown;
	headers?: Headers;
}

function authHeaders(target: Target): Record<string, string> {
	return target.service === 'elevenlabs'
		? { 'xi-api-key': target.key }
		: { 'X-Api-Key': target.key };
}

/** The API's own error message, from any of the documented error shapes. */
function errorMessage(body: unknown, text: string): string {
	const b = body as Record<string, unknown> | undefined;
	const detail = b?.detail as Record<string, unknown> | string | unknown[] | undefined;
	const heygen = b?.error as Record<string, unknown> | undefined;
	if (heygen && typeof heygen === 'object')
		return `${String(heygen.code ?? 'error')}: ${String(heygen.message ?? '')}`;
	if (Array.isArray(detail))
		return detail.map((d) => (d as Record<string, unknown>).msg).join('; ');
	if (detail && typeof detail === 'object')
		return `${String(detail.code ?? detail.status ?? 'error')}: ${String(detail.message ?? '')}`;
	if (typeof detail === 'string') return detail;
	return text.replace(/\s+/g, ' ').slice(0, 200) || '(empty body)';
}

export async function call(target: Target, spec: CallSpec): Promise<CallOutcome> {
	const result: CheckResult = {
		service: target.service,
		step: spec.step,
		method: spec.method,
		endpoint: spec.endpoint,
		paid: spec.paid ?? false,
		status: null,
		ms: 0,
		contract: 'not-checked',
		contractName: spec.contract?.label,
		differences: [],
		undeclared: [],
		headers: [],
		requestIdHeaders: [],
		facts: {},
	};
	const started = Date.now();
	let body: unknown;
	let res: Response;
	try {
		res = await fetch(`${target.baseUrl}${spec.path}`, {
			method: spec.method,
			headers: {
				...authHeaders(target),
				accept: 'application/json',
				...(spec.json !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: spec.form ?? (spec.json !== undefined ? JSON.stringify(spec.json) : undefined),
			signal: AbortSignal.timeout(spec.timeoutMs ?? 60_000),
		});
	} catch (error) {
		result.ms = Date.now() - started;
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		result.error = redactText(
			`no answer: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
			[target.key],
		);
		return { result, body };
	}
	const text = await res.text();
	result.ms = Date.now() - started;
	result.status = res.status;
	result.headers = [...res.headers.keys()].sort();
	result.requestIdHeaders = REQUEST_ID_HEADERS.filter((h) => res.headers.has(h));
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = undefined;
	}
	const secrets = [target.key];
	if (body !== undefined) result.sample = sampleOf(body, secrets);
	else if (text) result.sample = redactText(text.slice(0, 200), secrets);

	if (!res.ok) {
		result.error = redactText(`HTTP ${res.status}: ${errorMessage(body, text)}`, secrets);
		return { result, body, headers: res.headers };
	}
	if (body === undefined) {
		result.error = `HTTP ${res.status} without a JSON body (content-type ${res.headers.get('content-type') ?? 'none'})`;
		return { result, body, headers: res.headers };
	}
	// HeyGen has been seen answering 200 with an error inside the body.
	const inBodyError = body && typeof body === 'object' ? (body as { error?: unknown }).error : null;
	if (target.service === 'heygen' && inBodyError) {
		result.error = redactText(
			`HTTP ${res.status} with an error body: ${errorMessage(body, text)}`,
			secrets,
		);
		return { result, body, headers: res.headers };
	}
	if (spec.contract) {
		const check = spec.contract.validate(body);
		result.differences = check.errors;
		// Every v3 success response is wrapped in {data: …}; the schemas do not require it.
		if (target.service === 'heygen' && !(body && typeof body === 'object' && 'data' in body))
			result.differences.push("(root) has no 'data' envelope");
		result.contract = result.differences.length ? 'differences' : 'ok';
		result.undeclared = spec.contract.undeclared(body);
	}
	return { result, body, headers: res.headers };
}
