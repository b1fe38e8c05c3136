import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { retryOption } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { audioSeconds, joinAudio } from '../../helpers/audio';
import { perExecution, requestGate } from '../../helpers/concurrency';
import {
	DEFAULT_OUTPUT_FORMAT,
	formatInfo,
	OUTPUT_FORMAT_OPTIONS,
	OUTPUT_FORMAT_VALUES,
	resolveMimeType,
} from '../../helpers/formats';
import {
	ALWAYS_SAFE_LENGTH,
	DEFAULT_MODEL,
	STATIC_MODEL_LIMITS,
	supportsStitching,
	UNKNOWN_MODEL_LIMIT,
} from '../../helpers/models';
import type { CharacterAlignment } from '../../helpers/subtitles';
import { appendAlignment, toSrt, toVtt, wordsFromAlignment } from '../../helpers/subtitles';
import { describeValue, textParameter, textValue } from '../../helpers/params';
import { codePointLength, head, splitText, tail } from '../../helpers/text';
import { getModels, getVoice, textToSpeech } from '../../transport';
import { voiceLocator } from '../descriptions';

const show = { show: { resource: ['speech'], operation: ['textToSpeech'] } };

/** Context text sent around a chunk when request stitching is unavailable. */
const CONTEXT_CHARS = 1000;

export const description: INodeProperties[] = [
	voiceLocator(
		show,
		'The voice to speak with. Search your voices by name, enter a voice ID, or paste a voice URL.',
	),
	{
		displayName: 'Model Name or ID',
		name: 'modelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTtsModels' },
		default: DEFAULT_MODEL,
		required: true,
		displayOptions: show,
		description:
			'The text-to-speech model; each lists its per-request character limit. Multilingual v2 is the default; Flash/Turbo v2.5 are faster and half the price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		displayOptions: show,
		placeholder: 'e.g. {{ $json.text }}',
		description:
			"The text to speak. Text longer than the model's per-request limit is split at paragraph and sentence boundaries and joined into one audio file.",
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: OUTPUT_FORMAT_OPTIONS,
		default: DEFAULT_OUTPUT_FORMAT,
		displayOptions: show,
		description:
			'Codec, sample rate and bitrate of the audio. PCM, μ-law and A-law are raw samples without a header (the sample rate is in the output JSON); WAV is the same PCM with a header.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Binary Property Name',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description:
					'Binary property to put the audio in. With timestamps, the subtitles and the alignment go to properties with the suffixes _srt, _vtt and _alignment.',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 2,
				description:
					"How many items are converted at the same time. Keep it at or below your plan's concurrency (Free 2, Starter 3, Creator 5, Pro 10 for Multilingual v2). Output order always follows input order.",
			},
			{
				displayName: 'Enable Logging',
				name: 'enableLogging',
				type: 'boolean',
				default: true,
				description:
					'Whether ElevenLabs keeps the request in its history. Off = zero-retention mode (enterprise only), which also disables request stitching for long text.',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: 'speech',
				description:
					'Name of the audio file; the extension of the output format is added when missing',
			},
			{
				displayName: 'Include Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: true,
				description:
					"Whether to keep the input item's JSON fields and binary files in the output item",
			},
			{
				displayName: 'Language Code',
				name: 'languageCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. de',
				description:
					'ISO 639-1 code to enforce a language (Flash/Turbo v2.5 and v3). Sent only when set; leave empty to let the model detect the language.',
			},
			{
				displayName: 'Language Text Normalization',
				name: 'applyLanguageTextNormalization',
				type: 'boolean',
				default: false,
				description:
					'Whether to apply language-specific text normalization (currently Japanese only; adds latency)',
			},
			{
				displayName: 'Next Text',
				name: 'nextText',
				type: 'string',
				default: '',
				description: 'Text that comes after this one (not spoken), for a natural ending intonation',
			},
			{
				displayName: 'Previous Text',
				name: 'previousText',
				type: 'string',
				default: '',
				description: 'Text that came before this one (not spoken), for a natural continuation',
			},
			{
				displayName: 'Pronunciation Dictionaries',
				name: 'pronunciationDictionaries',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowed: 3 },
				default: {},
				description: 'Up to 3 pronunciation dictionaries, applied in order',
				options: [
					{
						displayName: 'Dictionary',
						name: 'dictionary',
						values: [
							{
								displayName: 'Dictionary ID',
								name: 'dictionaryId',
								type: 'string',
								default: '',
								required: true,
							},
							{
								displayName: 'Version ID',
								name: 'versionId',
								type: 'string',
								default: '',
								description: 'Leave empty for the latest version',
							},
						],
					},
				],
			},
			retryOption,
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 4294967295 },
				default: 0,
				description: 'Integer 0–4294967295 for (best-effort) repeatable results',
			},
			{
				displayName: 'Split Long Text',
				name: 'splitLongText',
				type: 'boolean',
				default: true,
				description:
					"Whether to split text longer than the model's limit into several requests (stitched together for seamless prosody) and join the audio into one file. Off: such text fails with ElevenLabs' max_character_limit_exceeded error.",
			},
			{
				displayName: 'Text Normalization',
				name: 'applyTextNormalization',
				type: 'options',
				options: [
					{ name: 'Auto', value: 'auto', description: 'ElevenLabs decides (default)' },
					{ name: 'Off', value: 'off', description: 'Speak numbers, dates etc. as written.' },
					{
						name: 'On',
						value: 'on',
						description:
							'Always spell out numbers, dates etc. (enterprise-only on Flash/Turbo v2.5).',
					},
				],
				default: 'auto',
				description: 'Whether numbers, dates and abbreviations are spelled out before speaking',
			},
			{
				displayName: 'Timestamps and Subtitles',
				name: 'timestamps',
				type: 'boolean',
				default: false,
				description:
					'Whether to also output the character timing (JSON) and word-level SRT and WebVTT subtitle files, aligned across split chunks',
			},
			{
				displayName: 'Voice Settings',
				name: 'voiceSettings',
				type: 'collection',
				placeholder: 'Add Setting',
				default: {},
				description:
					"Overrides of the voice's stored settings. Settings not added keep the voice's stored values.",
				options: [
					{
						displayName: 'Similarity Boost',
						name: 'similarityBoost',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 0.75,
						description: 'How closely to match the original voice (0–1)',
					},
					{
						displayName: 'Speaker Boost',
						name: 'useSpeakerBoost',
						type: 'boolean',
						default: true,
						description: 'Whether to boost similarity to the original speaker (slightly slower)',
					},
					{
						displayName: 'Speed',
						name: 'speed',
						type: 'number',
						typeOptions: { minValue: 0.7, maxValue: 1.2, numberPrecision: 2 },
						default: 1,
						description: 'Speaking speed, 0.7 (slower) to 1.2 (faster)',
					},
					{
						displayName: 'Stability',
						name: 'stability',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 0.5,
						description:
							'Lower is more expressive, higher more consistent (0–1; for v3: 0 Creative, 0.5 Natural, 1 Robust)',
					},
					{
						displayName: 'Style',
						name: 'style',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						default: 0,
						description: 'Style exaggeration (0–1); 0 is recommended',
					},
				],
			},
		],
	},
];

