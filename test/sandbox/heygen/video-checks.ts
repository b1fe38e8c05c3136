/**
 * The checks HeyGen applies to POST /v3/videos beyond its JSON schema (the contract's VideoCreate
 * request schema is checked first, in api.ts), from https://developers.heygen.com/reference/create-video
 * and the VideoCreate field descriptions: script, audio_url and audio_asset_id are mutually
 * exclusive and one is required; script ≤ 5,000 characters; avatar_id is a look id; voice_settings
 * ranges (speed 0.5–1.5, pitch −50..50, volume 0–1) and engine_settings matching the voice's
 * engine; the look's supported_api_engines; expressiveness and motion_prompt only where
 * supported; background is a hex colour or exactly one image source, never with webm output.
 *
 * URLs the renderer must fetch (audio_url, image.url, background.url) are fetched here, like
 * HeyGen's renderer does; an unreachable, non-public, HTML or wrong-type file is 400
 * `download_failed` naming the URL (https://developers.heygen.com/changelog, 2026-05-18;
 * https://developers.heygen.com/docs/usage-limits).
 */
import type { SandboxReply } from '../server';
import { heyGenError } from './api';
import { liveAsset, sniffSandbox } from './assets';
import type { LookRecord, VoiceRecord } from './catalog';
import type { HeyGenState } from './state';

type Body = Record<string, unknown>;

/** A field that is set (neither absent nor null). */
const present = (body: Body, k: string) => body[k] !== undefined && body[k] !== null;

/** The checks HeyGen applies to POST /v3/videos beyond the JSON schema, in this order. */
export async function checkVideoSemantics(
	state: HeyGenState,
	body: Body,
): Promise<SandboxReply | undefined> {
	const type = body.type as string;
	if (type !== 'avatar' && type !== 'image') {
		return heyGenError(
			400,
			'invalid_parameter',
			`type '${type}' is not supported by the sandbox.`,
			'type',
		);
	}
	const source = checkSpeechSource(body);
	if (source) return source;
	const found = findLookAndVoice(state, body, type);
	if ('reply' in found) return found.reply;
	const { look, voice } = found;
	return (
		checkVoiceSettings(state, body, look, voice) ??
		checkAudioAsset(state, body) ??
		(type === 'image' ? await checkImage(state, body) : undefined) ??
		checkEngine(body, type, look) ??
		(await checkBackground(state, body)) ??
		(present(body, 'callback_url') && !/^https?:\/\//.test(String(body.callback_url))
			? heyGenError(
					400,
					'invalid_parameter',
					'callback_url must be an http(s) URL.',
					'callback_url',
				)
			: undefined) ??
		(present(body, 'audio_url')
			? await checkDownload(body.audio_url, 'audio', 'audio_url')
			: undefined)
	);
}

/** Exactly one of script, audio_url and audio_asset_id; a script is non-empty and ≤ 5,000 characters. */
function checkSpeechSource(body: Body): SandboxReply | undefined {
	const sources = ['script', 'audio_url', 'audio_asset_id'].filter((k) => present(body, k));
	if (sources.length > 1) {
		return heyGenError(
			400,
			'invalid_parameter',
			'script, audio_url and audio_asset_id are mutually exclusive.',
			sources[1],
		);
	}
	if (sources.length === 0)
		return heyGenError(
			400,
			'invalid_parameter',
			'Provide one of script, audio_url or audio_asset_id.',
			'script',
		);
	if (present(body, 'script') && String(body.script).trim() === '')
		return heyGenError(400, 'invalid_parameter', 'script is empty.', 'script');
	if (present(body, 'script') && String(body.script).length > 5000) {
		return heyGenError(400, 'invalid_parameter', 'script exceeds 5000 characters.', 'script');
	}
	return undefined;
}

