import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { textValue } from '../../shared/params';
import { isCancelled } from '../../shared/transport';

/** A readable stream as n8n's binary helpers return it (without importing node:stream). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/**
 * `Idempotency-Key` for a create: the same for every attempt of one item in one execution (so a
 * retry after a lost response replays instead of creating a second video), different across
 * executions, items and request bodies. "Options → Idempotency Key" overrides it.
 */
export function idempotencyKeyFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	purpose: string,
	payload: unknown,
): string {
	const override = String(
		ctx.getNodeParameter('options.idempotencyKey', itemIndex, '') ?? '',
	).trim();
	const clean = (s: string) => s.replace(/[^A-Za-z0-9_:.-]/g, '_');
	// the override is the create's own key; helper requests (uploads) of the same item derive theirs
	if (override)
		return clean(
			purpose === 'video' || purpose === 'template' ? override : `${override}:${purpose}`,
		).slice(0, 255);
	const workflowId = ctx.getWorkflow().id ?? 'wf';
	const hash = createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 20);
	return clean(
		`n8n:${workflowId}:${ctx.getExecutionId()}:${ctx.getNode().id}:${itemIndex}:${purpose}:${hash}`,
	).slice(0, 255);
}

/** Sleeps in short slices so a cancelled execution stops waiting promptly. */
export async function sleepUnlessCancelled(
	ctx: IExecuteFunctions,
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
 * A required ID parameter (string or resource locator): trimmed, not empty, not an object.
 * `description` replaces the generic hint of the "is empty" error.
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
