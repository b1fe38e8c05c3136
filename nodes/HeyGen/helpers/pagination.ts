import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getManyLimit } from '../../shared/params';
import type { ApiContext, RetryOptions } from '../../shared/transport';
import { getRetryOptions } from '../../shared/transport';
import { heyGenApiRequest } from '../transport';

export interface Page {
	items: IDataObject[];
	nextToken?: string;
}

/** One page of a v3 list endpoint: `{data: [...], has_more, next_token}`. */
export async function getPage(
	ctx: ApiContext,
	path: string,
	qs: IDataObject,
	limit: number,
	token?: string,
	itemIndex?: number,
	retry?: Partial<RetryOptions>,
): Promise<Page> {
	const query: IDataObject = { ...qs, limit };
	if (token) query.token = token;
	const response = await heyGenApiRequest.call(ctx, {
		method: 'GET',
		path,
		qs: query,
		itemIndex,
		retry,
	});
	const body = (response.body ?? {}) as IDataObject;
	const items = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
	const next =
		body.has_more === true && typeof body.next_token === 'string' && body.next_token
			? body.next_token
			: undefined;
	return { items, nextToken: next };
}

/**
 * Follows `next_token` until `limit` items that pass `keep` are collected (or the listing ends).
 */
export async function collect(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	pageMax: number,
	limit: number,
	keep: (item: IDataObject) => boolean = () => true,
): Promise<IDataObject[]> {
	const retry = getRetryOptions(ctx, itemIndex);
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	let token: string | undefined;
	while (out.length < limit) {
		const size = Math.max(1, Math.min(pageMax, limit - out.length));
		const page = await getPage(ctx, path, qs, size, token, itemIndex, retry);
		out.push(...page.items.filter(keep));
		token = page.nextToken;
		if (!token || seen.has(token)) break;
		seen.add(token);
	}
	return out.slice(0, limit);
}

/** Follows `next_token` until Limit items (or all, with Return All) are collected. */
export async function getMany(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	pageMax: number,
): Promise<IDataObject[]> {
	return await collect(ctx, itemIndex, path, qs, pageMax, getManyLimit(ctx, itemIndex));
}
