/**
 * Waiting for video translations and lip-syncs, in-process against the sandbox (contract
 * heygen-v3-translate-lipsync.json): Translate and Lip Sync → Create with Wait for Completion
 * (Wait Here / Send Resume URL), and the Wait for Completion operations of both resources, in
 * polling and callback mode. The same poll loop, callback handling, timeout and failure items as
 * Video → Wait for Completion; the bulk statuses endpoints' words (queued/processing) read as the
 * detail GET's (pending/running); the translated or lip-synced MP4 and its captions streamed into
 * binaries with refreshed presigned links; the example workflow's nodes run in a chain.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { withPicked } from '../../scripts/n8n/n8n';
import { errorOf, outputOf, readBinary, runWorkflow, type WorkflowNodeSpec } from '../harness';
import { sandboxCredentials, type Sandbox } from '../sandbox';
import { renderedVideo } from '../sandbox/media';
import {
	apiGet,
	binaryItem,
	lipsyncParameters,
	publicVideo,
	resetJobs,
	runSpeechInto,
	sent,
	translateParameters,
	uploadAsset,
} from './jobs-setup';
import { continueWaitingExecution } from './resume';
import { startResumeServer } from './resumeServer';
import {
	byPolls,
	err,
	expectNoKey,
	expectValid,
	FAST_RETRY,
	FAST_WAIT,
	out,
	runHeyGen,
} from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
const resume = startResumeServer(box);
beforeEach(() => resetJobs(box.get()));
afterEach(() => {
	box.get().heygen.callbackShape = 'event_data';
});

const LANGUAGES = ['Spanish (Spain)', 'German (Germany)', 'French (France)'];
const MP4_16x9 = renderedVideo('16:9', 'mp4').body;
const MP4_9x16 = renderedVideo('9:16', 'mp4').body;

/** Translate or Create, waiting here on a fast cadence unless `extra` says otherwise. */
const waiting = { waitForCompletion: 'poll', waitOptions: FAST_WAIT };
const translate = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	translateParameters(box.get(), { outputLanguages: LANGUAGES, ...waiting, ...extra }, options);
const lipsync = (extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}) =>
	lipsyncParameters(box.get(), { ...waiting, ...extra }, options);

/** Status requests of one kind (bulk listings and detail GETs), from request `since` on. */
function statusRequests(
	sandbox: Sandbox,
	base: '/v3/video-translations' | '/v3/lipsyncs',
	since = 0,
) {
	const id = base === '/v3/lipsyncs' ? 'lipsync_id' : 'video_translation_id';
	const mine = (template: string) =>
		sandbox.server
			.requests('heygen', 'GET', template)
			.filter((r) => sandbox.server.log.indexOf(r) >= since);
	return { bulk: mine(`${base}/statuses`), detail: mine(`${base}/{${id}}`) };
}

async function expectMp4(item: INodeExecutionData, body = MP4_16x9, field = 'data') {
	const file = item.binary![field];
	expect(file.mimeType).toBe('video/mp4');
	expect(file.fileExtension).toBe('mp4');
	expect((await readBinary(file)).equals(body)).toBe(true);
}

