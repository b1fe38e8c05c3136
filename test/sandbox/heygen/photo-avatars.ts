/**
 * Photo avatar creation: POST /v3/avatars with `type: 'photo'` (contract AvatarCreate, the
 * CreatePhotoAvatarRequest branch: `name`, `file` as url / asset_id / base64, optional
 * `avatar_group_id`), answering `{avatar_group, avatar_item}` (AvatarCreate response). "Avatar
 * training is asynchronous" (the contract's description): the new look is `processing` for
 * JobsState.photoAvatarTrainMs, then `completed`, in this response and in GET /v3/avatars/looks
 * (avatars.ts), where it is listed under its group with `avatar_type: photo_avatar`. Its `id` is
 * the look id POST /v3/videos takes as `avatar_id`.
 *
 * The digital_twin and prompt types are valid requests but are not modelled here (400).
 */
import { randomBytes } from 'node:crypto';

import { heyGenError, type HeyGenApi } from './api';
import { assetUrl, liveAsset, sniffSandbox } from './assets';
import type { LookRecord } from './catalog';
import { idempotent } from './idempotency';
import { checkMedia } from './jobs';
import type { HeyGenState } from './state';

type File = { type: string; url?: string; asset_id?: string; media_type?: string; data?: string };

/** Pixel size of a PNG (IHDR) or JPEG (first SOF marker). */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
	if (sniffSandbox(bytes)?.mimeType === 'image/png' && bytes.length >= 24)
		return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	for (let i = 2; i + 9 < bytes.length; ) {
		if (bytes[i] !== 0xff) return undefined;
		const marker = bytes[i + 1];
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
			return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
		i += 2 + bytes.readUInt16BE(i + 2);
	}
	return undefined;
}

/** The photo's bytes: an image asset, a downloadable image URL or base64 PNG/JPEG. */
async function photoBytes(
	state: HeyGenState,
	file: File,
): Promise<{ reply: ReturnType<typeof heyGenError> } | { bytes: Buffer; preview: string }> {
	if (file.type === 'base64') {
		const bytes = Buffer.from(file.data ?? '', 'base64');
		if (!/^image\/(png|jpeg)$/.test(file.media_type ?? '') || sniffSandbox(bytes)?.kind !== 'image')
			return {
				reply: heyGenError(
					400,
					'invalid_parameter',
					'file must be a base64 PNG or JPEG with its media_type.',
					'file.media_type',
				),
			};
		return { bytes, preview: `data:${file.media_type};base64,…` };
	}
	const checked = await checkMedia(state, file, 'image', 'file');
	if ('reply' in checked) return checked;
	const asset = file.asset_id ? liveAsset(state, file.asset_id) : undefined;
	return {
		bytes: checked.bytes ?? Buffer.alloc(0),
		preview: asset ? assetUrl(state, asset) : String(file.url),
	};
}

export function installPhotoAvatars({ route, state }: HeyGenApi): void {
	route('POST', '/v3/avatars', { body: 'AvatarCreate' }, async (req, body, res) => {
		if (body.type !== 'photo')
			return heyGenError(
				400,
				'invalid_parameter',
				`type '${String(body.type)}' is not modelled by the sandbox (only 'photo').`,
				'type',
			);
		const name = String(body.name ?? '').trim();
		if (!name) return heyGenError(400, 'invalid_parameter', 'name must not be empty.', 'name');
		const groupId = body.avatar_group_id as string | null | undefined;
		const group = groupId ? state.looks.filter((l) => l.group_id === groupId) : [];
		if (groupId && !group.length)
			return heyGenError(404, 'not_found', 'Avatar group not found.', 'avatar_group_id');
		const photo = await photoBytes(state, body.file as File);
		if ('reply' in photo) return photo.reply;
		const size = imageSize(photo.bytes) ?? { width: 0, height: 0 };
		return await idempotent(state, req, res, body, () => {
			const createdAt = Date.now();
			const readyAt = createdAt + state.jobs.photoAvatarTrainMs * state.timeScale;
			const look: LookRecord = {
				id: randomBytes(16).toString('hex'),
				name,
				avatar_type: 'photo_avatar',
				group_id: groupId ?? randomBytes(16).toString('hex'),
				default_voice_id: state.voices[0].voice_id,
				gender: 'unknown',
				preview_image_url: photo.preview,
				preview_video_url: null,
				image_width: size.width,
				image_height: size.height,
				preferred_orientation:
					size.width > size.height ? 'landscape' : size.width < size.height ? 'portrait' : 'square',
				supported_api_engines: ['avatar_iv'],
				tags: ['photo'],
				ownership: 'private',
			};
			Object.defineProperty(look, 'status', {
				enumerable: true,
				get: () => (Date.now() < readyAt ? 'processing' : 'completed'),
			});
			state.looks.push(look);
			const item: Partial<LookRecord> = { ...look };
			delete item.ownership;
			const avatar_group = {
				id: look.group_id,
				name: group[0]?.name ?? name,
				created_at: Math.floor(createdAt / 1000),
				looks_count: group.length + 1,
				status: look.status,
				preview_image_url: look.preview_image_url,
				preview_video_url: null,
				default_voice_id: look.default_voice_id,
				gender: null,
				consent_status: null,
				error: null,
			};
			return { body: { data: { avatar_group, avatar_item: { ...item, error: null } } } };
		});
	});
}
