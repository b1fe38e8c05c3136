import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions';
import { getRetryOptions } from '../../../shared/transport';
import { readVoice } from '../../helpers/voiceParameter';
import {
	mergeVoiceSettings,
	needsStoredSettings,
	voiceSettingOverrides,
	voiceSettingsOption,
} from '../../helpers/voiceSettings';
import { editVoiceSettings, getVoice } from '../../transport';
import { voiceLocator } from '../descriptions';

const properties: INodeProperties[] = [
	voiceLocator('The voice whose stored settings to change'),
	{
		...voiceSettingsOption,
		displayName: 'Settings',
		name: 'settings',
		description:
			"The settings to store with the voice; they apply whenever Text to Speech doesn't override them. Settings not added keep their current values.",
	},
	retryOptions(),
];

const displayOptions = { show: { resource: ['voice'], operation: ['updateSettings'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /v1/voices/{voice_id}/settings/edit. The stored settings are read first and sent back with
 * the changed ones, because whether the API keeps or resets fields left out is not documented.
 * Needs `voices_write` (and `voices_read` to keep the other settings).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { id } = readVoice(this, itemIndex);
	const overrides = voiceSettingOverrides(
		this.getNode(),
		itemIndex,
		this.getNodeParameter('settings', itemIndex, {}) as IDataObject,
	);
	if (Object.keys(overrides).length === 0)
		throw new NodeOperationError(this.getNode(), 'No settings to update', {
			itemIndex,
			description: 'Add at least one setting (Stability, Similarity Boost, Style, Speed, …).',
		});
	const retry = getRetryOptions(this, itemIndex);
	let stored: IDataObject | undefined;
	if (needsStoredSettings(overrides)) {
		// read fresh (not cached): an earlier item may have just changed this voice
		const voice = await getVoice
			.call(this, id, { itemIndex, retry })
			.catch((error: Error & { httpCode?: string }) => {
				// without `voices_read` only the changed settings are sent; anything else is reported
				if (error.httpCode === '401' && /voices_read/.test(error.message)) return undefined;
				throw error;
			});
		stored = (voice?.settings ?? undefined) as IDataObject | undefined;
	}
	const settings = mergeVoiceSettings(stored, overrides)!;
	const response = await editVoiceSettings.call(this, id, settings, { itemIndex, retry });
	return [{ json: { voice_id: id, status: response.status ?? 'ok', settings } }];
}
