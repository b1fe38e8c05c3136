import type { INodeProperties } from 'n8n-workflow';

/** Matches voice IDs in ElevenLabs app / library / API URLs, e.g. `…/app/voice-lab?voiceId=21m00Tcm4TlvDq8ikWAM`. */
export const VOICE_URL_REGEX =
	'https?://(?:[\\w-]+\\.)*elevenlabs\\.io/.*?(?:[?&]voiceId=|/voices/|/share/[A-Za-z0-9]+/)([A-Za-z0-9]{10,40})';

/** The Voice resource locator: searchable list (GET /v2/voices, paginated), ID, or URL. */
export function voiceLocator(description: string): INodeProperties {
	return {
		displayName: 'Voice',
		name: 'voice',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a voice...',
				typeOptions: {
					searchListMethod: 'searchVoices',
					searchable: true,
					searchFilterRequired: false,
				},
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 21m00Tcm4TlvDq8ikWAM',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[A-Za-z0-9]{10,40}$',
							errorMessage: 'Not a valid ElevenLabs voice ID',
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://elevenlabs.io/app/voice-lab?voiceId=21m00Tcm4TlvDq8ikWAM',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: VOICE_URL_REGEX,
							errorMessage: 'Not an ElevenLabs URL with a voice ID',
						},
					},
				],
				extractValue: { type: 'regex', regex: VOICE_URL_REGEX },
			},
		],
	};
}