/** avatar_id is a known look (avatar videos); voice_id, when given, a known voice (required with a script on image videos). */
function findLookAndVoice(
	state: HeyGenState,
	body: Body,
	type: 'avatar' | 'image',
): { reply: SandboxReply } | { look?: LookRecord; voice?: VoiceRecord } {
	let look: LookRecord | undefined;
	if (type === 'avatar') {
		look = state.looks.find((l) => l.id === body.avatar_id);
		if (!look)
			return {
				reply: heyGenError(
					404,
					'avatar_not_found',
					`Avatar look '${String(body.avatar_id)}' not found.`,
					'avatar_id',
				),
			};
	}
	if (present(body, 'script') && type === 'image' && !present(body, 'voice_id')) {
		return {
			reply: heyGenError(
				400,
				'invalid_parameter',
				'voice_id is required with script for image videos.',
				'voice_id',
			),
		};
	}
	let voice: VoiceRecord | undefined;
	if (present(body, 'voice_id')) {
		voice = state.voices.find((v) => v.voice_id === body.voice_id);
		if (!voice)
			return {
				reply: heyGenError(
					404,
					'voice_not_found',
					`Voice '${String(body.voice_id)}' not found.`,
					'voice_id',
				),
			};
	}
	return { look, voice };
}

/** voice_settings ranges; engine_settings only with a script, matching the (look's default) voice's engine. */
function checkVoiceSettings(
	state: HeyGenState,
	body: Body,
	look: LookRecord | undefined,
	voice: VoiceRecord | undefined,
): SandboxReply | undefined {
	const settings = body.voice_settings as Record<string, unknown> | null | undefined;
	if (!settings) return undefined;
	const range = (k: string, lo: number, hi: number) =>
		settings[k] !== undefined && ((settings[k] as number) < lo || (settings[k] as number) > hi)
			? heyGenError(
					400,
					'invalid_parameter',
					`voice_settings.${k} must be between ${lo} and ${hi}.`,
					`voice_settings.${k}`,
				)
			: undefined;
	const bad = range('speed', 0.5, 1.5) ?? range('pitch', -50, 50) ?? range('volume', 0, 1);
	if (bad) return bad;
	const engine = settings.engine_settings as { engine_type?: string } | null | undefined;
	if (engine && !present(body, 'script')) {
		return heyGenError(
			400,
			'invalid_parameter',
			'voice_settings apply to script videos only.',
			'voice_settings',
		);
	}
	const effectiveVoice = voice ?? state.voices.find((v) => v.voice_id === look?.default_voice_id);
	if (engine && effectiveVoice && engine.engine_type !== effectiveVoice.engine) {
		return heyGenError(
			400,
			'invalid_parameter',
			`The voice is not compatible with engine_type '${engine.engine_type}'.`,
			'voice_settings.engine_settings.engine_type',
		);
	}
	return undefined;
}

/** audio_asset_id names an uploaded audio asset. */
function checkAudioAsset(state: HeyGenState, body: Body): SandboxReply | undefined {
	if (!present(body, 'audio_asset_id')) return undefined;
	const a = liveAsset(state, body.audio_asset_id as string);
	if (!a) return heyGenError(404, 'resource_not_found', 'Audio asset not found.', 'audio_asset_id');
	if (a.kind !== 'audio')
		return heyGenError(
			400,
			'invalid_parameter',
			`Asset is ${a.mimeType}, not audio.`,
			'audio_asset_id',
		);
	return undefined;
}

/** The photo of an image video: an uploaded image asset, a downloadable image URL, or base64 PNG/JPEG. */
async function checkImage(state: HeyGenState, body: Body): Promise<SandboxReply | undefined> {
	const image = body.image as {
		type: string;
		asset_id?: string;
		url?: string;
		media_type?: string;
	};
	if (image.type === 'asset_id') {
		const a = liveAsset(state, image.asset_id!);
		if (!a)
			return heyGenError(404, 'resource_not_found', 'Image asset not found.', 'image.asset_id');
		if (a.kind !== 'image')
			return heyGenError(
				400,
				'invalid_parameter',
				`Asset is ${a.mimeType}, not an image.`,
				'image.asset_id',
			);
	} else if (image.type === 'url') {
		return await checkDownload(image.url, 'image', 'image.url');
	} else if (image.type === 'base64' && !/^image\/(png|jpeg)$/.test(image.media_type ?? '')) {
		return heyGenError(
			400,
			'invalid_parameter',
			'image.media_type must be image/png or image/jpeg.',
			'image.media_type',
		);
	}
	return undefined;
}

