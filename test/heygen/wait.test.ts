/**
 * Video → Wait for Completion and Generate + wait: the whole status progression, failures,
 * timeouts (both modes), expired download URLs, streamed downloads, concurrent waits, callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { waitForVideos } from '../../nodes/HeyGen/helpers/poll';
import { waitSettingsFrom } from '../../nodes/HeyGen/helpers/wait';
import { credentialReads, outputOf, readBinary, runWorkflow } from '../harness';
import { sandboxCredentials } from '../sandbox';
import { renderedVideo } from '../sandbox/media';
import type { FaultRule, LoggedRequest } from '../sandbox/server';
import {
	byPolls,
	byTime,
	err,
	expectNoKey,
	expectValid,
	FAST_RETRY,
	FAST_WAIT,
	generateParameters,
	heyGenNode,
	out,
	runHeyGen,
	SANDBOX_HEYGEN_KEY,
} from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

/** Creates a video straight through the sandbox API (as another workflow would have). */
async function createVideo(body: Record<string, unknown> = {}): Promise<string> {
	const sandbox = box.get();
	const res = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_HEYGEN_KEY },
		body: JSON.stringify({
			type: 'avatar',
			avatar_id: sandbox.heygen.looks[0].id,
			script: 'Hello there',
			...body,
		}),
	});
	const json = (await res.json()) as { data: { video_id: string } };
	expect(res.status).toBe(200);
	expectValid('VideoCreate', 'response', json);
	return json.data.video_id;
}

/** The downloaded binary is, byte for byte, the sandbox's render for that aspect ratio and format. */
async function expectRender(data: IBinaryData, aspectRatio: string, format = 'mp4'): Promise<void> {
	expect((await readBinary(data)).equals(renderedVideo(aspectRatio, format).body)).toBe(true);
}

/** `n` videos created at once, titled `${prefix} 0`, `${prefix} 1`, … */
const createVideos = (n: number, prefix: string): Promise<string[]> =>
	Promise.all(Array.from({ length: n }, (_, i) => createVideo({ title: `${prefix} ${i}` })));

/** Two videos: "good" renders, "bad" fails with internal_error "Render crashed". */
async function goodAndBadVideos(): Promise<[string, string]> {
	box.get().heygen.outcomeFor = (b) =>
		b.title === 'bad'
			? { failure_code: 'internal_error', failure_message: 'Render crashed' }
			: undefined;
	return [await createVideo({ title: 'good' }), await createVideo({ title: 'bad' })];
}

/** One input item `{ id }` per video ID. */
const idItems = (ids: string[]) => ids.map((id) => ({ json: { id } }));

/** The video IDs one GET /v3/videos/statuses call asked for. */
const listed = (r: LoggedRequest): string[] =>
	String(r.query.video_ids ?? '')
		.split(',')
		.filter(Boolean);

/** The GET /v3/videos/statuses calls that listed `videoId`. */
const statuses = (videoId: string): LoggedRequest[] =>
	box
		.get()
		.server.requests('heygen', 'GET', '/v3/videos/statuses')
		.filter((r) => listed(r).includes(videoId));

const wait = (videoId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'video',
	operation: 'waitForCompletion',
	videoId,
	...extra,
	waitOptions: { ...FAST_WAIT, ...((extra.waitOptions as object) ?? {}) },
	options: FAST_RETRY,
});

/** One Wait for Completion node over the items `{ id }` of `ids` (Video ID `{{ $json.id }}`). */
const waitEach = (
	ids: string[],
	extra: Record<string, unknown> = {},
	options: { continueOnFail?: boolean } = {},
) => runHeyGen(box.get(), wait('={{ $json.id }}', extra), idItems(ids), options);

/** The HeyGen GET requests to `template` logged since the log had `before` entries. */
const since = (before: number, template: string) =>
	box
		.get()
		.server.log.slice(before)
		.filter((r) => r.service === 'heygen' && r.method === 'GET' && r.template === template);

afterEach(() => {
	const s = box.get().heygen;
	s.render = { mode: 'time', queueMs: 40, renderMs: 160, pendingPolls: 1, processingPolls: 2 };
	s.outcomeFor = undefined;
	s.urlTtlMs = 15 * 60_000;
	s.renderFor = undefined;
});

