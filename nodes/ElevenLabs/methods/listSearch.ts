import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getVoicesPage } from '../transport';

function describe(voice: IDataObject): string {
	const labels =
		voice.labels && typeof voice.labels === 'object'
			? Object.values(voice.labels as IDataObject)
			: [];
	return [voice.category, ...labels].filter((v) => typeof v === 'string' && v).join(' · ');
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
			name: String(voice.name ?? voice.voice_id),
			value: String(voice.voice_id),
			description: describe(voice) || undefined,
			url: `https://elevenlabs.io/app/voice-lab?voiceId=${encodeURIComponent(String(voice.voice_id))}`,
		})),
		paginationToken: page.hasMore ? page.nextPageToken : undefined,
	};
}
