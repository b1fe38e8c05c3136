/**
 * What every ElevenLabs route shares: the error shapes, authentication (key, permission, residency
 * region), contract validation of the query and the JSON body, and `route()`, which registers a
 * route under /elevenlabs behind those checks.
 *
 * Error shapes (all seen from the API; sources in test/fixtures/contracts/README.md and
 * https://elevenlabs.io/docs/eleven-api/resources/errors): the legacy `{"detail":{"status","message"}}`,
 * the current `{"detail":{"type","code","message","status","request_id","param"}}`, and FastAPI's
 * 422 `{"detail":[{"loc","msg","type"}]}` for a query or body outside the OpenAPI.
 */
import { randomBytes } from 'node:crypto';

import { validateElevenLabsBody, validateElevenLabsQuery } from '../contracts';
import type { Handler, Query, SandboxReply, SandboxRequest, SandboxServer } from '../server';
import type { ParsedForm } from './multipart';
import { readForm } from './multipart';
import type { ElevenLabsState } from './state';

export function elevenLabsError(status: number, code: string, message: string): SandboxReply {
	return { status, body: { detail: { status: code, message } } };
}

/** The current documented error shape: `{"detail":{"type","code","message","status","request_id","param"}}`. */
export function elevenLabsErrorV2(
	status: number,
	type: string,
	code: string,
	message: string,
	param?: string,
): SandboxReply {
	return {
		status,
		body: {
			detail: {
				type,
				code,
				message,
				status: code,
				request_id: newRequestId(),
				...(param ? { param } : {}),
			},
		},
	};
}

/** 400 validation_error / invalid_parameters in the current shape, naming the parameter. */
export function invalidParameter(message: string, param: string): SandboxReply {
	return elevenLabsErrorV2(400, 'validation_error', 'invalid_parameters', message, param);
}

/** FastAPI 422: `{"detail":[{"loc":[…],"msg","type"}]}`. */
export function validationError(
	entries: Array<{ loc: Array<string | number>; msg: string; type: string }>,
): SandboxReply {
	return { status: 422, body: { detail: entries } };
}

export function newRequestId(): string {
	return randomBytes(15).toString('base64').replace(/[+/=]/g, '').slice(0, 20);
}

/** Returns an error reply when the request's key is missing, unknown, from another region, or lacks `permission`. */
export function checkAuth(
	state: ElevenLabsState,
	req: SandboxRequest,
	permission?: string,
): SandboxReply | undefined {
	const key = req.headers['xi-api-key'];
	if (!key || Array.isArray(key))
		return elevenLabsError(
			401,
			'needs_authorization',
			'Neither authorization header nor xi-api-key received, please provide one.',
		);
	const entry = state.keys.get(key);
	if (!entry || (entry.region ?? 'default') !== state.region)
		return elevenLabsError(401, 'invalid_api_key', 'Invalid API key');
	if (permission && entry.permissions && !entry.permissions.includes(permission)) {
		return elevenLabsError(
			401,
			'missing_permissions',
			`The API key you used is missing the permission ${permission} to execute this operation.`,
		);
	}
	return undefined;
}

/** Validates the query against the contract; a 422 in FastAPI's shape when invalid. */
export function checkQuery(
	method: string,
	template: string,
	query: Query,
): SandboxReply | undefined {
	const result = validateElevenLabsQuery(method, template, query);
	if (result.valid) return undefined;
	return validationError(
		result.errors.map((e) => {
			const name = /'([^']+)'/.exec(e)?.[1] ?? 'query';
			return { loc: ['query', name], msg: e, type: 'value_error' };
		}),
	);
}

/** Parses and validates a JSON body against the contract; a 422 in FastAPI's shape when invalid. */
function checkBody(
	method: string,
	template: string,
	req: SandboxRequest,
): { body?: Record<string, unknown>; error?: SandboxReply } {
	let body: unknown;
	try {
		body = JSON.parse(req.body.toString('utf8') || 'null');
	} catch (error) {
		return {
			error: validationError([
				{
					loc: ['body', 0],
					msg: `JSON decode error: ${(error as Error).message}`,
					type: 'json_invalid',
				},
			]),
		};
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return { error: validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]) };
	}
	const result = validateElevenLabsBody(method, template, body);
	if (!result.valid) {
		return {
			error: validationError(
				result.errors.map((e) => {
					const [pointer, ...rest] = e.split(' ');
					const loc: Array<string | number> =
						pointer === '(root)' ? [] : pointer.split('/').filter(Boolean);
					const missing = /must have required property '([^']+)'/.exec(e)?.[1];
					if (missing)
						return { loc: ['body', ...loc, missing], msg: 'Field required', type: 'missing' };
					return { loc: ['body', ...loc], msg: rest.join(' '), type: 'value_error' };
				}),
			),
		};
	}
	return { body: body as Record<string, unknown> };
}

/** What a route requires before its handler runs (see `route`). */
export interface RouteRules {
	/** Permission a scoped key needs (e.g. 'text_to_speech'); unscoped keys pass. */
	permission?: string;
	/** Validate the query against the OpenAPI operation of this route. */
	query?: boolean;
	/** Parse the JSON body and validate it against the OpenAPI operation of this route. */
	body?: boolean;
	/**
	 * Stream and parse a multipart/form-data body and validate it against the OpenAPI's multipart
	 * schema (multipart.ts); `newer` adds the official SDK's fields beyond the OpenAPI snapshot.
	 */
	multipart?: { newer?: Record<string, object> };
}

/**
 * A route handler after the checks; `body` is the validated JSON body, or the coerced form fields
 * with `rules.multipart` (then `form` has the files); {} otherwise.
 */
export type ElevenLabsHandler = (
	req: SandboxRequest,
	body: Record<string, unknown>,
	form?: ParsedForm,
) => ReturnType<Handler>;

/** What a route module gets: the state and `route` to register under /elevenlabs. */
export interface ElevenLabsApi {
	state: ElevenLabsState;
	/**
	 * Registers `method template` under /elevenlabs (`template` is also the OpenAPI path); the
	 * handler runs after the key, the query and the body passed, in that order.
	 */
	route(method: string, template: string, rules: RouteRules, handler: ElevenLabsHandler): void;
}

export function elevenLabsApi(server: SandboxServer, state: ElevenLabsState): ElevenLabsApi {
	return {
		state,
		route(method, template, rules, handler) {
			server.route(
				method,
				'elevenlabs',
				template,
				async (req) => {
					const denied = checkAuth(state, req, rules.permission);
					if (denied) return denied;
					const invalidQuery = rules.query && checkQuery(method, template, req.query);
					if (invalidQuery) return invalidQuery;
					if (rules.multipart) {
						const { form, error } = await readForm(method, template, req, rules.multipart.newer);
						return error ?? (await handler(req, form!.values, form));
					}
					if (!rules.body) return await handler(req, {});
					const { body, error } = checkBody(method, template, req);
					return error ?? (await handler(req, body!));
				},
				{ streaming: !!rules.multipart },
			);
		},
	};
}
