import type { Codec } from './formats';

/**
 * Joins audio chunks of one output format into one valid file, and measures durations.
 * - MP3: frames are concatenated; ID3v2/ID3v1/APE tags and Xing/Info/VBRI header frames are dropped
 *   (they would describe only the first chunk).
 * - WAV: the sample data of every chunk goes under one new RIFF header.
 * - PCM / μ-law / A-law: raw samples, concatenated.
 * - Opus: Ogg streams are chained (RFC 3533 §4), each with its own serial number.
 */

const MPEG1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = {
	3: [44100, 48000, 32000],
	2: [22050, 24000, 16000],
	0: [11025, 12000, 8000],
};

interface Mp3Frame {
	offset: number;
	length: number;
	seconds: number;
}

function mp3FrameAt(buf: Buffer, i: number): Mp3Frame | undefined {
	if (i + 4 > buf.length || buf[i] !== 0xff || (buf[i + 1] & 0xe0) !== 0xe0) return undefined;
	const version = (buf[i + 1] >> 3) & 0x3;
	const layer = (buf[i + 1] >> 1) & 0x3;
	const bitrateIndex = (buf[i + 2] >> 4) & 0xf;
	const rateIndex = (buf[i + 2] >> 2) & 0x3;
	const padding = (buf[i + 2] >> 1) & 0x1;
	if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
		return undefined;
	const sampleRate = RATES[version][rateIndex];
	const bitrate = (version === 3 ? MPEG1_L3 : MPEG2_L3)[bitrateIndex] * 1000;
	const samples = version === 3 ? 1152 : 576;
	const length = Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
	if (i + length > buf.length) return undefined;
	return { offset: i, length, seconds: samples / sampleRate };
}

/** Size of a leading ID3v2 tag (0 when there is none). */
function id3v2Size(buf: Buffer, at = 0): number {
	if (buf.length < at + 10 || buf.toString('latin1', at, at + 3) !== 'ID3') return 0;
	const size =
		((buf[at + 6] & 0x7f) << 21) |
		((buf[at + 7] & 0x7f) << 14) |
		((buf[at + 8] & 0x7f) << 7) |
		(buf[at + 9] & 0x7f);
	const footer = buf[at + 5] & 0x10 ? 10 : 0;
	return 10 + size + footer;
}

/** Walks the frames of an MP3 stream (skipping tags and garbage between frames). */
function mp3FrameList(buf: Buffer): Mp3Frame[] {
	const frames: Mp3Frame[] = [];
	let i = 0;
	while (i < buf.length) {
		const tag = id3v2Size(buf, i);
		if (tag) {
			i += tag;
			continue;
		}
		const frame = mp3FrameAt(buf, i);
		if (frame) {
			frames.push(frame);
			i += frame.length;
		} else {
			i++;
		}
	}
	return frames;
}

function isInfoFrame(buf: Buffer, frame: Mp3Frame): boolean {
	const body = buf.toString('latin1', frame.offset + 4, frame.offset + Math.min(frame.length, 64));
	return /Xing|Info|VBRI/.test(body);
}

/** The audio frames of an MP3: without tags or a Xing/Info/VBRI header frame. */
function mp3AudioFrames(buf: Buffer): Mp3Frame[] {
	const frames = mp3FrameList(buf);
	if (frames.length && isInfoFrame(buf, frames[0])) frames.shift();
	return frames;
}

export function mp3Seconds(buf: Buffer): number {
	return mp3AudioFrames(buf).reduce((s, f) => s + f.seconds, 0);
}

// ------------------------------------------------------------------------ WAV

export interface WavInfo {
	formatTag: number;
	channels: number;
	sampleRate: number;
	bitsPerSample: number;
	data: Buffer;
}

function parseWav(buf: Buffer): WavInfo | undefined {
	if (
		buf.length < 12 ||
		buf.toString('ascii', 0, 4) !== 'RIFF' ||
		buf.toString('ascii', 8, 12) !== 'WAVE'
	)
		return undefined;
	let i = 12;
	let fmt: Omit<WavInfo, 'data'> | undefined;
	while (i + 8 <= buf.length) {
		const id = buf.toString('ascii', i, i + 4);
		const size = buf.readUInt32LE(i + 4);
		const start = i + 8;
		if (id === 'fmt ') {
			fmt = {
				formatTag: buf.readUInt16LE(start),
				channels: buf.readUInt16LE(start + 2),
				sampleRate: buf.readUInt32LE(start + 4),
				bitsPerSample: buf.readUInt16LE(start + 14),
			};
		} else if (id === 'data') {
			// Streamed WAVs may announce 0 or 0xFFFFFFFF: then the data runs to the end.
			const end =
				size === 0 || size === 0xffffffff || start + size > buf.length ? buf.length : start + size;
			if (!fmt) return undefined;
			return { ...fmt, data: buf.subarray(start, end) };
		}
		i = start + size + (size % 2);
	}
	return undefined;
}

