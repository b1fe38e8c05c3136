/**
 * HeyGen v3 webhook endpoints (mounted under /heygen) and signed event delivery: POST and GET
 * /v3/webhooks/endpoints, DELETE /v3/webhooks/endpoints/{endpoint_id}, POST …/rotate-secret and
 * GET /v3/webhooks/event-types (contract WebhookEndpointsCreate/List/Delete/RotateSecret,
 * WebhookEventTypesList; https://developers.heygen.com/docs/webhooks). The endpoint `secret`
 * (`whsec_…`) is returned on create and rotate only, null in listings. Registration first probes
 * the URL with OPTIONS and a 1-second timeout, as HeyGen's v1 add-endpoint does
 * (https://docs.heygen.com/reference/add-a-webhook-endpoint; not documented for v3 either way);
 * `probeOnRegister` turns it off.
 *
 * Deliveries (`deliver`, driven by tests) are `{event_id, event_type, event_data, created_at}`,
 * signed with the endpoint secret in one of SIGNING_SCHEMES (state-wide `signing`, per endpoint
 * `signing`, or per delivery `options.scheme`). HeyGen's "Verifying Payloads" text is not public
 * in full, so the sandbox can produce every scheme public code uses; the presets cite theirs.
 * DeliveryOptions also make unsigned, forged, tampered, stale and unsubscribed deliveries.
 *
 * These routes answer errors without `doc_url` (optional in the v3 error envelope,
 * https://developers.heygen.com/docs/error-codes), so clients meet both forms.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

import { validateHeyGen, heygenEndpoints } from '../contracts';
import type { SandboxReply } from '../server';
import type { HeyGenApi } from './api';

export interface WebhookEndpoint {
	endpoint_id: string;
	url: string;
	events: string[] | null;
	secret: string;
	status: 'enabled' | 'disabled';
	created_at: string;
	entity_id?: string | null;
	/** How deliveries to this endpoint are signed (default: the state's `signing`). */
	signing?: SchemeName | SigningScheme;
}

/** How a delivery is signed: HMAC-SHA256 with the endpoint secret, in one of several layouts. */
export interface SigningScheme {
	/** Header carrying the signature. */
	signatureHeader: string;
	/** Timestamp header (unix seconds) and event id header; not sent when absent. */
	timestampHeader?: string;
	idHeader?: string;
	/** HMAC key: the whole `whsec_…` string, or the base64-decoded part after `whsec_`. */
	key: 'whole' | 'decoded';
	/** What is signed: the raw body, `{timestamp}.{body}`, or `{id}.{timestamp}.{body}`. */
	content: 'body' | 'timestamp.body' | 'id.timestamp.body';
	encoding: 'hex' | 'base64';
	/** Text before the digest, e.g. `sha256=` or `v1,`. */
	prefix?: string;
	/** Signatures made with other keys, sent space-separated before the real one (a key rotation). */
	decoys?: number;
}

const HEYGEN_HEADERS = {
	signatureHeader: 'Heygen-Signature',
	timestampHeader: 'Heygen-Timestamp',
	idHeader: 'Heygen-Event-Id',
};
const STANDARD_WEBHOOKS: SigningScheme = {
	signatureHeader: 'webhook-signature',
	timestampHeader: 'webhook-timestamp',
	idHeader: 'webhook-id',
	key: 'decoded',
	content: 'id.timestamp.body',
	encoding: 'base64',
	prefix: 'v1,',
};

