import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../../shared/router';
import { completionProperty, waitProperties } from '../../descriptions';
import { createAndWait, postCreate, videoPageUrl } from '../../helpers/create';
import { buildVideoBody } from '../../helpers/videoBody';
import { aspectRatio, videoOptions, voiceSettings } from './generateOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{
				name: 'Avatar',
				value: 'avatar',
				description: 'A HeyGen avatar look (studio avatar, digital twin or photo avatar)',
			},
			{ name: 'Image', value: 'image', description: 'Animate any photo (Avatar IV)' },
		],
		default: 'avatar',
	},
	{
		displayName: 'Avatar Look',
		name: 'avatarId',
		type: 'resourceLocator',
		displayOptions: { show: { source: ['avatar'] } },
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The avatar look to use; the list shows its type and the engines it supports',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an avatar look…',
				typeOptions: {
					searchListMethod: 'searchAvatarLooks',
					searchable: true,
					searchFilterRequired: false,
				},
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1f3c9e0d2b7a4c58',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z0-9_-]+$', errorMessage: 'Not a valid look ID' },
					},
				],
			},
		],
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		displayOptions: { show: { source: ['image'] } },
		options: [
			{ name: 'Asset ID', value: 'assetId', description: 'An image uploaded with Asset → Upload' },
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An image from a previous node; it is uploaded first',
			},
			{ name: 'URL', value: 'url', description: 'A public PNG or JPEG URL that HeyGen downloads' },
		],
		default: 'binary',
	},
	{
		displayName: 'Image Asset ID',
		name: 'imageAssetId',
		type: 'string',
		displayOptions: { show: { source: ['image'], imageSource: ['assetId'] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Input Binary Field',
		name: 'imageBinaryPropertyName',
		type: 'string',
		displayOptions: { show: { source: ['image'], imageSource: ['binary'] } },
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the PNG or JPEG image',
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		displayOptions: { show: { source: ['image'], imageSource: ['url'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.png',
	},
	{
		displayName: 'Voice Source',
		name: 'voiceSource',
		type: 'options',
		options: [
			{
				name: 'Audio Asset',
				value: 'audioAsset',
				description:
					'Lip-sync to an uploaded audio file (e.g. ElevenLabs speech uploaded with Asset → Upload)',
			},
			{
				name: 'Audio URL',
				value: 'audioUrl',
				description: 'Lip-sync to a public MP3/WAV URL that HeyGen downloads',
			},
			{
				name: 'Script With HeyGen Voice',
				value: 'script',
				description: 'HeyGen speaks a text with one of its voices',
			},
		],
		default: 'audioAsset',
	},
	{
		displayName: 'Audio Asset ID',
		name: 'audioAssetId',
		type: 'string',
		displayOptions: { show: { voiceSource: ['audioAsset'] } },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.asset_id }}',
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		displayOptions: { show: { voiceSource: ['audioUrl'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/voiceover.mp3',
		description:
			'Must be a direct, public link to the audio file. When in doubt, upload the file as an asset instead.',
	},
	{
		displayName: 'Script',
		name: 'script',
		type: 'string',
		typeOptions: { rows: 4 },
		displayOptions: { show: { voiceSource: ['script'] } },
		default: '',
		required: true,
		description: 'What the avatar says (up to 5,000 characters)',
	},
	{
		displayName: 'Voice',
		name: 'voiceId',
		type: 'resourceLocator',
		displayOptions: { show: { voiceSource: ['script'] } },
		default: { mode: 'list', value: '' },
		description:
			"HeyGen voice. Leave empty with an avatar to use the avatar's default voice (required for an image).",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a voice…',
				typeOptions: {
					searchListMethod: 'searchVoices',
					searchable: true,
					searchFilterRequired: false,
				},
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2d5b0e6cf36f460aa7fc47e3eee4ba54',
			},
		],
	},
	voiceSettings,
	aspectRatio,
	completionProperty,
	...waitProperties({ waitForCompletion: ['poll'] }),
	videoOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['generate'] } },
	properties,
);

/** POST /v3/videos for each item; then, as Wait for Completion says, output, wait, or resume later. */
export async function executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await createAndWait(this, async (itemIndex) => {
		const body = await buildVideoBody(this, itemIndex);
		const { data, request, idempotencyKey } = await postCreate(
			this,
			itemIndex,
			'/v3/videos',
			'video',
			body,
		);
		const videoId = String(data.video_id);
		return {
			video_id: videoId,
			status: data.status ?? 'waiting',
			output_format: data.output_format ?? body.output_format ?? 'mp4',
			video_page_url: videoPageUrl(data, videoId),
			// Unix seconds, like HeyGen's: a Wait for Completion after this node checks one interval later
			created_at: Math.floor(Date.now() / 1000),
			idempotency_key: idempotencyKey,
			request,
		};
	});
}
