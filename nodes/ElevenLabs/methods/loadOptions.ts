import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { STATIC_MODEL_OPTIONS } from '../helpers/models';
import { getModels } from '../transport';

/**
 * Text-to-speech models from GET /v1/models with each model's per-request character limit. A key
 * without `models_read` gets the documented models instead of an error.
 */
export async function getTtsModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let models: IDataObject[];
	try {
		models = await getModels.call(this, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
	} catch {
		return STATIC_MODEL_OPTIONS;
	}
	const options = models
		.filter((m) => m.can_do_text_to_speech === true && typeof m.model_id === 'string')
		.map((m) => {
			const limit = Number(m.maximum_text_length_per_request);
			const limitText =
				Number.isFinite(limit) && limit > 0
					? `Up to ${limit.toLocaleString('en-US')} characters per request`
					: '';
			const description = [limitText, typeof m.description === 'string' ? m.description : '']
				.filter(Boolean)
				.join('. ');
			return { name: String(m.name ?? m.model_id), value: String(m.model_id), description };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
	return options.length ? options : STATIC_MODEL_OPTIONS;
}
