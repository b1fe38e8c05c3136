/**
 * GET /v3/users/me (contract UserMeGet): the account behind the key. The credential test calls it;
 * it needs the `user-read` scope, which some workspace keys lack ("missing user-read to execute
 * this operation", https://docs.heygen.com/discuss?page=10&perPage=10), so the node falls back to a listing.
 */
import type { HeyGenApi } from './api';

export function installUsers({ route }: HeyGenApi): void {
	route('GET', '/v3/users/me', { scope: 'user-read' }, () => ({
		body: {
			data: {
				username: 'sandbox',
				email: 'sandbox@example.com',
				first_name: 'Sandbox',
				last_name: 'User',
				billing_type: 'wallet',
				wallet: { remaining_balance: 120.5, currency: 'usd', auto_reload: { enabled: false } },
			},
		},
	}));
}
