import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * HeyGen API key credential (API v3).
 *
 * The key is sent as the `X-Api-Key` header. The credential test is implemented by the HeyGen
 * node (`testedBy: 'heyGenApiTest'`): it reads `GET /v3/users/me` and falls back to a one-item
 * voice listing when the key is not allowed to read the user.
 */
export class HeygenElevenlabsHeyGenApi implements ICredentialType {
	name = 'heygenElevenlabsHeyGenApi';

	displayName = 'HeyGen + ElevenLabs Nodes: HeyGen API';

	icon: Icon = { light: 'file:../icons/heygen.svg', dark: 'file:../icons/heygen.dark.svg' };

	documentationUrl = 'https://developers.heygen.com/docs/quick-start';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'HeyGen app → Settings → API → API token',
		},
		{
			displayName:
				'API calls made with this key (e.g. video generation) are paid from the API wallet balance (HeyGen → Settings → API), which is separate from the credits of a HeyGen web-app plan. HeyGen → User → Get shows the balance.',
			name: 'billingNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.heygen.com',
			description: 'Change only to use a proxy or the offline sandbox that ships with this package',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Api-Key': '={{$credentials.apiKey}}',
			},
		},
	};
}