describe('Video Translation: Translate → Wait Here', () => {
	it('three languages: one execution, one status request per round for all three, three MP4 binaries paired with the input', async () => {
		const sandbox = box.get();
		const since = sandbox.server.log.length;
		const run = await runHeyGen(sandbox, translate());
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expect(items.map((i) => i.json.output_language)).toEqual(LANGUAGES);
		const ids = [...sandbox.heygen.jobs.jobs.keys()];
		for (const [k, item] of items.entries()) {
			expect(item.json).toMatchObject({
				video_translation_id: ids[k],
				status: 'completed',
				request: expect.objectContaining({ output_languages: LANGUAGES }),
				idempotency_key: expect.any(String),
				timings: { polls: expect.any(Number), waited_seconds: expect.any(Number) },
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.binary!.data.fileName).toBe(`${ids[k]}.mp4`);
			await expectMp4(item);
		}
		// the bulk endpoint lists all three in each round (the contract's queued/processing words)
		const { bulk, detail } = statusRequests(sandbox, '/v3/video-translations', since);
		expect(bulk.length).toBeGreaterThanOrEqual(2);
		for (const r of bulk)
			expect(String(r.query.video_translation_ids).split(',').sort()).toEqual([...ids].sort());
		expectValid(
			'VideoTranslateStatusesList',
			'response',
			(await apiGet(sandbox, `/v3/video-translations/statuses?video_translation_ids=${ids[0]}`))
				.body,
		);
		// one detail read per finished translation, for its URLs
		expect(detail.map((r) => r.path).sort()).toEqual(
			ids.map((id) => `/v3/video-translations/${id}`).sort(),
		);
		expectValid(
			'VideoTranslateCreate',
			'request',
			sent(sandbox, 'POST', '/v3/video-translations').pop()!,
		);
		expectNoKey(run);
	});

	it('captions: SRT by default, WebVTT when asked, each with its type; nothing when the translation has none', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			translate(
				{
					outputLanguages: ['Spanish (Spain)'],
					waitOptions: { ...FAST_WAIT, downloadSubtitles: true },
				},
				{ enableCaption: true },
			),
		);
		const [srt] = out(run);
		expect(srt.binary!.subtitles).toMatchObject({
			mimeType: 'application/x-subrip',
			fileExtension: 'srt',
		});
		expect((await readBinary(srt.binary!.subtitles)).toString()).toMatch(/-->.*\n.*Spanish/);
		expect(srt.json.srt_caption_url).toEqual(expect.any(String));

		resetJobs(sandbox);
		const vttRun = await runHeyGen(
			sandbox,
			translate(
				{
					outputLanguages: ['German (Germany)'],
					waitOptions: { ...FAST_WAIT, downloadSubtitles: true, subtitleFormat: 'vtt' },
				},
				{ enableCaption: true },
			),
		);
		const [vtt] = out(vttRun);
		expect(vtt.binary!.subtitles).toMatchObject({ mimeType: 'text/vtt', fileExtension: 'vtt' });
		expect((await readBinary(vtt.binary!.subtitles)).toString()).toMatch(/^WEBVTT/);

		resetJobs(sandbox);
		const none = await runHeyGen(
			sandbox,
			translate({
				outputLanguages: ['French (France)'],
				waitOptions: { ...FAST_WAIT, downloadSubtitles: true },
			}),
		);
		expect(Object.keys(out(none)[0].binary!)).toEqual(['data']);
	});

	it('a presigned link that expired before the download is refreshed with the translation GET', async () => {
		const sandbox = box.get();
		// S3's answer to an expired link
		sandbox.server.inject({
			service: 'files',
			method: 'GET',
			path: /^\/jobs\//,
			times: 1,
			fault: { type: 'status', status: 403, body: 'Request has expired' },
		});
		const run = await runHeyGen(sandbox, translate({ outputLanguages: ['Spanish (Spain)'] }));
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		await expectMp4(item);
		const id = item.json.video_translation_id as string;
		const files = sandbox.server.requests('files', 'GET').filter((r) => r.path.includes(id));
		expect(files.map((r) => r.status)).toEqual([403, 200]);
		// between the two: a GET of the translation, which signed the fresh link
		const reads = statusRequests(sandbox, '/v3/video-translations').detail;
		expect(
			reads.some((r) => r.path.endsWith(id) && r.time >= files[0].time && r.time <= files[1].time),
		).toBe(true);
	});

	it("HeyGen's skill-doc shape (succeeded, failure_reason) reads as the contract's", async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.skillShape = true;
		sandbox.heygen.jobs.failureFor = (_k, _b, language) =>
			language === 'German (Germany)' ? 'Speaker voice could not be cloned' : undefined;
		const run = await runHeyGen(
			sandbox,
			translate({ outputLanguages: ['Spanish (Spain)', 'German (Germany)'] }),
			undefined,
			{ continueOnFail: true },
		);
		const [es, de] = out(run);
		expect(es.json.status).toBe('completed');
		await expectMp4(es);
		expect(de.json).toMatchObject({
			status: 'failed',
			failure_message: 'Speaker voice could not be cloned',
			output_language: 'German (Germany)',
		});
	});
});

