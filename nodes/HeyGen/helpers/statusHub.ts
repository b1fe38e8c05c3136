import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { heyGenApiRequest } from '../transport';
import { isCancelled, retryFor } from './common';

/** What one status check found for a video. */
export interface StatusReport {
	/**
	 * `pending` (HeyGen's bulk `queued` is reported as `pending`, the name GET /v3/videos/{id}
	 * uses), `processing`, `completed`, `failed`, `not_found`, or whatever new status HeyGen sends.
	 */
	status: string;
	/** The full video, when this check had to fall back to GET /v3/videos/{id}. */
	video?: IDataObject;
}

interface Waiter {
	itemIndex: number;
	videoId: string;
	due: number;
	resolve: (report: StatusReport) => void;
	reject: (error: unknown) => void;
}

/** GET /v3/videos/statuses takes at most this many IDs per request. */
export const STATUS_CHUNK = 100;
/** Longest uninterrupted sleep, so a cancelled execution stops waiting promptly. */
const SLICE_MS = 250;

/** Bulk-endpoint errors that may come from one bad ID rather than from the endpoint itself. */
const PER_ID_STATUSES = new Set(['400', '404', '405', '422']);

/**
 * One status poll loop per node execution, shared by every item that waits for a video.
 *
 * An item asks for its video's status "no later than" a due time; the hub sleeps until the
 * earliest due time of all registered items, then checks every registered video at once with
 * GET /v3/videos/statuses?video_ids=… (chunks of 100), and hands each item its status. Items then
 * decide on their own (finished, timed out, next delay) and register again — so the schedule
 * stays adaptive per item while ticks are shared.
 *
 * Errors: the transport retries a bulk call like any GET; when it still fails, every item of that
 * chunk fails with the error. A 400/404/405/422 may come from one malformed ID (or from an API
 * without the bulk endpoint), so that chunk falls back to GET /v3/videos/{id} per video for this
 * tick: a bad ID then fails alone with the same error as Video → Get (after a 404/405 — no bulk
 * endpoint — the rest of the execution uses the per-video GET). IDs that cannot be listed
 * (a comma in them) always use the per-video GET.
 */
export class StatusHub {
	private waiters: Waiter[] = [];

	private running = false;

	private wake?: () => void;

	private sleepingUntil = Infinity;

	/** Cleared when the bulk endpoint itself is missing (404/405): every check then uses the per-video GET. */
	private bulk = true;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** Pending status requests (for tests and diagnostics). */
	get size(): number {
		return this.waiters.length;
	}

	/** The status of `videoId`, checked in the first shared tick at or before `delayMs` from now. */
	async check(itemIndex: number, videoId: string, delayMs: number): Promise<StatusReport> {
		return await new Promise<StatusReport>((resolve, reject) => {
			const due = Date.now() + Math.max(0, delayMs);
			this.waiters.push({ itemIndex, videoId, due, resolve, reject });
			if (!this.running) {
				this.running = true;
				void this.loop();
			} else if (due < this.sleepingUntil) {
				this.wake?.();
			}
		});
	}

	private async loop(): Promise<void> {
		try {
			while (this.waiters.length) {
				// items that register in the same turn (all items of the execution start together) share the tick
				await sleep(0);
				if (isCancelled(this.ctx)) {
					this.failAll((w) => new NodeOperationError(this.ctx.getNode(), 'The execution was cancelled', { itemIndex: w.itemIndex }));
					break;
				}
				const due = Math.min(...this.waiters.map((w) => w.due));
				const left = due - Date.now();
				if (left > 0) {
					await this.sleepUntil(due, Math.min(left, SLICE_MS));
					continue;
				}
				const batch = this.waiters.splice(0);
				await this.poll(batch);
			}
		} catch (error) {
			// never leave an item hanging
			this.failAll(() => error);
		} finally {
			this.running = false;
			// an item that registered while the last poll was finishing
			if (this.waiters.length) {
				this.running = true;
				void this.loop();
			}
		}
	}

