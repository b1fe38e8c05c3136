import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { filesOf, TRANSLATION_JOB } from '../HeyGen/helpers/jobKinds';
import type { JobKind } from '../HeyGen/helpers/statuses';
import { VIDEO_JOB } from '../HeyGen/helpers/statuses';
import { downloadFile } from '../HeyGen/helpers/video';
import { credentialTest } from '../HeyGen/methods';
import { HEYGEN_DEFAULT_BASE_URL, heyGenApiRequest, heyGenBaseUrl } from '../HeyGen/transport';
import { describePublicUrlProblem } from '../shared/publicUrl';
import { EVENT_OPTIONS } from './events';
import { checkDelivery } from './signature';

export { HEYGEN_EVENTS } from './events';

const MAX_SEEN_EVENTS = 500;

/**
 * Event ids this process has accepted, per workflow and trigger node, next to the copy in the
 * workflow's static data. n8n (2.41) does not persist static data changed in webhook() when the
 * delivery starts an execution: the execution reloads the static data and resets its change flag
 * before the webhook handler saves it. So a repeated delivery would start again on static data
 * alone; this cache closes that within one n8n process (the timestamp tolerance bounds the window
 * otherwise).
 */
const seenInProcess = new Map<string, string[]>();

interface StaticData extends IDataObject {
	endpointId?: string;
	secret?: string;
	webhookUrl?: string;
	events?: string[];
	seenEventIds?: string[];
}

function sameEvents(a: string[] | null | undefined, b: string[]): boolean {
	const left = [...(a ?? [])].sort();
	const right = [...b].sort();
	return left.length === right.length && left.every((v, i) => v === right[i]);
}

/** Deletes a webhook endpoint; one that is already gone (404) counts as deleted. */
async function deleteEndpoint(ctx: IHookFunctions, endpointId: string): Promise<void> {
	await heyGenApiRequest.call(ctx, {
		method: 'DELETE',
		path: `/v3/webhooks/endpoints/${encodeURIComponent(endpointId)}`,
		okStatuses: [404],
	});
}

/**
 * HeyGen only calls public HTTPS URLs. Fails activation with the fix (n8n's WEBHOOK_URL) instead of
 * registering a URL HeyGen will never reach. Skipped for a custom base URL (a proxy, or the sandbox
 * on this machine, which can reach local URLs).
 */
async function assertReachable(ctx: IHookFunctions, webhookUrl: string): Promise<void> {
	const credentials = await ctx.getCredentials('heygenElevenlabsHeyGenApi');
	if (heyGenBaseUrl(credentials) !== HEYGEN_DEFAULT_BASE_URL) return;
	const problem = describePublicUrlProblem(webhookUrl);
	if (!problem) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`HeyGen cannot reach this workflow's webhook URL: ${problem}`,
		{
			description:
				"HeyGen only delivers events to a public HTTPS URL. Set n8n's WEBHOOK_URL environment variable to the public HTTPS address of this n8n (for example a tunnel such as ngrok or Cloudflare Tunnel pointing at it), restart n8n and publish the workflow again.",
		},
	);
}

/**
 * What an event is about: a video translation for the video_translate.* events (their data names
 * it `video_translate_id`: docs.heygen.com, "Using HeyGen's webhook events"), else a video.
 */
function eventJob(
	eventType: string,
	eventData: IDataObject,
): { kind: JobKind; key: string; id?: string } {
	const pick = (...fields: string[]) =>
		fields.map((f) => eventData[f]).find((v): v is string => typeof v === 'string' && !!v);
	return eventType.startsWith('video_translate.')
		? {
				kind: TRANSLATION_JOB,
				key: 'video_translation',
				id: pick('video_translate_id', 'video_translation_id'),
			}
		: { kind: VIDEO_JOB, key: 'video', id: pick('video_id') };
}

/**
 * Reads the video or translation (and streams its video) for the item. Runs after the sender got
 * its reply, so a failure cannot be answered with an error: the event still starts the workflow,
 * with `error` set.
 */
