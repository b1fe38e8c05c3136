import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * v3 webhook event types (WebhookEndpointsCreate `events` enum,
 * https://developers.heygen.com/docs/webhook-events) with readable names. The names are what the
 * node shows; the values are HeyGen's codes, unchanged, so saved workflows keep working.
 */
const EVENT_NAMES: Record<string, string> = {
	'avatar_video.success': 'Avatar video completed',
	'avatar_video.fail': 'Avatar video failed',
	'ai_clipping.success': 'AI clipping completed',
	'ai_clipping.fail': 'AI clipping failed',
	'avatar_video_caption.success': 'Avatar video captions completed',
	'avatar_video_caption.fail': 'Avatar video captions failed',
	'avatar_video_gif.success': 'Avatar video GIF completed',
	'avatar_video_gif.fail': 'Avatar video GIF failed',
	'batch.finished': 'Batch finished',
	'hyperframes_video.success': 'HyperFrames video completed',
	'hyperframes_video.fail': 'HyperFrames video failed',
	'instant_avatar.success': 'Instant avatar completed',
	'instant_avatar.fail': 'Instant avatar failed',
	'live_avatar.success': 'Live avatar completed',
	'live_avatar.fail': 'Live avatar failed',
	personalized_video: 'Personalized video',
	'photo_avatar_add_motion.success': 'Photo avatar motion added',
	'photo_avatar_add_motion.fail': 'Photo avatar motion failed',
	'photo_avatar_generation.success': 'Photo avatar generated',
	'photo_avatar_generation.fail': 'Photo avatar generation failed',
	'photo_avatar_train.success': 'Photo avatar trained',
	'photo_avatar_train.fail': 'Photo avatar training failed',
	'proofread_creation.success': 'Proofread created',
	'proofread_creation.fail': 'Proofread creation failed',
	'video_agent.success': 'Video Agent video completed',
	'video_agent.fail': 'Video Agent video failed',
	'video_translate.success': 'Video translation completed',
	'video_translate.fail': 'Video translation failed',
	'video_translate.preflight.download_failed': 'Video translation preflight: download failed',
	'video_translate.preflight.validation_failed': 'Video translation preflight: validation failed',
};

export const HEYGEN_EVENTS = Object.keys(EVENT_NAMES);

/**
 * The events of what this package's nodes create first: avatar videos, then video translations
 * (their detail and video can be fetched too), then the rest A–Z by name.
 */
const FIRST = [
	'avatar_video.success',
	'avatar_video.fail',
	'video_translate.success',
	'video_translate.fail',
	'video_translate.preflight.download_failed',
	'video_translate.preflight.validation_failed',
];

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...FIRST,
	...HEYGEN_EVENTS.filter((code) => !FIRST.includes(code)).sort((a, b) =>
		EVENT_NAMES[a].localeCompare(EVENT_NAMES[b]),
	),
].map((value) => ({ name: EVENT_NAMES[value], value, description: `HeyGen event ${value}` }));
