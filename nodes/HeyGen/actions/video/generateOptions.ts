import type { INodeProperties } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { callbackUrlOption, checkUrlsOption, idempotencyKeyOption } from '../../descriptions';

/** Voice Settings of Video → Generate with a script and a HeyGen voice. */
export const voiceSettings: INodeProperties = {
	displayName: 'Voice Settings',
	name: 'voiceSettings',
	type: 'collection',
	placeholder: 'Add setting',
	displayOptions: { show: { voiceSource: ['script'] } },
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
};

/** The Options collection of Video → Generate. */
export const videoOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
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
		callbackUrlOption,
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
			description: 'Optional instant-avatar look of the same group used as the animation reference',
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
};
