import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { checkUrlsOption, generateWaitProperties, idempotencyKeyOption } from '../../descriptions';
import { uploadBinary } from '../../helpers/assets';
import { compact, httpUrl, idempotencyKeyFor, retryFor, textValue } from '../../helpers/common';
import { assertPublicMedia } from '../../helpers/preflight';
import { readWaitSettings, waitForVideo } from '../../helpers/wait';
import { heyGenApiRequest } from '../../transport';

const show = { resource: ['video'], operation: ['generate'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		displayOptions: { show },
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
		displayOptions: { show: { ...show, source: ['avatar'] } },
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
		displayOptions: { show: { ...show, source: ['image'] } },
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
		displayOptions: { show: { ...show, source: ['image'], imageSource: ['assetId'] } },
		default: '',
		required: true,
	},
	{
		displayName: 'Input Binary Field',
		name: 'imageBinaryPropertyName',
		type: 'string',
		displayOptions: { show: { ...show, source: ['image'], imageSource: ['binary'] } },
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the PNG or JPEG image',
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		displayOptions: { show: { ...show, source: ['image'], imageSource: ['url'] } },
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.png',
	},
	{
		displayName: 'Voice Source',
		name: 'voiceSource',
		type: 'options',
		displayOptions: { show },
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
		displayOptions: { show: { ...show, voiceSource: ['audioAsset'] } },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.asset_id }}',
	},
	{
		displayName: 'Audio URL',
		name: 'audioUrl',
		type: 'string',
		displayOptions: { show: { ...show, voiceSource: ['audioUrl'] } },
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
		displayOptions: { show: { ...show, voiceSource: ['script'] } },
		default: '',
		required: true,
		description: 'What the avatar says (up to 5,000 characters)',
	},
	{
		displayName: 'Voice',
		name: 'voiceId',
		type: 'resourceLocator',
		displayOptions: { show: { ...show, voiceSource: ['script'] } },
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
	{
		displayName: 'Voice Settings',
		name: 'voiceSettings',
		type: 'collection',
		placeholder: 'Add setting',
		displayOptions: { show: { ...show, voiceSource: ['script'] } },
		default: {},
		options: [
			{
				displayName: 'ElevenLabs Model',
				name: 'elevenLabsModel',
				type: 'options',
				options: [
					{ name: 'Eleven Flash v2.5', value: 'eleven_flash_v2_5' },
					{ name: 'Eleven Multilingual V2', value: 'eleven_multilingual_v2' },
					{ name: 'Eleven Turbo v2.5', value: 'eleven_turbo_v2_5' },
					{ name: 'Eleven V3', value: 'eleven_v3' },
				],
				default: 'eleven_multilingual_v2',
				description: 'For ElevenLabs-backed HeyGen voices only: the model to speak with',
			},
			{
				displayName: 'ElevenLabs Similarity Boost',
				name: 'elevenLabsSimilarityBoost',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.75,
				description: 'For ElevenLabs-backed HeyGen voices only',
			},
			{
				displayName: 'ElevenLabs Speaker Boost',
				name: 'elevenLabsSpeakerBoost',
				type: 'boolean',
				default: true,
				description: 'Whether to use speaker boost (ElevenLabs-backed HeyGen voices only)',
			},
			{
				displayName: 'ElevenLabs Stability',
				name: 'elevenLabsStability',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.5,
				description: 'For ElevenLabs-backed HeyGen voices only',
			},
			{
				displayName: 'ElevenLabs Style',
				name: 'elevenLabsStyle',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0,
				description: 'For ElevenLabs-backed HeyGen voices only',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description: 'Accent for multilingual voices',
			},
			{
				displayName: 'Pitch',
				name: 'pitch',
				type: 'number',
				typeOptions: { minValue: -50, maxValue: 50 },
				default: 0,
				description: 'Pitch adjustment, -50 to +50',
			},
			{
				displayName: 'Speed',
				name: 'speed',
				type: 'number',
				typeOptions: { minValue: 0.5, maxValue: 1.5, numberPrecision: 2 },
				default: 1,
				description: 'Speaking speed, 0.5 to 1.5',
			},
			{
				displayName: 'Volume',
				name: 'volume',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 1,
				description: 'Voice volume, 0 (silent) to 1 (full)',
			},
		],
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
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'options',
				options: [
					{ name: '1:1 (Square)', value: '1:1' },
					{ name: '16:9 (Landscape)', value: '16:9' },
					{ name: '4:5 (Portrait Feed)', value: '4:5' },
					{ name: '5:4', value: '5:4' },
					{ name: '9:16 (Vertical)', value: '9:16' },
					{ name: 'Auto (From Source)', value: 'auto' },
				],
				default: '16:9',
			},
			{
				displayName: 'Background Color',
				name: 'backgroundColor',
				type: 'color',
				default: '#ffffff',
				description: 'Solid background behind the avatar (not with WebM output)',
			},
			{
				displayName: 'Background Image Asset ID',
				name: 'backgroundAssetId',
				type: 'string',
				default: '',
				description: 'An image uploaded with Asset → Upload, used as the background',
			},
			{
				displayName: 'Background Image URL',
				name: 'backgroundUrl',
				type: 'string',
				default: '',
				description: 'A public PNG or JPEG URL used as the background',
			},
			{
				displayName: 'Callback ID',
				name: 'callbackId',
				type: 'string',
				default: '',
				description: 'Your own ID, echoed back in webhook events for this video',
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				description: 'URL HeyGen POSTs the result to when the video is ready or failed',
			},
			{
				displayName: 'Captions',
				name: 'captions',
				type: 'options',
				options: [
					{
						name: 'Burned In + Subtitle File',
						value: 'burnedIn',
						description: 'Also render captions into a second video (captioned_video_url)',
					},
					{ name: 'Off', value: 'off' },
					{
						name: 'Subtitle File (SRT)',
						value: 'srt',
						description: 'An SRT file next to the video (subtitle_url)',
					},
				],
				default: 'off',
			},
			checkUrlsOption,
			{
				displayName: 'Engine',
				name: 'engine',
				type: 'options',
				options: [
					{ name: 'Avatar III', value: 'avatar_iii' },
					{ name: 'Avatar IV (Default)', value: 'avatar_iv' },
					{
						name: 'Avatar V',
						value: 'avatar_v',
						description: 'Higher quality; check the look supports it',
					},
				],
				default: 'avatar_iv',
				description: 'Rendering engine for avatar looks (see the engines listed with each look)',
			},
			{
				displayName: 'Expressiveness',
				name: 'expressiveness',
				type: 'options',
				options: [
					{ name: 'High', value: 'high' },
					{ name: 'Low', value: 'low' },
					{ name: 'Medium', value: 'medium' },
				],
				default: 'low',
				description: 'Photo avatars and images on Avatar IV only',
			},
			{
				displayName: 'Fit',
				name: 'fit',
				type: 'options',
				options: [
					{
						name: 'Contain',
						value: 'contain',
						description: 'Show the whole subject (may show background)',
					},
					{ name: 'Cover', value: 'cover', description: 'Fill the frame (may crop edges)' },
				],
				default: 'cover',
			},
			idempotencyKeyOption,
			{
				displayName: 'Motion Prompt',
				name: 'motionPrompt',
				type: 'string',
				default: '',
				description:
					'Body motion and gestures, e.g. "nods and smiles". Photo avatars and images, or Avatar V.',
			},
			{
				displayName: 'Output Format',
				name: 'outputFormat',
				type: 'options',
				options: [
					{ name: 'MP4', value: 'mp4' },
					{ name: 'WebM (Transparent Background)', value: 'webm' },
				],
				default: 'mp4',
			},
			{
				displayName: 'Reference Look ID (Avatar V)',
				name: 'referenceLookId',
				type: 'string',
				default: '',
				description:
					'Optional instant-avatar look of the same group used as the animation reference',
			},
			{
				displayName: 'Remove Background',
				name: 'removeBackground',
				type: 'boolean',
				default: false,
				description:
					"Whether to remove the avatar's background (the avatar must be trained with matting)",
			},
			{
				displayName: 'Resolution',
				name: 'resolution',
				type: 'options',
				options: [
					{ name: '1080p', value: '1080p' },
					{ name: '4K', value: '4k' },
					{ name: '720p', value: '720p' },
				],
				default: '1080p',
			},
			retryOption,
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'Title shown in the HeyGen dashboard',
			},
		],
	},
];

