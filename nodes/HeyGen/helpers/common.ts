import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { textValue } from '../../shared/params';
import { isCancelled } from '../../shared/transport';

/** A readable stream as n8n's binary helpers return it (without importing node:stream). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

const cleanKey = (s: string) => s.replace(/[^A-Za-z0-9_:.-]/g, '_');

/** The "Options → Idempotency Key" override of one item, as sent (empty = none). */
function keyOverride(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('options.idempotencyKey', itemIndex, '') as unknown;
	return cleanKey(String(raw ?? '').trim()).slice(0, 255);
}

/** Per node execution: each override used by two or more items → those items. */
const sharedKeys = new WeakMap<object, Map<string, number[]>>();

/**
 * Fails when this item's Idempotency Key override is also another item's. HeyGen answers a key it
 * has seen in the last 24 hours with the first response, "even if the request body differs"
 * (Idempotency-Key header, https://developers.heygen.com/reference/create-video), so every item of
 * a constant key would get the first item's video (or asset). Checked for all items at once, before
 * any request: every item of a shared key fails, none is sent.
 */
export function checkIdempotencyKey(ctx: IExecuteFunctions, itemIndex: number): void {
	let shared = sharedKeys.get(ctx);
	if (!shared) {
		const byKey = new Map<string, number[]>();
		const count = ctx.getInputData().length;
		for (let i = 0; i < count; i++) {
			let key = '';
			try {
				key = keyOverride(ctx, i);
			} catch {
				// that item's own error is reported when it runs
			}
			if (key) byKey.set(key, [...(byKey.get(key) ?? []), i]);
		}
		shared = new Map([...byKey].filter(([, items]) => items.length > 1));
		sharedKeys.set(ctx, shared);
	}
	const key = keyOverride(ctx, itemIndex);
	const items = key ? shared.get(key) : undefined;
	if (!items) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Options → Idempotency Key is "${key.slice(0, 60)}" for items ${items.join(', ')}: each item needs its own key`,
		{
			itemIndex,
			description:
				"HeyGen answers a repeated key with the first request's result for 24 hours, even when the request differs, so these items would all get the same video. Leave Idempotency Key empty, or make it unique per item, e.g. {{ $json.id }}. Nothing was sent.",
		},
	);
}

/**
 * `Idempotency-Key` for a create: the same for every attempt of one item in one execution (so a
 * retry after a lost response replays instead of creating a second video), different across
 * executions, items and request bodies. "Options → Idempotency Key" overrides it; two items with
 * the same override are an error (checkIdempotencyKey).
 */
export function idempotencyKeyFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	purpose: string,
	payload: unknown,
): string {
	checkIdempotencyKey(ctx, itemIndex);
	const override = keyOverride(ctx, itemIndex);
	// the override is the create's own key; helper requests (uploads) of the same item derive theirs
	if (override)
		return cleanKey(
			purpose === 'video' || purpose === 'template' ? override : `${override}:${purpose}`,
		).slice(0, 255);
	const workflowId = ctx.getWorkflow().id ?? 'wf';
	const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 20);
	return cleanKey(
		`n8n:${workflowId}:${ctx.getExecutionId()}:${ctx.getNode().id}:${itemIndex}:${purpose}:${hash}`,
	).slice(0, 255);
}

/** Sleeps in short slices so a cancelled execution stops waiting promptly (a webhook call is never cancelled). */
export async function sleepUnlessCancelled(
	ctx: IExecuteFunctions | IWebhookFunctions,
	ms: number,
	itemIndex: number,
): Promise<void> {
	const end = Date.now() + ms;
	for (;;) {
		if (isCancelled(ctx)) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
		}
		const left = end - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, 250));
	}
}

/** Removes undefined/null/'' values (HeyGen's request schemas are closed and typed). */
export function compact<T extends IDataObject>(obj: T): T {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(obj)) {
		if (v === undefined || v === null || v === '') continue;
		if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as IDataObject).length === 0)
			continue;
		out[k] = v;
	}
	return out as T;
}

/**
 * Whether an ID is obviously a placeholder left in a template or an example workflow
 * (REPLACE_WITH_…, YOUR_…, <…>, CHANGE_ME, PLACEHOLDER, TODO, "e.g. …"): HeyGen would answer
 * "not found", but only after the nodes before it (speech, uploads) were paid for.
 */
export function isPlaceholderId(id: string): boolean {
	const value = id.trim();
	return (
		/^replace[ _-]?(with|me)(?![a-z])/i.test(value) ||
		/^your[ _-]/i.test(value) ||
		/^<.*>$/.test(value) ||
		/^\[.*\]$/.test(value) ||
		/^(change[ _-]?me|placeholder|todo|tbd|xxx+)$/i.test(value) ||
		/^e\.g\./i.test(value)
	);
}

/** Fails for a placeholder ID (isPlaceholderId), naming the field, before anything is sent. */
export function assertRealId(node: INode, itemIndex: number, field: string, id: string): void {
	if (!isPlaceholderId(id)) return;
	throw new NodeOperationError(
		node,
		`${field} is still the placeholder "${id.trim().slice(0, 60)}"`,
		{
			itemIndex,
			description: `Replace it with a real ${field}: choose one from the list, or map it from a previous node. Nothing was sent to HeyGen for this item.`,
		},
	);
}

/**
 * A required ID parameter (string or resource locator): trimmed, not empty, not an object, not a
 * placeholder. `description` replaces the generic hint of the "is empty" error.
 */
export function requiredId(
	ctx: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	options: { extractValue?: boolean; description?: string } = {},
): string {
	const raw = ctx.getNodeParameter(
		name,
		itemIndex,
		'',
		options.extractValue ? { extractValue: true } : undefined,
	);
	const id = textValue(ctx, raw, field, itemIndex).trim();
	if (!id)
		throw new NodeOperationError(ctx.getNode(), `${field} is empty`, {
			itemIndex,
			description: options.description ?? `Enter the ${field} or map it from a previous node.`,
		});
	assertRealId(ctx.getNode(), itemIndex, field, id);
	return id;
}

/** A URL parameter: trimmed, and http(s). */
export function httpUrl(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string {
	const url = textValue(ctx, value, field, itemIndex).trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !/^https?:$/.test(parsed.protocol)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${field} must be an http(s) URL, got "${url.slice(0, 100)}"`,
			{ itemIndex },
		);
	}
	return url;
}

/** A streamed response of `openStream`: any HTTP status, body not read yet. */
export interface StreamResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: BinaryStream;
}

/**
 * Opens a GET of a file URL as a stream (n8n's own request helper: no API key is sent). An
 * execution's cancellation aborts it.
 */
export async function openStream(
	ctx: IExecuteFunctions | IWebhookFunctions,
	url: string,
	timeoutMs: number,
): Promise<StreamResponse> {
	return (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
		abortSignal: 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined,
	})) as StreamResponse;
}

/** Strips a presigned URL's query string (signatures) for messages. */
export function displayUrl(url: string): string {
	return url.split('?')[0];
}
