/**
 * File types HeyGen's POST /v3/assets accepts, and detection of a file's real type from its
 * first bytes (HeyGen itself detects the type from the bytes, so a wrong or missing MIME type on
 * an n8n binary must not decide what is sent).
 */

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'subtitle';

export interface MediaType {
	mimeType: string;
	extension: string;
	kind: MediaKind;
	label: string;
}

export const SUPPORTED_TYPES: MediaType[] = [
	{ mimeType: 'image/png', extension: 'png', kind: 'image', label: 'PNG' },
	{ mimeType: 'image/jpeg', extension: 'jpg', kind: 'image', label: 'JPEG' },
	{ mimeType: 'video/mp4', extension: 'mp4', kind: 'video', label: 'MP4' },
	{ mimeType: 'video/webm', extension: 'webm', kind: 'video', label: 'WebM' },
	{ mimeType: 'audio/mpeg', extension: 'mp3', kind: 'audio', label: 'MP3' },
	{ mimeType: 'audio/wav', extension: 'wav', kind: 'audio', label: 'WAV' },
	{ mimeType: 'application/pdf', extension: 'pdf', kind: 'document', label: 'PDF' },
	{ mimeType: 'application/x-subrip', extension: 'srt', kind: 'subtitle', label: 'SRT' },
];

export const SUPPORTED_LABELS = SUPPORTED_TYPES.map((t) => t.label).join(', ');

/** Bytes needed by `sniffMediaType`. */
export const SNIFF_BYTES = 256;

const ALIASES: Record<string, string> = {
	'image/jpg': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
	'audio/mp3': 'audio/mpeg',
	'audio/mpeg3': 'audio/mpeg',
	'audio/x-mpeg': 'audio/mpeg',
	'audio/x-wav': 'audio/wav',
	'audio/wave': 'audio/wav',
	'audio/vnd.wave': 'audio/wav',
	'application/x-srt': 'application/x-subrip',
	'text/srt': 'application/x-subrip',
};

/** The supported type for a declared MIME type (aliases normalised), if any. */
export function typeForMime(mimeType: string | undefined): MediaType | undefined {
	if (!mimeType) return undefined;
	const base = mimeType.split(';')[0].trim().toLowerCase();
	const normalised = ALIASES[base] ?? base;
	return SUPPORTED_TYPES.find((t) => t.mimeType === normalised);
}

function byMime(mimeType: string): MediaType {
	return SUPPORTED_TYPES.find((t) => t.mimeType === mimeType)!;
}

/** Detects a supported type from the first bytes of a file (magic numbers). */
export function sniffMediaType(head: Buffer): MediaType | undefined {
	const b = head;
	if (
		b.length >= 8 &&
		b[0] === 0x89 &&
		b.subarray(1, 4).toString('latin1') === 'PNG' &&
		b[4] === 0x0d &&
		b[5] === 0x0a
	) {
		return byMime('image/png');
	}
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return byMime('image/jpeg');
	if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-')
		return byMime('application/pdf');
	if (
		b.length >= 12 &&
		b.subarray(0, 4).toString('latin1') === 'RIFF' &&
		b.subarray(8, 12).toString('latin1') === 'WAVE'
	) {
		return byMime('audio/wav');
	}
	if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
		const brand = b.subarray(8, 12).toString('latin1');
		// ISO BMFF audio-only brands (M4A) and images (HEIC/AVIF) are not accepted as MP4 video
		if (/^(M4A |M4B |heic|heix|mif1|avif)/.test(brand)) return undefined;
		return byMime('video/mp4');
	}
	if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
		const text = b.subarray(0, SNIFF_BYTES).toString('latin1');
		if (text.includes('matroska') && !text.includes('webm')) return undefined;
		return byMime('video/webm');
	}
	if (b.length >= 3 && b.subarray(0, 3).toString('latin1') === 'ID3') return byMime('audio/mpeg');
	// MPEG audio frame sync: 11 set bits, a valid version and Layer III
	if (
		b.length >= 3 &&
		b[0] === 0xff &&
		(b[1] & 0xe0) === 0xe0 &&
		((b[1] >> 3) & 0x3) !== 1 &&
		((b[1] >> 1) & 0x3) === 1
	) {
		const bitrate = b[2] >> 4;
		if (bitrate !== 0 && bitrate !== 15 && ((b[2] >> 2) & 0x3) !== 3) return byMime('audio/mpeg');
	}
	const text = b
		.subarray(0, SNIFF_BYTES)
		.toString('utf8')
		.replace(/^\uFEFF/, '');
	if (/^\s*\d+\r?\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}/.test(text))
		return byMime('application/x-subrip');
	return undefined;
}

/** A short description of unknown content for error messages ("an HTML page", "text", …). */
export function describeContent(head: Buffer): string {
	const text = head.subarray(0, 128).toString('utf8').trim().toLowerCase();
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON';
	if (text.startsWith('<?xml')) return 'XML';
	if (head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'OggS')
		return 'an Ogg file (not supported; use MP3 or WAV)';
	if (head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'GIF8')
		return 'a GIF image (not supported; use PNG or JPEG)';
	if (head.length >= 12 && head.subarray(8, 12).toString('latin1') === 'WEBP')
		return 'a WebP image (not supported; use PNG or JPEG)';
	return 'unrecognised content';
}

/** Makes a file name end with the extension of its real type. */
export function fileNameFor(
	name: string | undefined,
	type: MediaType,
	fallbackBase = 'upload',
): string {
	const clean = (name ?? '')
		.replace(/[\\/]/g, '_')
		.replace(/[\r\n"]/g, '')
		.trim();
	const base = clean || `${fallbackBase}.${type.extension}`;
	const ext = /\.([A-Za-z0-9]+)$/.exec(base)?.[1]?.toLowerCase();
	const same = ext === type.extension || (type.extension === 'jpg' && ext === 'jpeg');
	if (same) return base;
	return ext && ext.length <= 5
		? `${base.slice(0, -ext.length - 1)}.${type.extension}`
		: `${base}.${type.extension}`;
}
