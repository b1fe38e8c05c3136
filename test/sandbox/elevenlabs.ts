/**
 * ElevenLabs API sandbox (mounted under /elevenlabs). Contract: ../shared/contracts OpenAPI + SDK.
 * OWNER: ElevenLabs vertical. Minimal version: auth and key scopes/regions.
 */
import type { SandboxServer, SandboxRequest, SandboxReply } from './server';

export interface ElevenLabsKey {
	/** Permissions of a scoped key; undefined = unrestricted. */
	permissions?: string[];
	/** Residency region the key belongs to ('default', 'us', 'eu', 'in', 'sg'). */
	region?: string;
}

export class ElevenLabsState {
	keys = new Map<string, ElevenLabsKey>();
	/** The region this sandbox instance impersonates (a key of another region is rejected). */
	region = 'default';
}

export function elevenLabsError(status: number, code: string, message: string): SandboxReply {
	return { status, body: { detail: { status: code, message } } };
}

/** Returns an error reply when the request's key is missing, unknown, from another region, or lacks `permission`. */
export function checkAuth(state: ElevenLabsState, req: SandboxRequest, permission?: string): SandboxReply | undefined {
	const key = req.headers['xi-api-key'];
	if (!key || Array.isArray(key)) return elevenLabsError(401, 'needs_authorization', 'Neither authorization header nor xi-api-key received, please provide one.');
	const entry = state.keys.get(key);
	if (!entry || (entry.region ?? 'default') !== state.region) return elevenLabsError(401, 'invalid_api_key', 'Invalid API key');
	if (permission && entry.permissions && !entry.permissions.includes(permission)) {
		return elevenLabsError(401, 'missing_permissions', `The API key you used is missing the permission ${permission} to execute this operation.`);
	}
	return undefined;
}

export function installElevenLabs(server: SandboxServer): ElevenLabsState {
	const state = new ElevenLabsState();
	server.route('GET', 'elevenlabs', '/v1/user/subscription', (req) => {
		const denied = checkAuth(state, req, 'user_read');
		if (denied) return denied;
		return {
			body: {
				tier: 'creator',
				character_count: 1200,
				character_limit: 100000,
				can_extend_character_limit: true,
				allowed_to_extend_character_limit: true,
				next_character_count_reset_unix: 1767225600,
				voice_slots_used: 3,
				professional_voice_slots_used: 0,
				voice_limit: 30,
				voice_add_edit_counter: 0,
				professional_voice_limit: 1,
				can_extend_voice_limit: false,
				can_use_instant_voice_cloning: true,
				can_use_professional_voice_cloning: true,
				status: 'active',
				has_open_invoices: false,
			},
		};
	});
	return state;
}