export const SIGNING_SCHEMES = {
	/**
	 * The default: `Heygen-Signature` = hex HMAC-SHA256 of the raw body keyed with the whole
	 * `whsec_…` string, plus `Heygen-Timestamp` (unix seconds) and `Heygen-Event-Id`. What
	 * independent 2026 HeyGen v3 client implementations found by public code search agree on
	 * (their repositories are not named by the index); HeyGen only documents that the `secret`
	 * verifies payloads (https://developers.heygen.com/docs/webhooks, "Verifying Payloads").
	 */
	heygen: { ...HEYGEN_HEADERS, key: 'whole', content: 'body', encoding: 'hex' },
	/** The same headers with the timestamp signed too (`{timestamp}.{body}`, as Stripe-style schemes do); unconfirmed for HeyGen. */
	'heygen-timestamped': {
		...HEYGEN_HEADERS,
		key: 'whole',
		content: 'timestamp.body',
		encoding: 'hex',
	},
	/** Keyed with the base64-decoded part after `whsec_` (the Svix convention for `whsec_` secrets); unconfirmed for HeyGen. */
	'heygen-decoded-key': { ...HEYGEN_HEADERS, key: 'decoded', content: 'body', encoding: 'hex' },
	/** A base64 digest instead of hex; unconfirmed for HeyGen. */
	'heygen-base64': { ...HEYGEN_HEADERS, key: 'whole', content: 'body', encoding: 'base64' },
	/** `sha256=<hex>` as GitHub-style senders write it; third-party HeyGen receivers strip this prefix. */
	'heygen-sha256-prefix': {
		...HEYGEN_HEADERS,
		key: 'whole',
		content: 'body',
		encoding: 'hex',
		prefix: 'sha256=',
	},
	/**
	 * Legacy (v1) deliveries: `Signature` = hex HMAC of the body, no timestamp or id header
	 * (HeyGen's v1 "add a webhook endpoint" docs, https://docs.heygen.com/reference/add-a-webhook-endpoint,
	 * and third-party receivers reading `Signature`).
	 */
	legacy: { signatureHeader: 'Signature', key: 'whole', content: 'body', encoding: 'hex' },
	/**
	 * `X-HeyGen-Signature` = hex HMAC of the body: HeyGen's own earlier agent skill
	 * (heygen-com/skills, skills/heygen/rules/webhooks.md "Verify Webhook Signatures"; a copy is in
	 * michaelwang11394/skills) and several third-party receivers.
	 */
	'x-heygen': {
		signatureHeader: 'X-HeyGen-Signature',
		key: 'whole',
		content: 'body',
		encoding: 'hex',
	},
	/**
	 * Standard Webhooks (https://www.standardwebhooks.com/, the spec Svix publishes for `whsec_`
	 * secrets): `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>` of
	 * `{id}.{timestamp}.{body}` keyed with the base64-decoded part after `whsec_`.
	 */
	'standard-webhooks': STANDARD_WEBHOOKS,
	/** The same with Svix's own header names (https://docs.svix.com/receiving/verifying-payloads/how-manual). */
	svix: {
		...STANDARD_WEBHOOKS,
		signatureHeader: 'svix-signature',
		timestampHeader: 'svix-timestamp',
		idHeader: 'svix-id',
	},
	/** Svix during a secret rotation: a signature with another key, then the valid one, space-separated. */
	'svix-rotating': {
		...STANDARD_WEBHOOKS,
		signatureHeader: 'svix-signature',
		timestampHeader: 'svix-timestamp',
		idHeader: 'svix-id',
		decoys: 1,
	},
} satisfies Record<string, SigningScheme>;

export type SchemeName = keyof typeof SIGNING_SCHEMES;

export interface DeliveryOptions {
	/** Sign with this secret instead of the endpoint's (a forged delivery). */
	secret?: string;
	/** Send no signature header at all. */
	unsigned?: boolean;
	/** Signing scheme of this delivery (default: the endpoint's, then the state's). */
	scheme?: SchemeName | SigningScheme;
	/** Unix seconds for the timestamp header; `null` omits it (only for schemes that do not sign it). */
	timestamp?: number | null;
	eventId?: string;
	/** Deliver even to endpoints not subscribed to the event (HeyGen has been seen doing this). */
	ignoreSubscription?: boolean;
	/** Change the body after signing (a tampered delivery). */
	tamper?: (body: string) => string;
}

