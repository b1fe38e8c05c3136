/**
 * User → Get (GET /v1/user) through real workflows against the contract sandbox: the account as
 * the OpenAPI's UserResponseModel describes it, without the API key the response carries.
 */
import { validateElevenLabsResponse } from '../sandbox/contracts';
import {
	expectMissingPermission,
	expectNoKey,
	runNode,
	sdkClient,
	withRetry,
} from './speech-setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_voices_only: { permissions: ['voices_read'] },
	},
});

const params = { resource: 'user', operation: 'get', options: withRetry() };

describe('User → Get', () => {
	it('outputs the account and never the API key the response carries', async () => {
		const { items, error, run } = await runNode(box.get(), params);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const { json, pairedItem } = items[0];
		expect(pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			user_id: 'usr_sandbox_0001',
			subscription: expect.objectContaining({ tier: 'creator', character_limit: 100000 }),
			xi_api_key_preview: expect.stringMatching(/^sk_…/),
		});
		expect(json.xi_api_key).toBeUndefined();
		expect(validateElevenLabsResponse('GET', '/v1/user', json).errors).toEqual([]);
		expectNoKey(run.data);
		expect(box.get().server.requests('elevenlabs', 'GET', '/v1/user')).toHaveLength(1);
	});

	it('one output per input item, each paired', async () => {
		const { items } = await runNode(box.get(), params, {
			input: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a key without user_read: the permission is named', async () => {
		const { error } = await runNode(box.get(), params, { apiKey: 'sk_voices_only' });
		expectMissingPermission(error, 'user_read');
	});

	it('the sandbox route answers what the official SDK expects', async () => {
		const user = await sdkClient(box.get()).user.get();
		expect(user.userId).toBe('usr_sandbox_0001');
		expect(user.subscription.tier).toBe('creator');
	});
});
