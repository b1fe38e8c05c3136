/**
 * Asset → Upload / Get / Delete against the HeyGen v3 sandbox: multipart upload of real media
 * (bytes checked on the server), the > 32 MB direct-upload flow (streamed), URL uploads, and
 * validation before anything is sent.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { IBinaryData } from 'n8n-workflow';

import { defaultBinaryService, readBinary, storeBinary } from '../harness';
import type { HeyGenState } from '../sandbox/heygen';
import { fixture } from '../sandbox/media';
import {
	err,
	expectNoKey,
	expectValid,
	FAST_RETRY,
	out,
	runHeyGen,
	SANDBOX_HEYGEN_KEY,
} from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

async function binaryItem(data: Buffer, mimeType: string, fileName?: string) {
	const bin: IBinaryData = await storeBinary(data, { mimeType, fileName });
	return { json: {}, binary: { data: bin } };
}

/** Records every stream the binary data service opens (to check that each one gets closed). */
async function watchBinaryStreams() {
	const service = await defaultBinaryService();
	const original = service.getAsStream.bind(service);
	const streams: Readable[] = [];
	const spy = jest.spyOn(service, 'getAsStream').mockImplementation(async (...args) => {
		const stream = await original(...args);
		streams.push(stream);
		return stream;
	});
	return { streams, restore: () => spy.mockRestore() };
}

const upload = (extra: Record<string, unknown> = {}) => ({
	resource: 'asset',
	operation: 'upload',
	source: 'binary',
	binaryPropertyName: 'data',
	options: { ...FAST_RETRY },
	...extra,
});

