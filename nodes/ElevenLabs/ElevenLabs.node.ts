import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as history from './actions/history';
import * as model from './actions/model';
import * as speech from './actions/speech';
import * as user from './actions/user';
import * as voice from './actions/voice';
import { credentialTest, listSearch, loadOptions } from './methods';

export class ElevenLabs implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ElevenLabs',
		name: 'elevenLabs',
		icon: { light: 'file:elevenlabs.svg', dark: 'file:elevenlabs.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Text to speech, speech to text, voice changer, voice isolation and sound effects with ElevenLabs; clone, design and manage voices; history, models and quota',
		defaults: { name: 'ElevenLabs' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'heygenElevenlabsElevenLabsApi', required: true, testedBy: 'elevenLabsApiTest' },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'History', value: 'history' },
					{ name: 'Model', value: 'model' },
					{ name: 'Speech', value: 'speech' },
					{ name: 'User', value: 'user' },
					{ name: 'Voice', value: 'voice' },
				],
				default: 'speech',
			},
			...speech.description,
			...voice.description,
			...model.description,
			...user.description,
			...history.description,
		],
	};

	methods = {
		credentialTest: { elevenLabsApiTest: credentialTest.elevenLabsApiTest },
		listSearch: {
			searchVoices: listSearch.searchVoices,
			searchHistory: listSearch.searchHistory,
		},
		loadOptions: {
			getTtsModels: loadOptions.getTtsModels,
			getStsModels: loadOptions.getStsModels,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
