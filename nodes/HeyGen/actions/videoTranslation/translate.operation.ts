import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ItemResult } from '../../../shared/router';
import { completionFor, waitProperties } from '../../descriptions';
import { compact } from '../../helpers/common';
import { createAndWait } from '../../helpers/create';
import {
	createPending,
	jobOptionsProperty,
	readJobInput,
	SOURCE_VIDEO,
} from '../../helpers/jobCreate';
import { TRANSLATION, TRANSLATION_JOB } from '../../helpers/jobKinds';
import type { MediaSpec } from '../../helpers/jobs';
import { mediaProperties, modeProperty, readMedia } from '../../helpers/jobs';
import { resolveLanguages } from '../../helpers/languages';

const SUBTITLES: MediaSpec = {
	name: 'srt',
	label: 'Custom Subtitles',
	kind: 'subtitle',
	defaultSource: 'none',
	optional: true,
	urlPlaceholder: 'https://example.com/subtitles.srt',
};

const properties: INodeProperties[] = [
	...mediaProperties(SOURCE_VIDEO),
	{
		displayName: 'Output Language Names or IDs',
		name: 'outputLanguages',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTranslationLanguages' },
		default: [],
		required: true,
		description:
			'The languages to translate into; one video translation (and one output item) each. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	modeProperty('Translation quality: Speed (default) or Precision (better lip-sync, more credits)'),
	...mediaProperties(SUBTITLES),
	completionFor(TRANSLATION_JOB),
	...waitProperties({ waitForCompletion: ['poll'] }, TRANSLATION_JOB),
	jobOptionsProperty([
		{
			displayName: 'Brand Glossary ID',
			name: 'brandGlossaryId',
			type: 'string',
			default: '',
			description: 'Custom term translations (HeyGen brand glossary)',
		},
		{
			displayName: 'Input Language',
			name: 'inputLanguage',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Source language code; detected when empty',
		},
		{
			displayName: 'Speaker Count',
			name: 'speakerNum',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'How many people speak in the video (improves speaker separation)',
		},
		{
			displayName: 'Subtitles Apply To',
			name: 'srtRole',
			type: 'options',
			options: [
				{ name: 'Source Video', value: 'input' },
				{ name: 'Translated Video', value: 'output' },
			],
			default: 'output',
			description: 'Which video the custom subtitles describe (Enterprise plans)',
		},
		{
			displayName: 'Translate Audio Only',
			name: 'translateAudioOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to translate only the audio and keep the original video (no lip-sync)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoTranslation'], operation: ['translate'] } },
	properties,
);

/**
 * POST /v3/video-translations for each item: one job per output language, one output item each
 * with its video_translation_id (paired with the input item); then, as Wait for Completion says,
 * output at once, wait for all of them here (each item then carries its translated video), or
 * send the resume URL for a callback-mode wait.
 */
export async function executeBatch(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await createAndWait(this, async (itemIndex) => await translate(this, itemIndex), {
		kind: TRANSLATION_JOB,
		inputFields: false,
	});
}

async function translate(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	// languages and options are checked before anything is uploaded or spent
	const languages = await resolveLanguages(
		ctx,
		itemIndex,
		ctx.getNodeParameter('outputLanguages', itemIndex, []),
	);
	const { options, checkUrls, shared, video, mode } = await readJobInput(ctx, itemIndex);
	const body: IDataObject = {
		video,
		output_languages: languages,
		mode,
		...shared,
		...compact({
			srt: await readMedia(ctx, itemIndex, SUBTITLES, checkUrls),
			srt_role: options.srtRole as string,
			speaker_num: options.speakerNum as number,
			translate_audio_only: options.translateAudioOnly as boolean,
			input_language: String(options.inputLanguage ?? '').trim(),
			brand_glossary_id: String(options.brandGlossaryId ?? '').trim(),
		}),
	};
	if (body.srt_role && !body.srt)
		throw new NodeOperationError(ctx.getNode(), 'Subtitles Apply To needs Custom Subtitles', {
			itemIndex,
		});
	return await createPending(ctx, itemIndex, TRANSLATION, body, (data) => {
		const created = createdTranslations(data);
		// the ids come one per language, in the order of output_languages
		const byIndex = created.length === languages.length;
		return created.map((c, i) => ({
			video_translation_id: c.id,
			output_language: c.language ?? (byIndex ? languages[i] : null),
		}));
	});
}

/**
 * The contract answers `{video_translation_ids: [...]}`; HeyGen's skill docs also show
 * `{video_translations: [{video_translation_id, …}]}`, and v2 a single `video_translate_id`.
 */
function createdTranslations(data: IDataObject): Array<{ id: string; language?: string }> {
	if (Array.isArray(data.video_translation_ids))
		return data.video_translation_ids.filter(Boolean).map((id) => ({ id: String(id) }));
	if (Array.isArray(data.video_translations))
		return (data.video_translations as IDataObject[])
			.map((t) => ({
				id: String(t.video_translation_id ?? t.id ?? ''),
				language: (t.output_language as string | undefined) ?? undefined,
			}))
			.filter((t) => t.id);
	const single = data.video_translation_id ?? data.video_translate_id ?? data.id;
	return single ? [{ id: String(single) }] : [];
}
