/**
 * The account content the sandbox serves: the default (premade) voices every account sees plus
 * 260 generated personal voices with deterministic ids, and the text-to-speech models with their
 * per-request character limits and cost multipliers. Record fields follow the OpenAPI's
 * VoiceResponseModel and ModelResponseModel (test/fixtures/contracts/elevenlabs-openapi-2025-08.json).
 */
export interface SandboxVoice {
	voice_id: string;
	name: string;
	category: 'generated' | 'cloned' | 'premade' | 'professional';
	labels: Record<string, string>;
	description: string | null;
	preview_url: string | null;
	available_for_tiers: string[];
	settings: {
		stability: number;
		similarity_boost: number;
		style: number;
		use_speaker_boost: boolean;
		speed: number;
	} | null;
	high_quality_base_model_ids: string[];
	is_owner: boolean;
	is_legacy: boolean;
	is_mixed: boolean;
	created_at_unix: number | null;
	samples: null;
	fine_tuning: null;
	sharing: null;
	verified_languages: null;
	safety_control: null;
	voice_verification: null;
	permission_on_resource: string | null;
}

export interface SandboxModel {
	model_id: string;
	name: string;
	can_be_finetuned: boolean;
	can_do_text_to_speech: boolean;
	can_do_voice_conversion: boolean;
	can_use_style: boolean;
	can_use_speaker_boost: boolean;
	serves_pro_voices: boolean;
	token_cost_factor: number;
	description: string;
	requires_alpha_access: boolean;
	max_characters_request_free_user: number;
	max_characters_request_subscribed_user: number;
	maximum_text_length_per_request: number;
	languages: Array<{ language_id: string; name: string }>;
	model_rates: { character_cost_multiplier: number };
	concurrency_group: 'standard' | 'turbo';
}

/** The default (premade) voices every account sees. */
export const DEFAULT_VOICES: Array<[string, string, string]> = [
	['21m00Tcm4TlvDq8ikWAM', 'Rachel', 'female'],
	['29vD33N1CtxCmqQRPOHJ', 'Drew', 'male'],
	['2EiwWnXFnvU5JabPnv8n', 'Clyde', 'male'],
	['AZnzlk1XvdvUeBnXmlld', 'Domi', 'female'],
	['EXAVITQu4vr4xnSDxMaL', 'Sarah', 'female'],
	['ErXwobaYiN019PkySvjV', 'Antoni', 'male'],
	['JBFqnCBsd6RMkjVDRZzb', 'George', 'male'],
	['pNInz6obpgDQGcFmaJgB', 'Adam', 'male'],
];

const LANGS = [
	{ language_id: 'en', name: 'English' },
	{ language_id: 'de', name: 'German' },
	{ language_id: 'fr', name: 'French' },
	{ language_id: 'es', name: 'Spanish' },
];

function model(
	model_id: string,
	name: string,
	limit: number,
	opts: Partial<SandboxModel> = {},
): SandboxModel {
	return {
		model_id,
		name,
		can_be_finetuned: true,
		can_do_text_to_speech: true,
		can_do_voice_conversion: false,
		can_use_style: true,
		can_use_speaker_boost: true,
		serves_pro_voices: false,
		token_cost_factor: 1,
		description: `${name} (sandbox)`,
		requires_alpha_access: false,
		max_characters_request_free_user: 2500,
		max_characters_request_subscribed_user: 5000,
		maximum_text_length_per_request: limit,
		languages: LANGS,
		model_rates: { character_cost_multiplier: 1 },
		concurrency_group: 'standard',
		...opts,
	};
}

export function defaultModels(): SandboxModel[] {
	const half = {
		model_rates: { character_cost_multiplier: 0.5 },
		concurrency_group: 'turbo' as const,
	};
	return [
		model('eleven_multilingual_v2', 'Eleven Multilingual v2', 10_000),
		model('eleven_flash_v2_5', 'Eleven Flash v2.5', 40_000, half),
		model('eleven_turbo_v2_5', 'Eleven Turbo v2.5', 40_000, half),
		model('eleven_flash_v2', 'Eleven Flash v2', 30_000, half),
		model('eleven_turbo_v2', 'Eleven Turbo v2', 30_000, half),
		model('eleven_v3', 'Eleven v3 (alpha)', 3_000),
		model('eleven_monolingual_v1', 'Eleven English v1', 10_000),
		model('eleven_multilingual_sts_v2', 'Eleven Multilingual v2 (speech to speech)', 10_000, {
			can_do_text_to_speech: false,
			can_do_voice_conversion: true,
		}),
	];
}

/** Deterministic 20-character voice ids for the generated personal voices. */
function voiceIdFor(n: number): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let x = (n + 1) * 2654435761;
	let id = 'sbx';
	for (let k = 0; k < 17; k++) {
		id += alphabet[x % alphabet.length];
		x = Math.floor(x / alphabet.length) + (n + 7) * (k + 3) * 7919;
	}
	return id;
}

export function voice(
	voice_id: string,
	name: string,
	category: SandboxVoice['category'],
	labels: Record<string, string>,
	created: number,
): SandboxVoice {
	return {
		voice_id,
		name,
		category,
		labels,
		description: `${name}, a ${labels.accent ?? 'neutral'} ${labels.gender ?? ''} voice`.replace(
			/\s+/g,
			' ',
		),
		preview_url: `https://storage.example.invalid/voices/${voice_id}/preview.mp3`,
		available_for_tiers: [],
		settings: {
			stability: 0.5,
			similarity_boost: 0.75,
			style: 0,
			use_speaker_boost: true,
			speed: 1,
		},
		high_quality_base_model_ids: ['eleven_multilingual_v2', 'eleven_flash_v2_5'],
		is_owner: category !== 'premade',
		is_legacy: false,
		is_mixed: false,
		created_at_unix: created,
		samples: null,
		fine_tuning: null,
		sharing: null,
		verified_languages: null,
		safety_control: null,
		voice_verification: null,
		permission_on_resource: category === 'premade' ? null : 'admin',
	};
}

export function defaultVoices(personalCount = 260): SandboxVoice[] {
	const premade = DEFAULT_VOICES.map(([id, name, gender], k) =>
		voice(
			id,
			name,
			'premade',
			{ gender, accent: 'american', age: 'young', use_case: 'narration' },
			1_600_000_000 + k,
		),
	);
	const categories: SandboxVoice['category'][] = ['cloned', 'generated', 'professional'];
	const accents = ['british', 'american', 'australian', 'german'];
	const personal = Array.from({ length: personalCount }, (_, n) =>
		voice(
			voiceIdFor(n),
			`Narrator ${String(n + 1).padStart(3, '0')}`,
			categories[n % categories.length],
			{
				gender: n % 2 ? 'male' : 'female',
				accent: accents[n % accents.length],
				age: 'middle_aged',
				use_case: 'audiobook',
			},
			1_700_000_000 + n,
		),
	);
	return [...premade, ...personal];
}