describe('failures and timeouts, per item', () => {
	it('a failed translation is an error with its message; with Continue On Fail an item with its fields, the other languages downloaded', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.failureFor = (_k, _b, language) =>
			language === 'German (Germany)' ? 'No speech was detected in the video' : undefined;
		const stopped = await runHeyGen(sandbox, translate());
		expect(err(stopped)!.message).toMatch(
			/^HeyGen: video translation \w+ failed: No speech was detected in the video$/,
		);
		expect(err(stopped)!.description).toMatch(/Video Translation ID: \w+/);

		resetJobs(sandbox);
		sandbox.heygen.jobs.failureFor = (_k, _b, language) =>
			language === 'German (Germany)' ? 'No speech was detected in the video' : undefined;
		const run = await runHeyGen(sandbox, translate(), undefined, { continueOnFail: true });
		const items = out(run);
		expect(items).toHaveLength(3);
		const [es, de, fr] = items;
		await expectMp4(es);
		await expectMp4(fr);
		expect(de.binary).toBeUndefined();
		expect(de.json).toMatchObject({
			error: expect.stringMatching(/failed: No speech was detected in the video/),
			video_translation_id: [...sandbox.heygen.jobs.jobs.keys()][1],
			status: 'failed',
			failure_message: 'No speech was detected in the video',
			output_language: 'German (Germany)',
		});
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('a video over the length limit: refused by the create, or failing the job with the message, both with the hint to trim it', async () => {
		const sandbox = box.get();
		const url = publicVideo(sandbox);
		sandbox.heygen.jobs.mediaSeconds.set(url, 4000);
		sandbox.heygen.jobs.tooLong = 'reject';
		const refused = await runHeyGen(sandbox, translate({ outputLanguages: ['English'] }));
		expect(err(refused)!.message).toMatch(/too long/);
		expect(sandbox.heygen.jobs.jobs.size).toBe(0);

		sandbox.heygen.jobs.tooLong = 'fail';
		const failed = await runHeyGen(sandbox, translate({ outputLanguages: ['English'] }));
		expect(err(failed)!.message).toMatch(/failed: Video is too long \(> 3600\.0s\)/);
		expect(err(failed)!.description).toMatch(/Start\/End Time/);
	});

	it('two items, one with a missing asset: the other is translated and downloaded (Continue On Fail)', async () => {
		const sandbox = box.get();
		const assetId = await uploadAsset(sandbox, 'video_16x9.mp4');
		const run = await runHeyGen(
			sandbox,
			translate({
				videoSource: 'assetId',
				videoAssetId: '={{ $json.asset }}',
				outputLanguages: ['English'],
			}),
			[{ json: { asset: 'missing-asset' } }, { json: { asset: assetId } }],
			{ continueOnFail: true },
		);
		const [bad, good] = out(run);
		expect(bad.json.error).toMatch(/asset_id not found/);
		expect(bad.pairedItem).toEqual({ item: 0 });
		expect(good.json.status).toBe('completed');
		expect(good.pairedItem).toEqual({ item: 1 });
		await expectMp4(good);
	});

	it('Max Wait: an error naming the last status in the detail words, or (On Timeout → output) an item with status "timeout"', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.timing = byJobPolls(2, 1000);
		const wait = { ...FAST_WAIT, maxWaitMinutes: 0.005 };
		const stopped = await runHeyGen(
			sandbox,
			translate({ outputLanguages: ['English'], waitOptions: wait }),
		);
		expect(err(stopped)!.message).toMatch(
			/^HeyGen video translation \w+ was still "running" after 0\.3 s \(Max Wait\)$/,
		);
		expect(err(stopped)!.description).toMatch(/Video Translation → Wait for Completion/);

		resetJobs(sandbox);
		sandbox.heygen.jobs.timing = byJobPolls(1000, 0);
		const run = await runHeyGen(
			sandbox,
			lipsync({ waitOptions: { ...wait, onTimeout: 'output' } }),
			[await binaryItem('mp3_44100_32.mp3', 'audio/mpeg')],
		);
		expect(out(run)[0].json).toMatchObject({
			lipsync_id: [...sandbox.heygen.jobs.jobs.keys()][0],
			status: 'timeout',
			last_status: 'pending',
		});
	});
});

/** Job progression by status checks: `pending` for the first checks, then `running`. */
function byJobPolls(pendingPolls: number, runningPolls: number) {
	return { mode: 'polls' as const, queueMs: 0, runMs: 0, pendingPolls, runningPolls };
}

