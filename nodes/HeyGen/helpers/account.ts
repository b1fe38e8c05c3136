import type { IDataObject } from 'n8n-workflow';

/**
 * What the account's billing in GET /v3/users/me means for this node (contract UserMeGet:
 * `billing_type` wallet | subscription | usage_based, and exactly that one object populated).
 * API-key requests are paid from the API wallet, "separate from any web plan credits"
 * (https://docs.heygen.com/docs/authentication-methods).
 */
export interface Balance extends IDataObject {
	/** What is left: money for a wallet, credits otherwise; null when HeyGen does not say. */
	remaining_balance: number | null;
	/** 'usd' (or another currency code), or 'credits'. */
	currency: string | null;
	/** One sentence: where API usage is paid from and how much is left. */
	balance_note: string;
}

function amount(value: number, currency: string | null): string {
	if (!currency || currency === 'credits')
		return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })} credits`;
	return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency.toUpperCase()}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function describeBalance(user: IDataObject): Balance {
	const type = user.billing_type;
	if (type === 'wallet' || (!type && user.wallet)) {
		const wallet = (user.wallet ?? {}) as IDataObject;
		const remaining = num(wallet.remaining_balance);
		const currency = typeof wallet.currency === 'string' ? wallet.currency : null;
		return {
			remaining_balance: remaining,
			currency,
			balance_note:
				remaining === null
					? 'HeyGen API usage (videos generated with this API key) is paid from the API wallet; HeyGen did not report its balance.'
					: `HeyGen API usage (videos generated with this API key) is paid from the API wallet: ${amount(remaining, currency)} left. It is separate from the credits of a HeyGen web-app plan.`,
		};
	}
	if (type === 'usage_based' || (!type && user.usage_based)) {
		const usage = (user.usage_based ?? {}) as IDataObject;
		const remaining = num(usage.remaining_credits);
		const cap = num(usage.spending_cap_usd);
		const spent = num(usage.spending_current_usd);
		const parts = [
			remaining !== null ? `${amount(remaining, 'credits')} of included credits left` : '',
			spent !== null ? `${amount(spent, 'usd')} spent` : '',
			cap !== null ? `spending cap ${amount(cap, 'usd')}` : '',
		].filter(Boolean);
		return {
			remaining_balance: remaining,
			currency: remaining === null ? null : 'credits',
			balance_note: `HeyGen API usage is billed by use (usage-based billing)${parts.length ? `: ${parts.join(', ')}` : ''}.`,
		};
	}
	if (type === 'subscription' || (!type && user.subscription)) {
		const credits = (((user.subscription ?? {}) as IDataObject).credits ?? {}) as IDataObject;
		const premium = num(((credits.premium_credits ?? {}) as IDataObject).remaining);
		const addOn = num(((credits.add_on_credits ?? {}) as IDataObject).remaining);
		const remaining = premium === null && addOn === null ? null : (premium ?? 0) + (addOn ?? 0);
		return {
			remaining_balance: remaining,
			currency: 'credits',
			balance_note:
				remaining === null
					? 'HeyGen usage is paid from the plan credits; HeyGen did not report how many are left.'
					: `HeyGen usage is paid from the plan credits: ${amount(remaining, 'credits')} left (premium and add-on credits).`,
		};
	}
	return {
		remaining_balance: null,
		currency: null,
		balance_note:
			'HeyGen did not report a billing type. API usage (videos generated with this API key) is paid from the API wallet (HeyGen → Settings → API).',
	};
}
