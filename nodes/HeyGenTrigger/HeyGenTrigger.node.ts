import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { downloadFile, getVideo } from '../HeyGen/helpers/video';
import { credentialTest } from '../HeyGen/methods';
import { heyGenApiRequest } from '../HeyGen/transport';
import { verifyHeyGenDelivery } from './signature';

/** v3 webhook event types (WebhookEndpointsCreate `events` enum). */
export const HEYGEN_EVENTS = [
	'ai_clipping.fail',
	'ai_clipping.success',
	'avatar_video.fail',
	'avatar_video.success',
	'avatar_video_caption.fail',
	'avatar_video_caption.success',
	'avatar_video_gif.fail',
	'avatar_video_gif.success',
	'batch.finished',
	'hyperframes_video.fail',
	'hyperframes_video.success',
	'instant_avatar.fail',
	'instant_avatar.success',
	'live_avatar.fail',
	'live_avatar.success',
	'personalized_video',
	'photo_avatar_add_motion.fail',
	'photo_avatar_add_motion.success',
	'photo_avatar_generation.fail',
	'photo_avatar_generation.success',
	'photo_avatar_train.fail',
	'photo_avatar_train.success',
	'proofread_creation.fail',
	'proofread_creation.success',
	'video_agent.fail',
	'video_agent.success',
	'video_translate.fail',
	'video_translate.preflight.download_failed',
	'video_translate.preflight.validation_failed',
	'video_translate.success',
];

const EVENT_OPTIONS: INodePropertyOptions[] = HEYGEN_EVENTS.map((value) => ({
	name: value,
	value,
}));

const MAX_SEEN_EVENTS = 500;

/**
 * Event ids this process has accepted, per workflow and trigger node, next to the copy in the
 * workflow's static data. n8n (2.41) does not persist static data changed in webhook() when the
 * delivery starts an execution: the execution reloads the static data and resets its change flag
 * before the webhook handler saves it. So a replay would pass on static data alone; this cache
 * closes that within one n8n process (the Heygen-Timestamp tolerance bounds the window otherwise).
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
					'The events to subscribe to. The webhook endpoint is registered with HeyGen when the workflow is activated and removed when it is deactivated.',
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
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Download Video',
						name: 'downloadVideo',
						type: 'boolean',
						default: false,
						description: 'Whether to download the finished video into a binary property',
					},
					{
						displayName: 'Fetch Video Details',
						name: 'fetchVideo',
						type: 'boolean',
						default: false,
						description:
							'Whether to read the full video object (duration, thumbnail, subtitle URL) with GET /v3/videos/{ID}',
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
							'Reject deliveries whose Heygen-Timestamp is further from now than this (0 = do not check)',
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
		const secret = (options.signingSecret as string) || staticData.secret || '';
		const seen = staticData.seenEventIds ?? [];
		const cacheKey = `${this.getWorkflow().id}:${this.getNode().id}`;
		const seenHere = seenInProcess.get(cacheKey) ?? [];
		const check = verifyHeyGenDelivery({
			rawBody: req.rawBody,
			headers: req.headers,
			secret,
			toleranceSeconds: (options.toleranceSeconds as number) ?? 300,
			seenEventIds: [...seen, ...seenHere],
		});
		if (!check.ok) {
			const res = this.getResponseObject();
			res.status(401).json({ error: 'Rejected HeyGen delivery', reason: check.reason });
			return { noWebhookResponse: true };
		}
		if (check.eventId) {
			staticData.seenEventIds = [...seen, check.eventId].slice(-MAX_SEEN_EVENTS);
			seenInProcess.set(cacheKey, [...seenHere, check.eventId].slice(-MAX_SEEN_EVENTS));
		}

		const body = this.getBodyData() as IDataObject;
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

		const json: IDataObject = {
			event_type: eventType,
			event_id: check.eventId ?? body.event_id ?? null,
			video_id: eventData.video_id ?? null,
			url: eventData.url ?? null,
			callback_id: eventData.callback_id ?? null,
			event_data: eventData,
		};
		const item: INodeExecutionData = { json };
		const videoId = eventData.video_id as string | undefined;
		if (videoId && (options.fetchVideo || options.downloadVideo)) {
			const video = await getVideo(this, 0, videoId);
			json.video = video;
			if (options.downloadVideo && video.video_url) {
				const binaryProperty = (options.binaryPropertyName as string) || 'data';
				// streamed; an expired presigned URL is refreshed with a new GET of the video
				item.binary = {
					[binaryProperty]: await downloadFile(this, 0, video, 'video_url', 'video/mp4', 'mp4'),
				};
			}
		}
		return { workflowData: [[item]] };
	}
}
