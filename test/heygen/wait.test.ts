/**
 * Video → Wait for Completion and Generate + wait: the whole status progression, failures,
 * timeouts (both modes), expired download URLs, streamed downloads, concurrent waits, callbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBinary } from '../harness';
import { renderedVideo } from '../sandbox/media';
import { err, expectNoKey, expectValid, FAST_RETRY, FAST_WAIT, out, runHeyGen, SANDBOX_HEYGEN_KEY, startHeyGenSandbox } from './setup';

const box = startHeyGenSandbox();

/** Creates a video straight through the sandbox API (as another workflow would have). */
async function createVideo(body: Record<string, unknown> = {}): Promise<string> {
	const sandbox = box.get();
	const res = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_HEYGEN_KEY },
		body: JSON.stringify({ type: 'avatar', avatar_id: sandbox.heygen.looks[0].id, script: 'Hello there', ...body }),
	});
	const json = (await res.json()) as { data: { video_id: string } };
	expect(res.status).toBe(200);
	expectValid('VideoCreate', 'response', json);
	return json.data.video_id;
}

const wait = (videoId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'video',
	operation: 'waitForCompletion',
	videoId,
	...extra,
	waitOptions: { ...FAST_WAIT, ...((extra.waitOptions as object) ?? {}) },
	options: FAST_RETRY,
});

afterEach(() => {
	const s = box.get().heygen;
	s.render = { mode: 'time', queueMs: 40, renderMs: 160, pendingPolls: 1, processingPolls: 2 };
	s.outcomeFor = undefined;
	s.urlTtlMs = 15 * 60_000;
});

