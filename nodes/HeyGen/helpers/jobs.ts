import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getRetryOptions } from '../../shared/transport';
import { checkUrlsOption } from '../descriptions';
import { heyGenData } from '../transport';
import { uploadBinary } from './assets';
import { compact, httpUrl, idempotencyKeyFor, requiredId } from './common';
import { callbackUrl } from './create';
import type { JobResource } from './jobKinds';
import type { MediaKind } from './media';
import { assertPublicMedia } from './preflight';

/** A media input of a job: `{type: 'url', url}` or `{type: 'asset_id', asset_id}`. */
export interface MediaSpec {
	/** Parameter name prefix: `video` → videoSource, videoUrl, videoAssetId, videoBinaryPropertyName. */
	name: string;
	/** "Video", "Audio", "Image", "Subtitles": for display names and messages. */
	label: string;
	kind: MediaKind;
	defaultSource: 'url' | 'assetId' | 'binary' | 'none';
	/** Adds a "None" source (an optional input). */
	optional?: boolean;
	urlPlaceholder: string;
}

/** The source selector of a media input and its three fields. */
export function mediaProperties(spec: MediaSpec): INodeProperties[] {
	const { name, label } = spec;
	const file = label.toLowerCase();
	const show = (source: string) => ({ show: { [`${name}Source`]: [source] } });
	const selector: INodeProperties = {
		displayName: `${label} Source`,
		name: `${name}Source`,
		type: 'options',
		options: [
			{
				name: 'Asset ID',
				value: 'assetId',
				description: `A ${file} file uploaded with Asset → Upload`,
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: `A ${file} file from a previous node; it is uploaded first`,
			},
			...(spec.optional ? [{ name: 'None', value: 'none' }] : []),
			{ name: 'URL', value: 'url', description: `A public URL of the ${file} file` },
		],
		default: 'url',
	};
	return [
		{ ...selector, default: spec.defaultSource },
		{
			displayName: `${label} Asset ID`,
			name: `${name}AssetId`,
			type: 'string',
			displayOptions: show('assetId'),
			default: '',
			required: true,
		},
		{
			displayName: `${label} Input Binary Field`,
			name: `${name}BinaryPropertyName`,
			type: 'string',
			displayOptions: show('binary'),
			default: 'data',
			required: true,
			hint: `The name of the input binary field containing the ${file} file`,
		},
		{
			displayName: `${label} URL`,
			name: `${name}Url`,
			type: 'string',
			displayOptions: show('url'),
			default: '',
			required: true,
			placeholder: spec.urlPlaceholder,
			description: `Must be a direct, public link to the ${file} file; HeyGen downloads it`,
		},
	];
}

/**
 * Reads a media input for a job body: an asset ID as is, a URL checked to be public media of the
 * right kind (subtitles only for their form), a binary uploaded first (Asset → Upload's helper).
 */
export async function readMedia(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: MediaSpec,
	checkUrls: boolean,
): Promise<IDataObject | undefined> {
	const source = ctx.getNodeParameter(`${spec.name}Source`, itemIndex, spec.defaultSource);
	if (source === 'none') return undefined;
	if (source === 'assetId') {
		const assetId = requiredId(ctx, `${spec.name}AssetId`, `${spec.label} Asset ID`, itemIndex);
		return { type: 'asset_id', asset_id: assetId };
	}
	if (source === 'url') {
		const raw = ctx.getNodeParameter(`${spec.name}Url`, itemIndex, '');
		const field = `${spec.label} URL`;
		const url =
			checkUrls && spec.kind !== 'subtitle' && spec.kind !== 'document'
				? await assertPublicMedia(ctx, itemIndex, raw, spec.kind, field)
				: httpUrl(ctx, raw, field, itemIndex);
		return { type: 'url', url };
	}
	const field = ctx.getNodeParameter(`${spec.name}BinaryPropertyName`, itemIndex, 'data');
	const asset = await uploadBinary(ctx, itemIndex, field, { kinds: [spec.kind] });
	return { type: 'asset_id', asset_id: asset.asset_id };
}

/** Mode of a job create: the contract's `speed` (default) or `precision`. */
export function modeProperty(description: string): INodeProperties {
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Precision',
				value: 'precision',
				description: 'Higher lip-sync quality (avatar inference), slower and more credits',
			},
			{ name: 'Speed', value: 'speed', description: 'Faster turnaround' },
		],
		default: 'speed',
		description,
	};
}

