/**
 * Avatar → Create Photo Avatar against the sandbox: POST /v3/avatars with the photo type
 * (request checked against the contract's AvatarCreate, CreatePhotoAvatarRequest branch) from a
 * binary, URL or asset image; the output carries the group, the new look and the group's looks,
 * and its look_id drives Video → Generate. Training is asynchronous.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness';
import { sandboxCredentials } from '../sandbox';
import { apiGet, binaryItem, publicFile, resetJobs, uploadAsset } from './jobs-setup';
import { err, expectNoKey, expectValid, FAST_RETRY, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
beforeEach(() => resetJobs(box.get()));

const create = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
	resource: 'avatar',
	operation: 'createPhotoAvatar',
	name: 'Ana in the studio',
	imageSource: 'binary',
	imageBinaryPropertyName: 'data',
	...extra,
	options: { ...FAST_RETRY, ...options },
});

const creates = () => box.get().server.requests('heygen', 'POST', '/v3/avatars');

/** The last POST /v3/avatars body, checked against the contract. */
function lastRequest(): IDataObject {
	const body = creates().pop()!.json as IDataObject;
	expectValid('AvatarCreate', 'request', body);
	return body;
}

it('a binary photo: uploaded, created, and its look drives Video → Generate', async () => {
	const sandbox = box.get();
	const run = await runWorkflow({
		nodes: [
			{ name: 'HeyGen', type: 'heyGen', parameters: create() },
			{
				name: 'Generate',
				type: 'heyGen',
				parameters: {
					resource: 'video',
					operation: 'generate',
					source: 'avatar',
					avatarId: { __rl: true, mode: 'id', value: '={{ $json.look_id }}' },
					voiceSource: 'script',
					script: 'Hello from my photo avatar.',
					voiceId: { __rl: true, mode: 'id', value: sandbox.heygen.voices[0].voice_id },
					options: FAST_RETRY,
				},
			},
		],
		credentials: sandboxCredentials(sandbox),
		input: [await binaryItem('image.jpg', 'image/jpeg')],
	});
	expect(err(run)).toBeUndefined();
	const body = lastRequest();
	expect(body).toEqual({
		type: 'photo',
		name: 'Ana in the studio',
		file: { type: 'asset_id', asset_id: expect.any(String) },
	});
	const asset = sandbox.heygen.assets.get((body.file as { asset_id: string }).asset_id)!;
	expect(asset.mimeType).toBe('image/jpeg');
	const created = out(run)[0].json;
	const look = sandbox.heygen.looks.find((l) => l.id === created.look_id)!;
	expect(look).toMatchObject({ avatar_type: 'photo_avatar', name: 'Ana in the studio' });
	expect(created).toMatchObject({
		avatar_group_id: look.group_id,
		status: 'processing',
		avatar_group: { id: look.group_id, looks_count: 1, status: 'processing' },
		avatar_item: { id: look.id, avatar_type: 'photo_avatar', supported_api_engines: ['avatar_iv'] },
	});
	expect((created.looks as IDataObject[]).map((l) => l.id)).toEqual([look.id]);
	expectValid('AvatarCreate', 'response', {
		data: { avatar_group: created.avatar_group, avatar_item: created.avatar_item },
	});
	const listed = await apiGet(sandbox, `/v3/avatars/looks?group_id=${look.group_id}`);
	expectValid('AvatarLooksList', 'response', listed.body);
	const video = box.get().server.requests('heygen', 'POST', '/v3/videos').pop()!
		.json as IDataObject;
	expect(video.avatar_id).toBe(look.id);
	expectNoKey(run);
});

