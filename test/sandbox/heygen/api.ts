/**
 * What every HeyGen v3 route shares: the error envelope, authentication, query and JSON-body
 * checks, cursor pagination, and `route()`, which registers a route under /heygen behind that
 * prologue so a handler starts with a checked request.
 *
 * Sources: error envelope `{"error":{"code","message","param"?,"doc_url"?}}` and the status/code
 * table from https://developers.heygen.com/docs/error-codes; `X-Api-Key` auth; `{"data":…}`
 * envelopes and `limit`/`token` → `has_more`/`next_token` pagination from the contract
 * (test/fixtures/contracts/heygen-v3-endpoints.json, README there names its source). Request
 * schemas are closed (contracts.ts), so a field outside the contract is a 400 invalid_parameter.
 */
import type http from 'node:http';

import { validateHeyGen } from '../contracts';
import type { Handler, Query, SandboxReply, SandboxRequest, SandboxServer } from '../server';
import { queryString } from '../server';
import type { HeyGenState } from './state';

export function heyGenError(
	status: number,
	code: string,
	message: string,
	param?: string,
): SandboxReply {
	return {
		status,
		body: {
			error: {
				code,
				message,
				...(param ? { param } : {}),
				doc_url: 'https://developers.heygen.com/docs/error-codes',
			},
		},
	};
}

export function checkAuth(
	state: HeyGenState,
	req: SandboxRequest,
	scope?: string,
): SandboxReply | undefined {
	const key = req.headers['x-api-key'];
	if (!key || Array.isArray(key) || !state.keys.has(key))
		return heyGenError(401, 'unauthorized', 'Invalid or missing API key.');
	const entry = state.keys.get(key)!;
	if (scope && entry.scopes && !entry.scopes.includes(scope)) {
		return heyGenError(403, 'forbidden', `missing ${scope} to execute this operation`);
	}
	return undefined;
}

function parseJson(
	req: SandboxRequest,
): { ok: true; value: unknown } | { ok: false; reply: SandboxReply } {
	if (!req.body.length) return { ok: true, value: {} };
	if (!/application\/json/i.test(String(req.headers['content-type'] ?? ''))) {
		return {
			ok: false,
			reply: heyGenError(400, 'invalid_parameter', 'Content-Type must be application/json.'),
		};
	}
	try {
		return { ok: true, value: JSON.parse(req.body.toString('utf8')) };
	} catch {
		return {
			ok: false,
			reply: heyGenError(400, 'invalid_parameter', 'Request body is not valid JSON.'),
		};
	}
}

/** Validates a JSON body against the endpoint's contract request schema. */
export function validateBody(name: string, body: unknown): SandboxReply | undefined {
	const result = validateHeyGen(name, 'request', body);
	if (result.valid) return undefined;
	const first = result.errors[0] ?? 'invalid request';
	const path = /^\/(\S+)/.exec(first)?.[1]?.replace(/\//g, '.');
	const extra = /additional properties '([^']+)'/.exec(result.errors.join(' '))?.[1];
	const param = extra ?? path ?? undefined;
	return heyGenError(
		400,
		'invalid_parameter',
		`Invalid request: ${result.errors.slice(0, 3).join('; ')}`,
		param,
	);
}

function checkQuery(query: Query, allowed: string[]): SandboxReply | undefined {
	for (const name of Object.keys(query)) {
		if (!allowed.includes(name))
			return heyGenError(400, 'invalid_parameter', `Unknown query parameter '${name}'.`, name);
	}
	return undefined;
}

function encodeToken(offset: number, scope: string): string {
	return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
}

/** A 400 when query parameter `name` is present with a value outside `allowed`. */
export function invalidChoice(
	query: Query,
	name: string,
	allowed: string[],
): SandboxReply | undefined {
	const value = queryString(query, name);
	if (value && !allowed.includes(value))
		return heyGenError(400, 'invalid_parameter', `Invalid ${name} '${value}'.`, name);
	return undefined;
}

/**
 * One page of a listing, `{data, has_more, next_token}` (the contract's *List responses): `limit`
 * must be 1..`limits.max` (default `limits.default`); `token` is an opaque cursor bound to `scope`
 * (the filter set), so a token from another listing or filter is rejected.
 */
export function listPage<T>(
	items: T[],
	query: Query,
	limits: { max: number; default: number },
	scope: string,
	toItem: (item: T) => unknown,
): SandboxReply {
	const rawLimit = queryString(query, 'limit');
	const limit = rawLimit === undefined ? limits.default : Number(rawLimit);
	if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) {
		return heyGenError(
			400,
			'invalid_parameter',
			`limit must be an integer between 1 and ${limits.max}.`,
			'limit',
		);
	}
	let offset = 0;
	const token = queryString(query, 'token');
	if (token) {
		try {
			const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
				o: number;
				s: string;
			};
			if (typeof parsed.o !== 'number' || parsed.s !== scope) throw new Error('scope');
			offset = parsed.o;
		} catch {
			return heyGenError(400, 'invalid_parameter', 'Invalid pagination token.', 'token');
		}
	}
	const has_more = offset + limit < items.length;
	return {
		body: {
			data: items.slice(offset, offset + limit).map(toItem),
			has_more,
			next_token: has_more ? encodeToken(offset + limit, scope) : null,
		},
	};
}

/** What a route requires before its handler runs (see `route`). */
export interface RouteRules {
	/** Scope the key needs; a scoped key without it gets 403 forbidden (unscoped keys pass). */
	scope?: string;
	/** The query parameters the route accepts; any other is a 400. Absent = the query is not checked. */
	query?: string[];
	/** Contract operation (e.g. 'VideoCreate') whose request schema the JSON body must match. */
	body?: string;
}

/** A route handler after the prologue; `body` is the validated JSON body ({} without `rules.body`). */
export type HeyGenHandler = (
	req: SandboxRequest,
	body: Record<string, unknown>,
	res: http.ServerResponse,
) => ReturnType<Handler>;

/** The checks every route starts with, in this order: API key and scope, query names, JSON body. */
function accept(
	state: HeyGenState,
	req: SandboxRequest,
	rules: RouteRules,
): { ok: true; body: Record<string, unknown> } | { ok: false; reply: SandboxReply } {
	const denied = checkAuth(state, req, rules.scope);
	if (denied) return { ok: false, reply: denied };
	const bad = rules.query && checkQuery(req.query, rules.query);
	if (bad) return { ok: false, reply: bad };
	if (!rules.body) return { ok: true, body: {} };
	const json = parseJson(req);
	if (!json.ok) return json;
	const invalid = validateBody(rules.body, json.value);
	if (invalid) return { ok: false, reply: invalid };
	return { ok: true, body: json.value as Record<string, unknown> };
}

/** What a route module gets: the server, the state, and `route` to register under /heygen. */
export interface HeyGenApi {
	server: SandboxServer;
	state: HeyGenState;
	/** Registers `method template` under /heygen; the handler runs only when `accept` passes. */
	route(method: string, template: string, rules: RouteRules, handler: HeyGenHandler): void;
}

export function heyGenApi(server: SandboxServer, state: HeyGenState): HeyGenApi {
	return {
		server,
		state,
		route(method, template, rules, handler) {
			server.route(method, 'heygen', template, (req, res) => {
				const accepted = accept(state, req, rules);
				return accepted.ok ? handler(req, accepted.body, res) : accepted.reply;
			});
		},
	};
}