	private async sleepUntil(due: number, ms: number): Promise<void> {
		this.sleepingUntil = due;
		// an item due earlier than `due` wakes the loop (the slice's timer just runs out unheeded)
		await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
		this.wake = undefined;
		this.sleepingUntil = Infinity;
	}

	private failAll(errorFor: (w: Waiter) => unknown): void {
		for (const w of this.waiters.splice(0)) w.reject(errorFor(w));
	}

	private async poll(batch: Waiter[]): Promise<void> {
		const listable = batch.filter((w) => this.bulk && w.videoId && !w.videoId.includes(','));
		const single = batch.filter((w) => !listable.includes(w));
		const ids = [...new Set(listable.map((w) => w.videoId))];
		const chunks: string[][] = [];
		for (let i = 0; i < ids.length; i += STATUS_CHUNK) chunks.push(ids.slice(i, i + STATUS_CHUNK));
		await Promise.all([
			...chunks.map(async (chunk) => {
				const members = listable.filter((w) => chunk.includes(w.videoId));
				await this.pollChunk(chunk, members);
			}),
			...single.map(async (w) => await this.pollOne(w)),
		]);
	}

	private async pollChunk(ids: string[], members: Waiter[]): Promise<void> {
		const lead = Math.min(...members.map((w) => w.itemIndex));
		let entries: IDataObject[];
		try {
			const response = await heyGenApiRequest.call(this.ctx, {
				method: 'GET',
				path: '/v3/videos/statuses',
				qs: { video_ids: ids.join(',') },
				itemIndex: lead,
				retry: retryFor(this.ctx, lead),
			});
			const data = (response.body as IDataObject | undefined)?.data;
			if (!Array.isArray(data)) {
				throw new NodeOperationError(this.ctx.getNode(), 'HeyGen answered the video status check without a list of statuses', {
					itemIndex: lead,
					description: 'Run the node again; if it keeps happening, check the Base URL of the HeyGen credential.',
				});
			}
			entries = data as IDataObject[];
		} catch (error) {
			if (error instanceof NodeApiError && PER_ID_STATUSES.has(String(error.httpCode))) {
				if (error.httpCode === '404' || error.httpCode === '405') this.bulk = false;
				await Promise.all(members.map(async (w) => await this.pollOne(w)));
				return;
			}
			for (const w of members) w.reject(error);
			return;
		}
		const byId = new Map<string, string>();
		for (const entry of entries) {
			if (entry && typeof entry.video_id === 'string') byId.set(entry.video_id, String(entry.status ?? 'unknown'));
		}
		for (const w of members) {
			// an ID the answer leaves out is treated like not_found (the item confirms it with a GET)
			const raw = byId.get(w.videoId) ?? 'not_found';
			w.resolve({ status: raw === 'queued' ? 'pending' : raw });
		}
	}

	/** The per-video fallback: GET /v3/videos/{id} (a 404 fails just this item). */
	private async pollOne(w: Waiter): Promise<void> {
		try {
			const response = await heyGenApiRequest.call(this.ctx, {
				method: 'GET',
				path: `/v3/videos/${encodeURIComponent(w.videoId)}`,
				itemIndex: w.itemIndex,
				retry: retryFor(this.ctx, w.itemIndex),
			});
			const video = ((response.body as IDataObject).data ?? {}) as IDataObject;
			w.resolve({ status: String(video.status ?? 'unknown'), video });
		} catch (error) {
			w.reject(error);
		}
	}
}

const hubs = new WeakMap<IExecuteFunctions, StatusHub>();

/** The status hub of this node execution (all items of one run share the execute context). */
export function statusHub(ctx: IExecuteFunctions): StatusHub {
	let hub = hubs.get(ctx);
	if (!hub) {
		hub = new StatusHub(ctx);
		hubs.set(ctx, hub);
	}
	return hub;
}
