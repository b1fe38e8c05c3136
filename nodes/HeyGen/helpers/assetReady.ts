import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RetryOptions } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';
import { idempotencyKeyFor, sleepUnlessCancelled } from './common';

/** How long an upload waits by default for HeyGen to finish processing the file. */
export const DEFAULT_PROCESSING_WAIT_MS = 10 * 60_000;

/** Waits between two status checks: short at first (most files are ready in seconds), then 10 s. */
const POLL_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 10_000];

// The contract names "processing" for /complete and queued/processing/completed/failed for the bulk
// statuses; the other values are the usual spellings of the same states. Anything else (including
// no status at all, "ready", "completed") means the asset can be used.
const PENDING = new Set(['processing', 'queued', 'pending', 'in_progress', 'uploading']);
const FAILED = new Set(['failed', 'error']);

type Phase = 'ready' | 'pending' | 'failed';

export function assetPhase(status: unknown): Phase {
	const s = typeof status === 'string' ? status.trim().toLowerCase() : '';
	if (PENDING.has(s)) return 'pending';
	if (FAILED.has(s)) return 'failed';
	return 'ready';
}

interface Check {
	status: unknown;
	error?: unknown;
}

/**
 * The asset's status from GET /v3/assets/statuses?asset_ids= (contract AssetStatusesList: each
 * entry carries its id as `video_id`). Undefined when that endpoint is missing (404/405), refuses
 * the query (400), or does not know the asset (`not_found`): then /complete is asked instead.
 */
async function statusFromList(
	ctx: IExecuteFunctions,
	itemIndex: number,
	assetId: string,
	retry: Partial<RetryOptions>,
): Promise<Check | undefined> {
	const response = await heyGenApiRequest.call(ctx, {
		method: 'GET',
		path: '/v3/assets/statuses',
		qs: { asset_ids: assetId },
		okStatuses: [400, 404, 405],
		itemIndex,
		retry,
	});
	if (response.statusCode >= 300) return undefined;
	const data = (response.body as IDataObject | undefined)?.data;
	const list = Array.isArray(data) ? (data as IDataObject[]) : [];
	const entry =
		list.find((e) => e.video_id === assetId || e.asset_id === assetId || e.id === assetId) ??
		(list.length === 1 ? list[0] : undefined);
	if (!entry || entry.status === 'not_found') return undefined;
	return { status: entry.status, error: entry.error };
}

function errorText(error: unknown): string {
	if (!error) return '';
	if (typeof error === 'string') return `: ${error}`;
	const e = error as IDataObject;
	const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
	return `: ${message}${typeof e.code === 'string' ? ` [${e.code}]` : ''}`;
}

/**
 * POST /v3/assets/{id}/complete, then, while HeyGen reports the file as still processing, waits
 * (at most `maxWaitMs`) until it is ready, so the asset ID returned can be used right away.
 * Returns the /complete response's data with the final status.
 */
export async function completeWhenReady(
	ctx: IExecuteFunctions,
	itemIndex: number,
	assetId: string,
	retry: Partial<RetryOptions>,
	maxWaitMs: number,
): Promise<IDataObject> {
	const complete = async (first: boolean) => {
		const response = await heyGenApiRequest.call(ctx, {
			method: 'POST',
			path: `/v3/assets/${encodeURIComponent(assetId)}/complete`,
			body: {},
			// Documented as idempotent, so safe to retry on 5xx and network errors. Only the first
			// call carries the key: a repeated call with it would replay the first answer.
			...(first
				? { idempotencyKey: idempotencyKeyFor(ctx, itemIndex, 'complete', assetId) }
				: { idempotent: true }),
			itemIndex,
			retry,
		});
		return ((response.body as IDataObject).data ?? {}) as IDataObject;
	};

	const data = await complete(true);
	const started = Date.now();
	let check: Check = { status: data.status };
	let useList = true;
	for (let poll = 0; assetPhase(check.status) === 'pending'; poll++) {
		const left = maxWaitMs - (Date.now() - started);
		if (left <= 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`HeyGen is still processing the uploaded file (asset ${assetId}, status "${String(check.status)}") after ${Math.round(maxWaitMs / 1000)} s`,
				{
					itemIndex,
					description:
						'The upload itself succeeded; the asset can be used once HeyGen has processed it. Raise Options → Max Processing Wait, or use the asset ID later (Asset → Get).',
				},
			);
		}
		await sleepUnlessCancelled(
			ctx,
			Math.min(left, POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)]),
			itemIndex,
		);
		const listed = useList ? await statusFromList(ctx, itemIndex, assetId, retry) : undefined;
		if (!listed) useList = false;
		check = listed ?? { status: (await complete(false)).status };
	}
	if (assetPhase(check.status) === 'failed') {
		throw new NodeOperationError(
			ctx.getNode(),
			`HeyGen could not process the uploaded file (asset ${assetId})${errorText(check.error)}`,
			{
				itemIndex,
				description:
					'The bytes were uploaded, but HeyGen rejected the file while processing it. Check that it is a valid, not corrupted file of a supported type.',
			},
		);
	}
	return { ...data, status: check.status as string };
}
