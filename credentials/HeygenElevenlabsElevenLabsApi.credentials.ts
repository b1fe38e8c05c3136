import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * ElevenLabs API key credential.
 *
 * The key is sent as the `xi-api-key` header. The key can be scoped in the ElevenLabs dashboard:
 * text-to-speech only needs `text_to_speech`; the voice picker needs `voices_read`, the model
 * picker `models_read` and the quota operation `user_read`. The credential test is implemented by
 * the ElevenLabs node (`testedBy: 'elevenLabsApiTest'`) so that a valid scoped key passes with a
 * note on what it cannot do, and it never spends characters.
 */
export class HeygenElevenlabsElevenLabsApi implements ICredentialType {
	name = 'heygenElevenlabsElevenLabsApi';

	displayName = 'HeyGen + ElevenLabs Nodes: ElevenLabs API';

	icon: Icon = { light: 'file:../icons/elevenlabs.svg', dark: 'file:../icons/elevenlabs.dark.svg' };

	documentationUrl = 'https://elevenlabs.io/docs/api-reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create one at elevenlabs.io → Developers → API Keys. A key restricted to Text to Speech works; add Voices (read), Models (read) and User (read) to use the pickers and the quota operation.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'default',
			description: 'Data-residency keys only work against their own region',
			options: [
				{ name: 'Custom Base URL (Proxy or Sandbox)', value: 'custom' },
				{ name: 'Default (api.elevenlabs.io)', value: 'default' },
				{ name: 'EU Residency', value: 'eu' },
				{ name: 'India Residency', value: 'in' },
				{ name: 'Singapore Residency', value: 'sg' },
				{ name: 'United States', value: 'us' },
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://my-proxy.example.com',
			displayOptions: { show: { region: ['custom'] } },
			description: 'Base URL of an ElevenLabs-compatible API, without a trailing /v1',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'xi-api-key': '={{$credentials.apiKey}}',
			},
		},
	};
}
