/**
 * Multipart uploads (POST /v1/speech-to-text, /v1/speech-to-speech/{voice_id}, /v1/audio-isolation,
 * /v1/voices/add), for routes registered with `multipart` (api.ts): the body is parsed as it arrives
 * with busboy, never buffered — each file keeps only its first bytes, its size and its SHA-256 — and
 * the fields are validated against the OpenAPI's multipart schema (contracts.ts
 * `validateElevenLabsForm`, FastAPI's 422s) plus the newer fields the official SDK sends.
 *
 * The uploaded audio is judged from its first bytes: a known container or stream is audio, and
 * its duration is estimated from the header (WAV) or the frames (MP3) and the size. What the API
 * answers for a file that is no audio is not documented; the sandbox uses the documented current
 * error shape with code `invalid_parameters` and the file field as `param`.
 */
import busboy from 'busboy';
import { parseBuffer } from 'music-metadata';
import { createHash } from 'node:crypto';

import { validateElevenLabsForm } from '../contracts';
import { mp3Frames } from '../media';
import type { SandboxReply, SandboxRequest } from '../server';
import { invalidParameter, validationError } from './api';

export interface UploadedFile {
	field: string;
	fileName: string;
	mimeType: string;
	size: number;
	sha256: string;
	/** The first bytes (up to `RETAIN_BYTES`). */
	head: Buffer;
}

export interface ParsedForm {
	fields: Record<string, string[]>;
	files: UploadedFile[];
	/** The fields coerced to the schema's types (files as "<file>"). */
	values: Record<string, unknown>;
}

/** How much of each uploaded file the sandbox keeps. */
export const RETAIN_BYTES = 1024 * 1024;

/** Reads a multipart body from the request stream. */
function parse(
	req: SandboxRequest,
): Promise<{ fields: ParsedForm['fields']; files: UploadedFile[] }> {
	return new Promise((resolve, reject) => {
		const fields: Record<string, string[]> = {};
		const files: UploadedFile[] = [];
		const pending: Array<Promise<void>> = [];
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: req.headers });
		} catch (error) {
			reject(error as Error);
			return;
		}
		parser.on('field', (name, value) => (fields[name] ??= []).push(value));
		parser.on('file', (field, stream, info) => {
			const hash = createHash('sha256');
			const head: Buffer[] = [];
			let size = 0;
			stream.on('data', (chunk: Buffer) => {
				hash.update(chunk);
				if (size < RETAIN_BYTES) head.push(chunk.subarray(0, RETAIN_BYTES - size));
				size += chunk.length;
			});
			pending.push(
				new Promise((done) =>
					stream.on('end', () => {
						files.push({
							field,
							fileName: info.filename,
							mimeType: info.mimeType,
							size,
							sha256: hash.digest('hex'),
							head: Buffer.concat(head),
						});
						done();
					}),
				),
			);
		});
		parser.on('error', reject);
		parser.on('close', () => void Promise.all(pending).then(() => resolve({ fields, files })));
		req.raw.on('error', reject);
		req.raw.pipe(parser);
	});
}

/**
 * Parses and validates the multipart body of `method template`; `newer` are the SDK's fields
 * beyond the OpenAPI snapshot. A body that is no multipart form gets FastAPI's 422 for the missing
 * required fields; a malformed one the 400 ElevenLabs answers ("There was an error parsing the
 * body", elevenlabs/elevenlabs-js#133).
 */
export async function readForm(
	method: string,
	template: string,
	req: SandboxRequest,
	newer: Record<string, object> = {},
): Promise<{ form?: ParsedForm; error?: SandboxReply }> {
	let parsed: Awaited<ReturnType<typeof parse>>;
	if (!/^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) {
		req.raw.resume();
		parsed = { fields: {}, files: [] };
	} else {
		try {
			parsed = await parse(req);
		} catch {
			return { error: { status: 400, body: { detail: 'There was an error parsing the body' } } };
		}
	}
	const result = validateElevenLabsForm(
		method,
		template,
		{
			fields: parsed.fields,
			files: parsed.files.map((f) => f.field),
		},
		newer,
	);
	if (!result.valid)
		return {
			error: validationError(result.errors.map((e) => ({ ...e, loc: ['body', ...e.loc] }))),
		};
	return { form: { ...parsed, values: result.values } };
}

/** Whether the first bytes are a known audio or video container or stream. */
export function isMedia(head: Buffer): boolean {
	const latin = head.subarray(0, 12).toString('latin1');
	if (/^(ID3|OggS|fLaC|#!AMR)/.test(latin) || latin.slice(4, 8) === 'ftyp') return true;
	if (latin.startsWith('RIFF') && /WAVE|AVI /.test(latin.slice(8, 12))) return true;
	if (latin.startsWith('FORM') && /AIF[FC]/.test(latin.slice(8, 12))) return true;
	if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true;
	return head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0;
}

/**
 * The duration of uploaded audio, estimated from its first bytes and its size: WAV from the
 * header's byte rate, MP3 from its frames' bitrate, raw 16 kHz PCM from the sample size, anything
 * else at 128 kbit/s.
 */
export function estimateSeconds(file: UploadedFile, rawPcm = false): number {
	const head = file.head;
	if (rawPcm) return file.size / 32_000;
	if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.length >= 44) {
		const byteRate = head.readUInt32LE(28);
		if (byteRate > 0) return Math.max(0, file.size - 44) / byteRate;
	}
	const frames = mp3Frames(head);
	if (frames.length >= 2) {
		const bytes = frames.reduce((s, f) => s + f.length, 0);
		const seconds = frames.reduce((s, f) => s + f.samples / f.sampleRate, 0);
		return (file.size / bytes) * seconds;
	}
	return file.size / 16_000;
}

/**
 * The file of a form field checked to be audio: a 400 in the current error shape when it is
 * missing, empty or no audio or video (unless it is raw PCM, which has no header).
 */
export function audioFile(
	form: ParsedForm,
	field: string,
	rawPcm: boolean,
): { file?: UploadedFile; error?: SandboxReply } {
	const file = form.files.find((f) => f.field === field);
	if (!file) return { error: invalidParameter(`The ${field} field must contain a file.`, field) };
	if (file.size === 0)
		return { error: invalidParameter(`The uploaded ${field} file is empty.`, field) };
	if (!rawPcm && !isMedia(file.head))
		return {
			error: invalidParameter(
				`The uploaded ${field} file is not a valid audio or video file, or its format is not supported.`,
				field,
			),
		};
	return { file };
}

/**
 * Whether a file decodes as audio with a duration (music-metadata), as a voice sample must: read
 * from its first `RETAIN_BYTES`, which are the whole file for recordings up to 1 MiB.
 */
export async function isPlayableAudio(file: UploadedFile): Promise<boolean> {
	try {
		const meta = await parseBuffer(file.head, { mimeType: file.mimeType });
		return !!meta.format.container && (meta.format.duration ?? 0) > 0;
	} catch {
		return false;
	}
}
