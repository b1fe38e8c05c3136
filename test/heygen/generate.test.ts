/**
 * Video → Generate: the exact JSON sent for every source × voice source (validated against the
 * closed v3 schema), URL pre-flight, idempotent retries that never create a second video, errors.
 */
import { storeBinary } from '../harness';
import { fixture } from '../sandbox/media';
import { err, expectNoKey, expectValid, FAST_RETRY, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

// the request log is kept for the whole file: a test checks every Generate body the file sent
const box = useSandbox({ reset: false });

const look = (i = 0) => box.get().heygen.looks[i];
const voice = (engine: 'starfish' | 'elevenlabs' | 'fish' = 'starfish') =>
	box.get().heygen.voices.find((v) => v.engine === engine)!;

/** An input item with `bytes` in its binary field `property`. */
async function binaryItem(property: string, bytes: Buffer, mimeType: string, fileName: string) {
	return { json: {}, binary: { [property]: await storeBinary(bytes, { mimeType, fileName }) } };
}

/** Asset → Upload of `bytes`; the new asset's ID. */
async function uploadAsset(bytes: Buffer, mimeType: string, fileName: string): Promise<string> {
	const run = await runHeyGen(
		box.get(),
		{ resource: 'asset', operation: 'upload', source: 'binary', binaryPropertyName: 'data' },
		[await binaryItem('data', bytes, mimeType, fileName)],
	);
	return out(run)[0].json.asset_id as string;
}

const audioAssetId = () =>
	uploadAsset(fixture('mp3_44100_128.mp3'), 'audio/mpeg', `a${Math.random()}.mp3`);

/** The POST /v3/videos requests the sandbox logged. */
const creates = () => box.get().server.requests('heygen', 'POST', '/v3/videos');

function lastCreate() {
	return creates().pop()!;
}

const generate = (extra: Record<string, unknown>) => ({
	resource: 'video',
	operation: 'generate',
	...extra,
	options: { ...FAST_RETRY, ...((extra.options as object) ?? {}) },
});

/** Generate from the avatar look `lookId` (picked by ID unless `mode` says), with `extra`'s voice and options. */
const fromAvatar = (lookId: string, extra: Record<string, unknown>, mode = 'id') =>
	generate({ source: 'avatar', avatarId: { __rl: true, mode, value: lookId }, ...extra });

/** Generate from the avatar look `lookId`, spoken with the audio asset `audioAssetId`. */
const withAudioAsset = (
	lookId: string,
	audioAssetId: string,
	extra: Record<string, unknown> = {},
) => fromAvatar(lookId, { voiceSource: 'audioAsset', audioAssetId, ...extra });

describe('Video → Generate request bodies', () => {
	it('avatar + audio asset (default voice source) sends exactly type, avatar_id, audio_asset_id and the options', async () => {
		const assetId = await audioAssetId();
		const run = await runHeyGen(
			box.get(),
			fromAvatar(
				look(1).id,
				{
					voiceSource: 'audioAsset',
					audioAssetId: assetId,
					aspectRatio: '9:16',
					options: {
						resolution: '1080p',
						fit: 'cover',
						title: 'Audio asset video',
						captions: 'srt',
						backgroundColor: '#112233',
					},
				},
				'list',
			),
		);
		expect(err(run)).toBeUndefined();
		const sent = lastCreate().json;
		expect(sent).toEqual({
			type: 'avatar',
			avatar_id: look(1).id,
			audio_asset_id: assetId,
			aspect_ratio: '9:16',
			resolution: '1080p',
			fit: 'cover',
			title: 'Audio asset video',
			caption: { file_format: 'srt' },
			background: { type: 'color', value: '#112233' },
		});
		expectValid('VideoCreate', 'request', sent);
		const json = out(run)[0].json;
		expect(json).toMatchObject({
			video_id: expect.any(String),
			status: 'waiting',
			output_format: 'mp4',
			request: sent,
		});
		expectValid('VideoCreate', 'response', {
			data: { video_id: json.video_id, status: json.status, output_format: json.output_format },
		});
		expectNoKey(run);
	});

	it('avatar + script with a HeyGen voice, voice settings and ElevenLabs engine settings; Avatar V engine', async () => {
		const el = voice('elevenlabs');
		const digitalTwin = box.get().heygen.looks.find((l) => l.avatar_type === 'digital_twin')!;
		const run = await runHeyGen(
			box.get(),
			fromAvatar(digitalTwin.id, {
				voiceSource: 'script',
				script: 'Hello from n8n!',
				voiceId: { __rl: true, mode: 'list', value: el.voice_id },
				voiceSettings: {
					speed: 1.1,
					pitch: 5,
					volume: 0.8,
					locale: 'en-US',
					elevenLabsModel: 'eleven_v3',
					elevenLabsStability: 0.4,
				},
				options: {
					engine: 'avatar_v',
					motionPrompt: 'waves',
					outputFormat: 'webm',
					callbackUrl: 'https://example.com/hook',
					callbackId: 'job-7',
				},
			}),
		);
		expect(err(run)).toBeUndefined();
		const sent = lastCreate().json as Record<string, unknown>;
		expect(sent).toEqual({
			type: 'avatar',
			avatar_id: digitalTwin.id,
			script: 'Hello from n8n!',
			voice_id: el.voice_id,
			voice_settings: {
				speed: 1.1,
				pitch: 5,
				volume: 0.8,
				locale: 'en-US',
				engine_settings: { engine_type: 'elevenlabs', model: 'eleven_v3', stability: 0.4 },
			},
			aspect_ratio: '9:16',
			output_format: 'webm',
			callback_url: 'https://example.com/hook',
			callback_id: 'job-7',
			motion_prompt: 'waves',
			engine: { type: 'avatar_v' },
		});
		expectValid('VideoCreate', 'request', sent);
		expect(out(run)[0].json.output_format).toBe('webm');
	});

	it('avatar + audio URL: pre-flight passes for a public MP3 and audio_url is sent', async () => {
		const url = box.get().heygen.addPublicFile('voice.mp3', {
			body: fixture('mp3_44100_128.mp3'),
			contentType: 'audio/mpeg',
		});
		const run = await runHeyGen(
			box.get(),
			fromAvatar(look(0).id, { voiceSource: 'audioUrl', audioUrl: url }),
		);
		expect(err(run)).toBeUndefined();
		const sent = lastCreate().json as Record<string, unknown>;
		// Aspect Ratio is a top-level field; unset, it is 9:16 (HeyGen's own default is 16:9)
		expect(sent).toEqual({
			type: 'avatar',
			avatar_id: look(0).id,
			audio_url: url,
			aspect_ratio: '9:16',
		});
		expectValid('VideoCreate', 'request', sent);
		const probes = box
			.get()
			.server.requests('files')
			.filter((r) => r.path.endsWith('voice.mp3'));
		expect(probes.some((r) => r.method === 'HEAD')).toBe(true);
		for (const p of probes) expect(p.headers['x-api-key']).toBeUndefined();
	});

	it.each([
		['image asset ID', 'assetId'],
		['image binary (uploaded first)', 'binary'],
		['image URL', 'url'],
	])(
		'image source from %s + script: image object and voice_id are sent',
		async (_l, imageSource) => {
			const sandbox = box.get();
			const png = fixture('image.png');
			let extra: Record<string, unknown> = {};
			let input;
			let expectedImage: Record<string, unknown>;
			if (imageSource === 'assetId') {
				const id = await uploadAsset(png, 'image/png', 'face-a.png');
				extra = { imageAssetId: id };
				expectedImage = { type: 'asset_id', asset_id: id };
			} else if (imageSource === 'binary') {
				input = [await binaryItem('photo', png, 'image/png', 'face-b.png')];
				extra = { imageBinaryPropertyName: 'photo' };
				expectedImage = { type: 'asset_id', asset_id: expect.any(String) };
			} else {
				const url = sandbox.heygen.addPublicFile('face.png', {
					body: png,
					contentType: 'image/png',
					headStatus: 405,
				});
				extra = { imageUrl: url };
				expectedImage = { type: 'url', url };
			}
			const v = voice();
			const run = await runHeyGen(
				sandbox,
				generate({
					source: 'image',
					imageSource,
					...extra,
					voiceSource: 'script',
					script: 'Hi',
					voiceId: { __rl: true, mode: 'id', value: v.voice_id },
					aspectRatio: 'auto',
					options: { expressiveness: 'high', motionPrompt: 'smiles' },
				}),
				input,
			);
			expect(err(run)).toBeUndefined();
			const sent = lastCreate().json as Record<string, unknown>;
			expect(sent).toEqual({
				type: 'image',
				image: expectedImage,
				script: 'Hi',
				voice_id: v.voice_id,
				aspect_ratio: 'auto',
				motion_prompt: 'smiles',
				expressiveness: 'high',
			});
			expectValid('VideoCreate', 'request', sent);
			if (imageSource === 'binary') {
				const asset = sandbox.heygen.assets.get((sent.image as { asset_id: string }).asset_id)!;
				expect(asset.bytes.equals(png)).toBe(true);
			}
		},
	);

	it('never sends fields outside the v3 schema (test, dimension, video_inputs) and exactly one audio source', async () => {
		const bodies = creates().map((r) => r.json as Record<string, unknown>);
		expect(bodies.length).toBeGreaterThan(4);
		for (const body of bodies) {
			expect(body).not.toHaveProperty('test');
			expect(body).not.toHaveProperty('dimension');
			expect(body).not.toHaveProperty('video_inputs');
			expect(['script', 'audio_url', 'audio_asset_id'].filter((k) => k in body)).toHaveLength(1);
			expectValid('VideoCreate', 'request', body);
		}
	});
});

describe('Video → Generate pre-flight and validation', () => {
	it('reports a share-page audio URL before any credit is spent, with the upload hint', async () => {
		const sandbox = box.get();
		const url = sandbox.heygen.addPublicFile('share.html', {
			body: Buffer.from('<!doctype html><html><title>Dropbox</title></html>'),
			contentType: 'text/html',
		});
		const before = creates().length;
		const run = await runHeyGen(
			sandbox,
			fromAvatar(look(0).id, { voiceSource: 'audioUrl', audioUrl: url }),
		);
		const error = err(run)!;
		expect(error.message).toMatch(
			/Audio URL .*share\.html is not publicly downloadable as audio: it returns an HTML page/,
		);
		expect(error.description).toMatch(/Asset → Upload/);
		expect(creates().length).toBe(before);
	});

	it("with the check off, HeyGen's own download_failed comes back with the same advice", async () => {
		const sandbox = box.get();
		const url = sandbox.heygen.addPublicFile('auth.mp3', {
			body: fixture('mp3_44100_128.mp3'),
			contentType: 'audio/mpeg',
			status: 403,
		});
		const run = await runHeyGen(
			sandbox,
			fromAvatar(look(0).id, {
				voiceSource: 'audioUrl',
				audioUrl: url,
				options: { checkUrls: false },
			}),
		);
		expect(err(run)?.message).toMatch(/download_failed/);
		expect(err(run)?.description).toMatch(/Asset → Upload/);
	});

	it("rejects an unknown avatar with HeyGen's avatar_not_found and a hint; continueOnFail keeps pairing", async () => {
		const assetId = await audioAssetId();
		const run = await runHeyGen(
			box.get(),
			withAudioAsset('={{ $json.look }}', assetId),
			[{ json: { look: look(2).id } }, { json: { look: 'doesnotexist' } }],
			{ continueOnFail: true },
		);
		const items = out(run);
		expect(items[0].json.video_id).toBeDefined();
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(String(items[1].json.error)).toMatch(/avatar_not_found/);
		expect(String(items[1].json.description)).toMatch(/Pick one from the list/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expectNoKey(run);
	});

	it('rejects an empty script, a too-long script and an image without voice before sending', async () => {
		const before = creates().length;
		const withScript = (script: string) =>
			fromAvatar(look(0).id, { voiceSource: 'script', script });
		expect(err(await runHeyGen(box.get(), withScript('   ')))?.message).toMatch(/Script is empty/);
		expect(err(await runHeyGen(box.get(), withScript('x'.repeat(5001))))?.message).toMatch(/5,000/);
		const img = await runHeyGen(
			box.get(),
			generate({
				source: 'image',
				imageSource: 'assetId',
				imageAssetId: 'abc',
				voiceSource: 'script',
				script: 'Hi',
				voiceId: { __rl: true, mode: 'id', value: '' },
			}),
		);
		expect(err(img)?.message).toMatch(/Choose a voice/);
		expect(creates().length).toBe(before);
	});
});

describe('Video → Generate retries never create a second video', () => {
	const body = (title: string, assetId: string) =>
		withAudioAsset(look(3).id, assetId, { options: { title } });

	it.each([
		[
			'429 with Retry-After',
			{
				type: 'status',
				status: 429,
				headers: { 'Retry-After': '0' },
				body: { error: { code: 'rate_limit_exceeded', message: 'Too many' } },
			},
		],
		[
			'503',
			{ type: 'status', status: 503, body: { error: { code: 'internal_error', message: 'busy' } } },
		],
		['connection reset', { type: 'reset' }],
	] as const)('after %s', async (label, fault) => {
		const sandbox = box.get();
		const assetId = await audioAssetId();
		sandbox.server.inject({
			service: 'heygen',
			method: 'POST',
			path: '/v3/videos',
			times: 2,
			fault: fault as never,
		});
		const run = await runHeyGen(sandbox, body(`retry ${label}`, assetId));
		expect(err(run)).toBeUndefined();
		const key = out(run)[0].json.idempotency_key as string;
		const attempts = sandbox.server
			.requests('heygen', 'POST', '/v3/videos')
			.filter((r) => r.headers['idempotency-key'] === key);
		expect(attempts.length).toBe(3);
		expect(sandbox.heygen.createsByKey.get(key)).toBe(1);
	});

	it('when the response to a processed create is lost, the retry replays the same video', async () => {
		const sandbox = box.get();
		const assetId = await audioAssetId();
		sandbox.heygen.dropCreateResponses = 1;
		const run = await runHeyGen(sandbox, body('lost response', assetId));
		expect(err(run)).toBeUndefined();
		const { video_id: videoId, idempotency_key: key } = out(run)[0].json as {
			video_id: string;
			idempotency_key: string;
		};
		expect(sandbox.heygen.createsByKey.get(key)).toBe(1);
		const created = [...sandbox.heygen.videos.values()].filter((v) => v.idempotencyKey === key);
		expect(created.map((v) => v.id)).toEqual([videoId]);
	});

	it('an in-flight duplicate (409 request_in_progress) is retried until it replays', async () => {
		const sandbox = box.get();
		const assetId = await audioAssetId();
		sandbox.heygen.createDelayMs = 300;
		try {
			// two runs with the same key: the second arrives while the first is still being processed
			const key = `manual-key-${Date.now()}`;
			const first = runHeyGen(sandbox, {
				...body('inflight', assetId),
				options: { ...FAST_RETRY, title: 'inflight', idempotencyKey: key },
			});
			await new Promise((r) => setTimeout(r, 50));
			const second = runHeyGen(sandbox, {
				...body('inflight', assetId),
				options: {
					...FAST_RETRY,
					title: 'inflight',
					idempotencyKey: key,
					retry: { settings: { baseDelayMs: 100, maxDelaySeconds: 1, maxAttempts: 6 } },
				},
			});
			const [a, b] = await Promise.all([first, second]);
			expect(err(a)).toBeUndefined();
			expect(err(b)).toBeUndefined();
			expect(out(a)[0].json.video_id).toBe(out(b)[0].json.video_id);
			expect(sandbox.heygen.createsByKey.get(key)).toBe(1);
			const statuses = sandbox.server
				.requests('heygen', 'POST', '/v3/videos')
				.filter((r) => r.headers['idempotency-key'] === key)
				.map((r) => r.status);
			expect(statuses).toContain(409);
		} finally {
			sandbox.heygen.createDelayMs = 0;
		}
	});

	it('does not retry a 400 (billable request with a client error)', async () => {
		const sandbox = box.get();
		const before = creates().length;
		const run = await runHeyGen(sandbox, body('bad asset', 'no-such-asset'));
		expect(err(run)?.message).toMatch(/resource_not_found/);
		expect(creates().length).toBe(before + 1);
	});
});

describe('Video → Generate checks before anything is paid for', () => {
	const png = () => binaryItem('photo', fixture('image.png'), 'image/png', `p${Math.random()}.png`);
	/** An image from the binary field `photo`, spoken with a script. */
	const imageWithScript = (voiceId: string, options: Record<string, unknown> = {}) =>
		generate({
			source: 'image',
			imageSource: 'binary',
			imageBinaryPropertyName: 'photo',
			voiceSource: 'script',
			script: 'Hi',
			voiceId: { __rl: true, mode: 'id', value: voiceId },
			options,
		});
	const sent = () => {
		const server = box.get().server;
		return (
			server.requests('heygen', 'POST', '/v3/videos').length +
			server.requests('heygen', 'POST', '/v3/assets').length
		);
	};

	it('an option combination HeyGen rejects fails before the image is uploaded or a video created', async () => {
		const before = sent();
		const image = await runHeyGen(
			box.get(),
			imageWithScript(voice().voice_id, { expressiveness: 'high', engine: 'avatar_iii' }),
			[await png()],
		);
		expect(err(image)?.message).toBe(
			'Expressiveness works with the Avatar IV engine only, not with Avatar III',
		);
		const avatar = await runHeyGen(
			box.get(),
			fromAvatar(look(1).id, {
				voiceSource: 'script',
				script: 'Hi',
				options: { motionPrompt: 'waves', engine: 'avatar_iii' },
			}),
		);
		expect(err(avatar)?.message).toBe('Motion Prompt does not work with the Avatar III engine');
		expect(sent()).toBe(before);
	});

	it('a placeholder avatar, voice or asset ID fails with a clear message before anything is sent', async () => {
		const before = sent();
		const avatar = await runHeyGen(
			box.get(),
			withAudioAsset('REPLACE_WITH_AVATAR_LOOK_ID', 'a1b2c3'),
		);
		expect(err(avatar)?.message).toBe(
			'Avatar Look is still the placeholder "REPLACE_WITH_AVATAR_LOOK_ID"',
		);
		expect(err(avatar)?.description).toMatch(/choose one from the list/);
		const voiceRun = await runHeyGen(box.get(), imageWithScript('REPLACE_WITH_HEYGEN_VOICE_ID'), [
			await png(),
		]);
		expect(err(voiceRun)?.message).toBe(
			'Voice is still the placeholder "REPLACE_WITH_HEYGEN_VOICE_ID"',
		);
		const asset = await runHeyGen(box.get(), withAudioAsset(look(0).id, '<audio asset id>'));
		expect(err(asset)?.message).toBe('Audio Asset ID is still the placeholder "<audio asset id>"');
		expect(sent()).toBe(before);
	});
});

describe("Video → Generate output: the link to the render in HeyGen's app", () => {
	it("Don't Wait outputs video_page_url; Wait Here outputs the one HeyGen's GET returns", async () => {
		const assetId = await audioAssetId();
		const params = (extra: Record<string, unknown>) => withAudioAsset(look(0).id, assetId, extra);
		const now = out(await runHeyGen(box.get(), params({ options: { title: 'link now' } })))[0];
		expect(now.json.video_page_url).toBe(`https://app.heygen.com/videos/${now.json.video_id}`);
		const waited = out(
			await runHeyGen(
				box.get(),
				params({
					options: { title: 'link waited' },
					waitForCompletion: 'poll',
					waitOptions: { initialIntervalSeconds: 0.02, intervalEarlySeconds: 0.05 },
				}),
			),
		)[0];
		expect(waited.json.status).toBe('completed');
		const video = box.get().heygen.videos.get(waited.json.video_id as string)!;
		expect(waited.json.video_page_url).toBe(`https://app.heygen.com/videos/${video.id}`);
	});
});
