import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue } from '../../shared/params';
import { getVoice } from '../transport';
import { perExecution } from './concurrency';

/** The option name of each voice setting → its field in the API's `voice_settings`. */
const API_FIELDS: Record<string, string> = {
	similarityBoost: 'similarity_boost',
	useSpeakerBoost: 'use_speaker_boost',
	speed: 'speed',
	stability: 'stability',
	style: 'style',
};

/** The Voice Settings option. Its ranges (typeOptions) are also what the values are checked against. */
export const voiceSettingsOption: INodeProperties = {
	displayName: 'Voice Settings',
	name: 'voiceSettings',
	type: 'collection',
	placeholder: 'Add setting',
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
};

const SETTINGS = voiceSettingsOption.options as INodeProperties[];

/**
 * The settings the user added, checked against the option's ranges and renamed to the API's fields.
 * Empty when none were added (then the voice's stored settings apply). Expressions can produce any
 * value, so the ranges the UI enforces are checked again here.
 */
export function voiceSettingOverrides(
	node: INode,
	itemIndex: number,
	input: IDataObject | undefined,
): IDataObject {
	const overrides: IDataObject = {};
	for (const setting of SETTINGS) {
		const value = input?.[setting.name];
		if (value === undefined || value === null) continue;
		const fail = (expected: string) =>
			new NodeOperationError(
				node,
				`${setting.displayName} must be ${expected} (got ${describeValue(value)})`,
				{ itemIndex },
			);
		if (setting.type === 'boolean') {
			if (typeof value !== 'boolean') throw fail('true or false');
		} else {
			const { minValue, maxValue } = setting.typeOptions as { minValue: number; maxValue: number };
			if (typeof value !== 'number' || !(value >= minValue && value <= maxValue))
				throw fail(`between ${minValue} and ${maxValue}`);
		}
		overrides[API_FIELDS[setting.name]] = value;
	}
	return overrides;
}

/**
 * Whether the voice's stored settings must be read: the API fills fields missing from
 * `voice_settings` with global defaults, not with the voice's own values.
 */
export function needsStoredSettings(overrides: IDataObject): boolean {
	const count = Object.keys(overrides).length;
	return count > 0 && count < SETTINGS.length;
}

/** The `voice_settings` to send: the stored values overridden by the user's; none without overrides. */
export function mergeVoiceSettings(
	stored: IDataObject | undefined,
	overrides: IDataObject,
): IDataObject | undefined {
	if (Object.keys(overrides).length === 0) return undefined;
	const merged: IDataObject = {};
	for (const field of Object.values(API_FIELDS)) {
		const value = stored?.[field];
		if (value !== undefined && value !== null) merged[field] = value;
	}
	return { ...merged, ...overrides };
}

/**
 * The `voice_settings` to send with a request for voice `voiceId` (Text to Speech, Speech to
 * Speech): the user's overrides, completed from the voice's stored settings when only some were
 * added; none without overrides. `voice` is the stored voice when it had to be read (its name saves
 * a request).
 */
export async function voiceSettingsFor(
	ctx: IExecuteFunctions,
	voiceId: string,
	overrides: IDataObject,
): Promise<{ settings?: IDataObject; voice?: { name?: string; settings?: IDataObject } }> {
	const voice = needsStoredSettings(overrides) ? await storedVoice(ctx, voiceId) : undefined;
	return { settings: mergeVoiceSettings(voice?.settings, overrides), voice };
}

/**
 * The voice's name and stored settings, once per voice and execution; undefined when the key may
 * not read voices or the voice does not exist (the text-to-speech request reports that).
 */
export async function storedVoice(
	ctx: IExecuteFunctions,
	voiceId: string,
): Promise<{ name?: string; settings?: IDataObject } | undefined> {
	const voice = await perExecution(ctx, `voice:${voiceId}`, async () => {
		try {
			return await getVoice.call(ctx, voiceId, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
		} catch {
			return undefined;
		}
	});
	if (!voice) return undefined;
	return {
		name: typeof voice.name === 'string' ? voice.name : undefined,
		settings:
			voice.settings && typeof voice.settings === 'object'
				? (voice.settings as IDataObject)
				: undefined,
	};
}
