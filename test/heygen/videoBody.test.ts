/**
 * The pure builders of the POST /v3/videos body (helpers/videoBody.ts), without a workflow: what
 * each part sends for the parameter values, and the errors it reports (with the item index).
 * The workflow tests (generate.test.ts) cover reading the parameters and the URL checks.
 */
import { isPlaceholderId } from '../../nodes/HeyGen/helpers/common';
import {
	backgroundPart,
	checkEngineOptions,
	DEFAULT_ASPECT_RATIO,
	enginePart,
	renderPart,
	scriptPart,
	voiceSettingsPart,
} from '../../nodes/HeyGen/helpers/videoBody';
import { expectValid, heyGenNode } from './setup';

const node = heyGenNode;
const at = { node, itemIndex: 3 };

/** The error a builder throws, as { message, itemIndex }. */
function errorOf(build: () => unknown) {
	try {
		build();
	} catch (error) {
		const e = error as { message: string; context?: { itemIndex?: number } };
		return { message: e.message, itemIndex: e.context?.itemIndex };
	}
	throw new Error('no error');
}

describe('voice settings', () => {
	it('sends only what is set; ElevenLabs settings go into engine_settings', () => {
		expect(voiceSettingsPart({})).toBeUndefined();
		expect(voiceSettingsPart({ speed: 1.2, locale: ' en-US ', volume: 0 })).toEqual({
			speed: 1.2,
			volume: 0,
			locale: 'en-US',
		});
		expect(
			voiceSettingsPart({
				elevenLabsModel: 'eleven_v3',
				elevenLabsStability: 0,
				elevenLabsSpeakerBoost: false,
			}),
		).toEqual({
			engine_settings: {
				engine_type: 'elevenlabs',
				model: 'eleven_v3',
				stability: 0,
				use_speaker_boost: false,
			},
		});
	});
});

describe('script part', () => {
	it('sends the script with the voice (an avatar may use its default voice)', () => {
		expect(scriptPart(at, 'avatar', 'Hello', '')).toEqual({ script: 'Hello' });
		expect(scriptPart(at, 'image', 'Hello', 'v1', { pitch: 5 })).toEqual({
			script: 'Hello',
			voice_id: 'v1',
			voice_settings: { pitch: 5 },
		});
	});

	it('rejects an empty or too long script, and an image without a voice', () => {
		expect(errorOf(() => scriptPart(at, 'avatar', '  ', 'v1'))).toEqual({
			message: 'Script is empty',
			itemIndex: 3,
		});
		expect(errorOf(() => scriptPart(at, 'avatar', 'x'.repeat(5001), 'v1')).message).toBe(
			'Script is 5001 characters; HeyGen accepts at most 5,000',
		);
		expect(scriptPart(at, 'avatar', 'x'.repeat(5000), '').script).toHaveLength(5000);
		expect(errorOf(() => scriptPart(at, 'image', 'Hi', '')).message).toMatch(/Choose a voice/);
	});
});

describe('background part', () => {
	it('a color, an image asset or an image URL (left for the URL check)', () => {
		expect(backgroundPart(at, {})).toBeUndefined();
		expect(backgroundPart(at, { backgroundColor: ' #1A2b3c ' })).toEqual({
			type: 'color',
			value: '#1A2b3c',
		});
		expect(backgroundPart(at, { backgroundAssetId: ' a1 ' })).toEqual({
			type: 'image',
			asset_id: 'a1',
		});
		expect(backgroundPart(at, { backgroundUrl: 'https://example.com/b.png' })).toEqual({
			type: 'image',
			url: 'https://example.com/b.png',
		});
	});

	it('rejects two backgrounds, a background with WebM, and a color that is not hex', () => {
		expect(
			errorOf(() => backgroundPart(at, { backgroundColor: '#fff', backgroundAssetId: 'a' })),
		).toEqual({
			message:
				'Set only one of Background Color, Background Image Asset ID and Background Image URL',
			itemIndex: 3,
		});
		expect(
			errorOf(() => backgroundPart(at, { backgroundColor: '#fff', outputFormat: 'webm' })).message,
		).toMatch(/WebM output has a transparent background/);
		expect(errorOf(() => backgroundPart(at, { backgroundColor: 'red' })).message).toBe(
			'Background Color must be a hex color like #1a2b3c, got "red"',
		);
	});
});

describe('engine part', () => {
	it('Avatar IV is the default (nothing sent); V takes its reference look; images render with IV only', () => {
		expect(enginePart(at, 'avatar', {})).toBeUndefined();
		expect(enginePart(at, 'avatar', { engine: 'avatar_iv' })).toBeUndefined();
		expect(enginePart(at, 'avatar', { engine: 'avatar_iii' })).toEqual({ type: 'avatar_iii' });
		expect(enginePart(at, 'avatar', { engine: 'avatar_v', referenceLookId: 'look2' })).toEqual({
			type: 'avatar_v',
			reference_look_id: 'look2',
		});
		expect(enginePart(at, 'avatar', { engine: 'avatar_v', referenceLookId: '' })).toEqual({
			type: 'avatar_v',
		});
		expect(enginePart(at, 'image', { engine: 'avatar_iv' })).toBeUndefined();
		expect(errorOf(() => enginePart(at, 'image', { engine: 'avatar_v' })).message).toBe(
			'Images are rendered with Avatar IV only; remove the Engine option',
		);
	});
});

