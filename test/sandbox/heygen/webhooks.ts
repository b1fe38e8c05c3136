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
 * Deliveries (`deliver`, driven by tests) are `{event_id, event_type, event_data, created_at}`
 * signed like HeyGen's: header `Heygen-Signature` = hex HMAC-SHA256 of the raw body with the
 * endpoint secret, plus `Heygen-Timestamp` (unix seconds) and `Heygen-Event-Id`; legacy deliveries
 * used `Signature`. HeyGen's "Verifying Payloads" text is not public in full: this is the scheme
 * independent client implementations agree on, and DeliveryOptions can produce every variant
 * (unsigned, legacy header, no timestamp, forged, tampered, unsubscribed events).
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
}

export interface DeliveryOptions {
	/** Sign with this secret instead of the endpoint's (a forged delivery). */
	secret?: string;
	/** Send no signature header at all. */
	unsigned?: boolean;
	/** Use the legacy `Signature` header instead of `Heygen-Signature`. */
	legacyHeader?: boolean;
	/** Unix seconds for Heygen-Timestamp; `null` omits the header. */
	timestamp?: number | null;
	eventId?: string;
	/** Deliver even to endpoints not subscribed to the event (HeyGen has been seen doing this). */
	ignoreSubscription?: boolean;
	/** Change the body after signing (a tampered delivery). */
	tamper?: (body: string) => string;
}

export interface Delivery {
	endpoint_id: string;
	url: string;
	event_id: string;
	event_type: string;
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
			const signature = createHmac('sha256', options.secret ?? endpoint.secret)
				.update(body)
				.digest('hex');
			const headers: Record<string, string> = {
				'content-type': 'application/json',
				'Heygen-Event-Id': eventId,
			};
			const timestamp =
				options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
			if (timestamp !== null) headers['Heygen-Timestamp'] = String(timestamp);
			if (!options.unsigned)
				headers[options.legacyHeader ? 'Signature' : 'Heygen-Signature'] = signature;
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
				status,
				responseBody,
			};
			this.deliveries.push(delivery);
			out.push(delivery);
		}
		return out;
	}
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
			secret: `whsec_${randomBytes(24).toString('base64url')}`,
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
		endpoint.secret = `whsec_${randomBytes(24).toString('base64url')}`;
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
