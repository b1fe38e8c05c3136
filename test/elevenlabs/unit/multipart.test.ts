/** The streamed multipart body: exact bytes and length, files opened lazily, size mismatches caught. */
import { Readable } from 'node:stream';

import { multipartBody, type MultipartPart } from '../../../nodes/ElevenLabs/helpers/multipart';
import { parseForm } from '../../sandbox/elevenlabs/multipart';
import type { SandboxRequest } from '../../sandbox/server';

async function read(blob: Blob): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of blob.stream()) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/** Parsed by the sandbox's own multipart reader (busboy), as the API would read it. */
const parse = async (body: Buffer, contentType: string) =>
	await parseForm({ headers: { 'content-type': contentType }, body } as unknown as SandboxRequest);

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
		expect(parsed.fields).toEqual({ name: ['Zoë "quoted"'], labels: ['{"accent":"british"}'] });
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