function hmacKey(secret: string, key: SigningScheme['key']): Buffer {
	return key === 'decoded'
		? Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
		: Buffer.from(secret, 'utf8');
}

/** The signature header value for `body`, as `scheme` prescribes. */
export function signDelivery(
	scheme: SigningScheme,
	secret: string,
	body: string,
	eventId: string,
	timestamp: number | null,
): string {
	if (scheme.content !== 'body' && timestamp === null)
		throw new Error('sandbox: this signing scheme signs the timestamp; it cannot be omitted');
	const content =
		scheme.content === 'body'
			? body
			: scheme.content === 'timestamp.body'
				? `${timestamp}.${body}`
				: `${eventId}.${timestamp}.${body}`;
	const sign = (key: Buffer) =>
		(scheme.prefix ?? '') + createHmac('sha256', key).update(content).digest(scheme.encoding);
	const decoys = Array.from({ length: scheme.decoys ?? 0 }, () => sign(randomBytes(24)));
	return [...decoys, sign(hmacKey(secret, scheme.key))].join(' ');
}

export interface Delivery {
	endpoint_id: string;
	url: string;
	event_id: string;
	event_type: string;
	/** Name of the signing scheme (`custom` for an ad-hoc one). */
	scheme: string;
	status: number;
	responseBody: string;
}

export const EVENT_TYPES: string[] = (
	heygenEndpoints.WebhookEndpointsCreate.RequestSchema as {
		properties: { events: { items: { enum: string[] } } };
	}
).properties.events.items.enum;

export class HeyGenWebhookState {
	endpoints = new Map<string, WebhookEndpoint>();
	deliveries: Delivery[] = [];
	/** Probe the URL with OPTIONS (1 s timeout) before registering it, as HeyGen does. */
	probeOnRegister = true;
	/** Calls that deleted an endpoint (for cleanup assertions). */
	deleted: string[] = [];

	/** Signing scheme of endpoints that set none. */
	signing: SchemeName | SigningScheme = 'heygen';

	/** Signs and POSTs an event to every enabled endpoint subscribed to it. */
	async deliver(
		eventType: string,
		eventData: Record<string, unknown>,
		options: DeliveryOptions = {},
	): Promise<Delivery[]> {
		const out: Delivery[] = [];
		for (const endpoint of this.endpoints.values()) {
			if (endpoint.status !== 'enabled') continue;
			if (!options.ignoreSubscription && endpoint.events && !endpoint.events.includes(eventType))
				continue;
			const eventId = options.eventId ?? `evt_${randomUUID()}`;
			const body = JSON.stringify({
				event_id: eventId,
				event_type: eventType,
				event_data: eventData,
				created_at: new Date().toISOString(),
			});
			const choice = options.scheme ?? endpoint.signing ?? this.signing;
			const scheme: SigningScheme = typeof choice === 'string' ? SIGNING_SCHEMES[choice] : choice;
			const timestamp =
				options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (scheme.idHeader) headers[scheme.idHeader] = eventId;
			if (scheme.timestampHeader && timestamp !== null)
				headers[scheme.timestampHeader] = String(timestamp);
			if (!options.unsigned)
				headers[scheme.signatureHeader] = signDelivery(
					scheme,
					options.secret ?? endpoint.secret,
					body,
					eventId,
					timestamp,
				);
			const sent = options.tamper ? options.tamper(body) : body;
			let status = 0;
			let responseBody = '';
			try {
				const res = await fetch(endpoint.url, {
					method: 'POST',
					headers,
					body: sent,
					signal: AbortSignal.timeout(10_000),
				});
				status = res.status;
				responseBody = await res.text();
			} catch (error) {
				responseBody = (error as Error).message;
			}
			const delivery = {
				endpoint_id: endpoint.endpoint_id,
				url: endpoint.url,
				event_id: eventId,
				event_type: eventType,
				scheme: typeof choice === 'string' ? choice : 'custom',
				status,
				responseBody,
			};
			this.deliveries.push(delivery);
			out.push(delivery);
		}
		return out;
	}
}