describe('render part', () => {
	it('maps the options to v3 fields and leaves out what is not set', () => {
		expect(renderPart({})).toEqual({});
		expect(
			renderPart({
				aspectRatio: '9:16',
				resolution: '4k',
				fit: 'contain',
				outputFormat: 'webm',
				removeBackground: true,
				title: 'T',
				callbackId: 'c1',
				motionPrompt: 'nods',
				expressiveness: 'high',
				captions: 'burnedIn',
			}),
		).toEqual({
			aspect_ratio: '9:16',
			resolution: '4k',
			fit: 'contain',
			output_format: 'webm',
			remove_background: true,
			title: 'T',
			callback_id: 'c1',
			motion_prompt: 'nods',
			expressiveness: 'high',
			caption: { file_format: 'srt', style: 'default' },
		});
		expect(renderPart({ captions: 'srt', removeBackground: false })).toEqual({
			caption: { file_format: 'srt' },
		});
		expect(renderPart({ captions: 'off' })).toEqual({});
	});

	it('the parts together make a contract-valid VideoCreate body', () => {
		const body = {
			type: 'avatar',
			avatar_id: 'look1',
			...scriptPart(at, 'avatar', 'Hello', 'v1', { speed: 1.1, elevenLabsStyle: 0.2 }),
			...renderPart({ aspectRatio: '9:16', captions: 'srt', title: 'T' }),
			background: backgroundPart(at, { backgroundColor: '#000000' }),
			engine: enginePart(at, 'avatar', { engine: 'avatar_v' }),
		};
		expectValid('VideoCreate', 'request', body);
	});
});

describe('option conflicts HeyGen documents (VideoCreate schema), checked before anything is sent', () => {
	it('expressiveness is Avatar IV only: rejected with Avatar V and Avatar III', () => {
		expect(() => checkEngineOptions(at, { expressiveness: 'high' })).not.toThrow();
		expect(() =>
			checkEngineOptions(at, { expressiveness: 'high', engine: 'avatar_iv' }),
		).not.toThrow();
		expect(
			errorOf(() => checkEngineOptions(at, { expressiveness: 'low', engine: 'avatar_v' })),
		).toEqual({
			message: 'Expressiveness works with the Avatar IV engine only, not with Avatar V',
			itemIndex: 3,
		});
		expect(
			errorOf(() => checkEngineOptions(at, { expressiveness: 'medium', engine: 'avatar_iii' }))
				.message,
		).toBe('Expressiveness works with the Avatar IV engine only, not with Avatar III');
	});

	it('a motion prompt does not work with Avatar III (it does with IV and V)', () => {
		expect(() => checkEngineOptions(at, { motionPrompt: 'nods' })).not.toThrow();
		expect(() =>
			checkEngineOptions(at, { motionPrompt: 'nods', engine: 'avatar_v' }),
		).not.toThrow();
		expect(
			errorOf(() => checkEngineOptions(at, { motionPrompt: 'nods', engine: 'avatar_iii' })),
		).toEqual({ message: 'Motion Prompt does not work with the Avatar III engine', itemIndex: 3 });
	});

	it('a Reference Look ID belongs to the Avatar V engine', () => {
		expect(() =>
			checkEngineOptions(at, { referenceLookId: 'look2', engine: 'avatar_v' }),
		).not.toThrow();
		expect(errorOf(() => checkEngineOptions(at, { referenceLookId: 'look2' })).message).toBe(
			'Reference Look ID is used by the Avatar V engine only, not by Avatar IV',
		);
		expect(() => checkEngineOptions(at, { referenceLookId: '  ' })).not.toThrow();
	});
});

describe('placeholder IDs', () => {
	it('recognises the placeholders of templates and examples, not real IDs', () => {
		for (const id of [
			'REPLACE_WITH_AVATAR_LOOK_ID',
			'replace-me',
			'Replace with your voice',
			'YOUR_VOICE_ID',
			'your-asset-id',
			'<look id>',
			'[asset id]',
			'CHANGE_ME',
			'placeholder',
			'TODO',
			'xxx',
			'e.g. 1f3c9e0d',
		])
			expect([id, isPlaceholderId(id)]).toEqual([id, true]);
		for (const id of [
			'1f3c9e0d2b7a4c58',
			'Abigail_expressive_2024112501',
			'2d5b0e6cf36f460aa7fc47e3eee4ba54',
			'yourbrand_look_1',
			'replacement_look',
		])
			expect([id, isPlaceholderId(id)]).toEqual([id, false]);
	});

	it('the builders reject a placeholder background asset and reference look', () => {
		expect(errorOf(() => backgroundPart(at, { backgroundAssetId: 'YOUR_ASSET_ID' }))).toEqual({
			message: 'Background Image Asset ID is still the placeholder "YOUR_ASSET_ID"',
			itemIndex: 3,
		});
		expect(
			errorOf(() =>
				enginePart(at, 'avatar', { engine: 'avatar_v', referenceLookId: 'REPLACE_WITH_LOOK' }),
			).message,
		).toBe('Reference Look ID is still the placeholder "REPLACE_WITH_LOOK"');
	});
});

describe('aspect ratio', () => {
	it('defaults to vertical 9:16 (HeyGen itself defaults to 16:9)', () => {
		expect(DEFAULT_ASPECT_RATIO).toBe('9:16');
		expect(renderPart({ aspectRatio: DEFAULT_ASPECT_RATIO })).toEqual({ aspect_ratio: '9:16' });
	});
});
