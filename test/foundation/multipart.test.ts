/**
 * nodes/shared/multipart.ts: the hand-built multipart/form-data bodies, checked by parsing them
 * with busboy (an independent parser): in-memory forms, streamed forms and their size checks.
 */
import busboy from 'busboy';
import { Readable } from 'node:stream';

import type { StreamedBody } from '../../nodes/shared/multipart';
import { multipartBody, multipartForm } from '../../nodes/shared/multipart';

async function bytesOf(body: Buffer | StreamedBody): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	const chunks: Buffer[] = [];
	for await (const chunk of body.stream()) chunks.push(chunk);
	return Buffer.concat(chunks);
}

function parse(contentType: string, bytes: Buffer) {
	return new Promise<{
		fields: Array<[string, string]>;
		files: Array<{ name: string; filename: string; mimeType: string; data: Buffer }>;
	}>((resolve, reject) => {
		const fields: Array<[string, string]> = [];
		const files: Array<{ name: string; filename: string; mimeType: string; data: Buffer }> = [];
		const parser = busboy({ headers: { 'content-type': contentType } });
		parser.on('field', (name, value) => fields.push([name, value]));
		parser.on('file', (name, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () =>
				files.push({
					name,
					filename: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		parser.on('close', () => resolve({ fields, files }));
		parser.on('error', reject);
		Readable.from([bytes]).pipe(parser);
	});
}

describe('multipartForm', () => {
	it('builds an in-memory form as one Buffer that a multipart parser reads back', async () => {
		const file = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
		const form = multipartForm(
			[
				['model_id', 'scribe_v1'],
				['keyterms', 'a'],
				['keyterms', 'b'],
			],
			[
				{
					name: 'file',
					fileName: 'Grüße "x".mp3',
					mimeType: 'audio/mpeg',
					size: file.length,
					data: file,
				},
			],
		);
		expect(form.streamed).toBe(false);
		expect(Buffer.isBuffer(form.body)).toBe(true);
		expect(form.contentLength).toBe((form.body as Buffer).length);
		const parsed = await parse(form.contentType, form.body as Buffer);
		expect(parsed.fields).toEqual([
			['model_id', 'scribe_v1'],
			['keyterms', 'a'],
			['keyterms', 'b'],
		]);
		expect(parsed.files).toEqual([
			{ name: 'file', filename: 'Grüße "x".mp3', mimeType: 'audio/mpeg', data: file },
		]);
	});

	it('streams a file it opens on every read, as a Blob of the exact size', async () => {
		const file = Buffer.alloc(300_000, 7);
		let opened = 0;
		const form = multipartForm(
			[['model_id', 'eleven_multilingual_sts_v2']],
			[
				{
					name: 'audio',
					fileName: 'take.wav',
					mimeType: 'audio/wav',
					size: file.length,
					open: async () => {
						opened++;
						return Readable.from([file.subarray(0, 1000), file.subarray(1000)]);
					},
				},
			],
		);
		expect(form.streamed).toBe(true);
		const body = form.body as StreamedBody;
		expect(Object.prototype.toString.call(body)).toBe('[object Blob]');
		expect(body.type).toBe(form.contentType);
		expect(opened).toBe(0);
		const first = await bytesOf(body);
		const second = await bytesOf(body);
		expect(opened).toBe(2);
		expect(first.equals(second)).toBe(true);
		expect(first.length).toBe(body.size);
		const parsed = await parse(form.contentType, first);
		expect(parsed.fields).toEqual([['model_id', 'eleven_multilingual_sts_v2']]);
		expect(parsed.files[0].data.equals(file)).toBe(true);
	});

	it('fails a streamed file that is shorter or longer than announced', async () => {
		const make = (actual: number) =>
			multipartForm(
				[],
				[
					{
						name: 'file',
						fileName: 'a.mp3',
						mimeType: 'audio/mpeg',
						size: 10,
						open: async () => Readable.from([Buffer.alloc(actual)]),
					},
				],
			).body as StreamedBody;
		await expect(bytesOf(make(9))).rejects.toThrow('was shorter than its 10 bytes');
		await expect(bytesOf(make(11))).rejects.toThrow('was longer than its 10 bytes');
	});

	it('streams several files, from streams and from memory, after the fields (Voice → Clone)', async () => {
		const big = Buffer.alloc(300_000, 1);
		const opened: string[] = [];
		const form = multipartForm(
			[
				['name', 'Zoë "quoted"'],
				['labels', '{"accent":"british"}'],
			],
			[
				{
					name: 'files',
					fileName: 'stream.mp3',
					mimeType: 'audio/mpeg',
					size: big.length,
					open: async () => {
						opened.push('stream');
						return Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]);
					},
				},
				{
					name: 'files',
					fileName: 'Ünïcode take.wav',
					mimeType: 'audio/wav',
					size: 3,
					data: Buffer.from('abc'),
				},
			],
		);
		expect(form.streamed).toBe(true);
		expect(opened).toEqual([]); // nothing is read before the body is sent
		const body = form.body as StreamedBody;
		expect(body.size).toBe(form.contentLength);
		const bytes = await bytesOf(body);
		expect(bytes.length).toBe(form.contentLength);
		const parsed = await parse(form.contentType, bytes);
		expect(parsed.fields).toEqual([
			['name', 'Zoë "quoted"'],
			['labels', '{"accent":"british"}'],
		]);
		expect(parsed.files.map((f) => [f.name, f.filename, f.mimeType, f.data.length])).toEqual([
			['files', 'stream.mp3', 'audio/mpeg', big.length],
			['files', 'Ünïcode take.wav', 'audio/wav', 3],
		]);
		expect(parsed.files[0].data.equals(big)).toBe(true);
		// a second read sends everything again (a retry)
		expect((await bytesOf(body)).equals(bytes)).toBe(true);
		expect(opened).toEqual(['stream', 'stream']);
	});

	it('keeps a line break in a MIME type from adding a header', () => {
		const form = multipartForm(
			[],
			[
				{
					name: 'file',
					fileName: 'a.wav',
					mimeType: 'audio/wav\r\nX-Injected: 1',
					size: 1,
					data: Buffer.from('a'),
				},
			],
		);
		expect((form.body as Buffer).toString('latin1')).toContain(
			'Content-Type: audio/wavX-Injected: 1\r\n\r\na\r\n',
		);
	});

	it("keeps HeyGen's single-file form byte for byte (head, file, closing boundary)", () => {
		const file = Buffer.from('ID3 some mp3 bytes');
		const { body, contentType } = multipartBody(file, 'voice.mp3', 'audio/mpeg');
		const boundary = /boundary=(.+)$/.exec(contentType)![1];
		expect(boundary).toMatch(/^----n8nHeyGen[0-9a-f]{24}$/);
		expect(body.toString('latin1')).toBe(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="voice.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n${file.toString('latin1')}\r\n--${boundary}--\r\n`,
		);
	});
});
