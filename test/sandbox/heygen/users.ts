/**
 * GET /v3/users/me (contract UserMeGet): the account behind the key. The credential test calls it;
 * it needs the `user-read` scope, which some workspace keys lack ("missing user-read to execute
 * this operation", https://docs.heygen.com/discuss?page=10&perPage=10), so the node falls back to a listing.
 * The billing part is HeyGenState.billing: `billing_type` wallet | subscription | usage_based, and
 * exactly that one of `wallet` / `subscription` / `usage_based` (the contract's UserMeGet). An API
 * key's usage is paid from the API wallet ("Usage is deducted from your API dashboard balance,
 * which is separate from any web plan credits", https://docs.heygen.com/docs/authentication-methods).
 */
import type { HeyGenApi } from './api';

export function installUsers({ route, state }: HeyGenApi): void {
	route('GET', '/v3/users/me', { scope: 'user-read' }, () => ({
		body: {
			data: {
				username: 'sandbox',
				email: 'sandbox@example.com',
				first_name: 'Sandbox',
				last_name: 'User',
				...state.billing,
			},
		},
	}));
}