function voiceSettings(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const s = ctx.getNodeParameter('voiceSettings', itemIndex, {}) as IDataObject;
	const out: IDataObject = {};
	if (typeof s.speed === 'number') out.speed = s.speed;
	if (typeof s.pitch === 'number') out.pitch = s.pitch;
	if (typeof s.volume === 'number') out.volume = s.volume;
	if (typeof s.locale === 'string' && s.locale.trim()) out.locale = s.locale.trim();
	const eleven: IDataObject = {};
	if (s.elevenLabsModel !== undefined) eleven.model = s.elevenLabsModel;
	if (s.elevenLabsStability !== undefined) eleven.stability = s.elevenLabsStability;
	if (s.elevenLabsSimilarityBoost !== undefined)
		eleven.similarity_boost = s.elevenLabsSimilarityBoost;
	if (s.elevenLabsStyle !== undefined) eleven.style = s.elevenLabsStyle;
	if (s.elevenLabsSpeakerBoost !== undefined) eleven.use_speaker_boost = s.elevenLabsSpeakerBoost;
	if (Object.keys(eleven).length) out.engine_settings = { engine_type: 'elevenlabs', ...eleven };
	return Object.keys(out).length ? out : undefined;
}

/**
 * Builds the POST /v3/videos body from the parameters. Sends only fields of the v3 schema and
 * exactly one of script / audio_url / audio_asset_id.
 */