it('from a URL and from an asset; a second photo joins an existing avatar group', async () => {
	const sandbox = box.get();
	const url = publicFile(sandbox, 'portrait.png', 'image.png', 'image/png');
	const first = await runHeyGen(sandbox, create({ imageSource: 'url', imageUrl: url }));
	expect(err(first)).toBeUndefined();
	expect(lastRequest().file).toEqual({ type: 'url', url });
	const groupId = out(first)[0].json.avatar_group_id as string;
	const assetId = await uploadAsset(sandbox, 'image.jpg');
	const second = await runHeyGen(
		sandbox,
		create(
			{ name: 'Ana outdoors', imageSource: 'assetId', imageAssetId: assetId },
			{ avatarGroupId: groupId },
		),
	);
	expect(err(second)).toBeUndefined();
	expect(lastRequest()).toEqual({
		type: 'photo',
		name: 'Ana outdoors',
		file: { type: 'asset_id', asset_id: assetId },
		avatar_group_id: groupId,
	});
	const json = out(second)[0].json;
	expect(json.avatar_group_id).toBe(groupId);
	expect((json.looks as IDataObject[]).map((l) => l.name).sort()).toEqual([
		'Ana in the studio',
		'Ana outdoors',
	]);
	const png = sandbox.heygen.looks.find(
		(l) => l.name === 'Ana in the studio' && l.group_id === groupId,
	)!;
	expect(png.preview_image_url).toBe(url);
});

it('training finishes: the look turns completed in Get Many Looks', async () => {
	const sandbox = box.get();
	sandbox.heygen.jobs.photoAvatarTrainMs = 30;
	const run = await runHeyGen(sandbox, create(), [await binaryItem('image.png', 'image/png')]);
	const { avatar_group_id: groupId, look_id: lookId } = out(run)[0].json;
	await new Promise((r) => setTimeout(r, 60));
	const looks = await runHeyGen(sandbox, {
		resource: 'avatar',
		operation: 'getManyLooks',
		returnAll: true,
		filters: { groupId: String(groupId) },
	});
	expect(out(looks).map((i) => [i.json.id, i.json.status])).toEqual([[lookId, 'completed']]);
});

describe('errors, per item', () => {
	it('an empty name and a video where a photo is needed are refused before anything is sent', async () => {
		const before = creates().length;
		const uploads = box.get().server.requests('heygen', 'POST', '/v3/assets').length;
		const run = await runHeyGen(
			box.get(),
			create({ name: '={{ $json.name }}' }),
			[
				await binaryItem('image.png', 'image/png', 'data', { name: ' ' }),
				await binaryItem('video_16x9.mp4', 'video/mp4', 'data', { name: 'Clip' }),
			],
			{ continueOnFail: true },
		);
		expect(out(run).map((i) => i.json.error)).toEqual([
			'Name is empty',
			expect.stringContaining('is MP4 (video), but image is needed here'),
		]);
		expect(creates()).toHaveLength(before);
		expect(box.get().server.requests('heygen', 'POST', '/v3/assets')).toHaveLength(uploads);
	});

	it('a missing asset and an unknown avatar group are the API errors of their items', async () => {
		const assetId = await uploadAsset(box.get(), 'image.jpg');
		const run = await runHeyGen(
			box.get(),
			create(
				{ imageSource: 'assetId', imageAssetId: '={{ $json.asset }}' },
				{ avatarGroupId: '={{ $json.group }}' },
			),
			[
				{ json: { asset: 'missing', group: '' } },
				{ json: { asset: assetId, group: 'no-such-group' } },
			],
			{ continueOnFail: true },
		);
		const [a, b] = out(run).map((i) => i.json);
		expect(a).toMatchObject({ httpCode: '404', itemIndex: 0 });
		expect(String(a.error)).toContain('asset_id not found');
		expect(b).toMatchObject({ httpCode: '404', itemIndex: 1 });
		expect(String(b.error)).toContain('Avatar group not found');
	});

	it('an image URL that is an HTML page is refused before the avatar is created', async () => {
		const before = creates().length;
		const page = publicFile(box.get(), 'photo-page.html', 'image.png', 'text/html');
		const run = await runHeyGen(box.get(), create({ imageSource: 'url', imageUrl: page }));
		expect(err(run)!.message).toContain('is not publicly downloadable as image');
		expect(creates()).toHaveLength(before);
	});
});
