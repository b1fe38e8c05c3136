import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as downloadAudio from './downloadAudio.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { del as delete, downloadAudio, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['history'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a history item',
				description: 'Delete a generation and its audio from the history',
			},
			{
				name: 'Download Audio',
				value: 'downloadAudio',
				action: 'Download the audio of a history item',
				description: 'Get the audio of a past generation as a binary file',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a history item',
				description: 'Get a past generation: text, voice, model, date, characters',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many history items',
				description: 'List past generations, filtered by voice, date, source or text',
			},
		],
		default: 'getMany',
	},
	...del.description,
	...downloadAudio.description,
	...get.description,
	...getMany.description,
];
