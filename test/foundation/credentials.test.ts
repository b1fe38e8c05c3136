/**
 * Credential tests for both services, through the nodes' `testedBy` functions with n8n-core's real
 * CredentialTestContext, and header injection through the credentials' `authenticate` blocks.
 */
import { outputOf, runCredentialTest, runWorkflow } from '../harness';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY, type Sandbox } from '../sandbox';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox({
	elevenLabsKeys: {
		sk_tts_only: { permissions: ['text_to_speech'] },
		sk_tts_voices: { permissions: ['text_to_speech', 'voices_read'] },
	},
	heyGenKeys: { hg_no_user_read: { scopes: ['video-write', 'voice-read'] } },
});
/** A sandbox impersonating ElevenLabs' US residency host. */
const usBox = useSandbox({ elevenLabsRegion: 'us' });

const el = (s: Sandbox, apiKey: string) => ({ apiKey, region: 'custom', baseUrl: s.elevenLabsUrl });

describe('ElevenLabs credential test', () => {
	it('passes for a valid unrestricted key and spends no characters', async () => {
		const result = await runCredentialTest(
			'elevenLabs',
			'heygenElevenlabsElevenLabsApi',
			el(box.get(), SANDBOX_ELEVENLABS_KEY),
		);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		const paths = box
			.get()
			.server.requests('elevenlabs')
			.map((r) => `${r.method} ${r.path}`);
		expect(paths.some((p) => p.includes('text-to-speech'))).toBe(false);
		expect(
			box
				.get()
				.server.requests('elevenlabs')
				.every((r) => r.method === 'GET'),
		).toBe(true);
	});

	it("fails for an invalid key with ElevenLabs' own message", async () => {
		const result = await runCredentialTest(
			'elevenLabs',
			'heygenElevenlabsElevenLabsApi',
			el(box.get(), 'sk_wrong'),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Invalid API key');
		expect(result.message).toContain('invalid_api_key');
		expect(result.message).not.toContain('sk_wrong');
	});

	it('passes a TTS-only scoped key and says what it cannot do', async () => {
		const result = await runCredentialTest(
			'elevenLabs',
			'heygenElevenlabsElevenLabsApi',
			el(box.get(), 'sk_tts_only'),
		);
		expect(result.status).toBe('OK');
		expect(result.message).toContain('voices_read');
		expect(result.message).toContain('user_read');
		expect(result.message).toMatch(/cannot list voices/);
	});

	it('passes a key lacking only user_read and names only that permission', async () => {
		const result = await runCredentialTest(
			'elevenLabs',
			'heygenElevenlabsElevenLabsApi',
			el(box.get(), 'sk_tts_voices'),
		);
		expect(result.status).toBe('OK');
		expect(result.message).toContain('user_read');
		expect(result.message).not.toContain('voices_read');
	});

	it('fails for a key used against the wrong region, with a region hint', async () => {
		const result = await runCredentialTest(
			'elevenLabs',
			'heygenElevenlabsElevenLabsApi',
			el(usBox.get(), SANDBOX_ELEVENLABS_KEY),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('invalid_api_key');
		expect(result.message).toMatch(/Region/);
	});

	it('fails clearly when the host cannot be reached', async () => {
		const result = await runCredentialTest('elevenLabs', 'heygenElevenlabsElevenLabsApi', {
			apiKey: SANDBOX_ELEVENLABS_KEY,
			region: 'custom',
			baseUrl: 'http://127.0.0.1:9',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not reach ElevenLabs/);
	});
});

describe('HeyGen credential test', () => {
	it('passes for a valid key via GET /v3/users/me', async () => {
		const before = box.get().server.requests('heygen').length;
		const result = await runCredentialTest('heyGen', 'heygenElevenlabsHeyGenApi', {
			apiKey: SANDBOX_HEYGEN_KEY,
			baseUrl: box.get().heyGenUrl,
		});
		// the API wallet balance, and that API usage is paid from it (#16.4)
		expect(result).toEqual({
			status: 'OK',
			message:
				'Connection successful. HeyGen API usage (videos generated with this API key) is paid from the API wallet: 120.50 USD left. It is separate from the credits of a HeyGen web-app plan.',
		});
		const calls = box.get().server.requests('heygen').slice(before);
		expect(calls.map((r) => r.path)).toEqual(['/v3/users/me']);
		expect(calls[0].headers['x-api-key']).toBe(SANDBOX_HEYGEN_KEY);
	});

	it('names the balance of whatever billing the account has (wallet in credits, usage-based)', async () => {
		const saved = box.get().heygen.billing;
		try {
			box.get().heygen.billing = {
				billing_type: 'wallet',
				wallet: { remaining_balance: 1234.5, currency: 'credits', auto_reload: null },
			};
			const credits = await runCredentialTest('heyGen', 'heygenElevenlabsHeyGenApi', {
				apiKey: SANDBOX_HEYGEN_KEY,
				baseUrl: box.get().heyGenUrl,
			});
			expect(credits.message).toBe(
				'Connection successful. HeyGen API usage (videos generated with this API key) is paid from the API wallet: 1,234.5 credits left. It is separate from the credits of a HeyGen web-app plan.',
			);
			box.get().heygen.billing = {
				billing_type: 'usage_based',
				usage_based: { spending_cap_usd: 50, spending_current_usd: 12.25 },
			};
			const metered = await runCredentialTest('heyGen', 'heygenElevenlabsHeyGenApi', {
				apiKey: SANDBOX_HEYGEN_KEY,
				baseUrl: box.get().heyGenUrl,
			});
			expect(metered).toEqual({
				status: 'OK',
				message:
					'Connection successful. HeyGen API usage is billed by use (usage-based billing): 12.25 USD spent, spending cap 50.00 USD.',
			});
		} finally {
			box.get().heygen.billing = saved;
		}
	});

	it("fails for an invalid key with HeyGen's message", async () => {
		const result = await runCredentialTest('heyGen', 'heygenElevenlabsHeyGenApi', {
			apiKey: 'hg_wrong',
			baseUrl: box.get().heyGenUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('unauthorized');
		expect(result.message).not.toContain('hg_wrong');
	});

	it('falls back to a one-item voice list when the key may not read the user', async () => {
		const before = box.get().server.requests('heygen').length;
		const result = await runCredentialTest('heyGen', 'heygenElevenlabsHeyGenApi', {
			apiKey: 'hg_no_user_read',
			baseUrl: box.get().heyGenUrl,
		});
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/may not read the account/);
		const calls = box.get().server.requests('heygen').slice(before);
		expect(
			calls.map(
				(r) => `${r.path}?${new URLSearchParams(r.query as Record<string, string>).toString()}`,
			),
		).toEqual(['/v3/users/me?', '/v3/voices?limit=1']);
	});
});

describe('authenticate blocks', () => {
	it('ElevenLabs sends xi-api-key, HeyGen sends X-Api-Key, and outputs carry no key', async () => {
		const creds = box.credentials();
		const run = await runWorkflow({
			nodes: [
				{
					name: 'Quota',
					type: 'elevenLabs',
					parameters: { resource: 'user', operation: 'getSubscription' },
				},
				{ name: 'Account', type: 'heyGen', parameters: { resource: 'user', operation: 'get' } },
			],
			credentials: creds,
		});
		expect(run.status).toBe('success');
		const quota = outputOf(run, 'Quota')[0].json;
		expect(quota.tier).toBe('creator');
		expect(quota.characters_remaining).toBe(98800);
		const account = outputOf(run, 'Account')[0].json;
		expect(account.billing_type).toBe('wallet');
		const elCall = box.get().server.requests('elevenlabs', 'GET', '/v1/user/subscription').pop()!;
		expect(elCall.headers['xi-api-key']).toBe(SANDBOX_ELEVENLABS_KEY);
		const hgCall = box.get().server.requests('heygen', 'GET', '/v3/users/me').pop()!;
		expect(hgCall.headers['x-api-key']).toBe(SANDBOX_HEYGEN_KEY);
		const serialized = JSON.stringify(run.data.resultData.runData);
		expect(serialized).not.toContain(SANDBOX_ELEVENLABS_KEY);
		expect(serialized).not.toContain(SANDBOX_HEYGEN_KEY);
	});
});
