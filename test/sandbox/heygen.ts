/**
 * HeyGen v3 API sandbox (mounted under /heygen). Contract: ../shared/contracts/heygen-v3-endpoints.json.
 * OWNER: HeyGen vertical. Minimal version: auth and the user endpoint.
 */
import type { SandboxServer, SandboxRequest, SandboxReply } from './server';

export interface HeyGenKey {
	/** Scopes of the key; undefined = unrestricted. */
	scopes?: string[];
}

export class HeyGenState {
	keys = new Map<string, HeyGenKey>();
}

export function heyGenError(status: number, code: string, message: string, param?: string): SandboxReply {
	return { status, body: { error: { code, message, ...(param ? { param } : {}), doc_url: 'https://developers.heygen.com/docs/error-codes' } } };
}

export function checkAuth(state: HeyGenState, req: SandboxRequest, scope?: string): SandboxReply | undefined {
	const key = req.headers['x-api-key'];
	if (!key || Array.isArray(key) || !state.keys.has(key)) return heyGenError(401, 'unauthorized', 'Invalid or missing API key.');
	const entry = state.keys.get(key)!;
	if (scope && entry.scopes && !entry.scopes.includes(scope)) {
		return heyGenError(403, 'forbidden', `missing ${scope} to execute this operation`);
	}
	return undefined;
}

export function installHeyGen(server: SandboxServer): HeyGenState {
	const state = new HeyGenState();
	server.route('GET', 'heygen', '/v3/users/me', (req) => {
		const denied = checkAuth(state, req, 'user-read');
		if (denied) return denied;
		return {
			body: {
				data: {
					username: 'sandbox',
					email: 'sandbox@example.com',
					first_name: 'Sandbox',
					last_name: 'User',
					billing_type: 'wallet',
					wallet: { remaining_balance: 120.5, currency: 'USD', auto_reload: { enabled: false } },
				},
			},
		};
	});
	return state;
}
