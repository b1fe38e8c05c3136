/**
 * The account content the listing routes serve: 250 voices, 130 avatar looks and 25 templates,
 * generated deterministically (ids are MD5 hashes of their index) so tests can page through
 * realistic catalogues. Record fields follow the contract's VoiceList, AvatarLooksList and
 * TemplateGet responses (test/fixtures/contracts/heygen-v3-endpoints.json); fields the listing
 * does not return (`engine`, `ownership`) drive the documented filters.
 */
import { createHash } from 'node:crypto';

export interface VoiceRecord {
	voice_id: string;
	name: string;
	language: string;
	gender: string;
	preview_audio_url: string | null;
	support_pause: boolean;
	support_locale: boolean;
	type: 'public' | 'private';
	/** Not in the listing; used for the `engine` filter and engine_settings compatibility. */
	engine: 'starfish' | 'elevenlabs' | 'fish';
}

export interface LookRecord {
	id: string;
	name: string;
	avatar_type: 'studio_avatar' | 'digital_twin' | 'photo_avatar';
	group_id: string;
	default_voice_id: string;
	gender: string;
	preview_image_url: string;
	preview_video_url: string | null;
	image_width: number;
	image_height: number;
	preferred_orientation: 'portrait' | 'landscape' | 'square';
	supported_api_engines: string[];
	tags: string[];
	/** Not in the listing: public/private for the `ownership` filter. */
	ownership: 'public' | 'private';
	/** Training status of a private look (default completed; photo-avatars.ts sets it). */
	status?: 'processing' | 'completed' | 'failed';
}

export interface TemplateRecord {
	id: string;
	name: string;
	aspect_ratio: string;
	created_at: number;
	updated_at: number;
	variables: Record<string, { name: string; type: string; properties: Record<string, unknown> }>;
	scenes: Array<{
		scene_id: string;
		script: string;
		variables: Array<{ name: string; variable_type: string }>;
	}>;
}

const LANGUAGES = ['English', 'Spanish', 'German', 'French', 'Japanese', 'Portuguese'];
const FIRST_NAMES = [
	'Abigail',
	'Brandon',
	'Chloe',
	'Daniel',
	'Elena',
	'Felix',
	'Grace',
	'Hugo',
	'Iris',
	'Jonas',
	'Kira',
	'Leo',
	'Maya',
];
const SETTINGS = ['Office', 'Studio', 'Outdoor', 'Lounge', 'Casual'];

export function buildVoices(): VoiceRecord[] {
	const engines: VoiceRecord['engine'][] = ['starfish', 'elevenlabs', 'fish'];
	return Array.from({ length: 250 }, (_, i) => {
		const language = LANGUAGES[i % LANGUAGES.length];
		const gender = i % 2 === 0 ? 'female' : 'male';
		const name =
			i === 217
				? 'Zephyr Narrator'
				: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${String(i + 1).padStart(3, '0')}`;
		return {
			voice_id: createHash('md5').update(`voice-${i}`).digest('hex'),
			name,
			language,
			gender,
			preview_audio_url: `https://static.heygen.example/voices/${i}.mp3`,
			support_pause: i % 3 !== 0,
			support_locale: i % 4 === 0,
			type: i < 5 ? 'private' : 'public',
			engine: engines[i % engines.length],
		};
	});
}

export function buildLooks(voices: VoiceRecord[]): LookRecord[] {
	const types: LookRecord['avatar_type'][] = ['studio_avatar', 'digital_twin', 'photo_avatar'];
	const engines: Record<LookRecord['avatar_type'], string[]> = {
		studio_avatar: ['avatar_iv', 'avatar_iii'],
		digital_twin: ['avatar_v', 'avatar_iv', 'avatar_iii'],
		photo_avatar: ['avatar_iv', 'avatar_iii'],
	};
	const orientations: LookRecord['preferred_orientation'][] = ['landscape', 'portrait', 'square'];
	return Array.from({ length: 130 }, (_, i) => {
		const avatarType = types[i % types.length];
		const name =
			i === 111
				? 'Zara Rooftop'
				: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${SETTINGS[i % SETTINGS.length]} ${i + 1}`;
		return {
			id: createHash('md5').update(`look-${i}`).digest('hex'),
			name,
			avatar_type: avatarType,
			group_id: createHash('md5')
				.update(`group-${Math.floor(i / 3)}`)
				.digest('hex'),
			default_voice_id: voices[i % voices.length].voice_id,
			gender: i % 2 === 0 ? 'female' : 'male',
			preview_image_url: `https://static.heygen.example/looks/${i}.png`,
			preview_video_url:
				avatarType === 'photo_avatar' ? null : `https://static.heygen.example/looks/${i}.mp4`,
			image_width: avatarType === 'photo_avatar' ? 1024 : 1920,
			image_height: avatarType === 'photo_avatar' ? 1024 : 1080,
			preferred_orientation: orientations[i % orientations.length],
			supported_api_engines: engines[avatarType],
			tags: [
				avatarType === 'photo_avatar' ? 'photo' : 'video',
				SETTINGS[i % SETTINGS.length].toLowerCase(),
			],
			ownership: i < 10 ? 'private' : 'public',
		};
	});
}

export function buildTemplates(voices: VoiceRecord[]): TemplateRecord[] {
	return Array.from({ length: 25 }, (_, i) => ({
		id: createHash('md5').update(`template-${i}`).digest('hex'),
		name: i === 0 ? 'Product Announcement' : `Template ${i + 1}`,
		aspect_ratio: i % 2 === 0 ? '16:9' : '9:16',
		created_at: 1_760_000_000 + i * 3600,
		updated_at: 1_760_000_000 + i * 7200,
		variables: {
			headline: { name: 'headline', type: 'text', properties: { content: 'Welcome' } },
			presenter_voice: {
				name: 'presenter_voice',
				type: 'voice',
				properties: { voice_id: voices[0].voice_id },
			},
			logo: {
				name: 'logo',
				type: 'image',
				properties: { url: 'https://static.heygen.example/logo.png', asset_id: null },
			},
		},
		scenes: [
			{
				scene_id: `scene_${i}_1`,
				script: 'Hello! {{headline}}',
				variables: [
					{ name: 'headline', variable_type: 'text' },
					{ name: 'presenter_voice', variable_type: 'voice' },
				],
			},
			{
				scene_id: `scene_${i}_2`,
				script: 'Thanks for watching.',
				variables: [{ name: 'logo', variable_type: 'image' }],
			},
		],
	}));
}
