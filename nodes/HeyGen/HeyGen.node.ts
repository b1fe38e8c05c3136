import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as asset from './actions/asset';
import * as avatar from './actions/avatar';
import * as lipsync from './actions/lipsync';
import { router } from './actions/router';
import * as template from './actions/template';
import * as user from './actions/user';
import * as video from './actions/video';
import * as videoTranslation from './actions/videoTranslation';
import * as voice from './actions/voice';
import { resumeFromCallback } from './helpers/callback';
import { credentialTest, listSearch, loadOptions } from './methods';

export class HeyGen implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HeyGen',
		name: 'heyGen',
		icon: { light: 'file:heygen.svg', dark: 'file:heygen.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create talking-avatar videos with HeyGen (API v3): upload assets, generate, wait, download',
		defaults: { name: 'HeyGen' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'heygenElevenlabsHeyGenApi', required: true, testedBy: 'heyGenApiTest' }],
		// The resume webhook of Video → Wait for Completion in callback mode: HeyGen calls the
		// execution's resume URL ($execution.resumeUrl) when the render finishes.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '',
				restartWebhook: true,
				ndvHideUrl: true,
				ndvHideMethod: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Asset', value: 'asset' },
					{ name: 'Avatar', value: 'avatar' },
					{ name: 'Lip Sync', value: 'lipsync' },
					{ name: 'Template', value: 'template' },
					{ name: 'User', value: 'user' },
					{ name: 'Video', value: 'video' },
					{ name: 'Video Translation', value: 'videoTranslation' },
					{ name: 'Voice', value: 'voice' },
				],
				default: 'video',
			},
			...asset.description,
			...avatar.description,
			...lipsync.description,
			...template.description,
			...user.description,
			...video.description,
			...videoTranslation.description,
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
		loadOptions: { getTranslationLanguages: loadOptions.getTranslationLanguages },
	};

	/**
	 * Resume (restart) webhooks are never registered with a remote service, so there is nothing to
	 * check, create or delete; n8n requires the methods for any node that declares webhooks.
	 */
	webhookMethods = {
		default: {
			checkExists: async () => true,
			create: async () => true,
			delete: async () => true,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeFromCallback.call(this);
	}
}
