/**
 * Templates: GET /v3/templates (contract TemplateList), GET /v3/templates/{template_id}
 * (TemplateGet: variables and scenes) and POST /v3/templates/{template_id} (TemplateGenerate),
 * which renders a video like POST /v3/videos and returns the video object (render.ts).
 * Generation takes `variables` keyed by the template's variable names, each {name, type,
 * properties}; `scene_ids` from the template; fps 25, 30 or 60 (heygen-cli `gen/template.go`).
 */
import { heyGenError, listPage, type HeyGenApi } from './api';
import { notePeak, queueSlot, refuseOverLimit } from './concurrency';
import { idempotent } from './idempotency';
import { newVideo, videoResource } from './render';
import type { TemplateRecord } from './catalog';

/** The fields TemplateList items and TemplateGet share. */
const summary = (t: TemplateRecord) => ({
	id: t.id,
	name: t.name,
	aspect_ratio: t.aspect_ratio,
	created_at: t.created_at,
	updated_at: t.updated_at,
	thumbnail_url: `https://static.heygen.example/templates/${t.id}.jpg`,
});

export function installTemplates({ route, state }: HeyGenApi): void {
	const find = (id: string) => state.templates.find((x) => x.id === id);
	const notFound = () =>
		heyGenError(404, 'resource_not_found', 'Template not found.', 'template_id');

	route('GET', '/v3/templates', { query: ['limit', 'token'] }, (req) =>
		listPage(state.templates, req.query, { max: 100, default: 10 }, 'templates', summary),
	);

	route('GET', '/v3/templates/{template_id}', {}, (req) => {
		const t = find(req.params.template_id);
		if (!t) return notFound();
		return {
			body: {
				data: {
					...summary(t),
					variables: t.variables,
					scenes: t.scenes,
					scene_ids: t.scenes.map((s) => s.scene_id),
				},
			},
		};
	});

	route(
		'POST',
		'/v3/templates/{template_id}',
		{ scope: 'video-write', body: 'TemplateGenerate' },
		async (req, body, res) => {
			const t = find(req.params.template_id);
			if (!t) return notFound();
			for (const [name, value] of Object.entries(body.variables as Record<string, unknown>)) {
				if (!t.variables[name])
					return heyGenError(
						400,
						'invalid_parameter',
						`Unknown template variable '${name}'.`,
						`variables.${name}`,
					);
				const v = value as { type?: unknown; properties?: unknown };
				if (
					!v ||
					typeof v !== 'object' ||
					typeof v.properties !== 'object' ||
					v.properties === null
				) {
					return heyGenError(
						400,
						'invalid_parameter',
						`Variable '${name}' must be {name, type, properties}.`,
						`variables.${name}`,
					);
				}
				if (v.type !== undefined && v.type !== t.variables[name].type) {
					return heyGenError(
						400,
						'invalid_parameter',
						`Variable '${name}' has type ${t.variables[name].type}.`,
						`variables.${name}.type`,
					);
				}
			}
			const sceneIds = body.scene_ids as string[] | null | undefined;
			for (const id of sceneIds ?? []) {
				if (!t.scenes.some((s) => s.scene_id === id))
					return heyGenError(400, 'invalid_parameter', `Unknown scene '${id}'.`, 'scene_ids');
			}
			if (body.fps !== undefined && ![25, 30, 60].includes(body.fps as number)) {
				return heyGenError(400, 'invalid_parameter', 'fps must be 25, 30 or 60.', 'fps');
			}
			if (typeof body.callback_url === 'string' && !/^https?:\/\//.test(body.callback_url)) {
				return heyGenError(
					400,
					'invalid_parameter',
					'callback_url must be an http(s) URL.',
					'callback_url',
				);
			}
			return await idempotent(state, req, res, { template: t.id, body }, (key) => {
				const refused = refuseOverLimit(state);
				if (refused) return refused;
				const video = newVideo(state, 'template', body, key, {
					aspectRatio: t.aspect_ratio,
					captionStyle: !!body.caption || !!body.subtitles,
					...queueSlot(state, body),
				});
				notePeak(state);
				return { body: { data: videoResource(state, video) } };
			});
		},
	);
}