describe('Video → Wait for Completion', () => {
	it('polls through pending → processing → completed and outputs the links, duration and timings', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(2, 3);
		const videoId = await createVideo({
			aspect_ratio: '9:16',
			caption: { file_format: 'srt', style: 'default' },
		});
		const run = await runHeyGen(
			sandbox,
			wait(videoId, { download: true, waitOptions: { downloadSubtitles: true } }),
		);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.json).toMatchObject({
			video_id: videoId,
			status: 'completed',
			duration: 1,
			video_url: expect.stringContaining('/files/videos/'),
			captioned_video_url: expect.stringContaining('_captioned'),
			subtitle_url: expect.stringContaining('/files/subtitles/'),
			thumbnail_url: expect.any(String),
			timings: {
				polls: 6,
				queued_seconds: expect.any(Number),
				render_seconds: expect.any(Number),
				waited_seconds: expect.any(Number),
			},
		});
		// one video alone: 6 checks with GET /v3/videos/{id}, the last of which carries the URLs — no
		// bulk call and no second read
		expect(statuses(videoId)).toHaveLength(0);
		const gets = sandbox.server
			.requests('heygen', 'GET', '/v3/videos/{video_id}')
			.filter((r) => r.path.endsWith(videoId)).length;
		expect(gets).toBe(6);
		expect(sandbox.heygen.statusPolls(videoId)).toBe(6);
		await expectRender(item.binary!.data, '9:16');
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${videoId}.mp4` });
		const srt = await readBinary(item.binary!.subtitles);
		expect(srt.toString()).toContain('Hello there');
		expect(item.pairedItem).toEqual({ item: 0 });
		expectNoKey(run);
	});

	it("a WebM render is stored as video/webm with a .webm name (the type comes from the download's Content-Type)", async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ output_format: 'webm' });
		const run = await runHeyGen(sandbox, wait(videoId, { download: true }));
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.binary!.data).toMatchObject({
			mimeType: 'video/webm',
			fileName: `${videoId}.webm`,
		});
		await expectRender(item.binary!.data, '16:9', 'webm');
	});

	it('downloads the captioned version when asked', async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ caption: { file_format: 'srt', style: 'default' } });
		const run = await runHeyGen(
			sandbox,
			wait(videoId, {
				download: true,
				binaryPropertyName: 'video',
				waitOptions: { downloadCaptioned: true },
			}),
		);
		expect(out(run)[0].binary!.video.fileName).toBe(`${videoId}_captioned.mp4`);
	});

	it('re-fetches the video for a fresh link when the presigned URL expired, then downloads it', async () => {
		const sandbox = box.get();
		sandbox.heygen.urlTtlMs = 150;
		const videoId = await createVideo({ aspect_ratio: '16:9' });
		// the first download is held until its link has really expired
		sandbox.server.inject({
			service: 'files',
			method: 'GET',
			path: /^\/videos\//,
			times: 1,
			fault: { type: 'delay', ms: 400 },
		});
		const run = await runHeyGen(sandbox, wait(videoId, { download: true }));
		expect(err(run)).toBeUndefined();
		const downloads = sandbox.server
			.requests('files', 'GET')
			.filter((r) => r.path.startsWith(`/videos/${videoId}`));
		expect(downloads.map((d) => d.status)).toEqual([403, 200]);
		expect(downloads[0].query['X-Amz-Signature']).not.toEqual(
			downloads[1].query['X-Amz-Signature'],
		);
		await expectRender(out(run)[0].binary!.data, '16:9');
		for (const d of downloads) expect(d.headers['x-api-key']).toBeUndefined();
	});

	it('a failed render is a NodeApiError with failure_code, failure_message and a hint', async () => {
		const sandbox = box.get();
		sandbox.heygen.outcomeFor = () => ({
			failure_code: 'audio_decode_failed',
			failure_message: 'The audio file could not be decoded.',
		});
		const videoId = await createVideo();
		const run = await runHeyGen(sandbox, wait(videoId));
		const error = err(run)!;
		expect(error.message).toBe(
			`HeyGen: video ${videoId} failed: The audio file could not be decoded. [audio_decode_failed]`,
		);
		expect(error.description).toMatch(/MP3 or WAV/);
		expect(error.description).toContain(videoId);
		expect((error as unknown as { name: string }).name).toBe('NodeApiError');
		expectNoKey(run);
	});

	it('with Continue On Fail, failed and completed videos come out as paired items', async () => {
		const [good, bad] = await goodAndBadVideos();
		const run = await waitEach([bad, good], {}, { continueOnFail: true });
		const items = out(run);
		expect(items[0].json.error).toMatch(/Render crashed \[internal_error\]/);
		// the failure as fields, not only inside the error text
		expect(items[0].json).toMatchObject({
			itemIndex: 0,
			video_id: bad,
			status: 'failed',
			failure_code: 'internal_error',
			failure_message: 'Render crashed',
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json).toMatchObject({ video_id: good, status: 'completed' });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('downloads the video by default (Wait for Completion, and Generate with Wait Here)', async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ aspect_ratio: '9:16' });
		const run = await runHeyGen(sandbox, {
			resource: 'video',
			operation: 'waitForCompletion',
			videoId,
			waitOptions: FAST_WAIT,
			options: FAST_RETRY,
		});
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${videoId}.mp4` });
		await expectRender(item.binary!.data, '9:16');
		const generated = await runHeyGen(
			sandbox,
			generateParameters(
				sandbox,
				'Downloaded by default',
				{ aspectRatio: '9:16' },
				{ waitForCompletion: 'poll', waitOptions: FAST_WAIT },
			),
		);
		expect(err(generated)).toBeUndefined();
		const [done] = out(generated);
		expect(done.json.status).toBe('completed');
		await expectRender(done.binary!.data, '9:16');
	});

	it('with Continue On Fail, a timeout (On Timeout → Return an Error) carries video_id, status "timeout", last_status and timings', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 10_000);
		const videoId = await createVideo();
		const run = await runHeyGen(
			sandbox,
			wait(videoId, { waitOptions: { maxWaitMinutes: 0.005 } }),
			undefined,
			{ continueOnFail: true },
		);
		const [item] = out(run);
		expect(item.json).toMatchObject({
			error: `HeyGen video ${videoId} was still "processing" after 0.3 s (Max Wait)`,
			itemIndex: 0,
			video_id: videoId,
			status: 'timeout',
			last_status: 'processing',
			timings: { polls: expect.any(Number), waited_seconds: expect.any(Number) },
		});
	});

	it('times out with a clear error by default', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(10_000, 0);
		const videoId = await createVideo();
		const started = Date.now();
		const run = await runHeyGen(sandbox, wait(videoId, { waitOptions: { maxWaitMinutes: 0.005 } }));
		expect(err(run)?.message).toBe(
			`HeyGen video ${videoId} was still "pending" after 0.3 s (Max Wait)`,
		);
		expect(err(run)?.description).toMatch(/On Timeout/);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('or outputs an item with status "timeout" and the video ID', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 10_000);
		const videoId = await createVideo();
		const run = await runHeyGen(
			sandbox,
			wait(videoId, { waitOptions: { maxWaitMinutes: 0.005, onTimeout: 'output' } }),
		);
		expect(err(run)).toBeUndefined();
		expect(out(run)[0].json).toMatchObject({
			video_id: videoId,
			status: 'timeout',
			last_status: 'processing',
		});
		expect((out(run)[0].json.timings as { polls: number }).polls).toBeGreaterThan(1);
	});

	it('waits for many items at the same time (≈ one render time, not N ×)', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(100, 700);
		const ids = await createVideos(6, 'parallel');
		const started = Date.now();
		const run = await waitEach(ids, { download: true });
		const elapsed = Date.now() - started;
		expect(err(run)).toBeUndefined();
		expect(out(run).map((i) => i.json.video_id)).toEqual(ids);
		expect(out(run).every((i) => i.json.status === 'completed' && i.binary?.data)).toBe(true);
		// sequential waiting would take ≥ 6 × 800 ms
		expect(elapsed).toBeLessThan(3500);
		// they start together: the very first status check already covers all of them
		const firstCheck = statuses(ids[0])[0];
		expect(listed(firstCheck).sort()).toEqual([...ids].sort());
	});

	it('refuses a Poll Cadence it does not know (from an expression) before any request', async () => {
		const sandbox = box.get();
		const before = sandbox.server.log.length;
		const run = await runHeyGen(
			sandbox,
			wait('0000deadbeef', { waitOptions: { pollCadence: '={{ "sometimes" }}' } }),
		);
		expect(err(run)?.message).toBe(
			'Poll Cadence must be one of standard, fast, relaxed, got "sometimes"',
		);
		expect(sandbox.server.log.length).toBe(before);
	});

	it('fails clearly for an unknown video ID', async () => {
		const run = await runHeyGen(box.get(), wait('0000deadbeef'));
		expect(err(run)?.message).toMatch(/video_not_found/);
	});
});

