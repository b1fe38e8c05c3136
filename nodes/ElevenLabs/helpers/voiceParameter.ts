import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';

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
	const listed =
		locator?.mode === 'list' && locator.value === id && locator.cachedResultName
			? String(locator.cachedResultName)
			: undefined;
	return { id, listedName: listed };
}
