import { randomBytes } from 'crypto';

/**
 * multipart/form-data request bodies (RFC 7578) built by hand: nodes may not have runtime
 * dependencies, so there is no form-data package. Used by every upload of the package: ElevenLabs
 * Speech to Text, Speech to Speech, Isolate Voice and Voice → Clone, and HeyGen's asset upload.
 *
 * A form whose files are all in memory becomes one Buffer. A form with a file that is opened as a
 * stream (an n8n binary in filesystem, database or S3 mode) is sent streamed and never held in
 * memory: the body is a Blob-like object (`size`, `type`, `stream()`), which n8n's HTTP layer
 * (axios) sends with a `Content-Length` of `size` by reading `stream()` chunk by chunk. `stream()`
 * opens the file anew on every call, so a retried request sends the whole file again.
 *
 * Send a streamed body without the redirect-following transport (`disableFollowRedirect`): it keeps
 * a copy of every request body chunk for replays.
 */

/** A readable stream or any other async iterable of bytes (n8n's binary streams are both). */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** A text field: `[name, value]`. */
export type MultipartField = [name: string, value: string];

export interface MultipartFile {
	/** The form field name, e.g. `file` or `audio`. */
	name: string;
	fileName: string;
	mimeType: string;
	/** Byte size of the file; with `open` it must be exact (it becomes part of Content-Length). */
	size: number;
	/** The bytes, when the file is in memory. */
	data?: Buffer;
	/** Opens the file as a stream; called once per attempt of the request. */
	open?: () => Promise<ByteSource>;
}

export interface MultipartBody {
	/** The request body: a Buffer, or a Blob-like object that streams the files (see above). */
	body: Buffer | StreamedBody;
	contentType: string;
	contentLength: number;
	/** Whether a file is read from a stream (send without the redirect-following transport). */
	streamed: boolean;
}

/** What the HTTP client sees of a streamed form: the shape of a Blob. */
export interface StreamedBody {
	readonly size: number;
	readonly type: string;
	stream(): AsyncGenerator<Buffer>;
	readonly [Symbol.toStringTag]: 'Blob';
}

type Piece = Buffer | MultipartFile;

/** `filename="…"` with a plain-ASCII fallback, plus `filename*=` (RFC 5987) for other characters. */
function fileNameParams(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const utf8 = ascii !== fileName ? `; filename*=UTF-8''${encodeURIComponent(fileName)}` : '';
	return `filename="${ascii}"${utf8}`;
}

function fieldName(name: string): string {
	return name.replace(/["\r\n\\]/g, '_');
}

function fileHead(boundary: string, file: Pick<MultipartFile, 'name' | 'fileName' | 'mimeType'>) {
	const mimeType = file.mimeType.replace(/[\r\n]/g, '');
	return Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName(file.name)}"; ${fileNameParams(file.fileName)}\r\nContent-Type: ${mimeType}\r\n\r\n`,
		'utf8',
	);
}

function newBoundary(prefix: string): string {
	return `----${prefix}${randomBytes(12).toString('hex')}`;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

/** Reads an opened file, checking it has exactly the announced size. */
async function* readFile(file: MultipartFile): AsyncGenerator<Buffer> {
	const source = await file.open!();
	let sent = 0;
	try {
		for await (const chunk of source) {
			const buf = toBuffer(chunk);
			sent += buf.length;
			if (sent > file.size) break;
			yield buf;
		}
	} finally {
		(source as { destroy?: () => void }).destroy?.();
	}
	if (sent !== file.size)
		throw new Error(
			`The file "${file.fileName}" was ${sent > file.size ? 'longer' : 'shorter'} than its ${file.size} bytes while it was sent`,
		);
}

/** A multipart/form-data body of text fields followed by files, in the given order. */
export function multipartForm(
	fields: MultipartField[],
	files: MultipartFile[],
	boundaryPrefix = 'n8nFormBoundary',
): MultipartBody {
	const boundary = newBoundary(boundaryPrefix);
	const pieces: Piece[] = [];
	for (const [name, value] of fields) {
		pieces.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName(name)}"\r\n\r\n${value}\r\n`,
				'utf8',
			),
		);
	}
	for (const file of files) {
		pieces.push(fileHead(boundary, file), file.data ?? file, Buffer.from('\r\n'));
	}
	pieces.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));

	const contentType = `multipart/form-data; boundary=${boundary}`;
	const size = pieces.reduce((sum, p) => sum + (Buffer.isBuffer(p) ? p.length : p.size), 0);
	if (pieces.every((p) => Buffer.isBuffer(p))) {
		return {
			body: Buffer.concat(pieces as Buffer[]),
			contentType,
			contentLength: size,
			streamed: false,
		};
	}
	const body: StreamedBody = {
		size,
		type: contentType,
		async *stream() {
			for (const piece of pieces) {
				if (Buffer.isBuffer(piece)) yield piece;
				else yield* readFile(piece);
			}
		},
		[Symbol.toStringTag]: 'Blob',
	};
	return { body, contentType, contentLength: size, streamed: true };
}

/** A form with one in-memory file under the field `file` (HeyGen's POST /v3/assets). */
export function multipartBody(
	file: Buffer,
	fileName: string,
	mimeType: string,
): { body: Buffer; contentType: string } {
	const form = multipartForm(
		[],
		[{ name: 'file', fileName, mimeType, size: file.length, data: file }],
		'n8nHeyGen',
	);
	return { body: form.body as Buffer, contentType: form.contentType };
}