describe('Video → Wait for Completion: one status poll loop for all items', () => {
	it('20 items: one GET /v3/videos/statuses per round for all of them, then one GET per finished video', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(2, 3);
		// the shape of a single item's output, for comparison
		const single = out(await runHeyGen(sandbox, wait(await createVideo({ title: 'single' }))))[0];
		const ids = await createVideos(20, 'bulk');
		const before = sandbox.server.log.length;
		delete credentialReads.heygenElevenlabsHeyGenApi;
		const run = await waitEach(ids);
		expect(err(run)).toBeUndefined();
		// 26 requests, one credential read for the whole execution
		expect(credentialReads.heygenElevenlabsHeyGenApi).toBe(1);
		const items = out(run);
		expect(items.map((i) => i.json.video_id)).toEqual(ids);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(Object.keys(item.json).sort()).toEqual(Object.keys(single.json).sort());
			expect(Object.keys(item.json.timings as object).sort()).toEqual(
				Object.keys(single.json.timings as object).sort(),
			);
			expect(item.json).toMatchObject({
				status: 'completed',
				video_url: expect.stringContaining(`/files/videos/${ids[i]}`),
				timings: { polls: 6 },
			});
		});
		expect(single.json.timings).toMatchObject({ polls: 6 });
		// pending ×2, processing ×3, completed: 6 rounds → 6 bulk calls, each listing all 20 videos
		const bulk = since(before, '/v3/videos/statuses');
		expect(bulk).toHaveLength(6);
		for (const call of bulk) expect(listed(call).sort()).toEqual([...ids].sort());
		// no per-video status polling: exactly one detail read per finished video
		const gets = since(before, '/v3/videos/{video_id}');
		expect(gets.map((r) => r.path.split('/').pop()).sort()).toEqual([...ids].sort());
		for (const id of ids) expect(sandbox.heygen.statusPolls(id)).toBe(7);
	});

	it('with Continue On Fail: completed, failed, not found and a malformed ID each come out on their own', async () => {
		const sandbox = box.get();
		const [good, bad] = await goodAndBadVideos();
		const before = sandbox.server.log.length;
		const run = await waitEach(
			[good, bad, '0000deadbeef', 'not,an,id'],
			{},
			{ continueOnFail: true },
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expect(items).toHaveLength(4);
		expect(items[0].json).toMatchObject({
			video_id: good,
			status: 'completed',
			timings: { polls: expect.any(Number) },
		});
		expect(items[1].json).toMatchObject({
			itemIndex: 1,
			error: `HeyGen: video ${bad} failed: Render crashed [internal_error]`,
		});
		expect(items[2].json).toMatchObject({
			itemIndex: 2,
			error: expect.stringMatching(/video_not_found/),
			httpCode: '404',
		});
		expect(items[3].json).toMatchObject({
			itemIndex: 3,
			error: expect.stringMatching(/video_not_found/),
			httpCode: '404',
		});
		items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		// the unknown ID rode along in the shared bulk call (answered not_found) without breaking it
		const bulk = since(before, '/v3/videos/statuses');
		expect(bulk.length).toBeGreaterThan(0);
		expect(listed(bulk[0]).sort()).toEqual([good, bad, '0000deadbeef'].sort());
		expect(bulk.every((r) => r.status === 200)).toBe(true);
		// an ID that cannot be listed (commas) is checked with its own GET
		expect(bulk.some((r) => String(r.query.video_ids).includes('not'))).toBe(false);
	});

	it('a bulk call that keeps failing fails every waiting item clearly, after one retry sequence', async () => {
		const sandbox = box.get();
		const ids = await createVideos(3, 'down');
		const fault = {
			type: 'status',
			status: 503,
			body: { error: { code: 'service_unavailable', message: 'Service unavailable' } },
		} as const;
		sandbox.server.inject({
			service: 'heygen',
			method: 'GET',
			path: '/v3/videos/statuses',
			times: 100,
			fault,
		});
		try {
			const before = sandbox.server.log.length;
			const run = await waitEach(ids, {}, { continueOnFail: true });
			const items = out(run);
			expect(items).toHaveLength(3);
			items.forEach((item, i) => {
				expect(item.json).toMatchObject({
					itemIndex: i,
					error: expect.stringMatching(/Service unavailable/),
					httpCode: '503',
				});
				expect(item.pairedItem).toEqual({ item: i });
			});
			// one bulk call for the three items, retried FAST_RETRY.maxAttempts times — not 3 × 4
			expect(since(before, '/v3/videos/statuses')).toHaveLength(
				FAST_RETRY.retry.settings.maxAttempts,
			);
			const failed = await waitEach(ids);
			expect(err(failed)?.message).toMatch(/Service unavailable/);
			expect((err(failed) as unknown as { name: string }).name).toBe('NodeApiError');
		} finally {
			sandbox.server.clearFaults();
		}
	});

	it('a bulk endpoint that answers 404 (none on this API) is dropped for per-video GETs; a 400 only for that round', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const gets = (before: number, id: string) =>
			since(before, '/v3/videos/{video_id}').filter((r) => r.path.endsWith(id)).length;
		const answer = (status: number): FaultRule => ({
			service: 'heygen',
			method: 'GET',
			path: '/v3/videos/statuses',
			times: 1,
			fault: {
				type: 'status',
				status,
				body: { error: { code: 'not_found', message: `HTTP ${status} from the bulk endpoint` } },
			},
		});
		try {
			// 404: the rest of the wait checks each video with its own GET (pending, processing, completed)
			const missing = await createVideos(2, 'no bulk');
			sandbox.server.inject(answer(404));
			let before = sandbox.server.log.length;
			let run = await waitEach(missing);
			expect(out(run).map((i) => i.json.status)).toEqual(['completed', 'completed']);
			expect(since(before, '/v3/videos/statuses')).toHaveLength(1);
			for (const id of missing) expect(gets(before, id)).toBe(3);

			// 400: that round's videos are checked one by one, the next rounds use the bulk endpoint again
			const rejected = await createVideos(2, 'bad bulk');
			sandbox.server.inject(answer(400));
			before = sandbox.server.log.length;
			run = await waitEach(rejected);
			expect(out(run).map((i) => i.json.status)).toEqual(['completed', 'completed']);
			expect(since(before, '/v3/videos/statuses').map((r) => r.status)).toEqual([400, 200, 200]);
			// the check of the rejected round, and the read of the finished video
			for (const id of rejected) expect(gets(before, id)).toBe(2);
		} finally {
			sandbox.server.clearFaults();
		}
	});

	it('keeps Max Wait per item: a fast video completes while a slow one times out in the same ticks', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byTime(0, 0);
		sandbox.heygen.renderFor = (b) =>
			b.title === 'slow' ? { queueMs: 50, renderMs: 60_000 } : { queueMs: 20, renderMs: 60 };
		try {
			const fast = await createVideo({ title: 'fast' });
			const slow = await createVideo({ title: 'slow' });
			const before = sandbox.server.log.length;
			const run = await runHeyGen(
				sandbox,
				wait('={{ $json.id }}', {
					waitOptions: { maxWaitMinutes: '={{ $json.max }}', onTimeout: 'output' },
				}),
				[{ json: { id: fast, max: 0.5 } }, { json: { id: slow, max: 0.005 } }],
			);
			expect(err(run)).toBeUndefined();
			const [a, b] = out(run);
			expect(a.json).toMatchObject({ video_id: fast, status: 'completed' });
			expect(b.json).toMatchObject({
				video_id: slow,
				status: 'timeout',
				last_status: 'processing',
			});
			expect((b.json.timings as { waited_seconds: number }).waited_seconds).toBeLessThan(1);
			// both were checked together while both were waiting
			expect(since(before, '/v3/videos/statuses').some((r) => listed(r).length === 2)).toBe(true);
		} finally {
			sandbox.heygen.renderFor = undefined;
		}
	});

	it('a cancelled execution stops waiting promptly', async () => {
		const controller = new AbortController();
		// nothing but the cancel signal and the node: the loop makes no request before the first check
		const ctx = {
			getExecutionCancelSignal: () => controller.signal,
			getNode: () => heyGenNode,
		} as unknown as IExecuteFunctions;
		const settings = waitSettingsFrom((_name, fallback) => fallback);
		const started = Date.now();
		// created just now: the first check would come 10 s later
		const waiting = waitForVideos(ctx, [
			{ itemIndex: 0, videoId: 'a', settings, createdAt: started },
			{ itemIndex: 1, videoId: 'b', settings, createdAt: started },
		]);
		setTimeout(() => controller.abort(), 50);
		await expect(waiting).rejects.toMatchObject({
			message: 'The execution was cancelled',
			context: { itemIndex: 0 },
		});
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('Video → Wait for Completion: HTTP 200 with an error instead of the status', () => {
	afterEach(() => {
		box.get().heygen.statusErrorBodies = 0;
	});
	const checksOf = (before: number, videoId: string) =>
		box
			.get()
			.server.log.slice(before)
			.filter(
				(r) =>
					r.service === 'heygen' &&
					r.method === 'GET' &&
					(r.path === `/v3/videos/${videoId}` || listed(r).includes(videoId)),
			);

	it('is a transient failure: the next round checks again, the wait completes, and timings.polls counts every status request', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const videoId = await createVideo();
		sandbox.heygen.statusErrorBodies = 2;
		const before = sandbox.server.log.length;
		const run = await runHeyGen(sandbox, wait(videoId, { download: false }));
		expect(err(run)).toBeUndefined();
		const checks = checksOf(before, videoId);
		// two answered with an error body, then pending, processing, completed — all HTTP 200
		expect(checks.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(out(run)[0].json).toMatchObject({ status: 'completed', timings: { polls: 5 } });
	});

	it('several videos: a bulk round answered that way is retried on the next round too', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const ids = await createVideos(3, 'flaky');
		sandbox.heygen.statusErrorBodies = 1;
		const before = sandbox.server.log.length;
		const run = await waitEach(ids, { download: false });
		expect(err(run)).toBeUndefined();
		expect(out(run).map((i) => i.json.status)).toEqual(['completed', 'completed', 'completed']);
		const bulk = since(before, '/v3/videos/statuses');
		// the error round, then pending, processing, completed
		expect(bulk).toHaveLength(4);
		for (const item of out(run)) expect(item.json.timings).toMatchObject({ polls: 4 });
	});

	it('a persistent one ends in a clear error after 3 failed checks in a row, long before Max Wait', async () => {
		const sandbox = box.get();
		const videoId = await createVideo();
		sandbox.heygen.statusErrorBodies = 1000;
		const started = Date.now();
		const run = await runHeyGen(sandbox, wait(videoId, { download: false }));
		expect(Date.now() - started).toBeLessThan(5000);
		expect(err(run)?.message).toMatch(
			new RegExp(
				`^HeyGen's status check of video ${videoId} failed 3 times in a row: .*Internal server error`,
			),
		);
		expect(err(run)?.description).toMatch(/stops after 3 failed checks in a row or at Max Wait/);
		const withItems = await runHeyGen(sandbox, wait(videoId, { download: false }), undefined, {
			continueOnFail: true,
		});
		expect(out(withItems)[0].json).toMatchObject({
			error: expect.stringContaining('failed 3 times in a row'),
			video_id: videoId,
			last_status: null,
		});
	});

	it('one still failing when Max Wait comes ends in that error, not a timeout', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(10_000, 0);
		const videoId = await createVideo();
		sandbox.heygen.statusErrorBodies = 1000;
		// the first interval is longer than Max Wait: one check, at the deadline
		const run = await runHeyGen(
			sandbox,
			wait(videoId, {
				download: false,
				waitOptions: {
					initialIntervalSeconds: 60,
					intervalEarlySeconds: 60,
					maxWaitMinutes: 0.005,
				},
			}),
			[{ json: { video_id: videoId, created_at: Math.floor(Date.now() / 1000) } }],
		);
		expect(err(run)?.message).toMatch(
			new RegExp(`^HeyGen's status check of video ${videoId} failed once: .*Internal server error`),
		);
	});
});

