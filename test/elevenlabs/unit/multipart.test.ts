/** The streamed multipart body: exact bytes and length, files opened lazily, size mismatches caught. */
import busboy from 'busboy';
import { Readable } from 'node:stream';

import { multipartBody, type MultipartPart } from '../../../nodes/ElevenLabs/helpers/multipart';

async function read(blob: Blob): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of blob.stream()) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

async function parse(body: Buffer, contentType: string) {
	const fields: Array<[string, string]> = [];
	const files: Array<{ field: string; filename: string; mimeType: string; data: Buffer }> = [];
	await new Promise<void>((resolve, reject) => {
		const bb = busboy({ headers: { 'content-type': contentType } });
		bb.on('field', (name, value) => fields.push([name, value]));
		bb.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('close', () =>
				files.push({
					field,
					filename: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		bb.on('close', resolve);
		bb.on('error', reject);
		bb.end(body);
	});
	return { fields, files };
}

describe('multipartBody', () => {
	const big = Buffer.alloc(300_000, 1);
	const opened: string[] = [];
	const parts: MultipartPart[] = [
		{ field: 'name', value: 'Zoë "quoted"' },
		{
			field: 'files',
			fileName: 'stream.mp3',
			contentType: 'audio/mpeg',
			size: big.length,
			open: async () => {
				opened.push('stream');
				return Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]);
			},
		},
		{
			field: 'files',
			fileName: 'Ünïcode take.wav',
			contentType: 'audio/wav',
			size: 3,
			open: async () => {
				opened.push('buffer');
				return Buffer.from('abc');
			},
		},
		{ field: 'labels', value: '{"accent":"british"}' },
	];

	it('encodes fields and files that busboy reads back, with an exact Content-Length', async () => {
		const body = multipartBody(parts);
		expect(opened).toEqual([]); // nothing is read before the body is sent
		const blob = body.open();
		expect(blob.size).toBe(body.contentLength);
		expect(blob.type).toBe(body.contentType);
		const bytes = await read(blob);
		expect(bytes.length).toBe(body.contentLength);
		const parsed = await parse(bytes, body.contentType);
		expect(parsed.fields).toEqual([
			['name', 'Zoë "quoted"'],
			['labels', '{"accent":"british"}'],
		]);
		expect(parsed.files.map((f) => [f.filename, f.mimeType, f.data.length])).toEqual([
			['stream.mp3', 'audio/mpeg', big.length],
			['Ünïcode take.wav', 'audio/wav', 3],
		]);
		expect(parsed.files[0].data.equals(big)).toBe(true);
		// a second open() sends everything again (a retry)
		expect((await read(body.open())).equals(bytes)).toBe(true);
		expect(opened).toEqual(['stream', 'buffer', 'stream', 'buffer']);
	});

	it('fails instead of sending a body shorter than its Content-Length', async () => {
		const body = multipartBody([
			{
				field: 'files',
				fileName: 'short.mp3',
				contentType: 'audio/mpeg',
				size: 10,
				open: async () => Buffer.from('abc'),
			},
		]);
		await expect(read(body.open())).rejects.toThrow(/short\.mp3 has 3 bytes, not the 10 announced/);
	});
});
