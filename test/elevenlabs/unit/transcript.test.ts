/** Speech-to-text responses → output JSON and subtitle cues (helpers/transcript.ts). */
import type { IDataObject } from 'n8n-workflow';

import {
	cuesOf,
	transcriptJson,
	transcriptSubtitles,
	wordsOf,
} from '../../../nodes/ElevenLabs/helpers/transcript';
import { elevenLabsOpenApi } from '../../sandbox/contracts';

/** The OpenAPI's own example responses of POST /v1/speech-to-text. */
const examples = (
	elevenLabsOpenApi.paths['/v1/speech-to-text'].post.responses?.['200']?.content?.[
		'application/json'
	] as unknown as { examples: Record<string, { value: IDataObject }> }
).examples;

describe('transcript helpers', () => {
	it('single channel (the OpenAPI example): text, language, words, speakers', () => {
		const body = examples.single_channel.value;
		const json = transcriptJson(body, true);
		expect(json).toMatchObject({
			text: 'Hello world!',
			language_code: 'en',
			language_probability: 0.98,
			wordCount: 1,
			speakers: ['speaker_1'],
			durationSeconds: 0.5,
		});
		expect(transcriptJson(body, false).words).toBeUndefined();
	});

	it('multichannel (the OpenAPI example): one text per channel, words merged in time order', () => {
		const body = examples.multichannel.value;
		const json = transcriptJson(body, false);
		expect(json.text).toBe('Hello from channel one.\nGreetings from channel two.');
		expect(json.language_code).toBe('en');
		expect(json.speakers).toEqual(['speaker_0', 'speaker_1']);
		expect((json.transcripts as IDataObject[]).every((t) => t.words === undefined)).toBe(true);
		expect(wordsOf(body).map((w) => w.text)).toEqual(['Hello', 'Greetings']);
	});

	it('cues: spacing and untimed words dropped, overlaps pushed apart, audio events kept', () => {
		const cues = cuesOf([
			{ text: 'Hi', start: 0, end: 0.5, type: 'word' },
			{ text: ' ', start: 0.5, end: 0.6, type: 'spacing' },
			{ text: 'there', start: 0.4, end: 0.9, type: 'word' },
			{ text: 'untimed', start: null, end: null, type: 'word' },
			{ text: '(laughter)', start: 1, end: 1, type: 'audio_event' },
		]);
		expect(cues).toEqual([
			{ text: 'Hi', start: 0, end: 0.5 },
			{ text: 'there', start: 0.5, end: 0.9 },
			{ text: '(laughter)', start: 1, end: 1.001 },
		]);
	});

	it('SRT and VTT files named after the source', () => {
		const { cueCount, files } = transcriptSubtitles(examples.single_channel.value, 'talk');
		expect(cueCount).toBe(1);
		expect(files.map((f) => [f.fileName, f.mimeType])).toEqual([
			['talk.srt', 'application/x-subrip'],
			['talk.vtt', 'text/vtt'],
		]);
		expect(files[0].data.toString()).toBe('1\n00:00:00,000 --> 00:00:00,500\nHello\n');
		expect(files[1].data.toString()).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nHello\n');
	});
});