describe('Video → Wait for Completion: one poll loop per node execution', () => {
	const waitRun = (name: string, ids: string[], apiKey?: string) =>
		runWorkflow({
			nodes: [{ name, type: 'heyGen', parameters: wait('={{ $json.id }}') }],
			credentials: box.credentials({ heygen: apiKey }),
			input: idItems(ids),
		});

	it('two executions waiting at the same time each check only their own videos, with their own credential', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const other = 'hg_second_account_key';
		sandbox.heygen.keys.set(other, sandbox.heygen.keys.get(SANDBOX_HEYGEN_KEY)!);
		try {
			const ids = await createVideos(4, 'own');
			const before = sandbox.server.log.length;
			const [runA, runB] = await Promise.all([
				waitRun('Wait A', ids.slice(0, 2)),
				waitRun('Wait B', ids.slice(2), other),
			]);
			expect(outputOf(runA, 'Wait A').map((i) => i.json.status)).toEqual([
				'completed',
				'completed',
			]);
			expect(outputOf(runB, 'Wait B').map((i) => i.json.status)).toEqual([
				'completed',
				'completed',
			]);
			const bulk = since(before, '/v3/videos/statuses');
			// pending, processing, completed: three rounds each, never mixed
			expect(bulk).toHaveLength(6);
			for (const r of bulk) {
				const key = r.headers['x-api-key'];
				expect(listed(r).sort()).toEqual((key === other ? ids.slice(2) : ids.slice(0, 2)).sort());
			}
		} finally {
			sandbox.heygen.keys.delete(other);
		}
	});
});

