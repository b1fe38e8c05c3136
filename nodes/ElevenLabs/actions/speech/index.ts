import type { INodeProperties } from 'n8n-workflow';

import * as isolateVoice from './isolateVoice.operation';
import * as soundEffect from './soundEffect.operation';
import * as speechToSpeech from './speechToSpeech.operation';
import * as speechToText from './speechToText.operation';
import * as textToSpeech from './textToSpeech.operation';

export { isolateVoice, soundEffect, speechToSpeech, speechToText, textToSpeech };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['speech'] } },
		options: [
			{
				name: 'Isolate Voice',
				value: 'isolateVoice',
				action: 'Isolate the voice in a recording',
				description: 'Remove background noise and music from a recording, keeping the voice',
			},
			{
				name: 'Sound Effect',
				value: 'soundEffect',
				action: 'Generate a sound effect',
				description: 'Generate a sound effect from a text description',
			},
			{
				name: 'Speech to Speech',
				value: 'speechToSpeech',
				action: 'Change the voice of a recording',
				description:
					'Voice changer: say the same thing in another voice, keeping the emotion and timing',
			},
			{
				name: 'Speech to Text',
				value: 'speechToText',
				action: 'Transcribe audio or video',
				description:
					'Transcribe an audio or video file or URL with Scribe: text, language, words, speakers, subtitles',
			},
			{
				name: 'Text to Speech',
				value: 'textToSpeech',
				action: 'Convert text to speech',
				description:
					'Turn text of any length into one audio file, optionally with word-level subtitles',
			},
		],
		default: 'textToSpeech',
	},
	...textToSpeech.description,
	...speechToText.description,
	...speechToSpeech.description,
	...soundEffect.description,
	...isolateVoice.description,
];
