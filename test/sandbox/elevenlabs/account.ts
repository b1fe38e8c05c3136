/**
 * Account routes: GET /v1/user (the account; needs `user_read`), GET /v1/user/subscription (plan,
 * character usage; `user_read`) and GET
 * /v1/models (each model's maximum_text_length_per_request and cost multiplier; `models_read`),
 * shaped like the OpenAPI's Subscription and ModelResponseModel responses.
 */
import type { ElevenLabsApi } from './api';

export function installAccount({ route, state }: ElevenLabsApi): void {
	route('GET', '/v1/user/subscription', { permission: 'user_read' }, () => {
		return { body: subscription() };
	});

	// OpenAPI UserResponseModel plus the SDK 2.73 User's required workspace_id and seat_type. The
	// response carries the requesting key itself (`xi_api_key`, as in the OpenAPI's example; gone from
	// the SDK's model) and its masked preview; the node must never output the former.
	route('GET', '/v1/user', { permission: 'user_read' }, (req) => {
		const key = String(req.headers['xi-api-key']);
		return {
			body: {
				user_id: 'usr_sandbox_0001',
				workspace_id: 'ws_sandbox_0001',
				seat_type: 'workspace_admin',
				subscription: subscription(),
				subscription_extras: null,
				is_new_user: false,
				xi_api_key: key,
				can_use_delayed_payment_methods: false,
				is_onboarding_completed: true,
				is_onboarding_checklist_completed: true,
				first_name: 'Sandbox',
				is_api_key_hashed: false,
				xi_api_key_preview: `${key.slice(0, 3)}…${key.slice(-4)}`,
				referral_link_code: null,
				partnerstack_partner_default_link: null,
				created_at: 1700000000,
			},
		};
	});

	route('GET', '/v1/models', { permission: 'models_read' }, () => {
		return { body: state.models };
	});
}

/** The plan the sandbox account is on (OpenAPI ExtendedSubscriptionResponseModel). */
function subscription() {
	return {
		tier: 'creator',
		character_count: 1200,
		character_limit: 100000,
		max_character_limit_extension: 10000,
		max_credit_limit_extension: 10000,
		can_extend_character_limit: true,
		allowed_to_extend_character_limit: true,
		next_character_count_reset_unix: 1767225600,
		voice_slots_used: 3,
		professional_voice_slots_used: 0,
		professional_voice_slots_used_in_workspace: 0,
		voice_limit: 30,
		voice_add_edit_counter: 0,
		professional_voice_limit: 1,
		can_extend_voice_limit: false,
		can_use_instant_voice_cloning: true,
		can_use_professional_voice_cloning: true,
		currency: 'usd',
		current_overage: { amount: '0.00', currency: 'usd' },
		status: 'active',
		billing_period: 'monthly_period',
		character_refresh_period: 'monthly_period',
		open_invoices: [],
		has_open_invoices: false,
	};
}