const flagOption = (displayName: string, name: string, description: string, dflt = false) => ({
	displayName,
	name,
	type: 'boolean' as const,
	default: dflt,
	description,
});

/** The "Options" entries every job create has (read with `sharedJobOptions`). */
export const jobCreateOptions: INodeProperties[] = [
	{
		displayName: 'Callback ID',
		name: 'callbackId',
		type: 'string',
		default: '',
		description: 'Your own ID, sent back in the callback',
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		description:
			'URL HeyGen POSTs the result to when the job has finished or failed. Not with Wait for Completion → Send Resume URL, which uses it.',
	},
	{
		...checkUrlsOption,
		description:
			'Whether to check that media URLs are publicly downloadable files of the right type before the job is created (HeyGen fails with download_failed otherwise)',
	},
	flagOption(
		'Dynamic Duration',
		'enableDynamicDuration',
		'Whether the output may be longer or shorter than the source to fit natural speech',
		true,
	),
	flagOption(
		'Enable Captions',
		'enableCaption',
		'Whether to generate caption files (SRT and VTT) for the output',
	),
	{
		displayName: 'End Time (Seconds)',
		name: 'endTime',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Only process the video up to this point (0 = to the end)',
	},
	flagOption('Enhance Speech', 'enableSpeechEnhancement', 'Whether to enhance the speech quality'),
	{ displayName: 'Folder ID', name: 'folderId', type: 'string', default: '' },
	flagOption(
		'Keep Same Format',
		'keepTheSameFormat',
		"Whether to keep the source video's resolution and bitrate",
	),
	flagOption(
		'Remove Background Music',
		'disableMusicTrack',
		'Whether to remove the background music',
	),
	{
		displayName: 'Start Time (Seconds)',
		name: 'startTime',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: 'Only process the video from this point',
	},
	{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	flagOption('Watermark', 'enableWatermark', 'Whether to add a watermark to the output'),
];

/** The options every job create shares (in the operation's "Options"), as request fields. */
export function sharedJobOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): IDataObject {
	const seconds = (key: string, label: string) => {
		const v = options[key];
		if (v === undefined || v === null || v === '') return undefined;
		if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
			throw new NodeOperationError(ctx.getNode(), `${label} must be a number of seconds ≥ 0`, {
				itemIndex,
			});
		return v;
	};
	const start = seconds('startTime', 'Start Time');
	// End Time 0 (its default) means "to the end"
	const end = seconds('endTime', 'End Time') || undefined;
	if (start !== undefined && end !== undefined && end <= start)
		throw new NodeOperationError(ctx.getNode(), 'End Time must be after Start Time', {
			itemIndex,
		});
	const flag = (key: string) => (typeof options[key] === 'boolean' ? options[key] : undefined);
	const text = (key: string) =>
		typeof options[key] === 'string' && options[key] ? String(options[key]).trim() : undefined;
	return compact({
		title: text('title'),
		folder_id: text('folderId'),
		callback_id: text('callbackId'),
		// this execution's resume URL when the node sends it for a callback-mode wait
		callback_url: callbackUrl(ctx, itemIndex),
		enable_caption: flag('enableCaption'),
		enable_dynamic_duration: flag('enableDynamicDuration'),
		enable_speech_enhancement: flag('enableSpeechEnhancement'),
		disable_music_track: flag('disableMusicTrack'),
		keep_the_same_format: flag('keepTheSameFormat'),
		enable_watermark: flag('enableWatermark'),
		start_time: start,
		end_time: end,
	} as IDataObject);
}

/** A job's create: POSTs `body` with an Idempotency-Key stable across retries of this item. */
export async function createJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: JobResource,
	body: IDataObject,
): Promise<{ data: IDataObject; idempotencyKey: string }> {
	const idempotencyKey = idempotencyKeyFor(ctx, itemIndex, kind.purpose, {
		path: kind.path,
		body,
	});
	const data = await heyGenData.call(ctx, {
		method: 'POST',
		path: kind.path,
		body,
		idempotencyKey,
		timeoutMs: 120_000,
		itemIndex,
		retry: getRetryOptions(ctx, itemIndex),
	});
	return { data, idempotencyKey };
}
