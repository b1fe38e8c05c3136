import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { includeInputFieldsOption } from '../../../shared/inputFields';
import type { ItemResult } from '../../../shared/router';
import {
	callbackUrlOption,
	completionProperty,
	idempotencyKeyOption,
	waitProperties,
} from '../../descriptions';
import { requiredId } from '../../helpers/common';
import { createAndWait, postCreate, videoPageUrl } from '../../helpers/create';
import { buildTemplateBody } from '../../helpers/templateBody';
import { videoFields } from '../../helpers/video';
import { templateLocator } from './shared';

const properties: INodeProperties[] = [
	templateLocator,
	{
		displayName: 'Text Variables',
		name: 'textVariables',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
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
		default: '{}',
		description:
			'Variables in HeyGen\'s format, keyed by name, e.g. {"logo": {"name": "logo", "type": "image", "properties": {"asset_id": "…"}}}. Template → Get returns them in this shape.',
	},
	completionProperty,
	...waitProperties({ waitForCompletion: ['poll'] }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
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
			callbackUrlOption,
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
			includeInputFieldsOption,
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

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['generate'] } },
	properties,
);

/** POST /v3/templates/{id} for each item; then, as Wait for Completion says, output, wait, or resume later. */
export async function executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await createAndWait(this, async (itemIndex) => {
		const templateId = requiredId(this, 'templateId', 'Template', itemIndex, {
			extractValue: true,
		});
		const { data, request, idempotencyKey } = await postCreate(
			this,
			itemIndex,
			`/v3/templates/${encodeURIComponent(templateId)}`,
			'template',
			buildTemplateBody(this, itemIndex),
		);
		const fields = videoFields(data);
		const videoId = String(fields.video_id ?? data.video_id);
		return {
			...fields,
			video_id: videoId,
			video_page_url: videoPageUrl(data, videoId),
			template_id: templateId,
			idempotency_key: idempotencyKey,
			request,
		};
	});
}
