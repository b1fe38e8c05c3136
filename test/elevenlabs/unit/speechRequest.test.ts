/** The checks and the shared request body of Text to Speech, before any request is made. */
import {
	checkMaxCharacters,
	checkRequired,
	sharedBody,
} from '../../../nodes/ElevenLabs/helpers/speechRequest';
import { node } from './node';

const valid = { modelId: 'eleven_multilingual_v2', text: 'Hello.', outputFormat: 'mp3_44100_128' };
const plain = {
	modelId: 'eleven_multilingual_v2',
	languageCode: '',
	seed: undefined,
	applyTextNormalization: undefined,
	applyLanguageTextNormalization: undefined,
	dictionaries: [],
};

describe('checkRequired', () => {
	it('passes a complete request', () => {
		expect(() => checkRequired(node, 0, valid)).not.toThrow();
	});

	it.each([
		[{ modelId: '' }, 'No model selected'],
		[{ text: '' }, 'The text to speak is empty (Text)'],
		[{ outputFormat: 'mp3_44100_999' }, 'Unknown Output Format "mp3_44100_999"'],
	])('rejects %j', (change, message) => {
		expect(() => checkRequired(node, 1, { ...valid, ...change })).toThrow(message);
	});

	it('lists the accepted formats when the format is unknown', () => {
		expect.assertions(2);
		try {
			checkRequired(node, 0, { ...valid, outputFormat: 'flac' });
		} catch (error) {
			expect((error as { description: string }).description).toContain('mp3_44100_128');
			expect((error as { description: string }).description).toContain('opus_48000_192');
		}
	});
});

describe('sharedBody', () => {
	it('sends only the model when nothing else is set', () => {
		expect(sharedBody(node, 0, plain)).toEqual({ model_id: 'eleven_multilingual_v2' });
		expect(sharedBody(node, 0, { ...plain, seed: '' })).toEqual({
			model_id: 'eleven_multilingual_v2',
		});
	});

	it("puts every option the user set under the API's field name", () => {
		expect(
			sharedBody(node, 0, {
				modelId: 'eleven_turbo_v2_5',
				languageCode: 'de',
				seed: 0,
				applyTextNormalization: 'off',
				applyLanguageTextNormalization: true,
				dictionaries: [
					{ id: 'dict1', version: 'v1' },
					{ id: 'dict2', version: '' },
				],
			}),
		).toEqual({
			model_id: 'eleven_turbo_v2_5',
			language_code: 'de',
			seed: 0,
			apply_text_normalization: 'off',
			apply_language_text_normalization: true,
			pronunciation_dictionary_locators: [
				{ pronunciation_dictionary_id: 'dict1', version_id: 'v1' },
				{ pronunciation_dictionary_id: 'dict2' },
			],
		});
	});

	it.each([[-1], [1.5], [4294967296], ['42'], [{}]])('rejects the seed %j', (seed) => {
		expect(() => sharedBody(node, 0, { ...plain, seed })).toThrow(
			/^Seed must be an integer from 0 to 4294967295 \(got /,
		);
	});

	it('accepts the largest seed', () => {
		expect(sharedBody(node, 0, { ...plain, seed: 4294967295 }).seed).toBe(4294967295);
	});

	it('rejects more than 3 pronunciation dictionaries', () => {
		const dictionaries = ['a', 'b', 'c', 'd'].map((id) => ({ id, version: '' }));
		expect(() => sharedBody(node, 0, { ...plain, dictionaries })).toThrow(
			'At most 3 pronunciation dictionaries can be used',
		);
	});
});

describe('checkMaxCharacters', () => {
	const text = (n: number) => 'x'.repeat(n);

	it('passes text up to the limit, by default 50,000 characters', () => {
		expect(() => checkMaxCharacters(node, 0, text(50_000))).not.toThrow();
		expect(() => checkMaxCharacters(node, 0, text(50_000), undefined)).not.toThrow();
		expect(() => checkMaxCharacters(node, 0, text(10), 10)).not.toThrow();
	});

	it('names the field, the item, the length and the limit', () => {
		expect(() => checkMaxCharacters(node, 3, text(50_001))).toThrow(
			'Text has 50,001 characters, more than Max Characters allows (50,000) [item 3]',
		);
		expect(() => checkMaxCharacters(node, 0, text(11), 10)).toThrow(
			'Text has 11 characters, more than Max Characters allows (10) [item 0]',
		);
	});

	it('counts characters as the API does (code points, not UTF-16 units)', () => {
		expect(() => checkMaxCharacters(node, 0, '😀'.repeat(10), 10)).not.toThrow();
	});

	it('0 means no limit; an empty field means the default', () => {
		expect(() => checkMaxCharacters(node, 0, text(200_000), 0)).not.toThrow();
		expect(() => checkMaxCharacters(node, 0, text(50_001), '')).toThrow(/\(50,000\)/);
	});

	it.each([[-1], [1.5], ['many'], [{}]])('rejects Max Characters %j', (value) => {
		expect(() => checkMaxCharacters(node, 0, 'Hi.', value)).toThrow(
			/^Max Characters must be a whole number of at least 0 \(got /,
		);
	});
});
