/**
 * Videos: POST /v3/videos (contract VideoCreate), GET /v3/videos (VideoList), GET
 * /v3/videos/statuses (VideoStatusesList), GET and DELETE /v3/videos/{video_id} (VideoGet,
 * VideoDelete) (https://developers.heygen.com/reference/create-video,
 * https://developers.heygen.com/reference/get-video). The render itself is render.ts; the checks
 * HeyGen applies to a create beyond its JSON schema are video-checks.ts; the account's limit of
 * videos rendering at once is concurrency.ts.
 */
import { queryString } from '../server';
import { heyGenError, listPage, type HeyGenApi } from './api';
import { notePeak, queueSlot, refuseOverLimit } from './concurrency';
import { idempotent } from './idempotency';
import { newVideo, statusOf, videoResource } from './render';
import type { HeyGenState } from './state';
import { checkVideoSemantics } from './video-checks';

/** HTTP 200 with the v3 error envelope and no status (HeyGenState.statusErrorBodies). */
function statusErrorBody(state: HeyGenState) {
	state.statusErrorBodies--;
	return {
		status: 200,
		body: heyGenError(500, 'internal_error', 'Internal server error, please retry.').body,
	};
}

export function installVideos({ route, state }: HeyGenApi): void {
	route(
		'POST',
		'/v3/videos',
		{ scope: 'video-write', body: 'VideoCreate' },
		async (req, body, res) => {
			const semantic = await checkVideoSemantics(state, body);
			if (semantic) return semantic;
			return await idempotent(state, req, res, body, (key) => {
				const refused = refuseOverLimit(state);
				if (refused) return refused;
				const video = newVideo(
					state,
					body.type as 'avatar' | 'image',
					body,
					key,
					queueSlot(state, body),
				);
				notePeak(state);
				return {
					body: {
						data: { video_id: video.id, status: 'waiting', output_format: video.outputFormat },
					},
				};
			});
		},
	);

	route('GET', '/v3/videos', { query: ['limit', 'token', 'folder_id', 'title'] }, (req) => {
		const title = queryString(req.query, 'title')?.toLowerCase();
		const folder = queryString(req.query, 'folder_id');
		const items = [...state.videos.values()]
			.filter((v) => !v.deleted)
			.filter((v) => !title || (v.title ?? '').toLowerCase().includes(title))
			.filter((v) => !folder || v.folderId === folder)
			.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
		return listPage(
			items,
			req.query,
			{ max: 100, default: 10 },
			`videos:${title ?? ''}:${folder ?? ''}`,
			(v) => videoResource(state, v),
		);
	});

	// GET /v3/videos/statuses (VideoStatusesList): up to 100 comma-separated video_ids and/or
	// batch_ids → one entry each; `pending` is reported as `queued`, unknown, deleted (and, in the
	// sandbox, every batch) IDs as `not_found`. Registered before /v3/videos/{video_id}, which would
	// match the path too. Each listed video counts as one status poll (statusPolls, and the polls
	// mode's progression), exactly like a GET of the video.
	route('GET', '/v3/videos/statuses', { query: ['video_ids', 'batch_ids'] }, (req) => {
		const list = (name: string) => [
			...new Set(
				(queryString(req.query, name) ?? '')
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean),
			),
		];
		const videoIds = list('video_ids');
		const batchIds = list('batch_ids');
		if (!videoIds.length && !batchIds.length)
			return heyGenError(
				400,
				'invalid_parameter',
				'Provide video_ids and/or batch_ids.',
				'video_ids',
			);
		if (videoIds.length + batchIds.length > 100) {
			return heyGenError(
				400,
				'invalid_parameter',
				'At most 100 video_ids and batch_ids per request.',
				videoIds.length > 100 ? 'video_ids' : 'batch_ids',
			);
		}
		state.statusesCalls++;
		if (state.statusErrorBodies > 0) return statusErrorBody(state);
		const data = [
			...videoIds.map((id) => {
				const v = state.videos.get(id);
				if (!v || v.deleted)
					return {
						video_id: id,
						status: 'not_found',
						error: null,
						batch_id: null,
						item_index: null,
					};
				v.polls++;
				const status = statusOf(state, v);
				return {
					video_id: v.id,
					status: status === 'pending' ? 'queued' : status,
					error:
						status === 'failed'
							? { code: v.outcome!.failure_code, message: v.outcome!.failure_message }
							: null,
					batch_id: null,
					item_index: null,
				};
			}),
			...batchIds.map((id) => ({
				video_id: null,
				status: 'not_found',
				error: null,
				batch_id: id,
				item_index: null,
			})),
		];
		return { body: { data, has_more: false, next_token: null } };
	});

	route('GET', '/v3/videos/{video_id}', {}, (req) => {
		const v = state.videos.get(req.params.video_id);
		if (!v || v.deleted) return heyGenError(404, 'video_not_found', 'Video not found.', 'video_id');
		if (state.statusErrorBodies > 0) return statusErrorBody(state);
		v.polls++;
		return { body: { data: videoResource(state, v) } };
	});

	route('DELETE', '/v3/videos/{video_id}', { scope: 'video-write' }, (req) => {
		const v = state.videos.get(req.params.video_id);
		if (!v || v.deleted) return heyGenError(404, 'video_not_found', 'Video not found.', 'video_id');
		v.deleted = true;
		return { body: { data: { id: v.id, deleted: true } } };
	});
}
