import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { executionCredentials } from '../../shared/transport';
import { heyGenApiRequest, heyGenBaseUrl } from '../transport';
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

/**
 * An item's own poll schedule: when it would check its video if it were the only one waiting.
 * The hub never checks more often than `floorMs` allows and never makes more requests than these
 * schedules add up to (see RoundPlanner).
 */
export interface OwnSchedule {
	/** Time (ms since the epoch) of the item's next own poll. */
	due: number;
	/** Moves `due` to the own poll after it. */
	advance(): void;
	/**
	 * The shortest gap between two rounds this item accepts now: the gap its own schedule left
	 * before the poll it last added to the budget (at most the early interval).
	 */
	floorMs: number;
}

interface Waiter {
	/** The execution the item belongs to (its cancellation, node, credentials and Retry options). */
	ctx: IExecuteFunctions;
	itemIndex: number;
	videoId: string;
	own: OwnSchedule;
	/** Not checked yet: its first check does not wait for the floor. */
	fresh: boolean;
	resolve: (report: StatusReport) => void;
	reject: (error: unknown) => void;
}

/**
 * When the shared status rounds happen: a request budget.
 *
 * Every time one of the waiting items' own schedules reaches a poll, the budget grows by one
 * request; every request a round makes spends one. A round happens once the budget allows a
 * request and the shortest floor of the waiting items (by default the 10 s early cadence) has
 * passed since the last round. So:
 * - one video is checked exactly on its own schedule (10 s, then 30 s, then 60 s by default);
 * - several videos never cost more requests than that many separate pollers would, and the
 *   requests that checking them together saves are spent on checking all of them more often —
 *   with 6 or more videos in flight, every 10 s for the whole wait.
 */
export class RoundPlanner {
	/** Requests the budget still allows. */
	credit = 0;

	/** Start of the last round (ms), or -Infinity before the first. */
	lastRound = -Infinity;

	/** Adds the own polls that came due by `now` to the budget. */
	accrue(schedules: Iterable<OwnSchedule>, now: number): void {
		for (const own of schedules) {
			// bounded: a schedule that stalls (a clock jump) cannot spin this loop
			for (let n = 0; own.due <= now && n < 10_000; n++) {
				this.credit++;
				own.advance();
			}
		}
	}

	/** When the next round may start, for items with these schedules (`fresh`: one was never checked). */
	nextRound(schedules: OwnSchedule[], now: number, fresh = false): number {
		if (fresh) return now;
		const floor = this.lastRound + Math.min(...schedules.map((s) => s.floorMs));
		const affordable = this.credit >= 1 ? now : Math.min(...schedules.map((s) => s.due));
		return Math.max(floor, affordable);
	}

	/** Books a round that started at `at` and made `requests` requests. */
	spent(requests: number, at: number): void {
		this.credit -= requests;
		this.lastRound = at;
	}
}

/** GET /v3/videos/statuses takes at most this many IDs per request. */
export const STATUS_CHUNK = 100;
/** Longest uninterrupted sleep, so a cancelled execution stops waiting promptly. */
const SLICE_MS = 250;

/** Bulk-endpoint errors that may come from one bad ID rather than from the endpoint itself. */
const PER_ID_STATUSES = new Set(['400', '404', '405', '422']);

/**
 * One status poll loop per HeyGen account in this n8n process, shared by every item of every
 * execution that waits for a video with that account (same API key and base URL): a workflow that
 * runs once per video (a webhook per request, say) gets the same shared rounds as one execution
 * with many items. Each request is made through the execution context of one of the waiting items
 * (n8n's credential handling, proxy and cancellation apply), with its Retry options.
 *
 * Each item registers its video with its own poll schedule; the hub decides when a round happens
 * (RoundPlanner: one video follows its own schedule exactly, several share the requests they
 * would have made separately), then checks every registered video at once with
 * GET /v3/videos/statuses?video_ids=… (chunks of 100) and hands each item its status. A round
 * with a single video uses GET /v3/videos/{id} instead: same cost, and it already carries the
 * URLs, so a finished video needs no second read. Items then decide on their own (finished,
 * timed out) and register again.
 *
 * Errors: the transport retries a bulk call like any GET; when it still fails, every item of that
 * chunk fails with the error (each with its own node and item index). A cancelled execution's items
 * leave at once; when its cancellation aborts a shared request, the other items are checked again
 * in the next round. A 400/404/405/422 may come from one malformed ID (or from an API
 * without the bulk endpoint), so that chunk falls back to GET /v3/videos/{id} per video for this
 * tick: a bad ID then fails alone with the same error as Video → Get (after a 404/405 — no bulk
 * endpoint — the rest of the execution uses the per-video GET). IDs that cannot be listed
 * (a comma in them) always use the per-video GET.
 */
