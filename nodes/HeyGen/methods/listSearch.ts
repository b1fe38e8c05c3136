import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { getPage } from '../helpers/pagination';

const ENGINE_NAMES: Record<string, string> = {
	avatar_v: 'Avatar V',
	avatar_iv: 'Avatar IV',
	avatar_iii: 'Avatar III',
};
const TYPE_NAMES: Record<string, string> = {
	studio_avatar: 'Studio avatar',
	digital_twin: 'Digital twin',
	photo_avatar: 'Photo avatar',
};

/**
 * Pages through a list endpoint from `token`. Without a filter one API page is one result page.
 * With a filter (the v3 list endpoints have no name search) pages are scanned until enough
 * matches are found, and the token to continue from is returned.
 */
async function search(
	ctx: ILoadOptionsFunctions,
	path: string,
	pageSize: number,
	token: string | undefined,
	filter: string | undefined,
	matches: (item: IDataObject, needle: string) => boolean,
	toResult: (item: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let next = token;
	let pages = 0;
	do {
		const page = await getPage(ctx, path, {}, pageSize, next);
		pages++;
		for (const item of page.items)
			if (!needle || matches(item, needle)) results.push(toResult(item));
		next = page.nextToken;
	} while (needle && next && results.length < 20 && pages < 10);
	return { results, paginationToken: next };
}

export async function searchAvatarLooks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/v3/avatars/looks',
		50,
		paginationToken,
		filter,
		(l, n) =>
			`${String(l.name)} ${String(l.id)} ${String(l.avatar_type)} ${((l.tags as string[]) ?? []).join(' ')}`
				.toLowerCase()
				.includes(n),
		(l) => {
			const engines = ((l.supported_api_engines as string[]) ?? [])
				.map((e) => ENGINE_NAMES[e] ?? e)
				.join(', ');
			const type = TYPE_NAMES[String(l.avatar_type)] ?? String(l.avatar_type);
			return {
				name: `${String(l.name)} · ${type}${engines ? ` · ${engines}` : ''}`,
				value: String(l.id),
				url: (l.preview_image_url as string) ?? undefined,
				description: engines ? `Engines: ${engines}` : undefined,
			};
		},
	);
}

export async function searchVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/v3/voices',
		100,
		paginationToken,
		filter,
		(v, n) =>
			`${String(v.name)} ${String(v.voice_id)} ${String(v.language)} ${String(v.gender)}`
				.toLowerCase()
				.includes(n),
		(v) => ({
			name: `${String(v.name)} (${String(v.language)}, ${String(v.gender)}${v.type === 'private' ? ', private' : ''})`,
			value: String(v.voice_id),
			url: (v.preview_audio_url as string) ?? undefined,
		}),
	);
}

export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/v3/templates',
		100,
		paginationToken,
		filter,
		(t, n) => `${String(t.name)} ${String(t.id)}`.toLowerCase().includes(n),
		(t) => ({
			name: `${String(t.name)}${t.aspect_ratio ? ` (${String(t.aspect_ratio)})` : ''}`,
			value: String(t.id),
			url: (t.thumbnail_url as string) ?? undefined,
		}),
	);
}