describe('sandbox: GET /v3/videos/statuses', () => {
	const statusesOf = async (query: string) => {
		const res = await fetch(`${box.get().heyGenUrl}/v3/videos/statuses?${query}`, {
			headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
		});
		return {
			status: res.status,
			json: (await res.json()) as { data: Array<Record<string, unknown>> },
		};
	};

	it('answers every listed ID in the contract shape, counting a status poll for each known video', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const id = await createVideo();
		const calls = sandbox.heygen.statusesCalls;
		const first = await statusesOf(`video_ids=${id},0000deadbeef&batch_ids=b1`);
		expect(first.status).toBe(200);
		expectValid('VideoStatusesList', 'response', first.json);
		expect(first.json).toEqual({
			data: [
				{ video_id: id, status: 'queued', error: null, batch_id: null, item_index: null },
				{
					video_id: '0000deadbeef',
					status: 'not_found',
					error: null,
					batch_id: null,
					item_index: null,
				},
				{ video_id: null, status: 'not_found', error: null, batch_id: 'b1', item_index: null },
			],
			has_more: false,
			next_token: null,
		});
		expect((await statusesOf(`video_ids=${id}`)).json.data[0].status).toBe('processing');
		expect((await statusesOf(`video_ids=${id}`)).json.data[0].status).toBe('completed');
		expect(sandbox.heygen.statusPolls(id)).toBe(3);
		expect(sandbox.heygen.statusesCalls - calls).toBe(3);
		sandbox.heygen.outcomeFor = () => ({
			failure_code: 'internal_error',
			failure_message: 'Render crashed',
		});
		sandbox.heygen.render = byPolls(0, 0);
		const failed = await createVideo();
		const answer = await statusesOf(`video_ids=${failed}`);
		expectValid('VideoStatusesList', 'response', answer.json);
		expect(answer.json.data[0]).toMatchObject({
			status: 'failed',
			error: { code: 'internal_error', message: 'Render crashed' },
		});
	});

	it('rejects no IDs, more than 100 IDs and unknown parameters', async () => {
		expect((await statusesOf('')).status).toBe(400);
		expect(
			(await statusesOf(`video_ids=${Array.from({ length: 101 }, (_, i) => `v${i}`).join(',')}`))
				.status,
		).toBe(400);
		expect((await statusesOf('video_ids=a&limit=5')).status).toBe(400);
		expect(
			(await statusesOf(`video_ids=${Array.from({ length: 100 }, (_, i) => `v${i}`).join(',')}`))
				.json.data,
		).toHaveLength(100);
	});
});