describe('Lip Sync → Create → Wait Here', () => {
	it('ElevenLabs Text to Speech → HeyGen Lip Sync: the speech binary is uploaded, lip-synced and the MP4 downloaded, with its SRT', async () => {
		const sandbox = box.get();
		const run = await runSpeechInto(
			sandbox,
			'Hallo zusammen.',
			lipsync({ waitOptions: { ...FAST_WAIT, downloadSubtitles: true } }, { enableCaption: true }),
		);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		const body = sent(sandbox, 'POST', '/v3/lipsyncs').pop()!;
		expectValid('LipsyncCreate', 'request', body);
		const asset = sandbox.heygen.assets.get((body.audio as { asset_id: string }).asset_id)!;
		expect(asset.bytes.equals(await readBinary(outputOf(run, 'ElevenLabs')[0].binary!.data))).toBe(
			true,
		);
		expect(item.json).toMatchObject({
			lipsync_id: [...sandbox.heygen.jobs.jobs.keys()][0],
			status: 'completed',
			caption_url: expect.any(String),
			request: body,
		});
		await expectMp4(item);
		expect(item.binary!.subtitles).toMatchObject({
			mimeType: 'application/x-subrip',
			fileExtension: 'srt',
		});
		expectValid(
			'LipsyncGet',
			'response',
			(await apiGet(sandbox, `/v3/lipsyncs/${String(item.json.lipsync_id)}`)).body,
		);
		expectNoKey(run);
	});

	it('a failed lip-sync is an error item with its message (Continue On Fail)', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.failureFor = () => 'Face was not detected in the video';
		const run = await runHeyGen(
			sandbox,
			lipsync(),
			[await binaryItem('mp3_44100_32.mp3', 'audio/mpeg')],
			{ continueOnFail: true },
		);
		expect(out(run)[0].json).toMatchObject({
			error: expect.stringMatching(/^HeyGen: lip-sync \w+ failed: Face was not detected/),
			status: 'failed',
			failure_message: 'Face was not detected in the video',
		});
	});
});

describe('Wait for Completion operations (polling)', () => {
	it("Translate (Don't Wait) → Video Translation → Wait for Completion: the three IDs are waited for together from their creation time", async () => {
		const sandbox = box.get();
		const run = await runWorkflow({
			nodes: [
				{ name: 'Translate', type: 'heyGen', parameters: translate({ waitForCompletion: 'no' }) },
				{
					name: 'Wait',
					type: 'heyGen',
					parameters: {
						resource: 'videoTranslation',
						operation: 'waitForCompletion',
						waitOptions: FAST_WAIT,
						options: FAST_RETRY,
					},
				},
			],
			credentials: sandboxCredentials(sandbox),
		});
		expect(errorOf(run, 'Wait')).toBeUndefined();
		const created = outputOf(run, 'Translate');
		expect(created.map((i) => i.json.status)).toEqual(['pending', 'pending', 'pending']);
		const items = outputOf(run, 'Wait');
		expect(items.map((i) => i.json.video_translation_id)).toEqual(
			created.map((i) => i.json.video_translation_id),
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) await expectMp4(item);
		expect(sandbox.heygen.jobs.statusesCalls.translation).toBeGreaterThanOrEqual(1);
	});

	it('Lip Sync → Wait for Completion with an ID parameter; an unknown ID fails alone', async () => {
		const sandbox = box.get();
		const created = await runHeyGen(sandbox, lipsync({ waitForCompletion: 'no' }), [
			await binaryItem('mp3_44100_32.mp3', 'audio/mpeg'),
		]);
		const id = out(created)[0].json.lipsync_id as string;
		const run = await runHeyGen(
			sandbox,
			{
				resource: 'lipsync',
				operation: 'waitForCompletion',
				lipsyncId: '={{ $json.id }}',
				download: false,
				waitOptions: FAST_WAIT,
				options: FAST_RETRY,
			},
			[{ json: { id } }, { json: { id: 'nope' } }],
			{ continueOnFail: true },
		);
		const [done, unknown] = out(run);
		expect(done.json).toMatchObject({ lipsync_id: id, status: 'completed' });
		expect(done.binary).toBeUndefined();
		expect(unknown.json).toMatchObject({ lipsync_id: 'nope', error: expect.any(String) });
		expect(unknown.json.error).toMatch(/not found/i);
	});
});