/**
 * Whether a HeyGen → Video → Wait for Completion in callback mode follows this node: then the
 * execution's resume URL is sent as callback_url so HeyGen resumes the waiting execution.
 */
function followedByCallbackWait(ctx: IExecuteFunctions): boolean {
	const self = ctx.getNode();
	return ctx
		.getChildNodes(self.name, { includeNodeParameters: true })
		.some(
			(child) =>
				child.type === self.type &&
				!child.disabled &&
				child.parameters?.resource === 'video' &&
				child.parameters?.operation === 'waitForCompletion' &&
				child.parameters?.waitMode === 'callback',
		);
}

export async function buildVideoBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const node = ctx.getNode();
	const source = ctx.getNodeParameter('source', itemIndex) as 'avatar' | 'image';
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	const body: IDataObject = { type: source };

	if (source === 'avatar') {
		const avatarId = textValue(
			ctx,
			ctx.getNodeParameter('avatarId', itemIndex, '', { extractValue: true }),
			'Avatar Look',
			itemIndex,
		).trim();
		if (!avatarId)
			throw new NodeOperationError(node, 'Choose an avatar look (Avatar Look is empty)', {
				itemIndex,
			});
		body.avatar_id = avatarId;
	} else {
		const imageSource = ctx.getNodeParameter('imageSource', itemIndex) as string;
		if (imageSource === 'assetId') {
			const assetId = textValue(
				ctx,
				ctx.getNodeParameter('imageAssetId', itemIndex, ''),
				'Image Asset ID',
				itemIndex,
			).trim();
			if (!assetId) throw new NodeOperationError(node, 'Image Asset ID is empty', { itemIndex });
			body.image = { type: 'asset_id', asset_id: assetId };
		} else if (imageSource === 'url') {
			const raw = ctx.getNodeParameter('imageUrl', itemIndex, '') as string;
			const url = checkUrls
				? await assertPublicMedia(ctx, itemIndex, raw, 'image', 'Image URL')
				: httpUrl(ctx, raw, 'Image URL', itemIndex);
			body.image = { type: 'url', url };
		} else {
			const prop = ctx.getNodeParameter('imageBinaryPropertyName', itemIndex, 'data') as string;
			const asset = await uploadBinary(ctx, itemIndex, prop, { kinds: ['image'] });
			body.image = { type: 'asset_id', asset_id: asset.asset_id };
		}
	}

	const voiceSource = ctx.getNodeParameter('voiceSource', itemIndex) as string;
	if (voiceSource === 'script') {
		const script = textValue(
			ctx,
			ctx.getNodeParameter('script', itemIndex, ''),
			'Script',
			itemIndex,
		);
		if (!script.trim()) throw new NodeOperationError(node, 'Script is empty', { itemIndex });
		if (script.length > 5000) {
			throw new NodeOperationError(
				node,
				`Script is ${script.length} characters; HeyGen accepts at most 5,000`,
				{
					itemIndex,
					description:
						'Split the text into several videos, or generate the speech with ElevenLabs and use it as an audio asset.',
				},
			);
		}
		body.script = script;
		const voiceId = textValue(
			ctx,
			ctx.getNodeParameter('voiceId', itemIndex, '', { extractValue: true }),
			'Voice',
			itemIndex,
		).trim();
		if (voiceId) body.voice_id = voiceId;
		else if (source === 'image') {
			throw new NodeOperationError(node, 'Choose a voice: an image has no default voice', {
				itemIndex,
			});
		}
		const settings = voiceSettings(ctx, itemIndex);
		if (settings) body.voice_settings = settings;
	} else if (voiceSource === 'audioUrl') {
		const raw = ctx.getNodeParameter('audioUrl', itemIndex, '') as string;
		body.audio_url = checkUrls
			? await assertPublicMedia(ctx, itemIndex, raw, 'audio', 'Audio URL')
			: httpUrl(ctx, raw, 'Audio URL', itemIndex);
	} else {
		const assetId = textValue(
			ctx,
			ctx.getNodeParameter('audioAssetId', itemIndex, ''),
			'Audio Asset ID',
			itemIndex,
		).trim();
		if (!assetId) {
			throw new NodeOperationError(node, 'Audio Asset ID is empty', {
				itemIndex,
				description:
					'Upload the audio with HeyGen → Asset → Upload first and map its asset_id here.',
			});
		}
		body.audio_asset_id = assetId;
	}

	if (options.aspectRatio) body.aspect_ratio = options.aspectRatio;
	if (options.resolution) body.resolution = options.resolution;
	if (options.fit) body.fit = options.fit;
	if (options.outputFormat) body.output_format = options.outputFormat;
	if (options.removeBackground === true) body.remove_background = true;
	if (options.title) body.title = String(options.title);
	if (options.callbackUrl)
		body.callback_url = httpUrl(ctx, String(options.callbackUrl), 'Callback URL', itemIndex);
	else if (followedByCallbackWait(ctx))
		body.callback_url = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex));
	if (options.callbackId) body.callback_id = String(options.callbackId);
	if (options.motionPrompt) body.motion_prompt = String(options.motionPrompt);
	if (options.expressiveness) body.expressiveness = options.expressiveness;

	if (options.captions === 'srt') body.caption = { file_format: 'srt' };
	else if (options.captions === 'burnedIn') body.caption = { file_format: 'srt', style: 'default' };

	const backgrounds = ['backgroundColor', 'backgroundAssetId', 'backgroundUrl'].filter(
		(k) => options[k],
	);
	if (backgrounds.length > 1) {
		throw new NodeOperationError(
			node,
			'Set only one of Background Color, Background Image Asset ID and Background Image URL',
			{ itemIndex },
		);
	}
	if (backgrounds.length && body.output_format === 'webm') {
		throw new NodeOperationError(
			node,
			'WebM output has a transparent background; remove the background option or choose MP4',
			{ itemIndex },
		);
	}
	if (options.backgroundColor) {
		const value = String(options.backgroundColor).trim();
		if (!/^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value)) {
			throw new NodeOperationError(
				node,
				`Background Color must be a hex color like #1a2b3c, got "${value}"`,
				{ itemIndex },
			);
		}
		body.background = { type: 'color', value };
	} else if (options.backgroundAssetId) {
		body.background = { type: 'image', asset_id: String(options.backgroundAssetId).trim() };
	} else if (options.backgroundUrl) {
		const raw = String(options.backgroundUrl);
		const url = checkUrls
			? await assertPublicMedia(ctx, itemIndex, raw, 'image', 'Background Image URL')
			: httpUrl(ctx, raw, 'Background Image URL', itemIndex);
		body.background = { type: 'image', url };
	}

	if (source === 'avatar') {
		const engine = options.engine as string | undefined;
		if (engine === 'avatar_v')
			body.engine = compact({
				type: 'avatar_v',
				reference_look_id: options.referenceLookId as string,
			});
		else if (engine === 'avatar_iii') body.engine = { type: 'avatar_iii' };
		// Avatar IV is the server default: no engine object is sent for it
	} else if (options.engine && options.engine !== 'avatar_iv') {
		throw new NodeOperationError(
			node,
			'Images are rendered with Avatar IV only; remove the Engine option',
			{ itemIndex },
		);
	}
	return body;
}

