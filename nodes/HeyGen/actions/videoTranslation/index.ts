import type { INodeProperties } from 'n8n-workflow';

import * as deleteTranslation from './delete.operation';
import * as get from './get.operation';
import * as getLanguages from './getLanguages.operation';
import * as getMany from './getMany.operation';
import * as translate from './translate.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export { deleteTranslation as delete, get, getLanguages, getMany, translate, waitForCompletion };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['videoTranslation'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a video translation',
				description: 'Permanently delete a video translation and its files',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a video translation',
				description: "Get a translation's status, download links and failure message",
			},
			{
				name: 'Get Languages',
				value: 'getLanguages',
				action: 'Get the translation languages',
				description: 'List the target languages HeyGen can translate into',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many video translations',
				description: "List the account's video translations",
			},
			{
				name: 'Translate',
				value: 'translate',
				action: 'Translate a video',
				description:
					'Dub a video into one or more languages with voice cloning and lip-sync (one output item per language)',
			},
			{
				name: 'Wait for Completion',
				value: 'waitForCompletion',
				action: 'Wait for a video translation to finish',
				description:
					'Poll (or wait for the callback of) a translation until it is completed or failed, and optionally download the translated video',
			},
		],
		default: 'translate',
	},
	...translate.description,
	...waitForCompletion.description,
	...get.description,
	...getMany.description,
	...deleteTranslation.description,
	...getLanguages.description,
];
