import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { textValue } from '../../shared/params';
import type { MultipartFile } from '../../shared/multipart';

type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

const HEAD_BYTES = 64;

/** Audio containers recognised from their first bytes: MIME type and extension. */
export function sniffAudio(head: Buffer): { mimeType: string; extension: string } | undefined {
	const ascii = (from: number, to: number) => head.subarray(from, to).toString('latin1');
	if (ascii(0, 3) === 'ID3') return { mimeType: 'audio/mpeg', extension: 'mp3' };
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE')
		return { mimeType: 'audio/wav', extension: 'wav' };
	if (ascii(0, 4) === 'OggS') return { mimeType: 'audio/ogg', extension: 'ogg' };
	if (ascii(0, 4) === 'fLaC') return { mimeType: 'audio/flac', extension: 'flac' };
	if (ascii(0, 4) === 'FORM' && /^AIF[FC]$/.test(ascii(8, 12)))
		return { mimeType: 'audio/aiff', extension: 'aiff' };
	if (ascii(4, 8) === 'ftyp') return { mimeType: 'audio/mp4', extension: 'm4a' };
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3)
		return { mimeType: 'audio/webm', extension: 'webm' };
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
		// MPEG audio frame sync: layer bits 00 with the ADTS pattern is AAC, otherwise MP3
		return (head[1] & 0x06) === 0
			? { mimeType: 'audio/aac', extension: 'aac' }
			: { mimeType: 'audio/mpeg', extension: 'mp3' };
	}
	return undefined;
}

function describeHead(head: Buffer): string {
	const text = head.toString('utf8').replace(/\s+/g, ' ').trim();
	if (/^[\x20-\x7e]{4,}/.test(text)) return `text ("${text.slice(0, 30)}…")`;
	return `unrecognised bytes (${head.subarray(0, 8).toString('hex')})`;
}

async function firstBytes(stream: BinaryStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		chunks.push(Buffer.from(chunk as Buffer));
		size += (chunk as Buffer).length;
		if (size >= HEAD_BYTES) break;
	}
	stream.destroy();
	return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/** The binary field names to read: the comma-separated list, or every binary of the item. */
export function sampleFieldNames(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const source = ctx.getNodeParameter('samples', itemIndex, 'fields') as string;
	const item = ctx.getInputData()[itemIndex];
	if (source === 'all') {
		const names = Object.keys(item?.binary ?? {});
		if (names.length === 0) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex} has no binary data`, {
				itemIndex,
				description:
					'Voice cloning needs at least one audio file: read the recordings into this item first (e.g. with Read Files from Disk or HTTP Request, then Aggregate with "Include Binaries").',
			});
		}
		return names;
	}
	const raw = textValue(
		ctx,
		ctx.getNodeParameter('binaryPropertyNames', itemIndex, 'data'),
		'Input Binary Fields',
		itemIndex,
	);
	const names = [...new Set(raw.split(',').map((n) => n.trim()))].filter(Boolean);
	if (names.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Input Binary Fields is empty', {
			itemIndex,
			description: 'Enter the binary fields holding the recordings, separated by commas.',
		});
	}
	return names;
}

export interface VoiceSample {
	field: string;
	fileName: string;
	mimeType: string;
	bytes: number;
	part: MultipartFile;
}

/**
 * One multipart `files` part per binary field, checked to be audio from its first bytes (a
 * declared audio/video type is accepted for formats not recognised here). Files in n8n's binary
 * storage are streamed when the request is sent; nothing is read into memory beforehand.
 */
export async function readVoiceSamples(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<VoiceSample[]> {
	const samples: VoiceSample[] = [];
	for (const field of sampleFieldNames(ctx, itemIndex)) {
		const meta = ctx.helpers.assertBinaryData(itemIndex, field);
		let head: Buffer;
		let bytes: number;
		let data: Buffer | undefined;
		let open: MultipartFile['open'];
		if (meta.id) {
			const id = meta.id;
			const stored = await ctx.helpers.getBinaryMetadata(id);
			bytes = Number(stored.fileSize ?? meta.bytes ?? 0);
			head = await firstBytes(await ctx.helpers.getBinaryStream(id, HEAD_BYTES));
			open = async () => await ctx.helpers.getBinaryStream(id);
		} else {
			data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
			bytes = data.length;
			head = data.subarray(0, HEAD_BYTES);
		}
		const label = `binary field "${field}" of item ${itemIndex}`;
		if (bytes === 0)
			throw new NodeOperationError(ctx.getNode(), `The file in ${label} is empty`, { itemIndex });
		const sniffed = sniffAudio(head);
		const declared = (meta.mimeType ?? '').toLowerCase();
		if (!sniffed && !/^(audio|video)\//.test(declared)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The file in ${label} is ${describeHead(head)}${declared ? ` (declared as ${declared})` : ''}, not audio`,
				{
					itemIndex,
					description:
						'Voice cloning takes recordings of speech: MP3, WAV, M4A, OGG, FLAC, WebM or AAC.',
				},
			);
		}
		const mimeType =
			declared && declared !== 'application/octet-stream' ? declared : sniffed!.mimeType;
		const fileName = meta.fileName || `${field}.${sniffed?.extension ?? 'mp3'}`;
		samples.push({
			field,
			fileName,
			mimeType,
			bytes,
			part: { name: 'files', fileName, mimeType, size: bytes, data, open },
		});
	}
	return samples;
}
