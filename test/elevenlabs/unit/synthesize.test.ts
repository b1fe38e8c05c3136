/** The pure parts of synthesizing long text: stitching context, chunk durations (limits: limits.test.ts). */
import { formatInfo } from '../../../nodes/ElevenLabs/helpers/formats';
import {
	chunkContext,
	chunkSeconds,
	stitchingOf,
} from '../../../nodes/ElevenLabs/helpers/synthesize';

const none = { previousText: '', nextText: '' };
const user = { previousText: 'Before.', nextText: 'After.' };

describe('chunkContext', () => {
	it('frames a single chunk with the user’s Previous/Next Text only', () => {
		expect(chunkContext(['Only.'], 0, [], user)).toEqual({
			fields: { previous_text: 'Before.', next_text: 'After.' },
			stitching: undefined,
		});
		expect(chunkContext(['Only.'], 0, [], none)).toEqual({ fields: {}, stitching: undefined });
	});

	it('with request ids: later chunks name the last 3 ids, no chunk text is sent', () => {
		const texts = ['One.', 'Two.', 'Three.', 'Four.', 'Five.'];
		expect(chunkContext(texts, 0, [], user)).toEqual({
			fields: { previous_text: 'Before.' },
			stitching: undefined,
		});
		expect(chunkContext(texts, 1, ['r0'], user)).toEqual({
			fields: { previous_request_ids: ['r0'] },
			stitching: 'request_ids',
		});
		expect(chunkContext(texts, 4, ['r0', 'r1', 'r2', 'r3'], user)).toEqual({
			fields: { previous_request_ids: ['r1', 'r2', 'r3'], next_text: 'After.' },
			stitching: 'request_ids',
		});
	});

	it('without request ids: the neighbouring chunks’ text, cut at a word boundary', () => {
		const long = `${'word '.repeat(300)}end.`;
		const texts = [long, 'Middle.', long];
		const first = chunkContext(texts, 0, undefined, user);
		expect(first.fields.previous_text).toBe('Before.');
		expect(first.fields.next_text).toBe('Middle.');
		expect(first.stitching).toBe('text');
		const middle = chunkContext(texts, 1, undefined, user);
		const previous = middle.fields.previous_text as string;
		const next = middle.fields.next_text as string;
		expect(Array.from(previous).length).toBeLessThanOrEqual(1000);
		expect(long.endsWith(previous)).toBe(true);
		expect(previous.startsWith('word')).toBe(true);
		expect(Array.from(next).length).toBeLessThanOrEqual(1000);
		expect(long.startsWith(next)).toBe(true);
		expect(next.endsWith('word')).toBe(true);
		expect(middle.stitching).toBe('text');
		expect(chunkContext(texts, 2, undefined, user).fields).toEqual({
			previous_text: 'Middle.',
			next_text: 'After.',
		});
	});
});

describe('stitchingOf', () => {
	it('names how the chunks were joined', () => {
		expect(stitchingOf(1, new Set())).toBe('none');
		expect(stitchingOf(3, new Set(['request_ids']))).toBe('request_ids');
		expect(stitchingOf(3, new Set(['text']))).toBe('text');
		expect(stitchingOf(3, new Set(['request_ids', 'text']))).toBe('request_ids_and_text');
	});
});

describe('chunkSeconds', () => {
	it('measures headerless audio from its size', () => {
		expect(chunkSeconds(formatInfo('pcm_16000'), Buffer.alloc(32_000), null)).toBe(1);
		expect(chunkSeconds(formatInfo('ulaw_8000'), Buffer.alloc(4_000), null)).toBe(0.5);
	});

	it('uses the end of the alignment when the audio cannot be measured', () => {
		const alignment = {
			characters: ['H', 'i'],
			character_start_times_seconds: [0, 0.2],
			character_end_times_seconds: [0.2, 0.45],
		};
		expect(chunkSeconds(formatInfo('mp3_44100_128'), Buffer.alloc(0), alignment)).toBe(0.45);
		expect(chunkSeconds(formatInfo('mp3_44100_128'), Buffer.alloc(0), null)).toBe(0);
	});
});