async function addJob(
	ctx: IWebhookFunctions,
	item: INodeExecutionData,
	{ kind, key, id }: { kind: JobKind; key: string; id: string },
	options: IDataObject,
): Promise<void> {
	try {
		const job = await kind.detail(ctx, 0, id);
		item.json[key] = job;
		if (options.downloadVideo && job.video_url) {
			const binaryProperty = (options.binaryPropertyName as string) || 'data';
			// streamed; an expired presigned URL is refreshed with a new GET of the job
			item.binary = {
				[binaryProperty]: await downloadFile(
					ctx,
					0,
					job,
					'video_url',
					'video/mp4',
					'mp4',
					filesOf(kind),
				),
			};
		}
	} catch (error) {
		item.json.error = (error as Error).message;
	}
}

export class HeyGenTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HeyGen Trigger',
		name: 'heyGenTrigger',
		icon: { light: 'file:heygen.svg', dark: 'file:heygen.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			'Starts the workflow when HeyGen finishes (or fails) a video, with signed, verified deliveries',
		defaults: { name: 'HeyGen Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'heygenElevenlabsHeyGenApi', required: true, testedBy: 'heyGenApiTest' }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['avatar_video.success', 'avatar_video.fail'],
				options: EVENT_OPTIONS,
				description:
					'The events to subscribe to. The webhook endpoint is registered with HeyGen when the workflow is published and removed when it is unpublished.',
			},
			{
				displayName: 'Callback ID',
				name: 'callbackId',
				type: 'string',
				default: '',
				placeholder: 'e.g. campaign-42',
				description:
					'Only start the workflow for events whose callback_id equals this value (set it in HeyGen → Video → Generate → Callback ID). Leave empty for all.',
			},
			{
				displayName: 'Verify Signature',
				name: 'verifySignature',
				type: 'boolean',
				default: true,
				description:
					'Whether to start the workflow only for deliveries signed with the endpoint secret. Turn off only if HeyGen changed its signing scheme and genuine deliveries are rejected.',
			},
			{
				displayName:
					"Signature verification is off: anyone who knows this workflow's webhook URL can start it with a made-up event. Turn it back on as soon as possible.",
				name: 'verifySignatureOffNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { verifySignature: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Download Video',
						name: 'downloadVideo',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the finished video (for video translation events, the translated video) into a binary property. HeyGen gets its reply first; if the download fails, the workflow still starts, with the reason in "error".',
					},
					{
						displayName: 'Fetch Video Details',
						name: 'fetchVideo',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the full video object (duration, thumbnail, subtitle URL) with GET /v3/videos/{ID} into "video", or for video translation events the translation (language, caption URLs, failure message) with GET /v3/video-translations/{ID} into "video_translation"',
					},
					{
						displayName: 'Put Video in Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'Binary property for the downloaded video',
					},
					{
						displayName: 'Signing Secret',
						name: 'signingSecret',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'Only needed when you registered the endpoint yourself; endpoints registered by this node use the secret HeyGen returned',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description:
							"Reject signed deliveries whose timestamp header is further from now than this (0 = do not check). A repeat of an event already received is acknowledged even when it's older.",
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { heyGenApiTest: credentialTest.heyGenApiTest },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as StaticData;
				if (!staticData.endpointId) return false;
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events') as string[];
				let token: string | undefined;
				do {
					const page = await heyGenApiRequest.call(this, {
						method: 'GET',
						path: '/v3/webhooks/endpoints',
						qs: { limit: 100, ...(token ? { token } : {}) },
					});
					const body = page.body as IDataObject;
					for (const endpoint of (body.data as IDataObject[]) ?? []) {
						if (endpoint.endpoint_id !== staticData.endpointId) continue;
						if (
							endpoint.url === webhookUrl &&
							sameEvents(endpoint.events as string[] | null, events) &&
							staticData.secret
						) {
							return true;
						}
						return false; // exists but is stale: create() replaces it
					}
					token = body.has_more ? (body.next_token as string) : undefined;
				} while (token);
				// Removed on HeyGen's side: forget it so create() registers a new one.
				delete staticData.endpointId;
				delete staticData.secret;
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as StaticData;
				const webhookUrl = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events') as string[];
				await assertReachable(this, webhookUrl);
				// A stale registration (URL or events changed) is replaced.
				if (staticData.endpointId) await deleteEndpoint(this, staticData.endpointId);
				const response = await heyGenApiRequest.call(this, {
					method: 'POST',
					path: '/v3/webhooks/endpoints',
					body: { url: webhookUrl, events },
					idempotencyKey: `n8n-webhook-${this.getNode().id}-${Date.now()}`,
				});
				const data = ((response.body as IDataObject).data ?? {}) as IDataObject;
				if (!data.endpoint_id || !data.secret) {
					throw new NodeApiError(this.getNode(), data as never, {
						message: 'HeyGen did not return an endpoint ID and signing secret for the webhook',
					});
				}
				staticData.endpointId = data.endpoint_id as string;
				staticData.secret = data.secret as string;
				staticData.webhookUrl = webhookUrl;
				staticData.events = events;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node') as StaticData;
				if (staticData.endpointId) await deleteEndpoint(this, staticData.endpointId);
				seenInProcess.delete(`${this.getWorkflow().id}:${this.getNode().id}`);
				delete staticData.endpointId;
				delete staticData.secret;
				delete staticData.webhookUrl;
				delete staticData.events;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const staticData = this.getWorkflowStaticData('node') as StaticData;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const req = this.getRequestObject() as unknown as {
			rawBody?: Buffer;
			headers: Record<string, string | string[] | undefined>;
		};
		const res = this.getResponseObject();
		const body = this.getBodyData() as IDataObject;
		const seen = staticData.seenEventIds ?? [];
		const cacheKey = `${this.getWorkflow().id}:${this.getNode().id}`;
		const seenHere = seenInProcess.get(cacheKey) ?? [];
		const check = checkDelivery({
			rawBody: req.rawBody,
			headers: req.headers,
			secret: (options.signingSecret as string) || staticData.secret || '',
			verifySignature: this.getNodeParameter('verifySignature', true) as boolean,
			toleranceSeconds: (options.toleranceSeconds as number) ?? 300,
			seenEventIds: [...seen, ...seenHere],
			bodyEventId: typeof body.event_id === 'string' ? body.event_id : undefined,
		});
		if (check.verdict === 'reject') {
			res.status(401).json({ error: 'Rejected HeyGen delivery', reason: check.reason });
			return { noWebhookResponse: true };
		}
		if (check.verdict === 'duplicate') {
			// a 2xx, or the sender keeps retrying an event that already started the workflow
			return { webhookResponse: { received: true, ignored: 'duplicate event' } };
		}
		if (check.eventId) {
			staticData.seenEventIds = [...seen, check.eventId].slice(-MAX_SEEN_EVENTS);
			seenInProcess.set(cacheKey, [...seenHere, check.eventId].slice(-MAX_SEEN_EVENTS));
		}

		const eventType = String(body.event_type ?? '');
		const eventData = (body.event_data ?? {}) as IDataObject;
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(eventType)) {
			return {
				webhookResponse: {
					received: true,
					ignored: `not subscribed to ${eventType || 'this event'}`,
				},
			};
		}
		const callbackFilter = (this.getNodeParameter('callbackId', '') as string).trim();
		if (callbackFilter && eventData.callback_id !== callbackFilter) {
			return { webhookResponse: { received: true, ignored: 'callback_id does not match' } };
		}

		const about = eventJob(eventType, eventData);
		const item: INodeExecutionData = {
			json: {
				event_type: eventType,
				event_id: check.eventId ?? null,
				video_id: eventData.video_id ?? null,
				...(about.kind === TRANSLATION_JOB
					? {
							video_translation_id: about.id ?? null,
							output_language: eventData.output_language ?? null,
						}
					: {}),
				url: eventData.url ?? null,
				callback_id: eventData.callback_id ?? null,
				event_data: eventData,
			},
		};
		const { id } = about;
		if (!id || !(options.fetchVideo || options.downloadVideo)) return { workflowData: [[item]] };
		// Reply before the slow part: HeyGen expects a 2xx within seconds and retries otherwise.
		// n8n starts the execution with workflowData and sends nothing more (noWebhookResponse).
		res.status(200).json({ received: true });
		await addJob(this, item, { ...about, id }, options);
		return { noWebhookResponse: true, workflowData: [[item]] };
	}
}
