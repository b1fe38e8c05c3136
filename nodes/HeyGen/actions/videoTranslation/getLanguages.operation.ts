import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { fetchLanguages, languageLabel } from '../../helpers/languages';

const properties: INodeProperties[] = [retryOptions()];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoTranslation'], operation: ['getLanguages'] } },
	properties,
);

/**
 * GET /v3/video-translations/languages: one item per target language. `language` is the value
 * Translate takes (a name such as "Spanish (Spain)", or a code where HeyGen lists codes).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const languages = await fetchLanguages(this, itemIndex);
	return languages.map((language) => ({ json: { language, name: languageLabel(language) } }));
}
