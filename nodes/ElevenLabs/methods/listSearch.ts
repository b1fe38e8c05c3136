import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { VOICE_NAME_SEPARATOR } from '../helpers/voiceParameter';
import { getHistoryPage, getVoicesPage } from '../transport';

/**
 * What a person chooses a voice by, from its category and labels: "premade · female · american ·
 * en · young · narration". Language falls back to the first verified language.
 */
export function describeVoice(voice: IDataObject): string {
	const labels = (
		voice.labels && typeof voice.labels === 'object' ? voice.labels : {}
	) as IDataObject;
	const verified = Array.isArray(voice.verified_languages)
		? (voice.verified_languages[0] as IDataObject | undefined)?.language
		: undefined;
	const parts = [
		voice.category,
		labels.gender,
		labels.accent,
		labels.language ?? verified,
		labels.age,
		labels.use_case ?? labels['use case'],
	]
		.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
		.map((v) => v.trim().replace(/_/g, ' '));
	return [...new Set(parts)].join(' · ');
}

/**
 * Voice picker: GET /v2/voices with the typed filter as server-side `search`, 100 per page, and the
 * API's next_page_token as the list's pagination token, so every voice of the account is reachable.
 */
export async function searchVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await getVoicesPage.call(
		this,
		{ search: filter?.trim() || undefined, pageSize: 100, pageToken: paginationToken || undefined },
		{ retry: { maxAttempts: 2, baseDelayMs: 500 } },
	);
	return {
		results: page.voices.map((voice) => ({
			name: [String(voice.name ?? voice.voice_id), describeVoice(voice)]
				.filter(Boolean)
				.join(VOICE_NAME_SEPARATOR),
			value: String(voice.voice_id),
			description: describeVoice(voice) || undefined,
			url: `https://elevenlabs.io/app/voice-lab?voiceId=${encodeURIComponent(String(voice.voice_id))}`,
		})),
		paginationToken: page.hasMore ? page.nextPageToken : undefined,
	};
}

/**
 * History picker: the latest generations (GET /v1/history, 100 per page, cursor
 * start_after_history_item_id), named by date, voice and the start of the text. The typed filter
 * is matched here, on the page's items: the API's own `search` may require a source.
 */
export async function searchHistory(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await getHistoryPage.call(
		this,
		{
			page_size: 100,
			...(paginationToken ? { start_after_history_item_id: paginationToken } : {}),
		},
		{ retry: { maxAttempts: 2, baseDelayMs: 500 } },
	);
	const needle = filter?.trim().toLowerCase();
	const results = page.items.map((item) => {
		const date = Number(item.date_unix)
			? new Date(Number(item.date_unix) * 1000).toISOString().slice(0, 16).replace('T', ' ')
			: '';
		const text = String(item.text ?? '').replace(/\s+/g, ' ');
		const snippet = text.length > 60 ? `${text.slice(0, 60)}…` : text;
		return {
			name: [date, item.voice_name, snippet && `"${snippet}"`].filter(Boolean).join(' · '),
			value: String(item.history_item_id),
		};
	});
	return {
		results: needle
			? results.filter((r) => `${r.name} ${r.value}`.toLowerCase().includes(needle))
			: results,
		paginationToken: page.hasMore ? page.lastId : undefined,
	};
}
