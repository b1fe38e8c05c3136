import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readHead } from '../../shared/binaryInput';
import type { MultipartFile } from '../../shared/multipart';
import { textValue } from '../../shared/params';

/**
 * A file of an input item, ready to be sent as one part of a multipart upload. Files in n8n's
 * binary storage (filesystem, database, S3 mode: the binary has an id) are streamed from there on
 * every attempt and never read into memory; a binary held in the item is sent from memory.
 */
export interface BinaryFile {
	/** For messages: 'binary field "data" of item 0'. */
	label: string;
	/** From the item's binary, else the stored binary's metadata; may be empty. */
	fileName: string;
	mimeType: string;
	size: number;
	/** The first bytes (for the type check). */
	head: Buffer;
	/** The bytes, for a binary held in the item. */
	data?: Buffer;
	/** Opens a stored binary as a stream (once per attempt of the upload). */
	open?: MultipartFile['open'];
}

/** The audio or video file of Speech to Text, Speech to Speech and Isolate Voice. */
export interface InputFile {
	/** For messages: 'binary field "data" of item 0'. */
	label: string;
	fileName: string;
	mimeType: string;
	size: number;
	/** The first bytes (for the type check). */
	head: Buffer;
	/** The file as a multipart part under the form field `name`. */
	part(name: string): MultipartFile;
}

const HEAD_BYTES = 64;

/**
 * A short description of content that is certainly no audio or video, from its first bytes:
 * ElevenLabs accepts "all major audio and video formats", so only what is clearly something else
 * is refused before the upload.
 */
export function describeNonMedia(head: Buffer): string | undefined {
	const latin = head.subarray(0, 16).toString('latin1');
	const text = head
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.trimStart()
		.toLowerCase();
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('<?xml')) return 'an XML document';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON';
	if (latin.startsWith('%PDF-')) return 'a PDF document';
	if (latin.startsWith('\x89PNG')) return 'a PNG image';
	if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'a JPEG image';
	if (latin.startsWith('GIF8')) return 'a GIF image';
	if (latin.startsWith('RIFF') && latin.slice(8, 12) === 'WEBP') return 'a WebP image';
	if (latin.startsWith('PK\x03\x04')) return 'a ZIP archive (or an Office document)';
	return undefined;
}

/** Audio containers and streams recognised from their first bytes: MIME type and extension. */
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

/** Whether the first bytes are a known audio or video container or stream (AVI and AMR too). */
export function looksLikeMedia(head: Buffer): boolean {
	if (sniffAudio(head)) return true;
	const latin = head.subarray(0, 12).toString('latin1');
	return (latin.startsWith('RIFF') && latin.slice(8, 12) === 'AVI ') || latin.startsWith('#!AMR');
}

function declaredNonMedia(mimeType: string): boolean {
	const base = mimeType.split(';')[0].trim().toLowerCase();
	return /^(image|text|font)\//.test(base) || /^application\/(pdf|json|zip|xml)/.test(base);
}

/**
 * Reads the binary field `field` of an item (present, not empty) without loading a stored binary:
 * its size, names and first bytes, and how to send it.
 */
export async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
): Promise<BinaryFile> {
	const label = `binary field "${field}" of item ${itemIndex}`;
	const meta = ctx.helpers.assertBinaryData(itemIndex, field);
	const file: BinaryFile = {
		label,
		fileName: meta.fileName ?? '',
		mimeType: meta.mimeType ?? '',
		size: 0,
		head: Buffer.alloc(0),
	};
	if (meta.id) {
		const id = meta.id;
		const stored = await ctx.helpers.getBinaryMetadata(id);
		file.size = Number(stored.fileSize);
		file.fileName ||= stored.fileName ?? '';
		file.mimeType ||= stored.mimeType ?? '';
		file.head = await readHead(await ctx.helpers.getBinaryStream(id, HEAD_BYTES), HEAD_BYTES);
		file.open = async () => await ctx.helpers.getBinaryStream(id);
	} else {
		file.data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
		file.size = file.data.length;
		file.head = file.data.subarray(0, HEAD_BYTES);
	}
	if (!Number.isFinite(file.size) || file.size <= 0 || file.head.length === 0)
		throw new NodeOperationError(ctx.getNode(), `The file in ${label} is empty`, { itemIndex });
	return file;
}

/**
 * Reads the binary field `propertyName` of an item and checks it: present, not empty, at most
 * `maxBytes`, and (unless `rawPcm`) not clearly something other than audio or video.
 */
export async function readInputFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: unknown,
	options: { maxBytes?: number; rawPcm?: boolean } = {},
): Promise<InputFile> {
	const field = textValue(ctx, propertyName, 'Input Binary Field', itemIndex).trim();
	if (!field)
		throw new NodeOperationError(ctx.getNode(), 'Input Binary Field is empty', {
			itemIndex,
			description: 'Enter the name of the binary field that holds the audio, e.g. data.',
		});
	const file = await readBinaryFile(ctx, itemIndex, field);
	const { label, size, head } = file;
	if (options.maxBytes && size > options.maxBytes)
		throw new NodeOperationError(
			ctx.getNode(),
			`The file in ${label} is ${size} bytes; ElevenLabs accepts at most ${options.maxBytes}`,
			{ itemIndex },
		);
	const mimeType = file.mimeType || 'application/octet-stream';
	if (!options.rawPcm && !looksLikeMedia(head)) {
		const what = describeNonMedia(head) ?? (declaredNonMedia(mimeType) ? mimeType : undefined);
		if (what)
			throw new NodeOperationError(
				ctx.getNode(),
				`The file in ${label} is ${what}, not audio or video`,
				{
					itemIndex,
					description:
						'ElevenLabs accepts audio and video files (MP3, WAV, M4A, OGG, FLAC, MP4, WebM, …). Check which binary field the previous node wrote the file to.',
				},
			);
	}
	const name = file.fileName.replace(/[\\/\r\n"]/g, '_').trim() || 'audio';
	return {
		label,
		fileName: name,
		mimeType,
		size,
		head,
		part: (partName) => ({
			name: partName,
			fileName: name,
			mimeType,
			size,
			data: file.data,
			open: file.open,
		}),
	};
}