describe('Video → Wait for Completion', () => {
	it('polls through pending → processing → completed and outputs the links, duration and timings', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = { mode: 'polls', queueMs: 0, renderMs: 0, pendingPolls: 2, processingPolls: 3 };
		const videoId = await createVideo({ aspect_ratio: '9:16', caption: { file_format: 'srt', style: 'default' } });
		const run = await runHeyGen(sandbox, wait(videoId, { download: true, waitOptions: { downloadSubtitles: true } }));
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
			timings: { polls: 6, queued_seconds: expect.any(Number), render_seconds: expect.any(Number), waited_seconds: expect.any(Number) },
		});
		expect(sandbox.heygen.statusPolls(videoId)).toBe(6);
		const statuses = sandbox.server.requests('heygen', 'GET', '/v3/videos/{video_id}').filter((r) => r.path.endsWith(videoId)).length;
		expect(statuses).toBe(6);
		const video = await readBinary(item.binary!.data);
		expect(video.equals(renderedVideo('9:16', 'mp4').body)).toBe(true);
		expect(item.binary!.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${videoId}.mp4` });
		const srt = await readBinary(item.binary!.subtitles);
		expect(srt.toString()).toContain('Hello there');
		expect(item.pairedItem).toEqual({ item: 0 });
		expectNoKey(run);
	});

	it('downloads the captioned version when asked', async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ caption: { file_format: 'srt', style: 'default' } });
		const run = await runHeyGen(sandbox, wait(videoId, { download: true, binaryPropertyName: 'video', waitOptions: { downloadCaptioned: true } }));
		expect(out(run)[0].binary!.video.fileName).toBe(`${videoId}_captioned.mp4`);
	});

	it('re-fetches the video for a fresh link when the presigned URL expired, then downloads it', async () => {
		const sandbox = box.get();
		sandbox.heygen.urlTtlMs = 150;
		const videoId = await createVideo({ aspect_ratio: '16:9' });
		// the first download is held until its link has really expired
		sandbox.server.inject({ service: 'files', method: 'GET', path: /^\/videos\//, times: 1, fault: { type: 'delay', ms: 400 } });
		const run = await runHeyGen(sandbox, wait(videoId, { download: true }));
		expect(err(run)).toBeUndefined();
		const downloads = sandbox.server.requests('files', 'GET').filter((r) => r.path.startsWith(`/videos/${videoId}`));
		expect(downloads.map((d) => d.status)).toEqual([403, 200]);
		expect(downloads[0].query['X-Amz-Signature']).not.toEqual(downloads[1].query['X-Amz-Signature']);
		const bytes = await readBinary(out(run)[0].binary!.data);
		expect(bytes.equals(renderedVideo('16:9', 'mp4').body)).toBe(true);
		for (const d of downloads) expect(d.headers['x-api-key']).toBeUndefined();
	});

	it('a failed render is a NodeApiError with failure_code, failure_message and a hint', async () => {
		const sandbox = box.get();
		sandbox.heygen.outcomeFor = () => ({ failure_code: 'audio_decode_failed', failure_message: 'The audio file could not be decoded.' });
		const videoId = await createVideo();
		const run = await runHeyGen(sandbox, wait(videoId));
		const error = err(run)!;
		expect(error.message).toBe(`HeyGen: video ${videoId} failed: The audio file could not be decoded. [audio_decode_failed]`);
		expect(error.description).toMatch(/MP3 or WAV/);
		expect(error.description).toContain(videoId);
		expect((error as unknown as { name: string }).name).toBe('NodeApiError');
		expectNoKey(run);
	});

	it('with Continue On Fail, failed and completed videos come out as paired items', async () => {
		const sandbox = box.get();
		sandbox.heygen.outcomeFor = (b) => (b.title === 'bad' ? { failure_code: 'internal_error', failure_message: 'Render crashed' } : undefined);
		const good = await createVideo({ title: 'good' });
		const bad = await createVideo({ title: 'bad' });
		const run = await runHeyGen(sandbox, wait('={{ $json.id }}'), [{ json: { id: bad } }, { json: { id: good } }], { continueOnFail: true });
		const items = out(run);
		expect(items[0].json.error).toMatch(/Render crashed \[internal_error\]/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].json).toMatchObject({ video_id: good, status: 'completed' });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('times out with a clear error by default', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = { mode: 'polls', queueMs: 0, renderMs: 0, pendingPolls: 10_000, processingPolls: 0 };
		const videoId = await createVideo();
		const started = Date.now();
		const run = await runHeyGen(sandbox, wait(videoId, { waitOptions: { maxWaitMinutes: 0.005 } }));
		expect(err(run)?.message).toBe(`HeyGen video ${videoId} was still "pending" after 0.3 s (Max Wait)`);
		expect(err(run)?.description).toMatch(/On Timeout/);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('or outputs an item with status "timeout" and the video ID', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = { mode: 'polls', queueMs: 0, renderMs: 0, pendingPolls: 1, processingPolls: 10_000 };
		const videoId = await createVideo();
		const run = await runHeyGen(sandbox, wait(videoId, { waitOptions: { maxWaitMinutes: 0.005, onTimeout: 'output' } }));
		expect(err(run)).toBeUndefined();
		expect(out(run)[0].json).toMatchObject({ video_id: videoId, status: 'timeout', last_status: 'processing' });
		expect((out(run)[0].json.timings as { polls: number }).polls).toBeGreaterThan(1);
	});

	it('waits for many items at the same time (≈ one render time, not N ×)', async () => {
		const sandbox = box.get();
		sandbox.heygen.render = { mode: 'time', queueMs: 100, renderMs: 700, pendingPolls: 0, processingPolls: 0 };
		const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => createVideo({ title: `parallel ${i}` })));
		const started = Date.now();
		const run = await runHeyGen(sandbox, wait('={{ $json.id }}', { download: true }), ids.map((id) => ({ json: { id } })));
		const elapsed = Date.now() - started;
		expect(err(run)).toBeUndefined();
		expect(out(run).map((i) => i.json.video_id)).toEqual(ids);
		expect(out(run).every((i) => i.json.status === 'completed' && i.binary?.data)).toBe(true);
		// sequential waiting would take ≥ 6 × 800 ms
		expect(elapsed).toBeLessThan(3500);
		const firstPolls = ids.map((id) => sandbox.server.requests('heygen', 'GET', '/v3/videos/{video_id}').find((r) => r.path.endsWith(id))!.time);
		expect(Math.max(...firstPolls) - Math.min(...firstPolls)).toBeLessThan(300);
	});

	it('fails clearly for an unknown video ID', async () => {
		const run = await runHeyGen(box.get(), wait('0000deadbeef'));
		expect(err(run)?.message).toMatch(/video_not_found/);
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
				waitForCompletion: true,
				download: true,
				waitOptions: FAST_WAIT,
				options: { ...FAST_RETRY, aspectRatio: '9:16', callbackUrl: hookUrl, callbackId: 'cb-1', title: 'generate+wait' },
			});
			expect(err(run)).toBeUndefined();
			const [item] = out(run);
			expect(item.json).toMatchObject({ status: 'completed', video_url: expect.any(String), request: { aspect_ratio: '9:16', script: 'Vertical video' } });
			expect((await readBinary(item.binary!.data)).equals(renderedVideo('9:16', 'mp4').body)).toBe(true);
			for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
			expect(received).toEqual([
				{ event_type: 'avatar_video.success', event_data: { video_id: item.json.video_id, url: expect.stringContaining('/files/videos/'), callback_id: 'cb-1' } },
			]);
			expectNoKey(run);
		} finally {
			await new Promise((r) => hook.close(r));
		}
	});
});

describe('Video → Get / Get Many / Delete', () => {
	it('gets a video (contract-valid), lists it, deletes it', async () => {
		const sandbox = box.get();
		const videoId = await createVideo({ title: 'listed-unique-title' });
		const get = await runHeyGen(sandbox, { resource: 'video', operation: 'get', videoId });
		expect(out(get)[0].json).toMatchObject({ video_id: videoId, title: 'listed-unique-title' });
		const raw = await (await fetch(`${sandbox.heyGenUrl}/v3/videos/${videoId}`, { headers: { 'x-api-key': SANDBOX_HEYGEN_KEY } })).json();
		expectValid('VideoGet', 'response', raw);
		const list = await runHeyGen(sandbox, { resource: 'video', operation: 'getMany', returnAll: true, filters: { title: 'listed-unique' } });
		expect(out(list).map((i) => i.json.video_id)).toEqual([videoId]);
		const del = await runHeyGen(sandbox, { resource: 'video', operation: 'delete', videoId });
		expect(out(del)[0].json).toEqual({ deleted: true, video_id: videoId });
		expect(err(await runHeyGen(sandbox, { resource: 'video', operation: 'get', videoId }))?.message).toMatch(/video_not_found/);
	});
});
