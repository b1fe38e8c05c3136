import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchLanguages, languageLabel } from '../helpers/languages';

/** Output languages of Video Translation → Translate: GET /v3/video-translations/languages, as listed. */
export async function getTranslationLanguages(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const languages = await fetchLanguages(this);
	return languages
		.map((value) => ({ name: languageLabel(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
