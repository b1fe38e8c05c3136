/**
 * Account routes: GET /v1/user/subscription (plan, character usage; needs `user_read`) and GET
 * /v1/models (each model's maximum_text_length_per_request and cost multiplier; `models_read`),
 * shaped like the OpenAPI's Subscription and ModelResponseModel responses.
 */
import type { ElevenLabsApi } from './api';

export function installAccount({ route, state }: ElevenLabsApi): void {
	route('GET', '/v1/user/subscription', { permission: 'user_read' }, () => {
		return {
			body: {
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
			},
		};
	});

	route('GET', '/v1/models', { permission: 'models_read' }, () => {
		return { body: state.models };
	});
}
