import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * A small semaphore shared by all items of one node execution. It bounds the text-to-speech
 * requests in flight and, when ElevenLabs answers "too many concurrent requests", lets the
 * rejected request wait until one of our other requests has finished (and lowers the bound, since
 * the account cannot take more), instead of hammering the API with blind retries.
 */
export class RequestGate {
	private active = 0;

	private slotWaiters: Array<() => void> = [];

	private releaseWaiters: Array<() => void> = [];

	constructor(private limit: number) {}

	async run<T>(fn: () => Promise<T>): Promise<T> {
		while (this.active >= this.limit)
			await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
		this.active++;
		try {
			return await fn();
		} finally {
			this.active--;
			this.releaseWaiters.splice(0).forEach((wake) => wake());
			this.slotWaiters.shift()?.();
		}
	}

	/** For `onConcurrencyLimit`: wait for another in-flight request of ours, else back off briefly. */
	async waitForRelease(fallbackMs: number): Promise<void> {
		if (this.active > 1) {
			this.limit = Math.max(1, this.active - 1);
			await new Promise<void>((resolve) => this.releaseWaiters.push(resolve));
		} else {
			await sleep(fallbackMs);
		}
	}
}

const gates = new WeakMap<object, RequestGate>();

/** The gate of this node execution (all items share the execute context). */
export function requestGate(ctx: IExecuteFunctions, limit: number): RequestGate {
	let gate = gates.get(ctx);
	if (!gate) {
		gate = new RequestGate(limit);
		gates.set(ctx, gate);
	}
	return gate;
}

const caches = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Memoises a lookup (model list, voice details) for the duration of one node execution. */
export async function perExecution<T>(
	ctx: IExecuteFunctions,
	key: string,
	load: () => Promise<T>,
): Promise<T> {
	let cache = caches.get(ctx);
	if (!cache) {
		cache = new Map();
		caches.set(ctx, cache);
	}
	let entry = cache.get(key) as Promise<T> | undefined;
	if (!entry) {
		entry = load();
		cache.set(key, entry);
	}
	return await entry;
}
