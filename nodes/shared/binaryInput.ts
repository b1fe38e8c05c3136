/**
 * The first `bytes` bytes of a stream (fewer when it is shorter), for a type check of a stored
 * binary without reading all of it; the stream is closed after them.
 */
export async function readHead(
	stream: AsyncIterable<unknown> & { destroy?: () => void },
	bytes: number,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buf = Buffer.from(chunk as Buffer);
		chunks.push(buf);
		size += buf.length;
		if (size >= bytes) break;
	}
	stream.destroy?.();
	return Buffer.concat(chunks).subarray(0, bytes);
}
