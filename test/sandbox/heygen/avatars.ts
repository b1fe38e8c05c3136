/**
 * Avatar looks and voices, the listings the node's pickers page through: GET /v3/avatars/looks
 * (contract AvatarLooksList; filters group_id, avatar_type, ownership; limit 1–50) and GET
 * /v3/voices (VoiceList; filters type, engine, language, gender; limit 1–100; needs the
 * `voice-read` scope; `type` public|private defaults to public, so the account's own cloned voices
 * are listed only with type=private). A look's `id` is what POST /v3/videos takes as `avatar_id`. Cursor pages
 * via `token` (api.ts); the catalogue is catalog.ts.
 */
import { queryString } from '../server';
import { invalidChoice, listPage, type HeyGenApi } from './api';

export function installAvatars({ route, state }: HeyGenApi): void {
	route(
		'GET',
		'/v3/avatars/looks',
		{ query: ['group_id', 'avatar_type', 'ownership', 'limit', 'token'] },
		(req) => {
			const bad =
				invalidChoice(req.query, 'avatar_type', [
					'studio_avatar',
					'digital_twin',
					'photo_avatar',
				]) ?? invalidChoice(req.query, 'ownership', ['public', 'private']);
			if (bad) return bad;
			const avatarType = queryString(req.query, 'avatar_type');
			const ownership = queryString(req.query, 'ownership');
			const group = queryString(req.query, 'group_id');
			const items = state.looks.filter(
				(l) =>
					(!avatarType || l.avatar_type === avatarType) &&
					(!ownership || l.ownership === ownership) &&
					(!group || l.group_id === group),
			);
			return listPage(
				items,
				req.query,
				{ max: 50, default: 20 },
				`looks:${avatarType ?? ''}:${ownership ?? ''}:${group ?? ''}`,
				({ ownership: own, ...look }) => ({
					...look,
					status: own === 'private' ? (look.status ?? 'completed') : null,
				}),
			);
		},
	);

	route(
		'GET',
		'/v3/voices',
		{ scope: 'voice-read', query: ['type', 'engine', 'language', 'gender', 'limit', 'token'] },
		(req) => {
			const bad = invalidChoice(req.query, 'type', ['public', 'private']);
			if (bad) return bad;
			// `type` defaults to public ("Defaults to \"public\"",
			// https://developers.heygen.com/docs/voices/overview); HeyGenState.voiceTypeFilter
			// can make the sandbox ignore the default, or the parameter altogether.
			const asked = queryString(req.query, 'type');
			const type =
				state.voiceTypeFilter === 'ignored'
					? undefined
					: (asked ?? (state.voiceTypeFilter === 'documented' ? 'public' : undefined));
			const engine = queryString(req.query, 'engine');
			const language = queryString(req.query, 'language')?.toLowerCase();
			const gender = queryString(req.query, 'gender')?.toLowerCase();
			const items = state.voices.filter(
				(v) =>
					(!type || v.type === type) &&
					(!engine || v.engine === engine) &&
					(!language || v.language.toLowerCase() === language) &&
					(!gender || v.gender === gender),
			);
			return listPage(
				items,
				req.query,
				{ max: 100, default: 20 },
				`voices:${type ?? ''}:${engine ?? ''}:${language ?? ''}:${gender ?? ''}`,
				(v) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'engine')),
			);
		},
	);
}
