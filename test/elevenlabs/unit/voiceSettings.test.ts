/** Voice Settings: checked against the option's ranges, renamed to the API's fields, merged. */
import {
	mergeVoiceSettings,
	needsStoredSettings,
	voiceSettingOverrides,
} from '../../../nodes/ElevenLabs/helpers/voiceSettings';
import { node } from './node';

const ALL = {
	stability: 0.3,
	similarityBoost: 0.9,
	style: 0.1,
	useSpeakerBoost: false,
	speed: 1.15,
};

describe('voiceSettingOverrides', () => {
	it("renames the settings to the API's voice_settings fields", () => {
		expect(voiceSettingOverrides(node, 0, ALL)).toEqual({
			stability: 0.3,
			similarity_boost: 0.9,
			style: 0.1,
			use_speaker_boost: false,
			speed: 1.15,
		});
	});

	it('is empty when no setting was added (or only empty ones), and ignores unknown keys', () => {
		expect(voiceSettingOverrides(node, 0, undefined)).toEqual({});
		expect(voiceSettingOverrides(node, 0, {})).toEqual({});
		expect(voiceSettingOverrides(node, 0, { speed: null, other: 3 })).toEqual({});
	});

	it('accepts the ends of each range', () => {
		expect(voiceSettingOverrides(node, 0, { speed: 0.7, stability: 0, style: 1 })).toEqual({
			speed: 0.7,
			stability: 0,
			style: 1,
		});
		expect(voiceSettingOverrides(node, 0, { speed: 1.2 })).toEqual({ speed: 1.2 });
	});

	it.each([
		[{ speed: 0.69 }, 'Speed must be between 0.7 and 1.2 (got 0.69)'],
		[{ speed: 2 }, 'Speed must be between 0.7 and 1.2 (got 2)'],
		[{ speed: '1' }, 'Speed must be between 0.7 and 1.2 (got "1")'],
		[{ stability: -0.1 }, 'Stability must be between 0 and 1 (got -0.1)'],
		[{ similarityBoost: 1.5 }, 'Similarity Boost must be between 0 and 1 (got 1.5)'],
		[{ style: Number.NaN }, 'Style must be between 0 and 1 (got NaN)'],
		[{ useSpeakerBoost: 'yes' }, 'Speaker Boost must be true or false (got "yes")'],
	])('rejects %j with a message naming the setting', (input, message) => {
		expect(() => voiceSettingOverrides(node, 3, input)).toThrow(message);
		try {
			voiceSettingOverrides(node, 3, input);
		} catch (error) {
			expect((error as { context: { itemIndex: number } }).context.itemIndex).toBe(3);
		}
	});
});

describe('needsStoredSettings', () => {
	it('only when some but not all five settings are overridden', () => {
		expect(needsStoredSettings({})).toBe(false);
		expect(needsStoredSettings({ speed: 0.8 })).toBe(true);
		expect(needsStoredSettings(voiceSettingOverrides(node, 0, ALL))).toBe(false);
	});
});

describe('mergeVoiceSettings', () => {
	const stored = {
		stability: 0.21,
		similarity_boost: 0.61,
		style: 0.05,
		use_speaker_boost: false,
		speed: 1,
	};

	it("sends nothing without overrides (the voice's stored settings apply)", () => {
		expect(mergeVoiceSettings(stored, {})).toBeUndefined();
		expect(mergeVoiceSettings(undefined, {})).toBeUndefined();
	});

	it("completes the overrides with the voice's stored values", () => {
		expect(mergeVoiceSettings(stored, { speed: 0.8 })).toEqual({ ...stored, speed: 0.8 });
	});

	it('drops stored fields that are empty or not settings', () => {
		expect(
			mergeVoiceSettings({ stability: null, style: 0.2, extra: 'x' }, { similarity_boost: 0.5 }),
		).toEqual({ style: 0.2, similarity_boost: 0.5 });
	});

	it('sends only the overrides when the stored settings are unknown', () => {
		expect(mergeVoiceSettings(undefined, { speed: 0.8 })).toEqual({ speed: 0.8 });
	});
});
