/**
 * Voices: GET /v2/voices (page_size ≤ 100, next_page_token / has_more / total_count, search,
 * category and voice_type filters; page 0 also carries the matching default voices, so it may hold
 * more than page_size, as the OpenAPI and the maintainers describe, elevenlabs/elevenlabs-docs#954)
 * and GET /v1/voices/{voice_id}. Both need the `voices_read` permission.
 */
import { queryString } from '../server';
import { elevenLabsError, invalidParameter, validationError, type ElevenLabsApi } from './api';

export function installVoices({ route, state }: ElevenLabsApi): void {
	route('GET', '/v2/voices', { permission: 'voices_read', query: true }, (req) => {
		const pageSize = Number(queryString(req.query, 'page_size') ?? 10);
		if (pageSize > 100 || pageSize < 1) {
			return validationError([
				{
					loc: ['query', 'page_size'],
					msg:
						pageSize > 100
							? 'Input should be less than or equal to 100'
							: 'Input should be greater than 0',
					type: pageSize > 100 ? 'less_than_equal' : 'greater_than',
				},
			]);
		}
		const search = (queryString(req.query, 'search') ?? '').toLowerCase().trim();
		const category = queryString(req.query, 'category');
		const voiceType = queryString(req.query, 'voice_type');
		if (category && !['premade', 'cloned', 'generated', 'professional'].includes(category)) {
			return invalidParameter(`Invalid category '${category}'.`, 'category');
		}
		const voiceTypes = [
			'personal',
			'community',
			'default',
			'workspace',
			'non-default',
			'non-community',
			'saved',
		];
		if (voiceType && !voiceTypes.includes(voiceType)) {
			return invalidParameter(`Invalid voice_type '${voiceType}'.`, 'voice_type');
		}
		const matches = state.voices.filter((v) => {
			if (category && v.category !== category) return false;
			if (voiceType === 'default' && v.category !== 'premade') return false;
			if (voiceType === 'community') return false;
			if (
				voiceType &&
				!['default', 'non-community'].includes(voiceType) &&
				v.category === 'premade'
			)
				return false;
			if (search) {
				const hay = [v.name, v.description ?? '', v.category, ...Object.values(v.labels)]
					.join(' ')
					.toLowerCase();
				if (!hay.includes(search)) return false;
			}
			return true;
		});
		const defaults = matches.filter((v) => v.category === 'premade');
		const own = matches.filter((v) => v.category !== 'premade');
		const token = queryString(req.query, 'next_page_token');
		let offset = 0;
		if (token) {
			const decoded = /^p(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
			if (!decoded) return invalidParameter('Invalid next_page_token.', 'next_page_token');
			offset = Number(decoded[1]);
		}
		// Page 0 also carries the (matching) default voices, so it may hold more than page_size.
		const page = [...(offset === 0 ? defaults : []), ...own.slice(offset, offset + pageSize)];
		const hasMore = offset + pageSize < own.length;
		return {
			body: {
				voices: page,
				has_more: hasMore,
				total_count: matches.length,
				next_page_token: hasMore
					? Buffer.from(`p${offset + pageSize}`).toString('base64url')
					: null,
			},
		};
	});

	route('GET', '/v1/voices/{voice_id}', { permission: 'voices_read', query: true }, (req) => {
		const found = state.voices.find((v) => v.voice_id === req.params.voice_id);
		if (!found)
			return elevenLabsError(
				404,
				'voice_not_found',
				`A voice with the voice_id ${req.params.voice_id} was not found.`,
			);
		return { body: found };
	});
}