describe('callback mode', () => {
	const waitNode = (resource: string, params: Record<string, unknown> = {}): WorkflowNodeSpec => ({
		name: 'Wait',
		type: 'heyGen',
		parameters: {
			resource,
			operation: 'waitForCompletion',
			waitMode: 'callback',
			waitOptions: { ...FAST_WAIT, initialIntervalSeconds: 10 },
			options: FAST_RETRY,
			...params,
		},
	});

	/** Jobs that settle on the clock (callbacks are sent when they do). */
	const onTime = (sandbox: Sandbox, runMs = 150) => {
		sandbox.heygen.jobs.timing = {
			...sandbox.heygen.jobs.timing,
			mode: 'time',
			queueMs: 30,
			runMs,
		};
	};

	it('Translate (Send Resume URL) → Wait: no status request while waiting; resumed once all three called back, three MP4s', async () => {
		const sandbox = box.get();
		onTime(sandbox);
		const since = sandbox.server.log.length;
		const nodes: WorkflowNodeSpec[] = [
			{
				name: 'Translate',
				type: 'heyGen',
				parameters: translate({ waitForCompletion: 'callback' }),
			},
			waitNode('videoTranslation'),
		];
		const run = await resume.startWaiting(nodes);
		const body = sent(sandbox, 'POST', '/v3/video-translations').pop()!;
		expectValid('VideoTranslateCreate', 'request', body);
		expect(body.callback_url).toMatch(new RegExp(`^${resume.base}/1`));
		// created a moment ago: nothing read before waiting
		const before = statusRequests(sandbox, '/v3/video-translations', since);
		expect(before.bulk.length + before.detail.length).toBe(0);
		expect(run.waitTill).toBeInstanceOf(Date);
		const items = await resume.passedOn();
		expect(items).toHaveLength(3);
		const ids = [...sandbox.heygen.jobs.jobs.keys()];
		expect(items.map((i) => i.json.video_translation_id)).toEqual(ids);
		for (const item of items) {
			expect(item.json).toMatchObject({ status: 'completed', timings: { mode: 'callback' } });
			await expectMp4(item);
		}
		// one callback per translation, each answered at once
		expect(resume.calls.length).toBeGreaterThanOrEqual(1);
		expect(resume.calls.every((c) => c.status === 200)).toBe(true);
		const deliveries = sandbox.heygen.callbacks.filter((c) => c.url.startsWith(resume.base));
		expect(deliveries).toHaveLength(3);
		expect(deliveries.map((d) => (d.payload as { event_type: string }).event_type)).toEqual([
			'video_translate.success',
			'video_translate.success',
			'video_translate.success',
		]);
	});

	it.each([
		['video_translate', 'event_data'],
		['lipsync', 'event_data'],
		['video_translate', 'data'],
		['lipsync', 'top-level'],
	] as const)(
		'Lip Sync → Create (Send Resume URL) → Wait: a %s callback with the ID under %s resumes it',
		async (variant, shape) => {
			const sandbox = box.get();
			onTime(sandbox);
			sandbox.heygen.jobs.lipsyncCallback = variant;
			sandbox.heygen.callbackShape = shape;
			const nodes: WorkflowNodeSpec[] = [
				{
					name: 'Create',
					type: 'heyGen',
					parameters: lipsync({ waitForCompletion: 'callback' }),
				},
				waitNode('lipsync'),
			];
			await resume.startWaiting(nodes, [await binaryItem('mp3_44100_32.mp3', 'audio/mpeg')]);
			const body = sent(sandbox, 'POST', '/v3/lipsyncs').pop()!;
			expectValid('LipsyncCreate', 'request', body);
			const [item] = await resume.passedOn();
			expect(item.json).toMatchObject({
				lipsync_id: [...sandbox.heygen.jobs.jobs.keys()][0],
				status: 'completed',
			});
			await expectMp4(item);
			const delivered = sandbox.heygen.callbacks.pop()!.payload as IDataObject;
			const data = (shape === 'top-level' ? delivered : delivered[shape]) as IDataObject;
			expect(data[variant === 'lipsync' ? 'lipsync_id' : 'video_translate_id']).toBe(
				item.json.lipsync_id,
			);
		},
	);

	it('a failed translation in callback mode ends as in polling: an item with the error and its fields', async () => {
		const sandbox = box.get();
		onTime(sandbox);
		sandbox.heygen.jobs.failureFor = () => 'Unsupported audio track';
		await resume.startWaiting([
			{
				name: 'Translate',
				type: 'heyGen',
				parameters: translate({ waitForCompletion: 'callback', outputLanguages: ['English'] }),
			},
			waitNode('videoTranslation'),
		]);
		const [item] = await resume.passedOn();
		expect(item.json).toMatchObject({
			error: expect.stringMatching(/video translation \w+ failed: Unsupported audio track/),
			status: 'failed',
			failure_message: 'Unsupported audio track',
			video_translation_id: [...sandbox.heygen.jobs.jobs.keys()][0],
		});
		const delivered = sandbox.heygen.callbacks.pop()!.payload as IDataObject;
		expect(delivered.event_type).toBe('video_translate.fail');
	});

	it('answers 400 to a callback naming another job, and Max Wait without a callback passes on timeout items', async () => {
		const sandbox = box.get();
		sandbox.heygen.jobs.timing = byJobPolls(1000, 0);
		const nodes: WorkflowNodeSpec[] = [
			{ name: 'Create', type: 'heyGen', parameters: lipsync({ waitForCompletion: 'callback' }) },
			waitNode('lipsync', {
				waitOptions: { ...FAST_WAIT, initialIntervalSeconds: 10, maxWaitMinutes: 0.5 },
			}),
		];
		const run = await resume.startWaiting(nodes, [
			await binaryItem('mp3_44100_32.mp3', 'audio/mpeg'),
		]);
		const res = await fetch(`${resume.base}/1`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ event_type: 'lipsync.success', event_data: { lipsync_id: 'other' } }),
		});
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ error: 'Not a HeyGen lip-sync event for this execution' });
		expect(resume.waiting).toBeDefined();
		// n8n's WaitTracker resumes it at waitTill: the node is not run again
		const after = await continueWaitingExecution({
			run,
			nodes,
			credentials: sandboxCredentials(sandbox),
		});
		const [item] = outputOf(after, 'Wait');
		expect(item.json).toMatchObject({
			lipsync_id: [...sandbox.heygen.jobs.jobs.keys()][0],
			status: 'timeout',
			error: expect.stringMatching(/^HeyGen lip-sync \w+ did not call back within 30 s/),
			timings: { mode: 'callback', polls: 0 },
		});
	});
});