/** POST /v3/videos with a stable Idempotency-Key; returns the created video's id and status. */
export async function createVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	const idempotencyKey = idempotencyKeyFor(ctx, itemIndex, 'video', body);
	const response = await heyGenApiRequest.call(ctx, {
		method: 'POST',
		path: '/v3/videos',
		body,
		idempotencyKey,
		timeoutMs: 120_000,
		itemIndex,
		retry: retryFor(ctx, itemIndex),
	});
	const data = ((response.body as IDataObject).data ?? {}) as IDataObject;
	if (!data.video_id) {
		throw new NodeOperationError(ctx.getNode(), 'HeyGen did not return a video_id', { itemIndex });
	}
	return {
		video_id: data.video_id,
		status: data.status ?? 'waiting',
		output_format: data.output_format ?? body.output_format ?? 'mp4',
		// when the video was created (Unix seconds, like HeyGen's own created_at): a Wait for
		// Completion node after this one checks it one poll interval later instead of at once
		created_at: Math.floor(Date.now() / 1000),
		idempotency_key: idempotencyKey,
	};
}

export function concurrency(this: IExecuteFunctions): number {
	const wait = this.getNodeParameter('waitForCompletion', 0, false) as boolean;
	return wait ? Math.min(this.getInputData().length, 100) : 1;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const body = await buildVideoBody(this, itemIndex);
	const created = await createVideo(this, itemIndex, body);
	const request = { ...body };
	if (!(this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean)) {
		return [{ json: { ...created, request }, pairedItem: { item: itemIndex } }];
	}
	const done = await waitForVideo(
		this,
		itemIndex,
		String(created.video_id),
		readWaitSettings(this, itemIndex),
		Date.now(),
	);
	return [
		{
			...done,
			json: { ...done.json, idempotency_key: created.idempotency_key, request },
			pairedItem: { item: itemIndex },
		},
	];
}
