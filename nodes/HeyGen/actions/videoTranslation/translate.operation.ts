import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { idempotencyKeyOption } from '../../descriptions';
import { compact } from '../../helpers/common';
import type { MediaSpec } from '../../helpers/jobs';
import {
	createJob,
	jobCreateOptions,
	mediaProperties,
	modeProperty,
	readMedia,
	sharedJobOptions,
	sortByName,
	TRANSLATION,
} from '../../helpers/jobs';
import { resolveLanguages } from '../../helpers/languages';

const VIDEO: MediaSpec = {
	name: 'video',
	label: 'Video',
	kind: 'video',
	defaultSource: 'url',
	urlPlaceholder: 'https://example.com/presenter.mp4',
};

const SUBTITLES: MediaSpec = {
	name: 'srt',
	label: 'Custom Subtitles',
	kind: 'subtitle',
	defaultSource: 'none',
	optional: true,
	urlPlaceholder: 'https://example.com/subtitles.srt',
};

const properties: INodeProperties[] = [
	...mediaProperties(VIDEO),
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: sortByName([
			...jobCreateOptions,
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
				description:
					'Whether to translate only the audio and keep the original video (no lip-sync)',
			},
			idempotencyKeyOption,
			retryOption,
		]),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['videoTranslation'], operation: ['translate'] } },
	properties,
);

/**
 * POST /v3/video-translations: one job per output language, one output item each with its
 * video_translation_id (paired with this input item).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const checkUrls = options.checkUrls !== false;
	// languages and options are checked before anything is uploaded or spent
	const languages = await resolveLanguages(
		this,
		itemIndex,
		this.getNodeParameter('outputLanguages', itemIndex, []),
	);
	const shared = sharedJobOptions(this, itemIndex, options);
	const body: IDataObject = {
		video: await readMedia(this, itemIndex, VIDEO, checkUrls),
		output_languages: languages,
		mode: this.getNodeParameter('mode', itemIndex, 'speed') as string,
		...shared,
		...compact({
			srt: await readMedia(this, itemIndex, SUBTITLES, checkUrls),
			srt_role: options.srtRole as string,
			speaker_num: options.speakerNum as number,
			translate_audio_only: options.translateAudioOnly as boolean,
			input_language: String(options.inputLanguage ?? '').trim(),
			brand_glossary_id: String(options.brandGlossaryId ?? '').trim(),
		}),
	};
	if (body.srt_role && !body.srt)
		throw new NodeOperationError(this.getNode(), 'Subtitles Apply To needs Custom Subtitles', {
			itemIndex,
		});
	const { data, idempotencyKey } = await createJob(this, itemIndex, TRANSLATION, body);
	const created = createdTranslations(data);
	if (!created.length)
		throw new NodeOperationError(this.getNode(), 'HeyGen did not return a video_translation_id', {
			itemIndex,
			description: `The answer was: ${JSON.stringify(data).slice(0, 300)}`,
		});
	// the ids come one per language, in the order of output_languages
	const byIndex = created.length === languages.length;
	const createdAt = Math.floor(Date.now() / 1000);
	return created.map((c, i) => ({
		json: {
			video_translation_id: c.id,
			output_language: c.language ?? (byIndex ? languages[i] : null),
			status: 'pending',
			mode: body.mode,
			title: body.title ?? null,
			created_at: createdAt,
			idempotency_key: idempotencyKey,
			request: body,
		},
	}));
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