describe('Video → Generate with Wait for Completion', () => {
	it('creates, waits and downloads a 9:16 video; the callback URL receives avatar_video.success', async () => {
		const sandbox = box.get();
		const received: unknown[] = [];
		const hook = http.createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				received.push(JSON.parse(body));
				res.end('ok');
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/callback`;
		try {
			const v = sandbox.heygen.voices[0];
			const run = await runHeyGen(sandbox, {
				resource: 'video',
				operation: 'generate',
				source: 'avatar',
				avatarId: { __rl: true, mode: 'id', value: sandbox.heygen.looks[4].id },
				voiceSource: 'script',
				script: 'Vertical video',
				voiceId: { __rl: true, mode: 'list', value: v.voice_id },
				waitForCompletion: 'poll',
				download: true,
				waitOptions: FAST_WAIT,
				options: {
					...FAST_RETRY,
					aspectRatio: '9:16',
					callbackUrl: hookUrl,
					callbackId: 'cb-1',
					title: 'generate+wait',
				},
			});
			expect(err(run)).toBeUndefined();
			const [item] = out(run);
			expect(item.json).toMatchObject({
				status: 'completed',
				video_url: expect.any(String),
				request: { aspect_ratio: '9:16', script: 'Vertical video' },
			});
			await expectRender(item.binary!.data, '9:16');
			for (let i = 0; i < 50 && received.length === 0; i++)
				await new Promise((r) => setTimeout(r, 20));
			expect(received).toEqual([
				{
					event_type: 'avatar_video.success',
					event_data: {
						video_id: item.json.video_id,
						url: expect.stringContaining('/files/videos/'),
						callback_id: 'cb-1',
					},
				},
			]);
			expectNoKey(run);
		} finally {
			await new Promise((r) => hook.close(r));
		}
	});
});

describe('Generate with Wait for Completion, several items', () => {
	it('creates the videos one after another, then waits for all of them in one loop (one bulk check per round)', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const scripts = ['One.', 'Two.', 'Three.'];
		const before = sandbox.server.log.length;
		const run = await runHeyGen(
			sandbox,
			generateParameters(
				sandbox,
				'={{ $json.script }}',
				{},
				{ waitForCompletion: 'poll', waitOptions: FAST_WAIT },
			),
			scripts.map((script) => ({ json: { script } })),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		const ids = items.map((i) => String(i.json.video_id));
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({
				status: 'completed',
				video_url: expect.stringContaining(`/files/videos/${ids[i]}`),
				request: { script: scripts[i] },
				idempotency_key: expect.any(String),
				timings: { polls: 3 },
			});
		});
		const log = sandbox.server.log.slice(before).filter((r) => r.service === 'heygen');
		const creates = log.filter((r) => r.method === 'POST' && r.path === '/v3/videos');
		const bulk = log.filter((r) => r.template === '/v3/videos/statuses');
		// pending, processing, completed: three rounds, each listing all three videos
		expect(bulk).toHaveLength(3);
		for (const call of bulk) expect(listed(call).sort()).toEqual([...ids].sort());
		expect(Math.min(...bulk.map((r) => r.time))).toBeGreaterThanOrEqual(
			Math.max(...creates.map((r) => r.time)),
		);
	});
});

describe('Video → Generate, then a Wait for Completion node', () => {
	it("the wait counts from the video's creation (created_at in Generate's output): no check before one initial interval has passed", async () => {
		const sandbox = box.get();
		sandbox.heygen.render = byPolls(1, 1);
		const before = sandbox.server.log.length;
		const run = await runWorkflow({
			nodes: [
				{
					name: 'Generate',
					type: 'heyGen',
					parameters: generateParameters(sandbox, 'Created, then waited for'),
				},
				{
					name: 'Wait',
					type: 'heyGen',
					parameters: wait('={{ $json.video_id }}', {
						waitOptions: { initialIntervalSeconds: 1.5, intervalEarlySeconds: 1.5 },
					}),
				},
			],
			credentials: sandboxCredentials(sandbox),
		});
		const [created] = outputOf(run, 'Generate');
		expect(created.json).toMatchObject({
			video_id: expect.any(String),
			created_at: expect.any(Number),
		});
		expect(Math.abs((created.json.created_at as number) - Date.now() / 1000)).toBeLessThan(60);
		const [done] = outputOf(run, 'Wait');
		expect(done.json).toMatchObject({ video_id: created.json.video_id, status: 'completed' });
		const log = sandbox.server.log.slice(before).filter((r) => r.service === 'heygen');
		const post = log.find((r) => r.method === 'POST' && r.path === '/v3/videos')!;
		const checks = log.filter(
			(r) => r.method === 'GET' && r.path === `/v3/videos/${String(created.json.video_id)}`,
		);
		// pending, processing, completed: three checks with the video's own GET, none right after the create
		expect(checks).toHaveLength(3);
		// created_at is in whole seconds, so the first check comes 0.5–1.5 s after the create
		expect(checks[0].time - post.time).toBeGreaterThanOrEqual(450);
		expect((done.json.timings as { polls: number }).polls).toBe(3);
	});
});

describe('Video → Get / Get Many / Delete', () => {
	it('gets a video (contract-valid), lists it, deletes it', async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ title: 'listed-unique-title' });
		const get = await runHeyGen(sandbox, { resource: 'video', operation: 'get', videoId });
		expect(out(get)[0].json).toMatchObject({ video_id: videoId, title: 'listed-unique-title' });
		const raw = await (
			await fetch(`${sandbox.heyGenUrl}/v3/videos/${videoId}`, {
				headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
			})
		).json();
		expectValid('VideoGet', 'response', raw);
		const list = await runHeyGen(sandbox, {
			resource: 'video',
			operation: 'getMany',
			returnAll: true,
			filters: { title: 'listed-unique' },
		});
		expect(out(list).map((i) => i.json.video_id)).toEqual([videoId]);
		const del = await runHeyGen(sandbox, { resource: 'video', operation: 'delete', videoId });
		expect(out(del)[0].json).toEqual({ deleted: true, video_id: videoId });
		expect(
			err(await runHeyGen(sandbox, { resource: 'video', operation: 'get', videoId }))?.message,
		).toMatch(/video_not_found/);
	});
});