export class StatusHub {
	private waiters: Waiter[] = [];

	private running = false;

	private wake?: () => void;

	private readonly planner = new RoundPlanner();

	/** Cleared when the bulk endpoint itself is missing (404/405): every check then uses the per-video GET. */
	private bulk = true;

	/** `onIdle` runs when the last waiting item has left (the registry then forgets this hub). */
	constructor(private readonly onIdle?: () => void) {}

	/** Pending status requests (for tests and diagnostics). */
	get size(): number {
		return this.waiters.length;
	}

	/**
	 * The status of `videoId` from the next shared round. `own` is the item's own schedule (it keeps
	 * its state between calls); `fresh` marks the item's first check, which starts a round at once.
	 */
	async check(
		ctx: IExecuteFunctions,
		itemIndex: number,
		videoId: string,
		own: OwnSchedule,
		fresh = false,
	): Promise<StatusReport> {
		return await new Promise<StatusReport>((resolve, reject) => {
			this.waiters.push({ ctx, itemIndex, videoId, own, fresh, resolve, reject });
			if (!this.running) {
				this.running = true;
				void this.loop();
			} else {
				this.wake?.();
			}
		});
	}

	private async loop(): Promise<void> {
		try {
			while (this.waiters.length) {
				// items that register in the same turn (all items of the execution start together) share the round
				await sleep(0);
				this.dropCancelled();
				if (!this.waiters.length) break;
				const now = Date.now();
				const schedules = this.waiters.map((w) => w.own);
				this.planner.accrue(schedules, now);
				const left =
					this.planner.nextRound(
						schedules,
						now,
						this.waiters.some((w) => w.fresh),
					) - now;
				if (left > 0) {
					await this.pause(Math.min(left, SLICE_MS));
					continue;
				}
				const batch = this.waiters.splice(0);
				this.planner.spent(await this.poll(batch), now);
			}
		} catch (error) {
			// never leave an item hanging
			for (const w of this.waiters.splice(0)) w.reject(error);
		} finally {
			this.running = false;
			if (this.waiters.length) {
				// an item that registered while the last poll was finishing
				this.running = true;
				void this.loop();
			} else {
				this.onIdle?.();
			}
		}
	}