describe('examples/heygen-elevenlabs-avatar-video-translated.json', () => {
	const file = path.resolve(
		__dirname,
		'../../examples/heygen-elevenlabs-avatar-video-translated.json',
	);
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: Array<{ name: string; type: string; parameters: INodeParameters }>;
	};
	const ours = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-heygen-elevenlabs.'));

	it('its nodes, in order: ElevenLabs TTS → Upload → Generate 9:16 (Wait Here) → Translate into 3 languages (Wait Here)', () => {
		expect(ours.map((n) => n.parameters.operation)).toEqual([
			'textToSpeech',
			'upload',
			'generate',
			'translate',
		]);
		expect(ours[2].parameters).toMatchObject({ aspectRatio: '9:16', waitForCompletion: 'poll' });
		expect(ours[3].parameters).toMatchObject({ waitForCompletion: 'poll', download: true });
		expect(ours[3].parameters.outputLanguages).toHaveLength(3);
	});

	it('runs in-process against the sandbox: three 9:16 MP4 binaries in one execution', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const settings = workflow.nodes.find((n) => n.name === 'Settings')!;
		const fields = Object.fromEntries(
			(
				settings.parameters.assignments as {
					assignments: Array<{ name: string; value: string }>;
				}
			).assignments.map((a) => [a.name, a.value]),
		);
		// the harness runs only this package's nodes: the Settings node's fields are the input, and
		// reach the HeyGen nodes through Text to Speech (Include Input Fields is on by default)
		// what a user picks in the two empty "From list" pickers
		const picks: Record<string, string> = {
			voice: '21m00Tcm4TlvDq8ikWAM', // Rachel, a premade voice every account has
			avatarId: sandbox.heygen.looks[0].id,
		};
		const fast = (p: INodeParameters): INodeParameters => {
			const q = JSON.parse(
				JSON.stringify(withPicked(p, picks)).split("$('Settings')").join("$('Text to Speech')"),
			) as INodeParameters;
			return q.waitForCompletion === 'poll'
				? { ...q, waitOptions: { ...(q.waitOptions as object), ...FAST_WAIT } }
				: q;
		};
		const run = await runWorkflow({
			nodes: ours.map((n) => ({
				name: n.name,
				type: n.type.split('.').pop()!,
				parameters: fast(n.parameters),
			})),
			input: [{ json: fields }],
			credentials: sandboxCredentials(sandbox),
		});
		for (const n of ours) expect(errorOf(run, n.name)).toBeUndefined();
		const video = outputOf(run, 'Generate Video (9:16)')[0];
		expect(video.json.status).toBe('completed');
		const body = sent(sandbox, 'POST', '/v3/video-translations').pop()!;
		expect(body).toMatchObject({
			video: { type: 'url', url: video.json.video_url },
			output_languages: ['Spanish (Spain)', 'German (Germany)', 'French (France)'],
			title: fields.title,
		});
		const items = outputOf(run, 'Translate (3 Languages)');
		expect(items).toHaveLength(3);
		// a translation keeps the source's frame: the sandbox renders the 9:16 source as 9:16
		for (const item of items) await expectMp4(item, MP4_9x16);
	});
});