function wavHeader(
	dataLength: number,
	sampleRate: number,
	channels = 1,
	bitsPerSample = 16,
	formatTag = 1,
): Buffer {
	const header = Buffer.alloc(44);
	const blockAlign = (channels * bitsPerSample) / 8;
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + dataLength, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(formatTag, 20);
	header.writeUInt16LE(channels, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * blockAlign, 28);
	header.writeUInt16LE(blockAlign, 32);
	header.writeUInt16LE(bitsPerSample, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(dataLength, 40);
	return header;
}

// ------------------------------------------------------------------------ Ogg / Opus

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let r = n << 24;
		for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
		table[n] = r >>> 0;
	}
	return table;
})();

function oggCrc(page: Buffer): number {
	let crc = 0;
	for (let k = 0; k < page.length; k++)
		crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) & 0xff) ^ page[k]]) >>> 0;
	return crc >>> 0;
}

interface OggPage {
	offset: number;
	length: number;
	serial: number;
	granule: bigint;
}

function oggPages(buf: Buffer): OggPage[] {
	const pages: OggPage[] = [];
	let i = 0;
	while (i + 27 <= buf.length && buf.toString('ascii', i, i + 4) === 'OggS') {
		const segments = buf[i + 26];
		if (i + 27 + segments > buf.length) break;
		let body = 0;
		for (let k = 0; k < segments; k++) body += buf[i + 27 + k];
		const length = 27 + segments + body;
		if (i + length > buf.length) break;
		pages.push({
			offset: i,
			length,
			serial: buf.readUInt32LE(i + 14),
			granule: buf.readBigInt64LE(i + 6),
		});
		i += length;
	}
	return pages;
}

/** Playback seconds of one Ogg/Opus stream: last granule position minus pre-skip, at 48 kHz. */
function opusSeconds(buf: Buffer): number {
	const pages = oggPages(buf);
	let total = 0;
	const preSkip = new Map<number, number>();
	const lastGranule = new Map<number, bigint>();
	for (const page of pages) {
		const bodyStart = page.offset + 27 + buf[page.offset + 26];
		if (buf.toString('ascii', bodyStart, bodyStart + 8) === 'OpusHead')
			preSkip.set(page.serial, buf.readUInt16LE(bodyStart + 10));
		if (page.granule >= 0n) lastGranule.set(page.serial, page.granule);
	}
	for (const [serial, granule] of lastGranule)
		total += Math.max(0, Number(granule) - (preSkip.get(serial) ?? 0)) / 48000;
	return total;
}

function withSerial(buf: Buffer, serial: number): Buffer {
	const out = Buffer.from(buf);
	for (const page of oggPages(out)) {
		const view = out.subarray(page.offset, page.offset + page.length);
		view.writeUInt32LE(serial, 14);
		view.writeUInt32LE(0, 22);
		view.writeUInt32LE(oggCrc(view), 22);
	}
	return out;
}

// ------------------------------------------------------------------------ any codec

/** Seconds of audio in one chunk of the given codec. */
export function audioSeconds(codec: Codec, sampleRate: number, buf: Buffer): number {
	switch (codec) {
		case 'mp3':
			return mp3Seconds(buf);
		case 'wav': {
			const info = parseWav(buf);
			if (!info) return 0;
			return info.data.length / ((info.sampleRate * info.channels * info.bitsPerSample) / 8);
		}
		case 'pcm':
			return buf.length / 2 / sampleRate;
		case 'ulaw':
		case 'alaw':
			return buf.length / sampleRate;
		case 'opus':
			return opusSeconds(buf);
		default:
			return 0;
	}
}

/** Joins the chunks of one output format into one file. */
export function joinAudio(codec: Codec, chunks: Buffer[]): Buffer {
	if (chunks.length === 1) return chunks[0];
	switch (codec) {
		case 'mp3':
			return Buffer.concat(
				chunks.flatMap((c) =>
					mp3AudioFrames(c).map((f) => c.subarray(f.offset, f.offset + f.length)),
				),
			);
		case 'wav': {
			const parsed = chunks.map((c) => parseWav(c));
			const first = parsed.find((p) => p !== undefined);
			if (!first) return Buffer.concat(chunks);
			const data = parsed.map((p, k) => (p ? p.data : chunks[k]));
			const length = data.reduce((s, d) => s + d.length, 0);
			return Buffer.concat([
				wavHeader(length, first.sampleRate, first.channels, first.bitsPerSample, first.formatTag),
				...data,
			]);
		}
		case 'opus': {
			const used = new Set<number>();
			return Buffer.concat(
				chunks.map((c) => {
					const serials = [...new Set(oggPages(c).map((p) => p.serial))];
					if (serials.length !== 1 || !used.has(serials[0])) {
						serials.forEach((s) => used.add(s));
						return c;
					}
					let serial = (serials[0] + 1) >>> 0;
					while (used.has(serial)) serial = (serial + 1) >>> 0;
					used.add(serial);
					return withSerial(c, serial);
				}),
			);
		}
		default:
			return Buffer.concat(chunks);
	}
}
