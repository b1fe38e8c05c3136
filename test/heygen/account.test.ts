/**
 * User → Get: the account from GET /v3/users/me with its billing summarised for the node's user
 * (#16.4): `remaining_balance`, `currency` and a `balance_note` saying that API usage is paid from
 * the API wallet (https://docs.heygen.com/docs/authentication-methods), for each billing type of
 * the contract's UserMeGet. The credential test's message is in test/foundation/credentials.test.ts.
 */
import { expectNoKey, expectValid, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

async function userGet(billing: Record<string, unknown>) {
	const state = box.get().heygen;
	const saved = state.billing;
	state.billing = billing;
	try {
		const run = await runHeyGen(box.get(), { resource: 'user', operation: 'get' });
		expectNoKey(run);
		return out(run)[0].json;
	} finally {
		state.billing = saved;
	}
}

describe('User → Get', () => {
	it('outputs the API wallet balance and says that API usage is paid from it', async () => {
		const json = await userGet({
			billing_type: 'wallet',
			wallet: { remaining_balance: 120.5, currency: 'usd', auto_reload: { enabled: false } },
		});
		expect(json).toMatchObject({
			username: 'sandbox',
			billing_type: 'wallet',
			wallet: { remaining_balance: 120.5, currency: 'usd' },
			remaining_balance: 120.5,
			currency: 'usd',
			balance_note:
				'HeyGen API usage (videos generated with this API key) is paid from the API wallet: 120.50 USD left. It is separate from the credits of a HeyGen web-app plan.',
		});
		// the account as HeyGen sent it, beside the added fields
		const raw = Object.fromEntries(
			Object.entries(json).filter(
				([k]) => !['remaining_balance', 'currency', 'balance_note'].includes(k),
			),
		);
		expectValid('UserMeGet', 'response', { data: raw });
	});

	it('a wallet without a reported balance', async () => {
		const json = await userGet({
			billing_type: 'wallet',
			wallet: { remaining_balance: null, currency: 'usd' },
		});
		expect(json).toMatchObject({ remaining_balance: null, currency: 'usd' });
		expect(json.balance_note).toMatch(
			/paid from the API wallet; HeyGen did not report its balance/,
		);
	});

	it('subscription billing: the plan credits left (premium + add-on)', async () => {
		const json = await userGet({
			billing_type: 'subscription',
			subscription: {
				plan: 'creator',
				credits: {
					premium_credits: { remaining: 40, resets_at: '2026-12-01T00:00:00Z' },
					add_on_credits: { remaining: 5, resets_at: null },
				},
			},
		});
		expect(json).toMatchObject({
			remaining_balance: 45,
			currency: 'credits',
			balance_note:
				'HeyGen usage is paid from the plan credits: 45 credits left (premium and add-on credits).',
		});
	});

	it('usage-based billing: credits left, spending and its cap', async () => {
		const json = await userGet({
			billing_type: 'usage_based',
			usage_based: {
				included_credits: 100,
				remaining_credits: 80,
				spending_cap_usd: 200,
				spending_current_usd: 0,
			},
		});
		expect(json).toMatchObject({
			remaining_balance: 80,
			currency: 'credits',
			balance_note:
				'HeyGen API usage is billed by use (usage-based billing): 80 credits of included credits left, 0.00 USD spent, spending cap 200.00 USD.',
		});
	});

	it('no billing type: says where API usage is paid from', async () => {
		const json = await userGet({ billing_type: null });
		expect(json).toMatchObject({ remaining_balance: null, currency: null });
		expect(json.balance_note).toMatch(/did not report a billing type.*API wallet/);
	});
});