/** The Concurrency option: how many text-to-speech requests may be in flight at once. */
function requestConcurrency(ctx: IExecuteFunctions): number {
	return Math.max(1, Math.floor(Number(ctx.getNodeParameter('options.concurrency', 0, 2)) || 2));
}

/**
 * How many items the router runs at once: twice the request limit. The request gate still lets
 * only `Concurrency` requests out; the other items meanwhile resolve their parameters or store the
 * audio they got, so that work never holds a request slot and the account's limit stays busy.
 */
export function concurrency(this: IExecuteFunctions): number {
	return 2 * requestConcurrency(this);
}

const SETTING_FIELDS: Record<string, string> = {
	stability: 'stability',
	similarityBoost: 'similarity_boost',
	style: 'style',
	useSpeakerBoost: 'use_speaker_boost',
	speed: 'speed',
};

async function modelLimit(
	ctx: IExecuteFunctions,
	modelId: string,
): Promise<{ limit: number; source: string }> {
	const models = await perExecution(ctx, 'models', async () => {
		try {
			return await getModels.call(ctx, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
		} catch {
			return undefined; // e.g. a key without models_read: use the documented limits
		}
	});
	const model = models?.find((m) => m.model_id === modelId);
	const fromApi = Number(model?.maximum_text_length_per_request);
	if (Number.isFinite(fromApi) && fromApi > 0) return { limit: fromApi, source: 'api' };
	if (STATIC_MODEL_LIMITS[modelId])
		return { limit: STATIC_MODEL_LIMITS[modelId], source: 'static' };
	return { limit: UNKNOWN_MODEL_LIMIT, source: 'unknown-model' };
}

async function voiceDetails(
	ctx: IExecuteFunctions,
	voiceId: string,
): Promise<IDataObject | undefined> {
	return await perExecution(ctx, `voice:${voiceId}`, async () => {
		try {
			return await getVoice.call(ctx, voiceId, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
		} catch {
			return undefined; // a key without voices_read, or an unknown voice (the TTS call reports that)
		}
	});
}

function withExtension(name: string, extension: string): string {
	const base = name.trim() || 'speech';
	return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
}

function limitFromError(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	if (!String(error.message).includes('max_character_limit_exceeded')) return undefined;
	const match = /character limit of ([\d,]+)/.exec(String(error.message));
	return match ? Number(match[1].replace(/,/g, '')) : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const item = this.getInputData()[itemIndex];
	const locator = this.getNodeParameter('voice', itemIndex) as INodeParameterResourceLocator;
	const voiceId = textParameter(this, 'voice', 'Voice', itemIndex, { extractValue: true }).trim();
	const modelId = textParameter(this, 'modelId', 'Model', itemIndex).trim();
	const text = textParameter(this, 'text', 'Text', itemIndex);
	const outputFormat = textParameter(this, 'outputFormat', 'Output Format', itemIndex, {
		fallback: DEFAULT_OUTPUT_FORMAT,
	}).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	if (!voiceId)
		throw new NodeOperationError(node, 'No voice selected', {
			itemIndex,
			description: 'Pick a voice from the list or enter its ID.',
		});
	if (!modelId)
		throw new NodeOperationError(node, 'No model selected', {
			itemIndex,
			description: `Choose a model, e.g. ${DEFAULT_MODEL}.`,
		});
	if (!text.trim())
		throw new NodeOperationError(node, 'The text to speak is empty (Text)', {
			itemIndex,
			description: 'Check the Text parameter (and the expression it uses).',
		});
	if (!(OUTPUT_FORMAT_VALUES as readonly string[]).includes(outputFormat)) {
		throw new NodeOperationError(node, `Unknown Output Format "${outputFormat}"`, {
			itemIndex,
			description: `Use one of: ${OUTPUT_FORMAT_VALUES.join(', ')}`,
		});
	}

	const format = formatInfo(outputFormat);
	const withTimestamps = options.timestamps === true;
	const enableLogging = options.enableLogging !== false;
	const binaryPropertyName =
		textValue(this, options.binaryPropertyName, 'Binary Property Name', itemIndex).trim() || 'data';
	const retry = getRetryOptions(this, itemIndex);

	// ---- the request body shared by all chunks
	const base: IDataObject = { model_id: modelId };
	const languageCode = textValue(this, options.languageCode, 'Language Code', itemIndex).trim();
	if (languageCode) base.language_code = languageCode;
	if (options.seed !== undefined && options.seed !== null && options.seed !== '') {
		const seed = options.seed;
		if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
			throw new NodeOperationError(
				node,
				`Seed must be an integer from 0 to 4294967295 (got ${describeValue(seed)})`,
				{ itemIndex },
			);
		}
		base.seed = seed;
	}
	if (typeof options.applyTextNormalization === 'string')
		base.apply_text_normalization = options.applyTextNormalization;
	if (options.applyLanguageTextNormalization === true)
		base.apply_language_text_normalization = true;
	const dictionaries = ((options.pronunciationDictionaries as IDataObject | undefined)
		?.dictionary ?? []) as IDataObject[];
	if (dictionaries.length > 3)
		throw new NodeOperationError(node, 'At most 3 pronunciation dictionaries can be used', {
			itemIndex,
		});
	if (dictionaries.length) {
		base.pronunciation_dictionary_locators = dictionaries.map((d) => {
			const locator: IDataObject = {
				pronunciation_dictionary_id: textValue(
					this,
					d.dictionaryId,
					'Dictionary ID',
					itemIndex,
				).trim(),
			};
			const versionId = textValue(this, d.versionId, 'Version ID', itemIndex).trim();
			if (versionId) locator.version_id = versionId;
			return locator;
		});
	}

	let voiceName: string | undefined =
		locator &&
		typeof locator === 'object' &&
		locator.mode === 'list' &&
		locator.value === voiceId &&
		locator.cachedResultName
			? String(locator.cachedResultName)
			: undefined;
	const settingsIn = (options.voiceSettings ?? {}) as IDataObject;
	const settingKeys = Object.keys(settingsIn).filter(
		(k) => SETTING_FIELDS[k] && settingsIn[k] !== undefined && settingsIn[k] !== null,
	);
	const partialSettings =
		settingKeys.length > 0 && settingKeys.length < Object.keys(SETTING_FIELDS).length;
	// The voice's details cost a request: only looked up when some voice settings are overridden
	// (the rest must come from the voice). The name then comes along; otherwise it is known only
	// for a voice picked from the list.
	if (partialSettings) {
		const details = await voiceDetails(this, voiceId);
		if (details && typeof details.name === 'string') voiceName ??= details.name;
		if (partialSettings && details?.settings && typeof details.settings === 'object') {
			// The API fills fields missing from voice_settings with global defaults, not with the voice's
			// stored values: send the stored values for the settings the user did not override.
			const stored = details.settings as IDataObject;
			const merged: IDataObject = {};
			for (const field of Object.values(SETTING_FIELDS))
				if (stored[field] !== undefined && stored[field] !== null) merged[field] = stored[field];
			base.voice_settings = merged;
		}
	}
	if (settingKeys.length) {
		const speed = settingsIn.speed;
		if (speed !== undefined && (typeof speed !== 'number' || speed < 0.7 || speed > 1.2)) {
			throw new NodeOperationError(
				node,
				`Speed must be between 0.7 and 1.2 (got ${describeValue(speed)})`,
				{ itemIndex },
			);
		}
		const labels: Record<string, string> = {
			stability: 'Stability',
			similarityBoost: 'Similarity Boost',
			style: 'Style',
		};
		for (const key of ['stability', 'similarityBoost', 'style']) {
			const v = settingsIn[key];
			if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) {
				throw new NodeOperationError(
					node,
					`${labels[key]} must be between 0 and 1 (got ${describeValue(v)})`,
					{ itemIndex },
				);
			}
		}
		if (
			settingsIn.useSpeakerBoost !== undefined &&
			typeof settingsIn.useSpeakerBoost !== 'boolean'
		) {
			throw new NodeOperationError(
				node,
				`Speaker Boost must be true or false (got ${describeValue(settingsIn.useSpeakerBoost)})`,
				{ itemIndex },
			);
		}
		const settings = { ...((base.voice_settings as IDataObject | undefined) ?? {}) };
		for (const key of settingKeys) settings[SETTING_FIELDS[key]] = settingsIn[key];
		base.voice_settings = settings;
	}

	// ---- split long text
	const length = codePointLength(text.trim());
	const split = options.splitLongText !== false;
	let chunks = [text.trim()];
	if (split && length > ALWAYS_SAFE_LENGTH) {
		const { limit } = await modelLimit(this, modelId);
		if (length > limit) chunks = splitText(text, limit);
	}

	const stitchingPossible = supportsStitching(modelId) && enableLogging;
	const qs: IDataObject = { output_format: outputFormat };
	if (!enableLogging) qs.enable_logging = false;
	const gate = requestGate(this, requestConcurrency(this));
	const fallbackWaitMs = retry.baseDelayMs ?? 1000;
	const userPrevious = textValue(this, options.previousText, 'Previous Text', itemIndex).trim();
	const userNext = textValue(this, options.nextText, 'Next Text', itemIndex).trim();

	const audioChunks: Buffer[] = [];
	const durations: number[] = [];
	const requestIds: string[] = [];
	const alignments: Array<IDataObject | null | undefined> = [];
	let billed: number | undefined;
	let contentType: string | undefined;
	let stitchedWithIds = false;
	let stitchedWithText = false;

	for (let k = 0; k < chunks.length; k++) {
		const last = k === chunks.length - 1;
		const body: IDataObject = { ...base, text: chunks[k] };
		const idsAvailable = stitchingPossible && requestIds.length === k;
		if (k > 0 && idsAvailable) {
			body.previous_request_ids = requestIds.slice(-3);
			stitchedWithIds = true;
		} else if (k > 0) {
			body.previous_text = tail(chunks[k - 1], CONTEXT_CHARS);
			stitchedWithText = true;
		} else if (userPrevious) {
			body.previous_text = userPrevious;
		}
		if (!last && !idsAvailable) {
			body.next_text = head(chunks[k + 1], CONTEXT_CHARS);
			stitchedWithText = true;
		} else if (last && userNext) {
			body.next_text = userNext;
		}

		const outcome = await gate
			.run(
				async () =>
					await textToSpeech.call(this, {
						voiceId,
						withTimestamps,
						qs,
						body,
						itemIndex,
						retry,
						onConcurrencyLimit: async () => await gate.waitForRelease(fallbackWaitMs),
					}),
			)
			.then(
				(value) => ({ value, error: undefined }),
				(error: unknown) => ({ value: undefined, error }),
			);
		if (!outcome.value) {
			// The account's real limit is lower than the model list said: split the rest again.
			const serverLimit = limitFromError(outcome.error);
			if (split && serverLimit && serverLimit < codePointLength(chunks[k])) {
				chunks = [
					...chunks.slice(0, k),
					...chunks.slice(k).flatMap((c) => splitText(c, serverLimit)),
				];
				k--;
				continue;
			}
			throw outcome.error instanceof NodeApiError || outcome.error instanceof NodeOperationError
				? outcome.error
				: new NodeOperationError(node, outcome.error as Error, { itemIndex });
		}
		const result = outcome.value;
		if (result.requestId) requestIds.push(result.requestId);
		if (result.characterCost !== undefined) billed = (billed ?? 0) + result.characterCost;
		contentType ??= result.contentType;
		const seconds = audioSeconds(format.codec, format.sampleRate, result.audio);
		const alignment = result.alignment as IDataObject | null | undefined;
		const alignedEnd = Array.isArray(alignment?.character_end_times_seconds)
			? Number((alignment.character_end_times_seconds as number[]).slice(-1)[0] ?? 0)
			: 0;
		durations.push(seconds > 0 ? seconds : alignedEnd);
		alignments.push(alignment);
		audioChunks.push(result.audio);
	}

	const audio = joinAudio(format.codec, audioChunks);
	audioChunks.length = 0;
	const durationSeconds = durations.reduce((s, d) => s + d, 0);
	const mimeType = resolveMimeType(outputFormat, withTimestamps ? undefined : contentType);
	const fileName = withExtension(
		textValue(this, options.fileName ?? 'speech', 'File Name', itemIndex),
		format.extension,
	);
	const byteSize = audio.length;
	const includeInput = options.includeInputFields !== false;

	const binary: IBinaryKeyData = includeInput && item?.binary ? { ...item.binary } : {};
	const audioBinary = await this.helpers.prepareBinaryData(audio, fileName, mimeType);
	audioBinary.fileExtension = format.extension;
	audioBinary.mimeType = mimeType;
	binary[binaryPropertyName] = audioBinary;

	const json: IDataObject = {
		voiceId,
		voiceName: voiceName ?? null,
		modelId,
		outputFormat,
		mimeType,
		fileName,
		fileExtension: format.extension,
		sampleRate: format.sampleRate,
		...(format.bitrateKbps ? { bitrateKbps: format.bitrateKbps } : {}),
		...(format.codec === 'pcm' ? { encoding: 'pcm_s16le', channels: 1, bitsPerSample: 16 } : {}),
		...(format.codec === 'ulaw' || format.codec === 'alaw'
			? { encoding: `g711_${format.codec}`, channels: 1 }
			: {}),
		characters: length,
		charactersBilled: billed ?? null,
		requestIds,
		durationSeconds: Math.round(durationSeconds * 1000) / 1000,
		byteSize,
		chunkCount: chunks.length,
		stitching:
			chunks.length === 1
				? 'none'
				: stitchedWithIds && !stitchedWithText
					? 'request_ids'
					: stitchedWithIds
						? 'request_ids_and_text'
						: 'text',
	};

	if (withTimestamps) {
		const merged: CharacterAlignment = {
			characters: [],
			character_start_times_seconds: [],
			character_end_times_seconds: [],
		};
		let offset = 0;
		alignments.forEach((a, k) => {
			appendAlignment(merged, a as unknown as CharacterAlignment, offset);
			offset += durations[k];
		});
		const words = wordsFromAlignment(merged);
		const base = fileName.replace(/\.[^.]+$/, '');
		binary[`${binaryPropertyName}_alignment`] = await this.helpers.prepareBinaryData(
			Buffer.from(JSON.stringify({ ...merged, words }), 'utf8'),
			`${base}.alignment.json`,
			'application/json',
		);
		binary[`${binaryPropertyName}_srt`] = await this.helpers.prepareBinaryData(
			Buffer.from(toSrt(words), 'utf8'),
			`${base}.srt`,
			'application/x-subrip',
		);
		binary[`${binaryPropertyName}_vtt`] = await this.helpers.prepareBinaryData(
			Buffer.from(toVtt(words), 'utf8'),
			`${base}.vtt`,
			'text/vtt',
		);
		json.wordCount = words.length;
	}

	return [
		{
			json: includeInput ? { ...(item?.json ?? {}), ...json } : json,
			binary,
			pairedItem: { item: itemIndex },
		},
	];
}
