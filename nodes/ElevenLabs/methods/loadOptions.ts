import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { STS_MODEL_OPTIONS } from '../helpers/audioOptions';
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

/**
 * Speech-to-speech models: GET /v1/models filtered on `can_do_voice_conversion`; the documented
 * models when the key may not list models.
 */
export async function getStsModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	let models: IDataObject[];
	try {
		models = await getModels.call(this, { retry: { maxAttempts: 2, baseDelayMs: 500 } });
	} catch {
		return STS_MODEL_OPTIONS;
	}
	const options = models
		.filter((m) => m.can_do_voice_conversion === true && typeof m.model_id === 'string')
		.map((m) => ({
			name: String(m.name ?? m.model_id),
			value: String(m.model_id),
			description: typeof m.description === 'string' ? m.description : undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return options.length ? options : STS_MODEL_OPTIONS;
}
