/**
 * Real, playable media for the sandbox: MP3 and Ogg/Opus fixtures made with ffmpeg (1 s, 440 Hz,
 * no ID3/Xing header, see test/fixtures/media/README.md), an MP4/WebM render, and PCM/WAV/µ-law/A-law
 * generated here. MP3 output of any duration is built by repeating whole MP3 frames.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const MEDIA_DIR = path.resolve(__dirname, '../fixtures/media');

const cache = new Map<string, Buffer>();
export function fixture(name: string): Buffer {
	let buf = cache.get(name);
	if (!buf) {
		buf = readFileSync(path.join(MEDIA_DIR, name));
		cache.set(name, buf);
	}
	return buf;
}

const MPEG1_L3_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_L3_BITRATES = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES: Record<number, number[]> = {
	3: [44100, 48000, 32000],
	2: [22050, 24000, 16000],
	0: [11025, 12000, 8000],
};

export interface Mp3Frame {
	offset: number;
	length: number;
	sampleRate: number;
	samples: number;
}

/** Splits an MPEG audio Layer III stream into frames by walking the frame headers. */
export function mp3Frames(buf: Buffer): Mp3Frame[] {
	const frames: Mp3Frame[] = [];
	let i = 0;
	while (i + 4 <= buf.length) {
		if (buf[i] !== 0xff || (buf[i + 1] & 0xe0) !== 0xe0) {
			i++;
			continue;
		}
		const version = (buf[i + 1] >> 3) & 0x3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
		const layer = (buf[i + 1] >> 1) & 0x3; // 1 = Layer III
		const bitrateIndex = (buf[i + 2] >> 4) & 0xf;
		const srIndex = (buf[i + 2] >> 2) & 0x3;
		const padding = (buf[i + 2] >> 1) & 0x1;
		if (
			version === 1 ||
			layer !== 1 ||
			bitrateIndex === 0 ||
			bitrateIndex === 15 ||
			srIndex === 3
		) {
			i++;
			continue;
		}
		const sampleRate = SAMPLE_RATES[version][srIndex];
		const bitrate = (version === 3 ? MPEG1_L3_BITRATES : MPEG2_L3_BITRATES)[bitrateIndex] * 1000;
		const samples = version === 3 ? 1152 : 576;
		const length = Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
		if (i + length > buf.length) break;
		frames.push({ offset: i, length, sampleRate, samples });
		i += length;
	}
	return frames;
}

/** Duration in seconds of an MP3 stream, from its frames. */
export function mp3Duration(buf: Buffer): number {
	return mp3Frames(buf).reduce((s, f) => s + f.samples / f.sampleRate, 0);
}

/** An MP3 of (about) `seconds`, in the given `mp3_<rate>_<kbps>` format, made of whole frames. */
export function mp3OfDuration(format: string, seconds: number): Buffer {
	const source = fixture(`${format}.mp3`);
	const frames = mp3Frames(source);
	const frameSeconds = frames[0].samples / frames[0].sampleRate;
	const count = Math.max(1, Math.round(seconds / frameSeconds));
	const parts: Buffer[] = [];
	for (let n = 0; n < count; n++) {
		const f = frames[n % frames.length];
		parts.push(source.subarray(f.offset, f.offset + f.length));
	}
	return Buffer.concat(parts);
}

/** Signed 16-bit little-endian mono PCM sine tone. */
export function pcm16(sampleRate: number, seconds: number, frequency = 440): Buffer {
	const n = Math.max(1, Math.round(sampleRate * seconds));
	const out = Buffer.alloc(n * 2);
	for (let k = 0; k < n; k++) {
		out.writeInt16LE(
			Math.round(Math.sin((2 * Math.PI * frequency * k) / sampleRate) * 8000),
			k * 2,
		);
	}
	return out;
}

/** A canonical 44-byte-header WAV around 16-bit mono PCM. */
export function wav(pcm: Buffer, sampleRate: number): Buffer {
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + pcm.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(pcm.length, 40);
	return Buffer.concat([header, pcm]);
}

function linearToMuLaw(sample: number): number {
	const BIAS = 0x84;
	const sign = sample < 0 ? 0x80 : 0;
	let s = Math.min(Math.abs(sample), 32635) + BIAS;
	let exponent = 7;
	for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
	const mantissa = (s >> (exponent + 3)) & 0x0f;
	s = ~(sign | (exponent << 4) | mantissa) & 0xff;
	return s;
}

function linearToALaw(sample: number): number {
	const sign = sample >= 0 ? 0xd5 : 0x55;
	let s = Math.min(Math.abs(sample), 32767) >> 3;
	let exponent = 0;
	if (s >= 32) {
		exponent = 1;
		while (s >= 64 && exponent < 7) {
			s >>= 1;
			exponent++;
		}
		s = (exponent << 4) | ((s >> 1) & 0x0f);
	} else {
		s >>= 1;
	}
	return (s ^ sign) & 0xff;
}

/** 8 kHz G.711 µ-law or A-law bytes (no header), as ElevenLabs' ulaw_8000/alaw_8000 return. */
export function g711(kind: 'ulaw' | 'alaw', seconds: number): Buffer {
	const pcm = pcm16(8000, seconds);
	const out = Buffer.alloc(pcm.length / 2);
	for (let k = 0; k < out.length; k++) {
		const s = pcm.readInt16LE(k * 2);
		out[k] = kind === 'ulaw' ? linearToMuLaw(s) : linearToALaw(s);
	}
	return out;
}

/**
 * Audio for an ElevenLabs output format and duration, with the Content-Type the API sends.
 * Opus is a fixed 1 s Ogg file (repeating Ogg pages would need re-numbering).
 */
export function audioFor(
	outputFormat: string,
	seconds: number,
): { body: Buffer; contentType: string } {
	const [codec, rate] = outputFormat.split('_');
	const sampleRate = Number(rate);
	switch (codec) {
		case 'mp3':
			return { body: mp3OfDuration(outputFormat, seconds), contentType: 'audio/mpeg' };
		case 'pcm':
			return { body: pcm16(sampleRate, seconds), contentType: 'audio/pcm' };
		case 'wav':
			return { body: wav(pcm16(sampleRate, seconds), sampleRate), contentType: 'audio/wav' };
		case 'ulaw':
			return { body: g711('ulaw', seconds), contentType: 'audio/basic' };
		case 'alaw':
			return { body: g711('alaw', seconds), contentType: 'audio/alaw' };
		case 'opus':
			return { body: fixture(`${outputFormat}.ogg`), contentType: 'audio/ogg' };
		default:
			throw new Error(`No sandbox audio for ${outputFormat}`);
	}
}

/** The rendered video HeyGen's sandbox delivers, by aspect ratio and output format. */
export function renderedVideo(
	aspectRatio: string | undefined,
	outputFormat: string | undefined,
): { body: Buffer; contentType: string } {
	if (outputFormat === 'webm')
		return { body: fixture('video_9x16.webm'), contentType: 'video/webm' };
	const vertical = aspectRatio === '9:16' || aspectRatio === '4:5';
	return {
		body: fixture(vertical ? 'video_9x16.mp4' : 'video_16x9.mp4'),
		contentType: 'video/mp4',
	};
}
