import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';

/** Between a voice's name and its category and labels in the voice picker (see listSearch). */
export const VOICE_NAME_SEPARATOR = ' — ';

/**
 * The Voice locator (see `voiceLocator`): the voice ID, and its name when it was picked from the
 * list (n8n keeps that name, so no request is needed for it).
 */
export function readVoice(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { id: string; listedName?: string } {
	const raw = ctx.getNodeParameter('voice', itemIndex, '', { extractValue: true });
	const id = textValue(ctx, raw, 'Voice', itemIndex).trim();
	if (!id)
		throw new NodeOperationError(ctx.getNode(), 'No voice selected', {
			itemIndex,
			description: 'Pick a voice from the list or enter its ID.',
		});
	const locator = ctx.getNodeParameter('voice', itemIndex) as INodeParameterResourceLocator;
	const cached =
		locator?.mode === 'list' && locator.value === id && locator.cachedResultName
			? String(locator.cachedResultName)
			: undefined;
	// the picker shows "Name — category · labels"; the name is what the output reports
	const cut = cached?.lastIndexOf(VOICE_NAME_SEPARATOR) ?? -1;
	return { id, listedName: cached && cut > 0 ? cached.slice(0, cut) : cached };
}
