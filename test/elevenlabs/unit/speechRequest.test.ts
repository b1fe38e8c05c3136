/** The checks and the shared request body of Text to Speech, before any request is made. */
import { checkRequired, sharedBody } from '../../../nodes/ElevenLabs/helpers/speechRequest';
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
