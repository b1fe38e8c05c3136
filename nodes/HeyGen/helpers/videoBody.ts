import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';
import { uploadBinary } from './assets';
import { compact, httpUrl, requiredId } from './common';
import { assertPublicMedia } from './preflight';

/** Where a parameter error is reported: the node and the item. */
export interface At {
	node: INode;
	itemIndex: number;
}

const fail = (at: At, message: string, description?: string) =>
	new NodeOperationError(at.node, message, { itemIndex: at.itemIndex, description });

const MAX_SCRIPT = 5000;

/** voice_settings of a HeyGen voice; ElevenLabs-backed voices also take engine_settings. */
export function voiceSettingsPart(s: IDataObject): IDataObject | undefined {
	const eleven = compact({
		model: s.elevenLabsModel,
		stability: s.elevenLabsStability,
		similarity_boost: s.elevenLabsSimilarityBoost,
		style: s.elevenLabsStyle,
		use_speaker_boost: s.elevenLabsSpeakerBoost,
	} as IDataObject);
	const out: IDataObject = {};
	for (const key of ['speed', 'pitch', 'volume']) if (typeof s[key] === 'number') out[key] = s[key];
	if (typeof s.locale === 'string' && s.locale.trim()) out.locale = s.locale.trim();
	if (Object.keys(eleven).length) out.engine_settings = { engine_type: 'elevenlabs', ...eleven };
	return Object.keys(out).length ? out : undefined;
}

/** script, voice_id and voice_settings: HeyGen speaks the script (an image needs a voice). */
export function scriptPart(
	at: At,
	source: string,
	script: string,
	voiceId: string,
	settings: IDataObject = {},
): IDataObject {
	if (!script.trim()) throw fail(at, 'Script is empty');
	if (script.length > MAX_SCRIPT) {
		throw fail(
			at,
			`Script is ${script.length} characters; HeyGen accepts at most 5,000`,
			'Split the text into several videos, or generate the speech with ElevenLabs and use it as an audio asset.',
		);
	}
	if (!voiceId && source === 'image')
		throw fail(at, 'Choose a voice: an image has no default voice');
	return compact({ script, voice_id: voiceId, voice_settings: voiceSettingsPart(settings) });
}

/**
 * background: a color, an image asset or an image URL (at most one; not with WebM, which is
 * transparent). A URL is returned as given, for the caller to check.
 */
export function backgroundPart(at: At, options: IDataObject): IDataObject | undefined {
	const set = ['backgroundColor', 'backgroundAssetId', 'backgroundUrl'].filter((k) => options[k]);
	if (!set.length) return undefined;
	if (set.length > 1) {
		throw fail(
			at,
			'Set only one of Background Color, Background Image Asset ID and Background Image URL',
		);
	}
	if (options.outputFormat === 'webm') {
		throw fail(
			at,
			'WebM output has a transparent background; remove the background option or choose MP4',
		);
	}
	if (options.backgroundAssetId)
		return { type: 'image', asset_id: String(options.backgroundAssetId).trim() };
	if (options.backgroundUrl) return { type: 'image', url: String(options.backgroundUrl) };
	const value = String(options.backgroundColor).trim();
	if (!/^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value))
		throw fail(at, `Background Color must be a hex color like #1a2b3c, got "${value}"`);
	return { type: 'color', value };
}

/** engine: Avatar IV is HeyGen's default and sent as nothing; images render with Avatar IV only. */
export function enginePart(at: At, source: string, options: IDataObject): IDataObject | undefined {
	const engine = options.engine as string | undefined;
	if (!engine || engine === 'avatar_iv') return undefined;
	if (source === 'image')
		throw fail(at, 'Images are rendered with Avatar IV only; remove the Engine option');
	if (engine === 'avatar_v')
		return compact({ type: 'avatar_v', reference_look_id: options.referenceLookId as string });
	return { type: engine };
}

/** The look of the render: aspect ratio, resolution, fit, format, captions, title, motion. */
export function renderPart(options: IDataObject): IDataObject {
	const caption =
		options.captions === 'srt'
			? { file_format: 'srt' }
			: options.captions === 'burnedIn'
				? { file_format: 'srt', style: 'default' }
				: undefined;
	return compact({
		aspect_ratio: options.aspectRatio as string,
		resolution: options.resolution as string,
		fit: options.fit as string,
		output_format: options.outputFormat as string,
		remove_background: options.removeBackground === true ? true : undefined,
		title: options.title ? String(options.title) : undefined,
		callback_id: options.callbackId ? String(options.callbackId) : undefined,
		motion_prompt: options.motionPrompt ? String(options.motionPrompt) : undefined,
		expressiveness: options.expressiveness as string,
		caption,
	});
}

