/**
 * Asset → Upload / Get / Delete against the HeyGen v3 sandbox: multipart upload of real media
 * (bytes checked on the server), the > 32 MB direct-upload flow (streamed), URL uploads, and
 * validation before anything is sent.
 */
import { randomBytes } from 'node:crypto';
import type { IBinaryData } from 'n8n-workflow';

import { defaultBinaryService, storeBinary } from '../harness';
import { fixture } from '../sandbox/media';
import {
	err,
	expectNoKey,
	expectValid,
	FAST_RETRY,
	out,
	runHeyGen,
	SANDBOX_HEYGEN_KEY,
	startHeyGenSandbox,
} from './setup';

const box = startHeyGenSandbox();

async function binaryItem(data: Buffer, mimeType: string, fileName?: string) {
	const bin: IBinaryData = await storeBinary(data, { mimeType, fileName });
	return { json: {}, binary: { data: bin } };
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

	it('re-opens the stream and retries when the storage PUT fails with 503', async () => {
		const sandbox = box.get();
		const video = fixture('video_9x16.mp4');
		const big = Buffer.concat([video, randomBytes(33 * 1024 * 1024 - video.length)]);
		sandbox.server.inject({
			service: 'uploads',
			method: 'PUT',
			times: 1,
			fault: { type: 'status', status: 503, body: '<Error><Code>SlowDown</Code></Error>' },
		});
		const run = await runHeyGen(sandbox, upload(), [
			await binaryItem(big, 'video/mp4', 'retry.mp4'),
		]);
		expect(err(run)).toBeUndefined();
		const upload2 = sandbox.heygen.directUploads.get(out(run)[0].json.asset_id as string)!;
		expect(upload2.received!.equals(big)).toBe(true);
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

	it('maps a server-side 413 to a HeyGen error with a hint', async () => {
		const sandbox = box.get();
		sandbox.server.inject({
			service: 'heygen',
			method: 'POST',
			path: '/v3/assets',
			fault: {
				type: 'status',
				status: 413,
				body: { error: { code: 'payload_too_large', message: 'File too large' } },
			},
		});
		const run = await runHeyGen(sandbox, upload(), [
			await binaryItem(fixture('image.png'), 'image/png', 'a.png'),
		]);
		expect(err(run)?.message).toMatch(/payload_too_large/);
		expect(err(run)?.description).toMatch(/direct-upload/);
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
