/**
 * Idempotent creates (POST /v3/assets, /v3/videos, /v3/templates/{id}): an optional
 * `Idempotency-Key` header of 1–255 characters `[A-Za-z0-9_:.-]`. As HeyGen documents the header:
 * "Subsequent calls within 24 hours that share this key replay the original response — even if
 * the request body differs slightly (a warning is logged). A retry that arrives while the original
 * is still in flight gets a 409 request_in_progress … Scope is per-endpoint and per-resource: the
 * same key on a different route or path parameter is independent"
 * (https://developers.heygen.com/reference/create-video and every other create's reference page;
 * https://developers.heygen.com/changelog, May 2026). So a repeat replays the stored reply
 * (`Idempotent-Replayed: true`) whatever its body — a differing body is only recorded in
 * HeyGenState.idempotencyMismatches —, records are per path, and only a successful reply is
 * stored (a refused create can be sent again under its key).
 *
 * The knobs on HeyGenState reproduce what idempotency protects against: `createDelayMs` holds a
 * create in flight, `dropCreateResponses` completes a create and then drops the connection (a
 * lost response the client must retry with the same key).
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';

import type { SandboxReply, SandboxRequest } from '../server';
import { heyGenError } from './api';
import type { HeyGenState } from './state';

export function idempotencyKeyOf(req: SandboxRequest): { key?: string; reply?: SandboxReply } {
	const raw = req.headers['idempotency-key'];
	if (raw === undefined) return {};
	const key = Array.isArray(raw) ? raw[0] : raw;
	if (!/^[A-Za-z0-9_:.-]{1,255}$/.test(key)) {
		return {
			reply: heyGenError(
				400,
				'invalid_parameter',
				'Idempotency-Key must be 1-255 characters of [A-Za-z0-9_:.-].',
				'Idempotency-Key',
			),
		};
	}
	return { key };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `create` once per Idempotency-Key + body (the key, if any, is passed to it) and replays the
 * stored reply afterwards; without a key every call creates.
 */
export async function idempotent(
	state: HeyGenState,
	req: SandboxRequest,
	res: http.ServerResponse,
	body: unknown,
	create: (key: string | undefined) => Promise<SandboxReply> | SandboxReply,
): Promise<SandboxReply | void> {
	const { key, reply } = idempotencyKeyOf(req);
	if (reply) return reply;
	const hash = createHash('sha256')
		.update(`${req.path}\n${JSON.stringify(body)}`)
		.digest('hex');
	// per endpoint and resource: the same key on another path is another record
	const record = key && `${req.path}\n${key}`;
	if (key && record) {
		const entry = state.idempotency.get(record);
		if (entry) {
			if (entry.state === 'inflight') {
				return {
					...heyGenError(
						409,
						'request_in_progress',
						'A request with this Idempotency-Key is still being processed.',
					),
					headers: { 'Retry-After': '1' },
				};
			}
			if (entry.hash !== hash) state.idempotencyMismatches.push({ path: req.path, key });
			return {
				...entry.reply!,
				headers: { ...(entry.reply!.headers ?? {}), 'Idempotent-Replayed': 'true' },
			};
		}
		state.idempotency.set(record, { hash, state: 'inflight' });
	}
	let result: SandboxReply;
	try {
		if (state.createDelayMs > 0) await sleep(state.createDelayMs);
		result = await create(key);
	} catch (error) {
		if (record) state.idempotency.delete(record);
		return heyGenError(500, 'internal_error', (error as Error).message);
	}
	const ok = (result.status ?? 200) < 400;
	if (key && record) {
		if (ok) {
			state.idempotency.set(record, { hash, state: 'done', reply: result });
			state.createsByKey.set(key, (state.createsByKey.get(key) ?? 0) + 1);
		} else {
			state.idempotency.delete(record);
		}
	}
	if (ok && state.dropCreateResponses > 0) {
		state.dropCreateResponses--;
		req.raw.socket.destroy();
		res.destroy();
		return;
	}
	return result;
}
