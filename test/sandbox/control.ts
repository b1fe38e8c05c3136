/**
 * Control routes for a sandbox running in its own process (the real-n8n e2e suite, benchmarks and
 * the demo drive it over HTTP): under /_control, loopback only, no API key.
 *
 *   GET  /_control/state                      counts: videos and jobs (status polls, callback fired), creates
 *                                             per key, webhook endpoints and deliveries, HeyGen callbacks
 *   POST /_control/heygen/render              body: RenderConfig fields to set (mode, queueMs, renderMs, …)
 *   POST /_control/heygen/fail-next           body: { failure_code, failure_message } for the next created video
 *   POST /_control/heygen/jobs                body: JobTiming fields to set for translations and lip-syncs (jobs.ts)
 *   POST /_control/heygen/callbacks           body: { retryDelaysMs?: number[] (callback retry backoff; [] = no retries),
 *                                             leadMs?: number, shape?: 'event_data' | 'data' | 'top-level' } (state.ts)
 *   POST /_control/webhooks/deliver           body: { event_type, event_data, options? } → the deliveries
 *   POST /_control/webhooks/probe             body: { enabled: boolean } (OPTIONS probe on registration)
 */
import type { ElevenLabsState } from './elevenlabs';
import type { DeliveryOptions, HeyGenState, HeyGenWebhookState } from './heygen';
import type { SandboxServer } from './server';

export function installControl(
	server: SandboxServer,
	states: { elevenlabs: ElevenLabsState; heygen: HeyGenState; webhooks: HeyGenWebhookState },
) {
	const json = (body: Buffer) =>
		body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
	const { heygen, webhooks } = states;

	server.route('GET', '_control', '/state', () => ({
		body: {
			videos: [...heygen.videos.values()].map((v) => ({
				video_id: v.id,
				status_polls: v.polls,
				callback_fired: !!v.callbackFired,
				idempotency_key: v.idempotencyKey ?? null,
			})),
			jobs: [...heygen.jobs.jobs.values()].map((j) => ({
				id: j.id,
				kind: j.kind,
				output_language: j.language?.name ?? null,
				status_polls: j.polls,
				callback_fired: !!j.callbackFired,
			})),
			creates_by_key: Object.fromEntries(heygen.createsByKey),
			callbacks: heygen.callbacks.map((c) => ({
				url: c.url.split('?')[0],
				status: c.status,
				attempts: c.attempts,
				event_type: (c.payload as { event_type?: string }).event_type,
			})),
			webhook_endpoints: [...webhooks.endpoints.values()].map((e) => ({
				endpoint_id: e.endpoint_id,
				url: e.url,
				events: e.events,
			})),
			webhook_deliveries: webhooks.deliveries,
			webhook_endpoints_deleted: webhooks.deleted,
			requests: server.log.length,
		},
	}));

	server.route('POST', '_control', '/heygen/render', (req) => {
		Object.assign(heygen.render, json(req.body));
		return { body: { render: heygen.render } };
	});

	server.route('POST', '_control', '/heygen/jobs', (req) => {
		Object.assign(heygen.jobs.timing, json(req.body));
		return { body: { timing: heygen.jobs.timing } };
	});

	server.route('POST', '_control', '/heygen/fail-next', (req) => {
		const failure = json(req.body) as { failure_code: string; failure_message: string };
		let used = false;
		heygen.outcomeFor = () => {
			if (used) return undefined;
			used = true;
			return failure;
		};
		return { body: { ok: true } };
	});

	server.route('POST', '_control', '/heygen/callbacks', (req) => {
		const body = json(req.body) as {
			retryDelaysMs?: number[];
			leadMs?: number;
			shape?: HeyGenState['callbackShape'];
		};
		if (Array.isArray(body.retryDelaysMs))
			heygen.callbackRetryDelaysMs = body.retryDelaysMs.map(Number);
		if (body.leadMs !== undefined) heygen.callbackLeadMs = Number(body.leadMs);
		if (body.shape !== undefined) heygen.callbackShape = body.shape;
		return {
			body: {
				retryDelaysMs: heygen.callbackRetryDelaysMs,
				leadMs: heygen.callbackLeadMs,
				shape: heygen.callbackShape,
			},
		};
	});

	server.route('POST', '_control', '/webhooks/deliver', async (req) => {
		const body = json(req.body) as {
			event_type: string;
			event_data: Record<string, unknown>;
			options?: DeliveryOptions;
		};
		const deliveries = await webhooks.deliver(
			body.event_type,
			body.event_data ?? {},
			body.options ?? {},
		);
		return { body: { deliveries } };
	});

	server.route('POST', '_control', '/webhooks/probe', (req) => {
		webhooks.probeOnRegister = json(req.body).enabled !== false;
		return { body: { probeOnRegister: webhooks.probeOnRegister } };
	});
}
