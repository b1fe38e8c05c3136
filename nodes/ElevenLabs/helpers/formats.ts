import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Every `output_format` ElevenLabs text-to-speech accepts (OpenAPI 2025-08 ∪ SDK 2.73), with the
 * MIME type and file extension the node gives the binary when the response has no usable
 * Content-Type. Plan-gated formats (mp3_44100_192 Creator+, 44.1 kHz PCM/WAV Pro+) are marked.
 */
export const OUTPUT_FORMAT_VALUES = [
	'mp3_22050_32',
	'mp3_24000_48',
	'mp3_44100_32',
	'mp3_44100_64',
	'mp3_44100_96',
	'mp3_44100_128',
	'mp3_44100_192',
	'pcm_8000',
	'pcm_16000',
	'pcm_22050',
	'pcm_24000',
	'pcm_32000',
	'pcm_44100',
	'pcm_48000',
	'wav_8000',
	'wav_16000',
	'wav_22050',
	'wav_24000',
	'wav_32000',
	'wav_44100',
	'wav_48000',
	'ulaw_8000',
	'alaw_8000',
	'opus_48000_32',
	'opus_48000_64',
	'opus_48000_96',
	'opus_48000_128',
	'opus_48000_192',
] as const;

export const DEFAULT_OUTPUT_FORMAT = 'mp3_44100_128';

export type Codec = 'mp3' | 'pcm' | 'wav' | 'ulaw' | 'alaw' | 'opus';

export interface FormatInfo {
	codec: Codec;
	sampleRate: number;
	bitrateKbps?: number;
	mimeType: string;
	extension: string;
}

const BY_CODEC: Record<Codec, { mimeType: string; extension: string; label: string }> = {
	mp3: { mimeType: 'audio/mpeg', extension: 'mp3', label: 'MP3' },
	pcm: { mimeType: 'audio/pcm', extension: 'pcm', label: 'PCM (raw S16LE, no header)' },
	wav: { mimeType: 'audio/wav', extension: 'wav', label: 'WAV (16-bit PCM)' },
	ulaw: { mimeType: 'audio/basic', extension: 'ulaw', label: 'μ-law (G.711, raw, telephony)' },
	alaw: { mimeType: 'audio/alaw', extension: 'alaw', label: 'A-law (G.711, raw, telephony)' },
	opus: { mimeType: 'audio/ogg', extension: 'ogg', label: 'Opus (Ogg)' },
};

export function formatInfo(format: string): FormatInfo {
	const [codec, rate, kbps] = format.split('_');
	const entry = BY_CODEC[codec as Codec] ?? {
		mimeType: 'application/octet-stream',
		extension: 'bin',
	};
	return {
		codec: codec as Codec,
		sampleRate: Number(rate) || 0,
		bitrateKbps: kbps ? Number(kbps) : undefined,
		mimeType: entry.mimeType,
		extension: entry.extension,
	};
}

function label(format: string): string {
	const info = formatInfo(format);
	const khz = `${info.sampleRate / 1000} kHz`;
	const parts = [BY_CODEC[info.codec].label, khz];
	if (info.bitrateKbps) parts.push(`${info.bitrateKbps} kbps`);
	let name = parts.join(' ');
	if (format === DEFAULT_OUTPUT_FORMAT) name += ' (Default)';
	return name;
}

function planNote(format: string): string | undefined {
	if (format === 'mp3_44100_192') return 'Needs the Creator plan or above';
	if (format === 'pcm_44100' || format === 'wav_44100') return 'Needs the Pro plan or above';
	return undefined;
}

/** Output-format options, alphabetised by name. */
export const OUTPUT_FORMAT_OPTIONS: INodePropertyOptions[] = OUTPUT_FORMAT_VALUES.map((value) => {
	const info = formatInfo(value);
	const note = planNote(value);
	return {
		name: label(value),
		value,
		description: `${info.mimeType}, .${info.extension}${note ? `. ${note}.` : ''}`,
	};
}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The MIME type of the binary: the response's Content-Type when it names an audio type, else the
 * type of the requested format (with-timestamps answers JSON, so it never wins there).
 */
export function resolveMimeType(format: string, contentType: string | undefined): string {
	const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (base.startsWith('audio/')) return base;
	return formatInfo(format).mimeType;
}
