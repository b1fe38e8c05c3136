import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as asset from './actions/asset';
import * as avatar from './actions/avatar';
import { router } from './actions/router';
import * as template from './actions/template';
import * as user from './actions/user';
import * as video from './actions/video';
import * as voice from './actions/voice';
import { credentialTest, listSearch } from './methods';

export class HeyGen implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HeyGen',
		name: 'heyGen',
		icon: { light: 'file:heygen.svg', dark: 'file:heygen.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create talking-avatar videos with HeyGen (API v3): upload assets, generate, wait, download',
		defaults: { name: 'HeyGen' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'heyGenApi', required: true, testedBy: 'heyGenApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Asset', value: 'asset' },
					{ name: 'Avatar', value: 'avatar' },
					{ name: 'Template', value: 'template' },
					{ name: 'User', value: 'user' },
					{ name: 'Video', value: 'video' },
					{ name: 'Voice', value: 'voice' },
				],
				default: 'video',
			},
			...asset.description,
			...avatar.description,
			...template.description,
			...user.description,
			...video.description,
			...voice.description,
		],
	};

	methods = {
		credentialTest: { heyGenApiTest: credentialTest.heyGenApiTest },
		listSearch: {
			searchAvatarLooks: listSearch.searchAvatarLooks,
			searchTemplates: listSearch.searchTemplates,
			searchVoices: listSearch.searchVoices,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
