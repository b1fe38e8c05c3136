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

/** One listing a search reads: its query, and which of its items belong to it. */
interface Source {
	qs: IDataObject;
	keep?: (item: IDataObject) => boolean;
}

/**
 * Pages through one or more listings in turn (e.g. private voices, then public ones), from
 * `token` ("<listing index>:<API token>"). Without a filter a result page is one API page, or
 * more when a listing ends early (so a short first listing does not make a short page). With a
 * filter (the v3 list endpoints have no name search) pages are scanned until enough matches are
 * found, and the token to continue from is returned.
 */
async function search(
	ctx: ILoadOptionsFunctions,
	path: string,
	pageSize: number,
	token: string | undefined,
	filter: string | undefined,
	matches: (item: IDataObject, needle: string) => boolean,
	toResult: (item: IDataObject) => INodeListSearchItems,
	sources: Source[] = [{ qs: {} }],
): Promise<INodeListSearchResult> {
	const needle = (filter ?? '').trim().toLowerCase();
	const wanted = needle ? 20 : pageSize;
	const results: INodeListSearchItems[] = [];
	const at = /^(\d+):(.*)$/.exec(token ?? '');
	let index = at ? Number(at[1]) : 0;
	let next: string | undefined = at ? at[2] || undefined : token || undefined;
	let pages = 0;
	while (index < sources.length && results.length < wanted && pages < 10) {
		const { qs, keep } = sources[index];
		const page = await getPage(ctx, path, qs, pageSize, next);
		pages++;
		for (const item of page.items)
			if ((!keep || keep(item)) && (!needle || matches(item, needle))) results.push(toResult(item));
		next = page.nextToken;
		if (!next) index++;
	}
	return {
		results,
		paginationToken: index < sources.length ? `${index}:${next ?? ''}` : undefined,
	};
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

/**
 * The account's own (cloned, designed) voices first, then HeyGen's public ones: GET /v3/voices
 * lists only public voices unless asked for `type=private`. Each listing keeps only its own type,
 * so no voice appears twice even where the API would not filter.
 */
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
			`${String(v.name)} ${String(v.voice_id)} ${String(v.language)} ${String(v.gender)} ${v.type === 'private' ? 'my voice private' : ''}`
				.toLowerCase()
				.includes(n),
		(v) => ({
			name: `${v.type === 'private' ? 'My voice · ' : ''}${String(v.name)} (${String(v.language)}, ${String(v.gender)})`,
			value: String(v.voice_id),
			url: (v.preview_audio_url as string) ?? undefined,
		}),
		[
			{ qs: { type: 'private' }, keep: (v) => v.type !== 'public' },
			{ qs: { type: 'public' }, keep: (v) => v.type !== 'private' },
		],
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
