/**
 * Lip Sync → Create / Get / Get Many / Delete against the sandbox (contract
 * heygen-v3-translate-lipsync.json): the ElevenLabs → HeyGen path (text-to-speech binary straight
 * into a lip-sync), video and audio from URL, asset or binary, request bodies checked against
 * LipsyncCreate and responses against the response schemas, per-item errors, the callback.
 */
import type { IDataObject } from 'n8n-workflow';

import { outputOf, readBinary } from '../harness';
import { mp3Duration } from '../sandbox/media';
import {
	apiCall,
	apiGet,
	binaryItem,
	lipsyncParameters,
	publicFile,
	publicVideo,
	resetJobs,
	runSpeechInto,
	uploadAsset,
} from './jobs-setup';
import { err, expectNoKey, expectValid, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
beforeEach(() => resetJobs(box.get()));

const lipsync = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	lipsyncParameters(box.get(), extra, options);

const creates = () => box.get().server.requests('heygen', 'POST', '/v3/lipsyncs');
const lastBody = () => creates().pop()!.json as IDataObject;

describe('Create', () => {
	it('ElevenLabs Text to Speech → HeyGen Lip Sync: the speech is uploaded and lip-synced', async () => {
		const sandbox = box.get();
		const run = await runSpeechInto(
			sandbox,
			'Hola a todos.',
			lipsync({ mode: 'precision' }, { title: 'Re-voiced' }),
		);
		expect(err(run)).toBeUndefined();
		const speech = outputOf(run, 'ElevenLabs')[0].binary!.data;
		const [item] = out(run);
		const body = lastBody();
		expectValid('LipsyncCreate', 'request', body);
		expect(body).toEqual({
			video: { type: 'url', url: publicVideo(sandbox) },
			audio: { type: 'asset_id', asset_id: expect.any(String) },
			mode: 'precision',
			title: 'Re-voiced',
		});
		const asset = sandbox.heygen.assets.get((body.audio as { asset_id: string }).asset_id)!;
		expect(asset.mimeType).toBe('audio/mpeg');
		expect(asset.bytes.equals(await readBinary(speech))).toBe(true);
		expect(mp3Duration(asset.bytes)).toBeGreaterThan(0);
		expect(item.json).toMatchObject({
			lipsync_id: [...sandbox.heygen.jobs.jobs.keys()][0],
			status: 'pending',
			mode: 'precision',
			title: 'Re-voiced',
			request: body,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(creates().pop()!.headers['idempotency-key']).toBe(item.json.idempotency_key);
		expectNoKey(run);
	});

	it('video and audio from assets, and every shared option', async () => {
		const sandbox = box.get();
		const video = await uploadAsset(sandbox, 'video_9x16.mp4');
		const audio = await uploadAsset(sandbox, 'mp3_44100_64.mp3');
		const run = await runHeyGen(
			sandbox,
			lipsync(
				{
					videoSource: 'assetId',
					videoAssetId: video,
					audioSource: 'assetId',
					audioAssetId: audio,
				},
				{
					callbackId: 'cb-1',
					enableCaption: true,
					enableDynamicDuration: false,
					enableSpeechEnhancement: true,
					disableMusicTrack: true,
					keepTheSameFormat: true,
					enableWatermark: false,
					startTime: 1.5,
					endTime: 9,
					folderId: 'folder-1',
					fpsMode: 'cfr',
				},
			),
		);
		expect(err(run)).toBeUndefined();
		const body = lastBody();
		expectValid('LipsyncCreate', 'request', body);
		expect(body).toEqual({
			video: { type: 'asset_id', asset_id: video },
			audio: { type: 'asset_id', asset_id: audio },
			mode: 'speed',
			folder_id: 'folder-1',
			callback_id: 'cb-1',
			enable_caption: true,
			enable_dynamic_duration: false,
			enable_speech_enhancement: true,
			disable_music_track: true,
			keep_the_same_format: true,
			enable_watermark: false,
			start_time: 1.5,
			end_time: 9,
			fps_mode: 'cfr',
		});
	});

	it('a binary video and an audio URL', async () => {
		const sandbox = box.get();
		const audioUrl = publicFile(sandbox, 'voice.wav', 'mp3_44100_128.mp3', 'audio/mpeg');
		const input = await binaryItem('video_16x9.mp4', 'video/mp4', 'clip');
		const run = await runHeyGen(
			sandbox,
			lipsync({
				videoSource: 'binary',
				videoBinaryPropertyName: 'clip',
				audioSource: 'url',
				audioUrl,
			}),
			[input],
		);
		expect(err(run)).toBeUndefined();
		expect(lastBody()).toMatchObject({
			video: { type: 'asset_id' },
			audio: { type: 'url', url: audioUrl },
		});
	});
});

describe('errors, per item', () => {
	it('an image where audio is needed is refused before upload', async () => {
		const before = box.get().server.requests('heygen', 'POST', '/v3/assets').length;
		const run = await runHeyGen(box.get(), lipsync(), [await binaryItem('image.png', 'image/png')]);
		expect(err(run)!.message).toContain('is PNG (image), but audio is needed here');
		expect(box.get().server.requests('heygen', 'POST', '/v3/assets')).toHaveLength(before);
	});

	it('a missing asset and too-long audio: one error item each, the good item goes through', async () => {
		const sandbox = box.get();
		const longAudio = await uploadAsset(sandbox, 'mp3_44100_32.mp3');
		const goodAudio = await uploadAsset(sandbox, 'mp3_44100_32.mp3');
		sandbox.heygen.jobs.mediaSeconds.set(longAudio, 601);
		sandbox.heygen.jobs.tooLong = 'reject';
		const run = await runHeyGen(
			sandbox,
			lipsync({ audioSource: 'assetId', audioAssetId: '={{ $json.audio }}' }),
			[{ json: { audio: 'gone' } }, { json: { audio: longAudio } }, { json: { audio: goodAudio } }],
			{ continueOnFail: true },
		);
		const items = out(run);
		expect(items[0].json).toMatchObject({ httpCode: '404', itemIndex: 0 });
		expect(String(items[0].json.error)).toContain('asset_id not found');
		expect(items[1].json).toMatchObject({ httpCode: '400', itemIndex: 1 });
		expect(String(items[1].json.error)).toContain('Audio is too long (> 600.0s)');
		expect(items[2].json.lipsync_id).toEqual(expect.any(String));
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('End Time before Start Time is refused before anything is sent', async () => {
		const before = creates().length;
		const run = await runHeyGen(box.get(), lipsync({}, { startTime: 5, endTime: 2 }), [
			await binaryItem('mp3_44100_32.mp3', 'audio/mpeg'),
		]);
		expect(err(run)!.message).toBe('End Time must be after Start Time');
		expect(creates()).toHaveLength(before);
	});
});

describe('Get, Get Many, Delete, callback', () => {
	let n = 0;
	/** A new lip-sync (the harness's execution id is always 1: a title of its own makes the key new). */
	async function created(options: Record<string, unknown> = {}): Promise<string> {
		const run = await runHeyGen(box.get(), lipsync({}, { title: `job ${++n}`, ...options }), [
			await binaryItem('mp3_44100_32.mp3', 'audio/mpeg'),
		]);
		expect(err(run)).toBeUndefined();
		return out(run)[0].json.lipsync_id as string;
	}

	it('Get follows the job to completed, with its video and captions', async () => {
		const sandbox = box.get();
		const id = await created({ enableCaption: true });
		const seen: string[] = [];
		let item: IDataObject = {};
		for (let i = 0; i < 4; i++) {
			const run = await runHeyGen(sandbox, {
				resource: 'lipsync',
				operation: 'get',
				lipsyncId: id,
			});
			item = out(run)[0].json;
			seen.push(String(item.status));
		}
		expect(seen).toEqual(['pending', 'running', 'running', 'completed']);
		expect(item).toMatchObject({ lipsync_id: id, id, duration: 1 });
		expect((await fetch(item.video_url as string)).headers.get('content-type')).toBe('video/mp4');
		expect(await (await fetch(item.caption_url as string)).text()).toContain('-->');
		expectValid('LipsyncGet', 'response', (await apiGet(sandbox, `/v3/lipsyncs/${id}`)).body);
	});

	it('a job that fails shows its failure message', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.failureFor = () => 'Face was not detected in the video';
		sandbox.heygen.jobs.timing.pendingPolls = 0;
		sandbox.heygen.jobs.timing.runningPolls = 0;
		const id = await created();
		const run = await runHeyGen(sandbox, { resource: 'lipsync', operation: 'get', lipsyncId: id });
		expect(out(run)[0].json).toMatchObject({
			status: 'failed',
			failure_message: 'Face was not detected in the video',
			video_url: null,
		});
	});

	it('Get Many, Delete and the bulk statuses (queued → processing → completed, not_found)', async () => {
		const sandbox = box.get();
		const ids = [await created(), await created()];
		const all = await runHeyGen(sandbox, {
			resource: 'lipsync',
			operation: 'getMany',
			returnAll: true,
		});
		expect(
			out(all)
				.map((i) => i.json.lipsync_id)
				.sort(),
		).toEqual([...ids].sort());
		expectValid('LipsyncList', 'response', (await apiGet(sandbox, '/v3/lipsyncs?limit=1')).body);
		const del = await runHeyGen(sandbox, {
			resource: 'lipsync',
			operation: 'delete',
			lipsyncId: ids[0],
		});
		expect(out(del)[0].json).toEqual({ deleted: true, lipsync_id: ids[0] });
		const words: string[][] = [];
		for (let i = 0; i < 4; i++) {
			const { body } = await apiGet(sandbox, `/v3/lipsyncs/statuses?lipsync_ids=${ids.join(',')}`);
			expectValid('LipsyncStatusesList', 'response', body);
			words.push((body.data as unknown as Array<{ status: string }>).map((e) => e.status));
		}
		expect(words).toEqual([
			['not_found', 'queued'],
			['not_found', 'processing'],
			['not_found', 'processing'],
			['not_found', 'completed'],
		]);
		expect(sandbox.heygen.jobs.statusesCalls.lipsync).toBe(4);
	});

	it('the callback_url gets the result when the job settles', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.timing = {
			...sandbox.heygen.jobs.timing,
			mode: 'time',
			queueMs: 10,
			runMs: 20,
		};
		const received: unknown[] = [];
		sandbox.server.route('POST', 'hooks', '/lipsync', (req) => {
			received.push(JSON.parse(req.body.toString()));
			return { body: {} };
		});
		const id = await created({
			callbackUrl: `${sandbox.baseUrl}/hooks/lipsync`,
			callbackId: 'abc',
		});
		for (let i = 0; i < 100 && !received.length; i++) await new Promise((r) => setTimeout(r, 20));
		expect(received).toEqual([
			{
				event_type: 'video_translate.success',
				event_data: {
					video_translate_id: id,
					callback_id: 'abc',
					output_language: null,
					url: expect.any(String),
				},
			},
		]);
	});
});

describe('the sandbox follows the contract and the documented checks', () => {
	const call = (method: string, path: string, body?: unknown) =>
		apiCall(box.get(), method, path, body);

	it('create and delete answer in the contract shape; fps_mode and kinds are checked', async () => {
		const sandbox = box.get();
		const audio = { type: 'asset_id', asset_id: await uploadAsset(sandbox, 'mp3_44100_32.mp3') };
		const video = { type: 'url', url: publicVideo(sandbox) };
		const created = await call('POST', '/v3/lipsyncs', { video, audio });
		expectValid('LipsyncCreate', 'response', created.body);
		const id = (created.body.data as { lipsync_id: string }).lipsync_id;
		expectValid('LipsyncDelete', 'response', (await call('DELETE', `/v3/lipsyncs/${id}`)).body);
		const fps = await call('POST', '/v3/lipsyncs', { video, audio, fps_mode: '60' });
		expect([fps.status, fps.body.error!.param]).toEqual([400, 'fps_mode']);
		const swapped = await call('POST', '/v3/lipsyncs', { video: audio, audio: video });
		expect([swapped.status, swapped.body.error!.param]).toEqual([400, 'video.asset_id']);
		const missing = await call('POST', '/v3/lipsyncs', { video });
		expect(missing.status).toBe(400);
	});
});