	private async pause(ms: number): Promise<void> {
		// a newly registered item wakes the loop (the slice's timer just runs out unheeded)
		await Promise.race([sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
		this.wake = undefined;
	}

	/** The items of cancelled executions stop waiting at once. */
	private dropCancelled(): void {
		const cancelled = this.waiters.filter((w) => isCancelled(w.ctx));
		if (!cancelled.length) return;
		this.waiters = this.waiters.filter((w) => !cancelled.includes(w));
		for (const w of cancelled) w.reject(cancelledError(w));
	}

	/** Checks every video of the batch; returns how many requests that took. */
	private async poll(batch: Waiter[]): Promise<number> {
		let listable = batch.filter((w) => this.bulk && w.videoId && !w.videoId.includes(','));
		// One video: its own GET answers the status and the details at once (no detail read after it)
		if (listable.length === 1) listable = [];
		const single = batch.filter((w) => !listable.includes(w));
		const ids = [...new Set(listable.map((w) => w.videoId))];
		const chunks: string[][] = [];
		for (let i = 0; i < ids.length; i += STATUS_CHUNK) chunks.push(ids.slice(i, i + STATUS_CHUNK));
		const counts = await Promise.all([
			...chunks.map(async (chunk) => {
				const members = listable.filter((w) => chunk.includes(w.videoId));
				return await this.pollChunk(chunk, members);
			}),
			...single.map(async (w) => {
				await this.pollOne(w);
				return 1;
			}),
		]);
		return counts.reduce((sum, n) => sum + n, 0);
	}

	/** One bulk request (plus per-video GETs if it has to fall back); returns the request count. */
	private async pollChunk(ids: string[], members: Waiter[]): Promise<number> {
		const lead = members.reduce((a, b) => (b.ctx === a.ctx && b.itemIndex < a.itemIndex ? b : a));
		let entries: IDataObject[];
		try {
			const response = await heyGenApiRequest.call(lead.ctx, {
				method: 'GET',
				path: '/v3/videos/statuses',
				qs: { video_ids: ids.join(',') },
				itemIndex: lead.itemIndex,
				retry: retryFor(lead.ctx, lead.itemIndex),
			});
			const data = (response.body as IDataObject | undefined)?.data;
			if (!Array.isArray(data)) {
				throw new NodeOperationError(
					lead.ctx.getNode(),
					'HeyGen answered the video status check without a list of statuses',
					{
						itemIndex: lead.itemIndex,
						description:
							'Run the node again; if it keeps happening, check the Base URL of the HeyGen credential.',
					},
				);
			}
			entries = data as IDataObject[];
		} catch (error) {
			if (isCancelled(lead.ctx)) {
				// the lead's execution was cancelled and aborted the request: the others wait for the next round
				for (const w of members) {
					if (w.ctx === lead.ctx) w.reject(cancelledError(w));
					else this.waiters.push(w);
				}
				return 1;
			}
			if (error instanceof NodeApiError && PER_ID_STATUSES.has(String(error.httpCode))) {
				if (error.httpCode === '404' || error.httpCode === '405') this.bulk = false;
				await Promise.all(members.map(async (w) => await this.pollOne(w)));
				return 1 + members.length;
			}
			for (const w of members) w.reject(w === lead ? error : errorFor(w, error));
			return 1;
		}
		const byId = new Map<string, string>();
		for (const entry of entries) {
			if (entry && typeof entry.video_id === 'string')
				byId.set(entry.video_id, String(entry.status ?? 'unknown'));
		}
		for (const w of members) {
			// an ID the answer leaves out is treated like not_found (the item confirms it with a GET)
			const raw = byId.get(w.videoId) ?? 'not_found';
			w.resolve({ status: raw === 'queued' ? 'pending' : raw });
		}
		return 1;
	}

	/** The per-video check: GET /v3/videos/{id} (a 404 fails just this item). */
	private async pollOne(w: Waiter): Promise<void> {
		try {
			const response = await heyGenApiRequest.call(w.ctx, {
				method: 'GET',
				path: `/v3/videos/${encodeURIComponent(w.videoId)}`,
				itemIndex: w.itemIndex,
				retry: retryFor(w.ctx, w.itemIndex),
			});
			const video = ((response.body as IDataObject).data ?? {}) as IDataObject;
			w.resolve({ status: String(video.status ?? 'unknown'), video });
		} catch (error) {
			w.reject(error);
		}
	}
}

function cancelledError(w: Waiter): NodeOperationError {
	return new NodeOperationError(w.ctx.getNode(), 'The execution was cancelled', {
		itemIndex: w.itemIndex,
	});
}

/** The error of a shared request, as `w`'s own: its node and item index, the same message. */
function errorFor(w: Waiter, error: unknown): unknown {
	if (error instanceof NodeApiError) {
		return new NodeApiError(w.ctx.getNode(), { message: error.message } as JsonObject, {
			message: error.message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex: w.itemIndex,
		});
	}
	if (error instanceof NodeOperationError) {
		return new NodeOperationError(w.ctx.getNode(), error.message, {
			description: error.description ?? undefined,
			itemIndex: w.itemIndex,
		});
	}
	return error;
}

const hubs = new Map<string, StatusHub>();

/**
 * The status hub of the HeyGen account this execution uses (key: a hash of the credential's data,
 * so only items with the same API key and base URL share one; the key itself is not kept). A hub
 * is forgotten once nothing waits on it.
 */
export async function statusHub(ctx: IExecuteFunctions): Promise<StatusHub> {
	const credentials = (await executionCredentials(ctx, 'heygenElevenlabsHeyGenApi')).data ?? {};
	const key = createHash('sha256')
		.update(heyGenBaseUrl(credentials))
		.update('\n')
		.update(JSON.stringify(credentials))
		.digest('hex');
	let hub = hubs.get(key);
	if (!hub) {
		const created = new StatusHub(() => {
			if (hubs.get(key) === created) hubs.delete(key);
		});
		hubs.set(key, created);
		hub = created;
	}
	return hub;
}
