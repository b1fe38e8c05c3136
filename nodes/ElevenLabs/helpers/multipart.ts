import { randomBytes } from 'crypto';

/**
 * A streamed multipart/form-data body (RFC 7578). Text fields are written as they are; each file is
 * opened only when the body reaches it and passed on chunk by chunk, so no file is held in
 * memory. `open()` makes the whole body anew, for a retry.
 *
 * The body is a Blob whose bytes are produced on demand: n8n's HTTP client (axios) sends a Blob
 * body by reading its `stream()`, with the Blob's size as Content-Length. (Community nodes may not
 * import Node's `stream` module.) Generic on purpose: it can move to nodes/shared/ unchanged.
 */
export interface MultipartField {
	field: string;
	value: string;
}

export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	/**
	 * Size in bytes: the body's Content-Length is computed from it (axios sends a Blob's size as
	 * Content-Length, so an unknown size cannot be streamed this way).
	 */
	size: number;
	/** Opens the file's bytes (again); a stream is destroyed once read or when the body is cancelled. */
	open: () => Promise<FileSource>;
}

/** A Buffer, or a stream such as n8n's getBinaryStream() returns. */
export type FileSource = Buffer | (AsyncIterable<Uint8Array | string> & { destroy?: () => void });

export type MultipartPart = MultipartField | MultipartFile;

export interface MultipartBody {
	contentType: string;
	/** Total bytes. */
	contentLength: number;
	open: () => Blob;
}

const isFile = (part: MultipartPart): part is MultipartFile => 'open' in part;

/** A header-safe quoted value; non-ASCII file names also get RFC 5987's filename*. */
function disposition(name: string, fileName?: string): string {
	const quote = (v: string) => v.replace(/[\r\n"\\]/g, '_');
	let header = `Content-Disposition: form-data; name="${quote(name)}"`;
	if (fileName !== undefined) {
		const ascii = quote(fileName.replace(/[^\x20-\x7e]/g, '_'));
		header += `; filename="${ascii}"`;
		if (ascii !== fileName) header += `; filename*=UTF-8''${encodeURIComponent(fileName)}`;
	}
	return header;
}

export function multipartBody(parts: MultipartPart[]): MultipartBody {
	// lower case: a Blob's type is lower-cased, and it carries the boundary
	const boundary = `----n8n-form-${randomBytes(12).toString('hex')}`;
	const heads = parts.map((part) =>
		Buffer.from(
			isFile(part)
				? `--${boundary}\r\n${disposition(part.field, part.fileName)}\r\nContent-Type: ${part.contentType.replace(/[\r\n]/g, '')}\r\n\r\n`
				: `--${boundary}\r\n${disposition(part.field)}\r\n\r\n`,
			'utf8',
		),
	);
	const values = parts.map((part) => (isFile(part) ? undefined : Buffer.from(part.value, 'utf8')));
	const crlf = Buffer.from('\r\n');
	const tail = Buffer.from(`--${boundary}--\r\n`);
	const sizes = parts.map((part, k) => (isFile(part) ? part.size : values[k]!.length));
	const contentLength = heads.reduce(
		(sum, head, k) => sum + head.length + sizes[k] + crlf.length,
		tail.length,
	);

	async function* generate(): AsyncGenerator<Buffer> {
		for (const [k, part] of parts.entries()) {
			yield heads[k];
			if (!isFile(part)) {
				yield values[k]!;
			} else {
				const source = await part.open();
				let sent = 0;
				try {
					if (Buffer.isBuffer(source)) {
						sent = source.length;
						yield source;
					} else {
						for await (const chunk of source) {
							const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
							sent += buf.length;
							yield buf;
						}
					}
				} finally {
					if (!Buffer.isBuffer(source)) source.destroy?.();
				}
				// a declared Content-Length that the file does not fill would corrupt the request
				if (sent !== part.size)
					throw new Error(`${part.fileName} has ${sent} bytes, not the ${part.size} announced`);
			}
			yield crlf;
		}
		yield tail;
	}

	const contentType = `multipart/form-data; boundary=${boundary}`;
	return {
		contentType,
		contentLength,
		open: () => new StreamedBlob(generate, contentType, contentLength),
	};
}

/** A Blob read through `stream()` only, its bytes made by `produce` as they are read. */
class StreamedBlob extends Blob {
	/** n8n drops a request body that has no own enumerable property ("empty object"). */
	readonly streamed = true;

	constructor(
		private readonly produce: () => AsyncGenerator<Buffer>,
		type: string,
		size: number,
	) {
		super([]);
		// Blob's size and type are prototype getters; these own values shadow them
		Object.defineProperty(this, 'type', { value: type });
		Object.defineProperty(this, 'size', { value: size });
	}

	stream(): ReadableStream<Uint8Array> {
		const chunks = this.produce();
		return new ReadableStream<Uint8Array>({
			async pull(controller) {
				const next = await chunks.next();
				if (next.done) controller.close();
				else controller.enqueue(next.value);
			},
			async cancel() {
				await chunks.return(undefined);
			},
		});
	}
}
