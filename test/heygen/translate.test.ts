/**
 * Video Translation → Translate / Get / Get Many / Delete / Get Languages against the sandbox
 * (contract heygen-v3-translate-lipsync.json): request bodies checked against
 * VideoTranslateCreate, responses against the response schemas; the language list as names or as
 * codes; the shape HeyGen's skill docs show; per-item errors (unsupported language, too-long
 * video, missing asset, a job that fails with its message).
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { runNodeMethod } from '../harness';
import {
	apiCall,
	apiGet,
	binaryItem,
	publicFile,
	publicVideo,
	resetJobs,
	sent,
	translateParameters,
	uploadAsset,
} from './jobs-setup';
import { err, expectNoKey, expectValid, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
beforeEach(() => resetJobs(box.get()));

const translate = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	translateParameters(box.get(), extra, options);

const creates = () => box.get().server.requests('heygen', 'POST', '/v3/video-translations');

describe('Translate', () => {
	it('creates one translation per language: one output item each, paired with its input', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			translate(
				{ mode: 'precision' },
				{
					enableCaption: true,
					speakerNum: 2,
					title: 'Launch',
					translateAudioOnly: false,
					// 0, the default, means "to the end": not sent
					endTime: 0,
				},
			),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expect(items.map((i) => i.json.output_language)).toEqual([
			'Spanish (Spain)',
			'German (Germany)',
		]);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		const request = creates().pop()!;
		expectValid('VideoTranslateCreate', 'request', request.json);
		expect(request.json).toEqual({
			video: { type: 'url', url: publicVideo(sandbox) },
			output_languages: ['Spanish (Spain)', 'German (Germany)'],
			mode: 'precision',
			title: 'Launch',
			enable_caption: true,
			speaker_num: 2,
			translate_audio_only: false,
		});
		expect(request.headers['idempotency-key']).toBe(items[0].json.idempotency_key);
		const jobs = [...sandbox.heygen.jobs.jobs.values()];
		expect(items.map((i) => i.json.video_translation_id)).toEqual(jobs.map((j) => j.id));
		expect(jobs.map((j) => j.language!.name)).toEqual(['Spanish (Spain)', 'German (Germany)']);
		expectNoKey(run);
	});

	it('uploads a binary video first and sends its asset_id; custom SRT from a URL', async () => {
		const sandbox = box.get();
		const srtUrl = sandbox.heygen.addPublicFile('subs.srt', {
			body: Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nHola\n'),
			contentType: 'application/x-subrip',
		});
		const input = await binaryItem('video_9x16.mp4', 'video/mp4', 'clip');
		const run = await runHeyGen(
			sandbox,
			translate(
				{
					videoSource: 'binary',
					videoBinaryPropertyName: 'clip',
					outputLanguages: ['Spanish (Spain)'],
					srtSource: 'url',
					srtUrl,
				},
				{ srtRole: 'output' },
			),
			[input],
		);
		expect(err(run)).toBeUndefined();
		const body = creates().pop()!.json as { video: { asset_id: string }; srt: unknown };
		expectValid('VideoTranslateCreate', 'request', body);
		expect(sandbox.heygen.assets.get(body.video.asset_id)!.mimeType).toBe('video/mp4');
		expect(body).toMatchObject({ srt: { type: 'url', url: srtUrl }, srt_role: 'output' });
		expect(out(run)).toHaveLength(1);
	});

	it('takes an uploaded asset as the video', async () => {
		const sandbox = box.get();
		const assetId = await uploadAsset(sandbox, 'video_16x9.mp4');
		const run = await runHeyGen(
			sandbox,
			translate({ videoSource: 'assetId', videoAssetId: assetId, outputLanguages: ['English'] }),
		);
		expect(err(run)).toBeUndefined();
		expect(creates().pop()!.json).toMatchObject({
			video: { type: 'asset_id', asset_id: assetId },
		});
	});

	it('accepts languages from an expression as text, with commas inside names', async () => {
		const run = await runHeyGen(
			box.get(),
			translate({ outputLanguages: 'chinese (mandarin, simplified), Spanish (Mexico)' }),
		);
		expect(err(run)).toBeUndefined();
		expect((creates().pop()!.json as IDataObject).output_languages).toEqual([
			'Chinese (Mandarin, Simplified)',
			'Spanish (Mexico)',
		]);
	});

	it('a create retried after a 503 keeps its Idempotency-Key and creates once', async () => {
		const sandbox = box.get();
		sandbox.server.inject({
			service: 'heygen',
			method: 'POST',
			path: '/v3/video-translations',
			fault: {
				type: 'status',
				status: 503,
				body: { error: { code: 'internal_error', message: 'x' } },
			},
		});
		const run = await runHeyGen(sandbox, translate());
		expect(err(run)).toBeUndefined();
		const key = out(run)[0].json.idempotency_key as string;
		const attempts = creates().filter((r) => r.headers['idempotency-key'] === key);
		expect(attempts).toHaveLength(2);
		expect(sandbox.heygen.createsByKey.get(key)).toBe(1);
		expect(sandbox.heygen.jobs.jobs.size).toBe(2);
	});
});

describe('languages: names or codes', () => {
	async function loadLanguages() {
		return await runNodeMethod<INodePropertyOptions[]>({
			type: 'heyGen',
			kind: 'loadOptions',
			method: 'getTranslationLanguages',
			parameters: { resource: 'videoTranslation', operation: 'translate' },
			credentials: box.credentials(),
		});
	}

	it('the picker lists the names as values', async () => {
		const options = await loadLanguages();
		expect(options).toHaveLength(18);
		expect(options).toContainEqual({ name: 'Spanish (Spain)', value: 'Spanish (Spain)' });
	});

	it('where HeyGen lists codes, the picker shows their names and sends the codes', async () => {
		const jobs = box.get().heygen.jobs;
		jobs.languageForm = 'codes';
		jobs.acceptLanguages = 'codes';
		const options = await loadLanguages();
		expect(options).toContainEqual({ name: 'Spanish (Spain) (es-ES)', value: 'es-ES' });
		const run = await runHeyGen(
			box.get(),
			translate({ outputLanguages: ['es-ES', 'German (Germany)'] }),
		);
		expect(err(run)).toBeUndefined();
		// a name is mapped to the listed code through its English name
		expect((creates().pop()!.json as IDataObject).output_languages).toEqual(['es-ES', 'de-DE']);
		const [first] = out(run);
		expect(first.json.output_language).toBe('es-ES');
		const got = await apiGet(
			box.get(),
			`/v3/video-translations/${String(first.json.video_translation_id)}`,
		);
		expect(got.body.data.output_language).toBe('es-ES');
	});

	it('a code where names are listed is mapped to the name', async () => {
		box.get().heygen.jobs.acceptLanguages = 'names';
		const run = await runHeyGen(box.get(), translate({ outputLanguages: ['ja-JP'] }));
		expect(err(run)).toBeUndefined();
		expect((creates().pop()!.json as IDataObject).output_languages).toEqual(['Japanese (Japan)']);
	});

	it('Get Languages: one item per language', async () => {
		const jobs = box.get().heygen.jobs;
		jobs.languageForm = 'codes';
		const run = await runHeyGen(box.get(), {
			resource: 'videoTranslation',
			operation: 'getLanguages',
		});
		expect(out(run)).toHaveLength(18);
		expect(out(run)[2].json).toEqual({ language: 'es-ES', name: 'Spanish (Spain) (es-ES)' });
		expectValid(
			'VideoTranslateLanguagesList',
			'response',
			(await apiGet(box.get(), '/v3/video-translations/languages')).body,
		);
	});
});

describe('errors, per item', () => {
	it('an unsupported language is refused before anything is uploaded or created', async () => {
		const input = await binaryItem('video_9x16.mp4', 'video/mp4');
		const uploads = box.get().server.requests('heygen', 'POST', '/v3/assets').length;
		const before = creates().length;
		const run = await runHeyGen(
			box.get(),
			translate({ videoSource: 'binary', outputLanguages: ['Spanish (Chile)'] }),
			[input],
		);
		const error = err(run)!;
		expect(error.message).toBe(
			'Output language "Spanish (Chile)" is not supported by HeyGen video translation',
		);
		expect(error.description).toContain('Did you mean: Spanish (Spain); Spanish (Mexico)?');
		expect(box.get().server.requests('heygen', 'POST', '/v3/assets')).toHaveLength(uploads);
		expect(creates()).toHaveLength(before);
	});

	it("without the language list, the API's own refusal is the item's error", async () => {
		const sandbox = box.get();
		sandbox.server.inject({
			service: 'heygen',
			path: '/v3/video-translations/languages',
			fault: {
				type: 'status',
				status: 403,
				body: { error: { code: 'forbidden', message: 'plan' } },
			},
		});
		const run = await runHeyGen(
			sandbox,
			translate({ outputLanguages: ['Klingon'] }),
			[{ json: {} }, { json: {} }],
			{
				continueOnFail: true,
			},
		);
		const items = out(run);
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toContain("Language 'Klingon' is not supported");
		expect(items[0].json).toMatchObject({ httpCode: '400', itemIndex: 0 });
		expect(items[1].json).toMatchObject({ itemIndex: 1 });
	});

	it('a missing asset is a 404 naming the field', async () => {
		const run = await runHeyGen(
			box.get(),
			translate({ videoSource: 'assetId', videoAssetId: 'no-such-asset' }),
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(out(run)[0].json).toMatchObject({ httpCode: '404', itemIndex: 0 });
		expect(String(out(run)[0].json.error)).toContain('asset_id not found');
	});

	it('a URL that is not a public video is refused before any credit is spent', async () => {
		const page = publicFile(box.get(), 'share.html', 'image.png', 'text/html');
		const before = creates().length;
		const run = await runHeyGen(box.get(), translate({ videoUrl: page }));
		expect(err(run)!.message).toContain('is not publicly downloadable as video');
		expect(creates()).toHaveLength(before);
	});

	it('a too-long video: rejected by the create (one variant)…', async () => {
		const sandbox = box.get();
		const url = publicVideo(sandbox, 'long.mp4');
		sandbox.heygen.jobs.mediaSeconds.set(url, 4000);
		sandbox.heygen.jobs.tooLong = 'reject';
		const run = await runHeyGen(sandbox, translate({ videoUrl: url }));
		expect(err(run)!.message).toContain('Video is too long (> 3600.0s)');
	});

	it('…or failing the job with its message, which Get shows (the other)', async () => {
		const sandbox = box.get();
		const url = publicVideo(sandbox, 'long2.mp4');
		sandbox.heygen.jobs.mediaSeconds.set(url, 4000);
		const run = await runHeyGen(
			sandbox,
			translate({ videoUrl: url, outputLanguages: ['English'] }),
		);
		const id = out(run)[0].json.video_translation_id as string;
		let item;
		for (let i = 0; i < 4; i++) {
			const got = await runHeyGen(sandbox, {
				resource: 'videoTranslation',
				operation: 'get',
				videoTranslationId: id,
			});
			item = out(got)[0].json;
		}
		expect(item).toMatchObject({
			video_translation_id: id,
			status: 'failed',
			failure_message: 'Video is too long (> 3600.0s). Please upgrade your plan or trim it.',
			video_url: null,
		});
	});
});

describe('Get, Get Many, Delete', () => {
	it('Get follows pending → running → completed with its outputs', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			translate({ outputLanguages: ['French (France)'] }, { enableCaption: true }),
		);
		const id = out(run)[0].json.video_translation_id as string;
		const statuses: string[] = [];
		let last: Record<string, unknown> = {};
		for (let i = 0; i < 4; i++) {
			const { body } = await apiGet(sandbox, `/v3/video-translations/${id}`);
			expectValid('VideoTranslateGet', 'response', body);
			statuses.push(String(body.data.status));
			last = body.data;
		}
		expect(statuses).toEqual(['pending', 'running', 'running', 'completed']);
		expect(last).toMatchObject({ output_language: 'French (France)', translate_audio_only: false });
		for (const key of ['video_url', 'audio_url', 'srt_caption_url', 'vtt_caption_url'])
			expect((await fetch(last[key] as string)).status).toBe(200);
		const got = await runHeyGen(sandbox, {
			resource: 'videoTranslation',
			operation: 'get',
			videoTranslationId: id,
		});
		expect(out(got)[0].json).toMatchObject({ video_translation_id: id, id, status: 'completed' });
	});

	it("HeyGen's skill-doc shape: video_translations[] objects, succeeded and failure_reason", async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.skillShape = true;
		sandbox.heygen.jobs.failureFor = (_k, _b, lang) =>
			lang === 'Arabic' ? 'audio extraction failed' : undefined;
		const run = await runHeyGen(sandbox, translate({ outputLanguages: ['English', 'Arabic'] }));
		expect(out(run).map((i) => i.json.output_language)).toEqual(['English', 'Arabic']);
		const ids = out(run).map((i) => i.json.video_translation_id as string);
		sandbox.heygen.jobs.timing.pendingPolls = 0;
		sandbox.heygen.jobs.timing.runningPolls = 0;
		const got = await runHeyGen(
			sandbox,
			{ resource: 'videoTranslation', operation: 'get', videoTranslationId: '={{ $json.id }}' },
			ids.map((id) => ({ json: { id } })),
		);
		const raw = await apiGet(sandbox, `/v3/video-translations/${ids[1]}`);
		expect(raw.body.data).toMatchObject({
			status: 'failed',
			failure_reason: 'audio extraction failed',
		});
		expect((await apiGet(sandbox, `/v3/video-translations/${ids[0]}`)).body.data.status).toBe(
			'succeeded',
		);
		expect(out(got).map((i) => [i.json.status, i.json.failure_message ?? null])).toEqual([
			['completed', null],
			['failed', 'audio extraction failed'],
		]);
	});

	it('Get Many pages through the list; Delete removes one; the bulk statuses report both vocabularies', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			translate({ outputLanguages: ['English', 'Arabic', 'Dutch (Netherlands)'] }),
		);
		const ids = out(run).map((i) => i.json.video_translation_id as string);
		const many = await runHeyGen(sandbox, {
			resource: 'videoTranslation',
			operation: 'getMany',
			returnAll: false,
			limit: 2,
		});
		expect(out(many)).toHaveLength(2);
		const all = await runHeyGen(sandbox, {
			resource: 'videoTranslation',
			operation: 'getMany',
			returnAll: true,
		});
		expect(
			out(all)
				.map((i) => i.json.video_translation_id)
				.sort(),
		).toEqual([...ids].sort());
		expectValid(
			'VideoTranslateList',
			'response',
			(await apiGet(sandbox, '/v3/video-translations?limit=2')).body,
		);
		const del = await runHeyGen(sandbox, {
			resource: 'videoTranslation',
			operation: 'delete',
			videoTranslationId: ids[0],
		});
		expect(out(del)[0].json).toEqual({ deleted: true, video_translation_id: ids[0] });
		const statuses = await apiGet(
			sandbox,
			`/v3/video-translations/statuses?video_translation_ids=${ids.join(',')}`,
		);
		expectValid('VideoTranslateStatusesList', 'response', statuses.body);
		const entries = statuses.body.data as unknown as Array<{ status: string }>;
		expect(entries.map((e) => e.status)).toEqual(['not_found', 'queued', 'queued']);
		const again = await runHeyGen(
			sandbox,
			{ resource: 'videoTranslation', operation: 'get', videoTranslationId: ids[0] },
			undefined,
			{ continueOnFail: true },
		);
		expect(out(again)[0].json).toMatchObject({ httpCode: '404' });
		expect(sent(sandbox, 'DELETE', '/v3/video-translations/{video_translation_id}')).toHaveLength(
			1,
		);
	});
});

describe('the sandbox follows the contract and the documented checks', () => {
	const post = (path: string, body: unknown) => apiCall(box.get(), 'POST', path, body);
	const video = () => ({ type: 'url', url: publicVideo(box.get()) });

	it('create and delete answer in the contract shape', async () => {
		const created = await post('/v3/video-translations', {
			video: video(),
			output_languages: ['English', 'Arabic'],
		});
		expectValid('VideoTranslateCreate', 'response', created.body);
		const [id] = (created.body.data as { video_translation_ids: string[] }).video_translation_ids;
		const res = await apiCall(box.get(), 'DELETE', `/v3/video-translations/${id}`);
		expectValid('VideoTranslateDelete', 'response', res.body);
	});

	it.each([
		['a field outside the contract', { output_language: 'English' }, 'output_language'],
		['no language', { output_languages: [] }, 'output_languages'],
		['a repeated language', { output_languages: ['English', 'English'] }, 'output_languages'],
		['speaker_num 0', { speaker_num: 0 }, 'speaker_num'],
		['end before start', { start_time: 5, end_time: 2 }, 'end_time'],
		['a relative callback_url', { callback_url: '/hook' }, 'callback_url'],
		['an image as the video', { video: { type: 'url', url: 'IMAGE' } }, 'video.url'],
		['an audio asset as the SRT', { srt: { type: 'asset_id', asset_id: 'AUDIO' } }, 'srt.asset_id'],
	])('400 for %s, naming the field', async (_label, change, param) => {
		const sandbox = box.get();
		const patch = JSON.parse(
			JSON.stringify(change)
				.replace('IMAGE', publicFile(sandbox, 'face.png', 'image.png', 'image/png'))
				.replace('AUDIO', await uploadAsset(sandbox, 'mp3_44100_32.mp3')),
		) as IDataObject;
		const res = await post('/v3/video-translations', {
			video: video(),
			output_languages: ['English'],
			...patch,
		});
		expect(res.status).toBe(400);
		expect(res.body.error!.param).toBe(param);
	});
});
