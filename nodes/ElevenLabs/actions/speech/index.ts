import type { INodeProperties } from 'n8n-workflow';

import * as textToSpeech from './textToSpeech.operation';

export { textToSpeech };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['speech'] } },
		options: [
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
];