/** engine is one of the look's supported_api_engines; expressiveness and motion_prompt only where supported. */
function checkEngine(
	body: Body,
	type: 'avatar' | 'image',
	look: LookRecord | undefined,
): SandboxReply | undefined {
	const engine = body.engine as { type: string } | null | undefined;
	if (engine && look && !look.supported_api_engines.includes(engine.type)) {
		return heyGenError(
			400,
			'invalid_parameter',
			`Avatar look does not support engine '${engine.type}' (supported: ${look.supported_api_engines.join(', ')}).`,
			'engine.type',
		);
	}
	const isPhoto = type === 'image' || look?.avatar_type === 'photo_avatar';
	if (
		present(body, 'expressiveness') &&
		(!isPhoto || engine?.type === 'avatar_v' || engine?.type === 'avatar_iii')
	) {
		return heyGenError(
			400,
			'invalid_parameter',
			'expressiveness is supported for photo avatars on Avatar IV only.',
			'expressiveness',
		);
	}
	if (
		present(body, 'motion_prompt') &&
		(engine?.type === 'avatar_iii' || (!isPhoto && engine?.type !== 'avatar_v'))
	) {
		return heyGenError(
			400,
			'invalid_parameter',
			'motion_prompt is supported for photo avatars, and for video avatars on Avatar V.',
			'motion_prompt',
		);
	}
	return undefined;
}

/** background: not with webm output; a hex colour, or exactly one of an image asset and a downloadable URL. */
async function checkBackground(state: HeyGenState, body: Body): Promise<SandboxReply | undefined> {
	const background = body.background as
		| { type: string; value?: string | null; url?: string | null; asset_id?: string | null }
		| null
		| undefined;
	if (!background) return undefined;
	if (body.output_format === 'webm') {
		return heyGenError(
			400,
			'invalid_parameter',
			'background cannot be combined with output_format webm.',
			'background',
		);
	}
	if (background.type === 'color' && !hexColor(background.value)) {
		return heyGenError(
			400,
			'invalid_parameter',
			'background.value must be a hex color like #ff0000.',
			'background.value',
		);
	}
	if (background.type !== 'image') return undefined;
	if (!!background.url === !!background.asset_id) {
		return heyGenError(
			400,
			'invalid_parameter',
			'Provide exactly one of background.url or background.asset_id.',
			'background',
		);
	}
	if (background.asset_id) {
		const a = liveAsset(state, background.asset_id);
		if (!a || a.kind !== 'image')
			return heyGenError(
				404,
				'resource_not_found',
				'Background image asset not found.',
				'background.asset_id',
			);
		return undefined;
	}
	return await checkDownload(background.url, 'image', 'background.url');
}

function hexColor(value: unknown): boolean {
	return typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value);
}

/** Fetches a URL the way HeyGen's renderer does; undefined when it is a downloadable file of that kind. */
async function checkDownload(
	url: unknown,
	kind: 'audio' | 'image',
	field: string,
): Promise<SandboxReply | undefined> {
	const fail = (why: string) =>
		heyGenError(
			400,
			'download_failed',
			`Failed to download ${kind} from ${String(url)}: ${why}. Make sure the URL is public and points directly at the file.`,
			field,
		);
	if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return fail('not an http(s) URL');
	try {
		const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(5000) });
		const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		const bytes = Buffer.from(await res.arrayBuffer());
		if (!res.ok) return fail(`HTTP ${res.status}`);
		if (!type.startsWith(`${kind}/`)) return fail(`content-type ${type || 'missing'}`);
		const sniffed = sniffSandbox(bytes);
		if (!sniffed || sniffed.kind !== kind)
			return fail('the file content is not a supported format');
		return undefined;
	} catch (error) {
		return fail((error as Error).message);
	}
}
