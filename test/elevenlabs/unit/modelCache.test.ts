/** The per-credential model-list cache: expiry, bounded size, and a key that does not reveal the API key. */
import { credentialKey, TtlCache } from '../../../nodes/ElevenLabs/helpers/modelCache';

describe('TtlCache', () => {
	it('returns a value until it expires, including a remembered undefined', () => {
		const cache = new TtlCache<number[] | undefined>(1_000);
		cache.set('a', [1], 0);
		cache.set('b', undefined, 0);
		expect(cache.get('a', 999)).toEqual({ value: [1] });
		expect(cache.get('b', 999)).toEqual({ value: undefined });
		expect(cache.get('a', 1_000)).toBeUndefined();
		expect(cache.get('c', 0)).toBeUndefined();
	});

	it('forgets on delete, and drops the oldest entry when full', () => {
		const cache = new TtlCache<string>(60_000, 2);
		cache.set('a', 'A', 0);
		cache.set('b', 'B', 1);
		cache.delete('a');
		expect(cache.get('a', 2)).toBeUndefined();
		cache.set('c', 'C', 2);
		cache.set('d', 'D', 3);
		expect(cache.get('b', 4)).toBeUndefined();
		expect(cache.get('c', 4)).toEqual({ value: 'C' });
		expect(cache.get('d', 4)).toEqual({ value: 'D' });
	});
});

describe('credentialKey', () => {
	const data = { apiKey: 'sk_secret_123', region: 'custom', baseUrl: 'http://x' };

	it('is a SHA-256 that does not contain the key, stable across field order', () => {
		const key = credentialKey(data);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('sk_secret_123');
		expect(credentialKey({ baseUrl: 'http://x', region: 'custom', apiKey: 'sk_secret_123' })).toBe(
			key,
		);
	});

	it('differs per key and per region or base URL', () => {
		const key = credentialKey(data);
		expect(credentialKey({ ...data, apiKey: 'sk_other' })).not.toBe(key);
		expect(credentialKey({ ...data, region: 'eu' })).not.toBe(key);
		expect(credentialKey({ ...data, baseUrl: 'http://y' })).not.toBe(key);
	});
});