/** A URL HeyGen downloads: checked to be public media of the right kind, or only for its form. */
async function mediaUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	kind: 'audio' | 'image',
	field: string,
	check: boolean,
): Promise<string> {
	return check
		? await assertPublicMedia(ctx, itemIndex, raw, kind, field)
		: httpUrl(ctx, raw, field, itemIndex);
}

/** avatar_id, or image: an asset, a URL, or a binary file uploaded first. */
async function sourcePart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: string,
	checkUrls: boolean,
): Promise<IDataObject> {
	if (source === 'avatar') {
		const avatarId = requiredId(ctx, 'avatarId', 'Avatar Look', itemIndex, {
			extractValue: true,
			description: 'Choose an avatar look from the list, or enter its ID.',
		});
		return { avatar_id: avatarId };
	}
	const imageSource = ctx.getNodeParameter('imageSource', itemIndex) as string;
	if (imageSource === 'assetId') {
		const assetId = requiredId(ctx, 'imageAssetId', 'Image Asset ID', itemIndex);
		return { image: { type: 'asset_id', asset_id: assetId } };
	}
	if (imageSource === 'url') {
		const raw = ctx.getNodeParameter('imageUrl', itemIndex, '');
		return {
			image: {
				type: 'url',
				url: await mediaUrl(ctx, itemIndex, raw, 'image', 'Image URL', checkUrls),
			},
		};
	}
	const field = ctx.getNodeParameter('imageBinaryPropertyName', itemIndex, 'data') as string;
	const asset = await uploadBinary(ctx, itemIndex, field, { kinds: ['image'] });
	return { image: { type: 'asset_id', asset_id: asset.asset_id } };
}

/** Exactly one of script (with its voice), audio_url or audio_asset_id. */
async function voicePart(
	ctx: IExecuteFunctions,
	at: At,
	source: string,
	checkUrls: boolean,
): Promise<IDataObject> {
	const { itemIndex } = at;
	const voiceSource = ctx.getNodeParameter('voiceSource', itemIndex) as string;
	if (voiceSource === 'script') {
		const script = textValue(
			ctx,
			ctx.getNodeParameter('script', itemIndex, ''),
			'Script',
			itemIndex,
		);
		const voice = ctx.getNodeParameter('voiceId', itemIndex, '', { extractValue: true });
		const voiceId = textValue(ctx, voice, 'Voice', itemIndex).trim();
		const settings = ctx.getNodeParameter('voiceSettings', itemIndex, {}) as IDataObject;
		return scriptPart(at, source, script, voiceId, settings);
	}
	if (voiceSource === 'audioUrl') {
		const raw = ctx.getNodeParameter('audioUrl', itemIndex, '');
		return { audio_url: await mediaUrl(ctx, itemIndex, raw, 'audio', 'Audio URL', checkUrls) };
	}
	const assetId = requiredId(ctx, 'audioAssetId', 'Audio Asset ID', itemIndex, {
		description: 'Upload the audio with HeyGen → Asset → Upload first and map its asset_id here.',
	});
	return { audio_asset_id: assetId };
}

/** The POST /v3/videos body of Video → Generate: only v3 fields, exactly one voice source. */
export async function buildVideoBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const at: At = { node: ctx.getNode(), itemIndex };
	const source = ctx.getNodeParameter('source', itemIndex) as string;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	const body: IDataObject = {
		type: source,
		...(await sourcePart(ctx, itemIndex, source, checkUrls)),
		...(await voicePart(ctx, at, source, checkUrls)),
		...renderPart(options),
	};
	const background = backgroundPart(at, options);
	if (background?.url) {
		const url = await mediaUrl(
			ctx,
			itemIndex,
			background.url,
			'image',
			'Background Image URL',
			checkUrls,
		);
		body.background = { ...background, url };
	} else if (background) body.background = background;
	const engine = enginePart(at, source, options);
	if (engine) body.engine = engine;
	return body;
}
