/** The pre-upload content check of helpers/inputFile.ts: only what is clearly no media is refused. */
import { describeNonMedia, looksLikeMedia } from '../../../nodes/ElevenLabs/helpers/inputFile';
import { fixture, g711, mp3OfDuration, pcm16, wav } from '../../sandbox/media';

describe('input file checks', () => {
	it('recognises the audio and video the sandbox and fixtures produce', () => {
		for (const media of [
			mp3OfDuration('mp3_44100_128', 1),
			wav(pcm16(16000, 0.1), 16000),
			fixture('opus_48000_64.ogg'),
			fixture('video_16x9.mp4'),
			fixture('video_9x16.webm'),
			Buffer.from('ID3\x04\x00', 'latin1'),
			Buffer.from('fLaC\x00\x00', 'latin1'),
		])
			expect(looksLikeMedia(media.subarray(0, 64))).toBe(true);
		// raw G.711 has no signature: not recognised, and not refused either
		expect(looksLikeMedia(g711('ulaw', 0.1))).toBe(false);
		expect(describeNonMedia(g711('ulaw', 0.1))).toBeUndefined();
	});

	it('names content that is certainly something else', () => {
		expect(describeNonMedia(Buffer.from('  {"a":1}'))).toBe('JSON');
		expect(describeNonMedia(Buffer.from('<!DOCTYPE html><html>'))).toBe('an HTML page');
		expect(describeNonMedia(Buffer.from('%PDF-1.4'))).toBe('a PDF document');
		expect(describeNonMedia(fixture('image.png'))).toBe('a PNG image');
		expect(describeNonMedia(fixture('image.jpg'))).toBe('a JPEG image');
		expect(describeNonMedia(Buffer.from('PK\x03\x04', 'latin1'))).toMatch(/ZIP/);
	});
});
