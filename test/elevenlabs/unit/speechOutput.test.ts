/** The output item's JSON, file name and subtitle files, from a finished synthesis. */
import { formatInfo } from '../../../nodes/ElevenLabs/helpers/formats';
import {
	formatFields,
	speechJson,
	subtitleFiles,
	withExtension,
} from '../../../nodes/ElevenLabs/helpers/speechOutput';
import type { SpeechRequest } from '../../../nodes/ElevenLabs/helpers/speechRequest';
import type { Synthesis } from '../../../nodes/ElevenLabs/helpers/synthesize';

function alignment(text: string, start: number, perChar = 0.1) {
	const characters = Array.from(text);
	return {
		characters,
		character_start_times_seconds: characters.map((_, k) => start + k * perChar),
		character_end_times_seconds: characters.map((_, k) => start + (k + 1) * perChar),
	};
}

describe('withExtension', () => {
	it("adds the format's extension when it is missing", () => {
		expect(withExtension('greeting', 'mp3')).toBe('greeting.mp3');
		expect(withExtension('greeting.MP3', 'mp3')).toBe('greeting.MP3');
		expect(withExtension('greeting.mp3', 'wav')).toBe('greeting.mp3.wav');
		expect(withExtension('  ', 'ogg')).toBe('speech.ogg');
	});
});

describe('formatFields', () => {
	it('describes each codec as a player needs it', () => {
		expect(formatFields(formatInfo('mp3_44100_128'))).toEqual({
			sampleRate: 44100,
			bitrateKbps: 128,
		});
		expect(formatFields(formatInfo('wav_16000'))).toEqual({ sampleRate: 16000 });
		expect(formatFields(formatInfo('pcm_22050'))).toEqual({
			sampleRate: 22050,
			encoding: 'pcm_s16le',
			channels: 1,
			bitsPerSample: 16,
		});
		expect(formatFields(formatInfo('alaw_8000'))).toEqual({
			sampleRate: 8000,
			encoding: 'g711_alaw',
			channels: 1,
		});
	});
});

describe('speechJson', () => {
	it('sums and rounds the chunks, and reports what was billed and how it was stitched', () => {
		const request = {
			voiceId: 'v1',
			modelId: 'eleven_multilingual_v2',
			outputFormat: 'ulaw_8000',
			format: formatInfo('ulaw_8000'),
			text: 'Grüße 😀.',
		} as SpeechRequest;
		const synthesis: Synthesis = {
			audio: Buffer.alloc(10),
			chunks: [{ seconds: 1.00049 }, { seconds: 2.0004 }],
			requestIds: ['a', 'b'],
			charactersBilled: 9,
			stitching: 'request_ids',
		};
		expect(speechJson(request, synthesis, { fileName: 'x.ulaw', mimeType: 'audio/basic' })).toEqual(
			{
				voiceId: 'v1',
				voiceName: null,
				modelId: 'eleven_multilingual_v2',
				outputFormat: 'ulaw_8000',
				mimeType: 'audio/basic',
				fileName: 'x.ulaw',
				fileExtension: 'ulaw',
				sampleRate: 8000,
				encoding: 'g711_ulaw',
				channels: 1,
				characters: 8, // code points, as ElevenLabs counts
				charactersBilled: 9,
				requestIds: ['a', 'b'],
				durationSeconds: 3.001,
				byteSize: 10,
				chunkCount: 2,
				stitching: 'request_ids',
			},
		);
		expect(
			speechJson(
				request,
				{ ...synthesis, charactersBilled: undefined },
				{ voiceName: 'Rachel', fileName: 'x.ulaw', mimeType: 'audio/basic' },
			),
		).toMatchObject({ voiceName: 'Rachel', charactersBilled: null });
	});
});

describe('subtitleFiles', () => {
	it("shifts each chunk's timing by the audio before it and names the files after the audio", () => {
		const { files, wordCount } = subtitleFiles(
			[
				{ seconds: 1.5, alignment: alignment('Hi you', 0) },
				{ seconds: 1, alignment: alignment('Bye', 0) },
			],
			'story.mp3',
		);
		expect(wordCount).toBe(3);
		expect(files.map((f) => [f.suffix, f.fileName, f.mimeType])).toEqual([
			['alignment', 'story.alignment.json', 'application/json'],
			['srt', 'story.srt', 'application/x-subrip'],
			['vtt', 'story.vtt', 'text/vtt'],
		]);
		const json = JSON.parse(files[0].data.toString('utf8'));
		expect(json.characters.join('')).toBe('Hi you Bye');
		expect(json.words).toEqual([
			{ text: 'Hi', start: 0, end: 0.2 },
			{ text: 'you', start: 0.3, end: 0.6 },
			{ text: 'Bye', start: 1.5, end: 1.8 },
		]);
		expect(files[1].data.toString('utf8')).toBe(
			'1\n00:00:00,000 --> 00:00:00,200\nHi\n\n' +
				'2\n00:00:00,300 --> 00:00:00,600\nyou\n\n' +
				'3\n00:00:01,500 --> 00:00:01,800\nBye\n',
		);
		expect(files[2].data.toString('utf8')).toBe(
			'WEBVTT\n\n' +
				'00:00:00.000 --> 00:00:00.200\nHi\n\n' +
				'00:00:00.300 --> 00:00:00.600\nyou\n\n' +
				'00:00:01.500 --> 00:00:01.800\nBye\n',
		);
	});

	it('skips chunks without an alignment', () => {
		const { wordCount, files } = subtitleFiles(
			[
				{ seconds: 2, alignment: null },
				{ seconds: 1, alignment: alignment('Late', 0) },
			],
			'a.wav',
		);
		expect(wordCount).toBe(1);
		expect(JSON.parse(files[0].data.toString('utf8')).words).toEqual([
			{ text: 'Late', start: 2, end: 2.4 },
		]);
	});
});