describe('Asset → Upload (multipart, ≤ 32 MB)', () => {
	it.each([
		['audio', 'mp3_44100_128.mp3', 'audio/mpeg', 'voiceover.mp3', 'audio/mpeg'],
		['image (PNG)', 'image.png', 'image/png', 'portrait.png', 'image/png'],
		['image (JPEG)', 'image.jpg', 'image/jpeg', 'portrait.jpg', 'image/jpeg'],
		['video (MP4)', 'video_9x16.mp4', 'video/mp4', 'clip.mp4', 'video/mp4'],
		['video (WebM)', 'video_9x16.webm', 'video/webm', 'clip.webm', 'video/webm'],
	])(
		'uploads %s bytes unchanged as the single part "file"',
		async (_label, name, mime, fileName, expectedMime) => {
			const sandbox = box.get();
			const bytes = fixture(name);
			const run = await runHeyGen(sandbox, upload(), [await binaryItem(bytes, mime, fileName)]);
			expect(err(run)).toBeUndefined();
			const [item] = out(run);
			expect(item.json).toMatchObject({
				mime_type: expectedMime,
				size_bytes: bytes.length,
				file_name: fileName,
				upload_method: 'multipart',
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			const asset = sandbox.heygen.assets.get(item.json.asset_id as string)!;
			expect(asset.bytes.equals(bytes)).toBe(true);
			expect(asset.via).toBe('multipart');
			expect(asset.partFilename).toBe(fileName);
			expect(asset.partContentType).toBe(expectedMime);
			expectValid('AssetCreate', 'response', {
				data: {
					asset_id: item.json.asset_id,
					url: item.json.url,
					mime_type: item.json.mime_type,
					size_bytes: item.json.size_bytes,
				},
			});
			const call = sandbox.server.requests('heygen', 'POST', '/v3/assets').pop()!;
			expect(String(call.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
			expect(call.headers['idempotency-key']).toMatch(/^n8n:/);
			expectNoKey(run);
		},
	);

	it("sniffs the real type when the binary's MIME type is missing or wrong, and fixes the extension", async () => {
		const sandbox = box.get();
		const jpeg = fixture('image.jpg');
		const png = fixture('image.png');
		const run = await runHeyGen(sandbox, upload(), [
			await binaryItem(jpeg, 'image/png', 'photo.png'),
			await binaryItem(png, 'application/octet-stream'),
		]);
		expect(err(run)).toBeUndefined();
		const [first, second] = out(run);
		expect(first.json).toMatchObject({ mime_type: 'image/jpeg', file_name: 'photo.jpg' });
		expect(sandbox.heygen.assets.get(first.json.asset_id as string)!.partContentType).toBe(
			'image/jpeg',
		);
		expect(second.json.mime_type).toBe('image/png');
		expect(String(second.json.file_name)).toMatch(/\.png$/);
		expect(sandbox.heygen.assets.get(second.json.asset_id as string)!.bytes.equals(png)).toBe(true);
	});

	it('uploads a WAV made in the workflow', async () => {
		const sandbox = box.get();
		const { wav, pcm16 } = await import('../sandbox/media');
		const bytes = wav(pcm16(16000, 0.5), 16000);
		const run = await runHeyGen(sandbox, upload(), [
			await binaryItem(bytes, 'audio/x-wav', 'speech.wav'),
		]);
		expect(out(run)[0].json).toMatchObject({ mime_type: 'audio/wav', size_bytes: bytes.length });
	});
});

describe('Asset → Upload (direct upload, > 32 MB)', () => {
	it('streams a 40 MB video to the presigned URL with every upload header, then completes it', async () => {
		const sandbox = box.get();
		const video = fixture('video_16x9.mp4');
		const big = Buffer.concat([video, randomBytes(40 * 1024 * 1024 - video.length)]);
		const item = await binaryItem(big, 'video/mp4', 'webinar.mp4');
		const service = await defaultBinaryService();
		const toBuffer = jest.spyOn(service, 'getAsBuffer');
		const toStream = jest.spyOn(service, 'getAsStream');
		try {
			const before = sandbox.server.requests('heygen', 'POST', '/v3/assets').length;
			const run = await runHeyGen(sandbox, upload(), [item]);
			expect(err(run)).toBeUndefined();
			const json = out(run)[0].json;
			expect(json).toMatchObject({
				upload_method: 'direct',
				size_bytes: big.length,
				mime_type: 'video/mp4',
				file_name: 'webinar.mp4',
			});
			// never buffered through the binary helpers, read as a stream instead
			expect(toBuffer).not.toHaveBeenCalled();
			expect(toStream).toHaveBeenCalled();
			// not sent through POST /v3/assets
			expect(sandbox.server.requests('heygen', 'POST', '/v3/assets').length).toBe(before);
			const create = sandbox.server.requests('heygen', 'POST', '/v3/assets/direct-uploads').pop()!;
			expect(create.json).toEqual({
				filename: 'webinar.mp4',
				content_type: 'video/mp4',
				size_bytes: big.length,
			});
			expectValid('AssetDirectUploadsCreate', 'request', create.json);
			const direct = sandbox.heygen.directUploads.get(json.asset_id as string)!;
			expect(direct.received!.equals(big)).toBe(true);
			for (const [name, value] of Object.entries(direct.uploadHeaders))
				expect(direct.put!.headers[name.toLowerCase()]).toBe(value);
			expect(direct.put!.headers['x-api-key']).toBeUndefined();
			expect(Number(direct.put!.headers['content-length'])).toBe(big.length);
			expect(direct.put!.chunks).toBeGreaterThan(1);
			expect(
				sandbox.server.requests('heygen', 'POST', '/v3/assets/{asset_id}/complete').length,
			).toBeGreaterThan(0);
			expect(sandbox.heygen.assets.get(json.asset_id as string)!.via).toBe('direct');
			expectNoKey(run);
		} finally {
			toBuffer.mockRestore();
			toStream.mockRestore();
		}
	});

	it('re-opens the stream and retries when the storage PUT fails with 503, closing every stream it opened', async () => {
		const sandbox = box.get();
		const video = fixture('video_9x16.mp4');
		const big = Buffer.concat([video, randomBytes(33 * 1024 * 1024 - video.length)]);
		sandbox.server.inject({
			service: 'uploads',
			method: 'PUT',
			times: 1,
			fault: { type: 'status', status: 503, body: '<Error><Code>SlowDown</Code></Error>' },
		});
		const opened = await watchBinaryStreams();
		try {
			const run = await runHeyGen(sandbox, upload(), [
				await binaryItem(big, 'video/mp4', 'retry.mp4'),
			]);
			expect(err(run)).toBeUndefined();
			const upload2 = sandbox.heygen.directUploads.get(out(run)[0].json.asset_id as string)!;
			expect(upload2.received!.equals(big)).toBe(true);
			// the type sniff, the PUT that got the 503, the PUT that succeeded
			expect(opened.streams).toHaveLength(3);
			// storage answered the first PUT without reading it: its stream (and file handle) must
			// be closed by the node, not left to the garbage collector
			expect(opened.streams.map((st) => st.destroyed)).toEqual([true, true, true]);
		} finally {
			opened.restore();
		}
	});
});

describe('Asset → Upload: the 32 MB limit and assets HeyGen still processes (#15.11)', () => {
	/** Runs `fn` with sandbox knobs set, restoring them afterwards (the sandbox is shared by the file). */
	async function withKnobs<T>(
		knobs: Partial<
			Pick<
				HeyGenState,
				| 'multipartMaxBytes'
				| 'assetProcessingMs'
				| 'assetProcessingFails'
				| 'completeReadyStatus'
				| 'assetStatusesEndpoint'
			>
		>,
		fn: () => Promise<T>,
	): Promise<T> {
		const state = box.get().heygen;
		const saved = Object.fromEntries(
			Object.keys(knobs).map((k) => [k, state[k as keyof typeof knobs]]),
		);
		Object.assign(state, knobs);
		try {
			return await fn();
		} finally {
			Object.assign(state, saved);
		}
	}

	const calls = (method: string, path: string, since: number) =>
		box
			.get()
			.server.requests('heygen', method, path)
			.filter((r) => r.time >= since);

	it('sends a file between 32,000,000 bytes and 32 MiB through the direct upload, and waits until HeyGen has processed it', async () => {
		const sandbox = box.get();
		const video = fixture('video_16x9.mp4');
		const size = 32_500_000; // over HeyGen's "32 MB" read as decimal, under 32 MiB
		const file = Buffer.concat([video, randomBytes(size - video.length)]);
		const item = await binaryItem(file, 'video/mp4', 'keynote.mp4');
		await withKnobs({ assetProcessingMs: 700 }, async () => {
			const since = Date.now();
			const run = await runHeyGen(sandbox, upload(), [item]);
			const returned = Date.now();
			expect(err(run)).toBeUndefined();
			const json = out(run)[0].json;
			expect(json).toMatchObject({ upload_method: 'direct', size_bytes: size });
			expect(calls('POST', '/v3/assets', since)).toHaveLength(0);
			const asset = sandbox.heygen.assets.get(json.asset_id as string)!;
			// /complete said "processing"; the node asked for the status until it was ready
			expect(asset.readyAt).toBeDefined();
			expect(returned).toBeGreaterThanOrEqual(asset.readyAt!);
			const polls = calls('GET', '/v3/assets/statuses', since);
			expect(polls.length).toBeGreaterThan(0);
			expect(polls.every((p) => p.query.asset_ids === json.asset_id)).toBe(true);
			expectValid('AssetStatusesList', 'response', {
				data: [{ video_id: json.asset_id, status: 'completed', error: null }],
			});
			// only the first /complete carries the Idempotency-Key (a replay would repeat "processing")
			const completes = calls('POST', '/v3/assets/{asset_id}/complete', since);
			expect(completes).toHaveLength(1);
			expect(completes[0].headers['idempotency-key']).toMatch(/^n8n:/);
		});
	});

	it('falls back to the direct upload when POST /v3/assets answers 413 Payload Too Large', async () => {
		const sandbox = box.get();
		const mp3 = fixture('mp3_44100_128.mp3');
		await withKnobs({ multipartMaxBytes: 10_000 }, async () => {
			const since = Date.now();
			const run = await runHeyGen(sandbox, upload(), [
				await binaryItem(mp3, 'audio/mpeg', 'voice.mp3'),
			]);
			expect(err(run)).toBeUndefined();
			const json = out(run)[0].json;
			expect(json).toMatchObject({
				upload_method: 'direct',
				mime_type: 'audio/mpeg',
				size_bytes: mp3.length,
				file_name: 'voice.mp3',
			});
			const multipart = calls('POST', '/v3/assets', since);
			expect(multipart.map((r) => r.status)).toEqual([413]);
			expect(calls('POST', '/v3/assets/direct-uploads', since)).toHaveLength(1);
			expect(sandbox.heygen.assets.get(json.asset_id as string)!.bytes.equals(mp3)).toBe(true);
			expectNoKey(run);
		});
	});

	it('without GET /v3/assets/statuses, asks /complete again (idempotent) until it is no longer processing', async () => {
		const sandbox = box.get();
		await withKnobs(
			{
				multipartMaxBytes: 100,
				assetProcessingMs: 700,
				assetStatusesEndpoint: false,
				completeReadyStatus: 'completed',
			},
			async () => {
				const since = Date.now();
				const run = await runHeyGen(sandbox, upload(), [
					await binaryItem(fixture('image.png'), 'image/png', 'logo.png'),
				]);
				expect(err(run)).toBeUndefined();
				const asset = sandbox.heygen.assets.get(out(run)[0].json.asset_id as string)!;
				expect(Date.now()).toBeGreaterThanOrEqual(asset.readyAt!);
				expect(calls('GET', '/v3/assets/statuses', since).map((r) => r.status)).toEqual([404]);
				const completes = calls('POST', '/v3/assets/{asset_id}/complete', since);
				expect(completes.length).toBeGreaterThan(1);
				expect(completes.slice(1).every((r) => !r.headers['idempotency-key'])).toBe(true);
			},
		);
	});

	it('a file HeyGen fails to process is an error naming the asset', async () => {
		const sandbox = box.get();
		await withKnobs(
			{ multipartMaxBytes: 100, assetProcessingMs: 300, assetProcessingFails: true },
			async () => {
				const run = await runHeyGen(sandbox, upload(), [
					await binaryItem(fixture('image.jpg'), 'image/jpeg', 'broken.jpg'),
				]);
				const id = [...sandbox.heygen.assets.values()].pop()!.id;
				expect(err(run)?.message).toBe(
					`HeyGen could not process the uploaded file (asset ${id}): The file could not be processed. [processing_failed]`,
				);
			},
		);
	});

	it('gives up after Max Processing Wait, naming the asset and its status', async () => {
		const sandbox = box.get();
		await withKnobs({ multipartMaxBytes: 100, assetProcessingMs: 60_000 }, async () => {
			const started = Date.now();
			const run = await runHeyGen(
				sandbox,
				upload({ options: { ...FAST_RETRY, maxProcessingWaitSeconds: 1 } }),
				[await binaryItem(fixture('image.png'), 'image/png', 'slow.png')],
			);
			const id = [...sandbox.heygen.assets.values()].pop()!.id;
			expect(err(run)?.message).toBe(
				`HeyGen is still processing the uploaded file (asset ${id}, status "processing") after 1 s`,
			);
			expect(err(run)?.description).toMatch(/Max Processing Wait/);
			expect(Date.now() - started).toBeLessThan(10_000);
		});
	});
});

describe('Asset → Upload from a URL', () => {
	it('downloads the file without the HeyGen key and uploads the same bytes', async () => {
		const sandbox = box.get();
		const mp3 = fixture('mp3_44100_128.mp3');
		const url = sandbox.heygen.addPublicFile('narration.mp3', {
			body: mp3,
			contentType: 'audio/mpeg',
		});
		const run = await runHeyGen(sandbox, upload({ source: 'url', url }));
		expect(err(run)).toBeUndefined();
		const json = out(run)[0].json;
		expect(json).toMatchObject({
			mime_type: 'audio/mpeg',
			file_name: 'narration.mp3',
			size_bytes: mp3.length,
		});
		expect(sandbox.heygen.assets.get(json.asset_id as string)!.bytes.equals(mp3)).toBe(true);
		const downloads = sandbox.server
			.requests('files', 'GET')
			.filter((r) => r.path.includes('narration.mp3'));
		expect(downloads.length).toBeGreaterThan(0);
		for (const d of downloads) expect(d.headers['x-api-key']).toBeUndefined();
	});

	it('rejects a URL that serves a web page, with the type its server declared', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen', 'POST', '/v3/assets').length;
		const url = sandbox.heygen.addPublicFile('share.html', {
			body: Buffer.from('<html><body>Sign in to view</body></html>'),
			contentType: 'text/html; charset=utf-8',
		});
		const run = await runHeyGen(sandbox, upload({ source: 'url', url }));
		expect(err(run)?.message).toMatch(
			/share\.html .* is an HTML page \(declared as text\/html; charset=utf-8\), which HeyGen does not accept/,
		);
		expect(sandbox.server.requests('heygen', 'POST', '/v3/assets').length).toBe(before);
	});

	it('reports an unreachable URL clearly', async () => {
		const sandbox = box.get();
		const url = sandbox.heygen.addPublicFile('private.mp3', {
			body: fixture('mp3_44100_128.mp3'),
			contentType: 'audio/mpeg',
			status: 403,
		});
		const run = await runHeyGen(sandbox, upload({ source: 'url', url }));
		expect(err(run)?.message).toMatch(/Could not download .*private\.mp3: HTTP 403/);
	});
});

describe('Asset → Upload: Include Input Fields (#16.6)', () => {
	/** What Text to Speech with timestamps hands on: row fields, the audio, its SRT and VTT. */
	async function speechItem() {
		return {
			json: { title: 'Launch video', row: 7, asset_id: 'from an earlier upload' },
			binary: {
				data: await storeBinary(fixture('mp3_44100_128.mp3'), {
					mimeType: 'audio/mpeg',
					fileName: 'speech.mp3',
				}),
				data_srt: await storeBinary(Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nHi\n'), {
					mimeType: 'application/x-subrip',
					fileName: 'speech.srt',
				}),
				data_vtt: await storeBinary(Buffer.from('WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n'), {
					mimeType: 'text/vtt',
					fileName: 'speech.vtt',
				}),
			},
		};
	}

	it("keeps the input item's JSON fields and binary files by default, as Text to Speech does", async () => {
		const input = await speechItem();
		const run = await runHeyGen(box.get(), upload(), [input]);
		expect(err(run)).toBeUndefined();
		const [item] = out(run);
		expect(item.json).toMatchObject({
			title: 'Launch video',
			row: 7,
			upload_method: 'multipart',
			mime_type: 'audio/mpeg',
		});
		// the asset's own fields win over input fields of the same name
		expect(item.json.asset_id).not.toBe('from an earlier upload');
		expect(box.get().heygen.assets.has(item.json.asset_id as string)).toBe(true);
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['data', 'data_srt', 'data_vtt']);
		expect((await readBinary(item.binary!.data_srt)).toString()).toContain('-->');
		expect(item.binary!.data_vtt.fileName).toBe('speech.vtt');
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('outputs only the asset when Include Input Fields is off', async () => {
		const run = await runHeyGen(
			box.get(),
			upload({ options: { ...FAST_RETRY, includeInputFields: false } }),
			[await speechItem()],
		);
		const [item] = out(run);
		expect(Object.keys(item.json).sort()).toEqual([
			'asset_id',
			'file_name',
			'mime_type',
			'size_bytes',
			'upload_method',
			'url',
		]);
		expect(item.binary).toBeUndefined();
	});

	it('keeps the input fields for a URL upload too', async () => {
		const sandbox = box.get();
		const url = sandbox.heygen.addPublicFile('portrait.png', {
			body: fixture('image.png'),
			contentType: 'image/png',
		});
		const run = await runHeyGen(sandbox, upload({ source: 'url', url }), [
			{ json: { title: 'From a sheet row' } },
		]);
		expect(out(run)[0].json).toMatchObject({ title: 'From a sheet row', mime_type: 'image/png' });
	});
});

describe('Asset → Upload validation', () => {
	it('rejects an unsupported file before sending, naming the field and item', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen', 'POST', '/v3/assets').length;
		const run = await runHeyGen(sandbox, upload(), [
			await binaryItem(Buffer.from('<html><body>Sign in</body></html>'), 'text/html', 'page.html'),
		]);
		const error = err(run)!;
		expect(error.message).toMatch(/binary field "data" of item 0 is an HTML page/);
		expect(error.description).toMatch(/PNG, JPEG, MP4, WebM, MP3, WAV, PDF/);
		expect(sandbox.server.requests('heygen', 'POST', '/v3/assets').length).toBe(before);
	});

	it('rejects an empty file and a missing binary field', async () => {
		const sandbox = box.get();
		const empty = await runHeyGen(sandbox, upload(), [
			await binaryItem(Buffer.alloc(0), 'audio/mpeg', 'empty.mp3'),
		]);
		expect(err(empty)?.message).toMatch(/is empty/);
		const missing = await runHeyGen(sandbox, upload({ binaryPropertyName: 'audio' }), [
			{ json: {} },
		]);
		expect(err(missing)?.message).toMatch(/audio/);
	});

	it('with Continue On Fail, a bad item becomes an error item paired with its input', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			upload(),
			[
				await binaryItem(fixture('image.png'), 'image/png', 'a.png'),
				await binaryItem(Buffer.from('just text'), 'text/plain', 'b.txt'),
			],
			{ continueOnFail: true },
		);
		const items = out(run);
		expect(items).toHaveLength(2);
		expect(items[0].json.asset_id).toBeDefined();
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(String(items[1].json.error)).toMatch(/item 1/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Asset → Get / Delete', () => {
	it('gets an uploaded asset, deletes it, and a second get fails with not found', async () => {
		const sandbox = box.get();
		const up = await runHeyGen(sandbox, upload(), [
			await binaryItem(fixture('image.png'), 'image/png', 'logo.png'),
		]);
		const assetId = out(up)[0].json.asset_id as string;
		const get = await runHeyGen(sandbox, { resource: 'asset', operation: 'get', assetId });
		expect(out(get)[0].json).toMatchObject({ id: assetId, name: 'logo.png', type: 'image' });
		expectValid('AssetGet', 'response', { data: out(get)[0].json });
		const del = await runHeyGen(sandbox, { resource: 'asset', operation: 'delete', assetId });
		expect(out(del)[0].json).toEqual({ deleted: true, asset_id: assetId });
		const again = await runHeyGen(sandbox, { resource: 'asset', operation: 'get', assetId });
		expect(err(again)?.message).toMatch(/resource_not_found/);
		expect(err(again)?.message).not.toContain(SANDBOX_HEYGEN_KEY);
	});
});
