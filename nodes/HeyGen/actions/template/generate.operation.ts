import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { generateWaitProperties, idempotencyKeyOption } from '../../descriptions';
import {
	describeValue,
	httpUrl,
	idempotencyKeyFor,
	requiredId,
	retryFor,
	textValue,
} from '../../helpers/common';
import { readWaitSettings, videoOutput, waitForVideo } from '../../helpers/wait';
import { heyGenApiRequest } from '../../transport';
import { templateLocator } from './shared';

const show = { resource: ['template'], operation: ['generate'] };

export const description: INodeProperties[] = [
	templateLocator('generate'),
	{
		displayName: 'Text Variables',
		name: 'textVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: { show },
		default: {},
		placeholder: 'Add text variable',
		description: 'Replace text variables of the template (Template → Get lists them)',
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Variable name as defined in the template',
					},
					{ displayName: 'Text', name: 'content', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Other Variables (JSON)',
		name: 'variablesJson',
		type: 'json',
		displayOptions: { show },
		default: '{}',
		description:
			'Variables in HeyGen\'s format, keyed by name, e.g. {"logo": {"name": "logo", "type": "image", "properties": {"asset_id": "…"}}}. Template → Get returns them in this shape.',
	},
	...generateWaitProperties(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		displayOptions: { show },
		default: {},
		options: [
			{
				displayName: 'Burn In Captions',
				name: 'caption',
				type: 'boolean',
				default: false,
				description: 'Whether to burn captions into the video',
			},
			{ displayName: 'Callback ID', name: 'callbackId', type: 'string', default: '' },
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				description: 'URL HeyGen POSTs the result to',
			},
			{
				displayName: 'Enable Sharing',
				name: 'enableSharing',
				type: 'boolean',
				default: false,
				description: "Whether the video's share page is public",
			},
			{ displayName: 'Folder ID', name: 'folderId', type: 'string', default: '' },
			{
				displayName: 'Frame Rate',
				name: 'fps',
				type: 'options',
				options: [
					{ name: '25 Fps', value: 25 },
					{ name: '30 Fps', value: 30 },
					{ name: '60 Fps', value: 60 },
				],
				default: 25,
			},
			idempotencyKeyOption,
			retryOption,
			{
				displayName: 'Scene IDs',
				name: 'sceneIds',
				type: 'string',
				default: '',
				description:
					'Comma-separated scene IDs to render, in order (repeats allowed). Default: all scenes.',
			},
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	},
];

export function concurrency(this: IExecuteFunctions): number {
	const wait = this.getNodeParameter('waitForCompletion', 0, false) as boolean;
	return wait ? Math.min(this.getInputData().length, 100) : 1;
}

/** POST /v3/templates/{id} with the variables; optionally waits for the video. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const templateId = requiredId(this, 'templateId', 'Template', itemIndex, { extractValue: true });
	const raw = this.getNodeParameter('variablesJson', itemIndex, '{}') as unknown;
	let variables: IDataObject;
	if (typeof raw === 'string') {
		try {
			variables = raw.trim() ? jsonParse<IDataObject>(raw) : {};
		} catch {
			throw new NodeOperationError(node, 'Other Variables (JSON) is not valid JSON', { itemIndex });
		}
	} else {
		variables = (raw ?? {}) as IDataObject;
	}
	if (!variables || typeof variables !== 'object' || Array.isArray(variables)) {
		throw new NodeOperationError(
			node,
			'Other Variables (JSON) must be an object keyed by variable name',
			{ itemIndex },
		);
	}
	const text =
		(this.getNodeParameter('textVariables.variable', itemIndex, []) as IDataObject[]) ?? [];
	for (const v of text) {
		const name = textValue(this, v.name, 'Text Variables → Name', itemIndex).trim();
		if (!name) continue;
		variables[name] = {
			name,
			type: 'text',
			properties: {
				content: textValue(this, v.content, `Text Variables → Text of "${name}"`, itemIndex),
			},
		};
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const body: IDataObject = { variables };
	if (options.title) body.title = textValue(this, options.title, 'Title', itemIndex);
	if (options.caption === true) body.caption = true;
	if (options.callbackUrl)
		body.callback_url = httpUrl(this, options.callbackUrl, 'Callback URL', itemIndex);
	if (options.callbackId)
		body.callback_id = textValue(this, options.callbackId, 'Callback ID', itemIndex);
	if (options.folderId) body.folder_id = textValue(this, options.folderId, 'Folder ID', itemIndex);
	if (options.enableSharing === true) body.enable_sharing = true;
	if (options.fps !== undefined) {
		const fps = Number(options.fps);
		if (![25, 30, 60].includes(fps)) {
			throw new NodeOperationError(
				node,
				`Frame Rate must be 25, 30 or 60, got ${describeValue(options.fps)}`,
				{ itemIndex },
			);
		}
		body.fps = fps;
	}
	if (options.sceneIds) {
		body.scene_ids = textValue(this, options.sceneIds, 'Scene IDs', itemIndex)
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}
	const idempotencyKey = idempotencyKeyFor(this, itemIndex, 'template', { templateId, body });
	const response = await heyGenApiRequest.call(this, {
		method: 'POST',
		path: `/v3/templates/${encodeURIComponent(templateId)}`,
		body,
		idempotencyKey,
		timeoutMs: 120_000,
		itemIndex,
		retry: retryFor(this, itemIndex),
	});
	const video = ((response.body as IDataObject).data ?? {}) as IDataObject;
	const created = {
		...videoOutput(video),
		template_id: templateId,
		idempotency_key: idempotencyKey,
		request: body,
	};
	if (!(this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean)) {
		return [{ json: created, pairedItem: { item: itemIndex } }];
	}
	const done = await waitForVideo(
		this,
		itemIndex,
		String(video.id),
		readWaitSettings(this, itemIndex),
		Date.now(),
	);
	return [
		{
			...done,
			json: {
				...done.json,
				template_id: templateId,
				idempotency_key: idempotencyKey,
				request: body,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
