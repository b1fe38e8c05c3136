import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { executionCredentials } from '../../shared/transport';
import { elevenLabsService, getModels } from '../transport';
import { perExecution } from './concurrency';

/** How long a credential's model list is reused. Limits change rarely (v3's once, 2025-08-25). */
export const MODEL_LIST_TTL_MS = 15 * 60_000;

/** Values kept for a while, by key; expired entries are dropped when read or when a value is added. */
export class TtlCache<T> {
	private entries = new Map<string, { value: T; expires: number }>();

	constructor(
		private ttlMs: number,
		private maxEntries = 100,
	) {}

	/** The entry of `key` when present and fresh (an entry may hold `undefined`). */
	get(key: string, now = Date.now()): { value: T } | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expires > now) return { value: entry.value };
		this.entries.delete(key);
		return undefined;
	}

	set(key: string, value: T, now = Date.now()): void {
		for (const [k, entry] of this.entries) if (entry.expires <= now) this.entries.delete(k);
		this.entries.delete(key);
		// the oldest entry goes first when full (Map keeps insertion order)
		if (this.entries.size >= this.maxEntries)
			this.entries.delete(this.entries.keys().next().value!);
		this.entries.set(key, { value, expires: now + this.ttlMs });
	}

	delete(key: string): void {
		this.entries.delete(key);
	}
}

/**
 * Model lists by credential, shared by the executions of this n8n process: the one piece of module
 * state, a cache keyed by a SHA-256 of the credential's data (never the key itself). `undefined` =
 * the key may not read models (a key without `models_read`), so such a key is not asked every time.
 */
const modelLists = new TtlCache<IDataObject[] | undefined>(MODEL_LIST_TTL_MS);

/** A one-way cache key for credential data (API key, region, base URL). */
export function credentialKey(data: IDataObject): string {
	const fields = Object.keys(data)
		.sort()
		.map((k) => [k, data[k]]);
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

async function cacheKey(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await executionCredentials(ctx, elevenLabsService.credentialType);
	return credentialKey((credentials.data ?? {}) as IDataObject);
}

/**
 * The credential's model list (GET /v1/models), read at most once per credential and TTL, or
 * `undefined` when it cannot be read. With `read: false` only a list already known is returned.
 */
export async function credentialModels(
	ctx: IExecuteFunctions,
	read: boolean,
): Promise<IDataObject[] | undefined> {
	const key = await cacheKey(ctx);
	const cached = modelLists.get(key);
	if (cached || !read) return cached?.value;
	return await perExecution(ctx, 'models', async () => {
		try {
			const models = await getModels.call(ctx, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
			modelLists.set(key, models);
			return models;
		} catch (error) {
			// a key without models_read stays so; other failures (5xx, network) are asked again next time
			const status = error instanceof NodeApiError ? error.httpCode : undefined;
			if (status === '401' || status === '403') modelLists.set(key, undefined);
			return undefined;
		}
	});
}

/** Drops the credential's list, e.g. when ElevenLabs rejected a length the list allowed. */
export async function forgetModels(ctx: IExecuteFunctions): Promise<void> {
	modelLists.delete(await cacheKey(ctx));
}
