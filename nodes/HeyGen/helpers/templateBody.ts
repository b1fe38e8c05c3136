import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { describeValue, textValue } from '../../shared/params';

/** The template's variables: "Other Variables (JSON)" with the Text Variables on top. */
function templateVariables(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = ctx.getNode();
	const raw = ctx.getNodeParameter('variablesJson', itemIndex, '{}') as unknown;
	let variables: IDataObject;
	try {
		variables =
			typeof raw === 'string'
				? raw.trim()
					? jsonParse<IDataObject>(raw)
					: {}
				: ((raw ?? {}) as IDataObject);
	} catch {
		throw new NodeOperationError(node, 'Other Variables (JSON) is not valid JSON', { itemIndex });
	}
	if (!variables || typeof variables !== 'object' || Array.isArray(variables)) {
		throw new NodeOperationError(
			node,
			'Other Variables (JSON) must be an object keyed by variable name',
			{ itemIndex },
		);
	}
	const text = (ctx.getNodeParameter('textVariables.variable', itemIndex, []) ??
		[]) as IDataObject[];
	for (const v of text) {
		const name = textValue(ctx, v.name, 'Text Variables → Name', itemIndex).trim();
		if (!name) continue;
		const content = textValue(ctx, v.content, `Text Variables → Text of "${name}"`, itemIndex);
		variables[name] = { name, type: 'text', properties: { content } };
	}
	return variables;
}

/** The POST /v3/templates/{id} body: variables and the options (callback_url is added on create). */
export function buildTemplateBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const text = (name: string, field: string) => textValue(ctx, options[name], field, itemIndex);
	const body: IDataObject = { variables: templateVariables(ctx, itemIndex) };
	if (options.title) body.title = text('title', 'Title');
	if (options.caption === true) body.caption = true;
	if (options.callbackId) body.callback_id = text('callbackId', 'Callback ID');
	if (options.folderId) body.folder_id = text('folderId', 'Folder ID');
	if (options.enableSharing === true) body.enable_sharing = true;
	if (options.fps !== undefined) {
		const fps = Number(options.fps);
		if (![25, 30, 60].includes(fps)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Frame Rate must be 25, 30 or 60, got ${describeValue(options.fps)}`,
				{ itemIndex },
			);
		}
		body.fps = fps;
	}
	if (options.sceneIds) {
		body.scene_ids = text('sceneIds', 'Scene IDs')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	}
	return body;
}