/**
 * `whsec_` + base64 of 16 random bytes: the shape of a HeyGen secret quoted in public code (24
 * base64 characters ending in `==`), and of Svix / Standard Webhooks secrets (base64 after `whsec_`).
 */
function newSecret(): string {
	return `whsec_${randomBytes(16).toString('base64')}`;
}

function error(status: number, code: string, message: string, param?: string): SandboxReply {
	return { status, body: { error: { code, message, ...(param ? { param } : {}) } } };
}

function publicView(e: WebhookEndpoint, withSecret: boolean) {
	return {
		endpoint_id: e.endpoint_id,
		url: e.url,
		events: e.events,
		status: e.status,
		created_at: e.created_at,
		secret: withSecret ? e.secret : null,
	};
}

export function installWebhooks({ route }: HeyGenApi): HeyGenWebhookState {
	const state = new HeyGenWebhookState();

	route('POST', '/v3/webhooks/endpoints', {}, async (req) => {
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(req.body.toString('utf8') || '{}');
		} catch {
			return error(400, 'invalid_parameter', 'Request body must be JSON');
		}
		const check = validateHeyGen('WebhookEndpointsCreate', 'request', body);
		if (!check.valid) return error(400, 'invalid_parameter', check.errors.join('; '));
		const url = String(body.url);
		if (!/^https?:\/\/[^/]+/.test(url))
			return error(400, 'invalid_parameter', 'Url of this webhook endpoint is invalid', 'url');
		if (state.probeOnRegister) {
			try {
				const probe = await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
				if (probe.status >= 400) throw new Error(`status ${probe.status}`);
			} catch {
				return error(400, 'invalid_parameter', 'Url of this webhook endpoint is invalid', 'url');
			}
		}
		const endpoint: WebhookEndpoint = {
			endpoint_id: `ep_${randomUUID().replace(/-/g, '')}`,
			url,
			events: (body.events as string[] | null | undefined) ?? null,
			secret: newSecret(),
			status: 'enabled',
			created_at: new Date().toISOString(),
			entity_id: (body.entity_id as string | undefined) ?? null,
		};
		state.endpoints.set(endpoint.endpoint_id, endpoint);
		return { body: { data: publicView(endpoint, true) } };
	});

	route('GET', '/v3/webhooks/endpoints', {}, (req) => {
		const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 10)));
		const all = [...state.endpoints.values()];
		const start = req.query.token
			? Number(Buffer.from(String(req.query.token), 'base64url').toString())
			: 0;
		const page = all.slice(start, start + limit);
		const more = start + limit < all.length;
		return {
			body: {
				data: page.map((e) => publicView(e, false)),
				has_more: more,
				next_token: more ? Buffer.from(String(start + limit)).toString('base64url') : null,
			},
		};
	});

	route('DELETE', '/v3/webhooks/endpoints/{endpoint_id}', {}, (req) => {
		if (!state.endpoints.delete(req.params.endpoint_id))
			return error(404, 'not_found', 'Webhook endpoint not found');
		state.deleted.push(req.params.endpoint_id);
		return { body: { data: {}, error: null } };
	});

	route('POST', '/v3/webhooks/endpoints/{endpoint_id}/rotate-secret', {}, (req) => {
		const endpoint = state.endpoints.get(req.params.endpoint_id);
		if (!endpoint) return error(404, 'not_found', 'Webhook endpoint not found');
		endpoint.secret = newSecret();
		return { body: { data: publicView(endpoint, true) } };
	});

	route('GET', '/v3/webhooks/event-types', {}, () => {
		return {
			body: {
				data: EVENT_TYPES.map((event_type) => ({
					event_type,
					description: `Fires on ${event_type.replace(/[._]/g, ' ')}`,
				})),
				has_more: false,
				next_token: null,
			},
		};
	});

	return state;
}
