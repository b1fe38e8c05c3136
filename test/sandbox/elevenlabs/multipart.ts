/**
 * Multipart uploads (POST /v1/speech-to-text, /v1/speech-to-speech/{voice_id}, /v1/audio-isolation):
 * the body is parsed as it arrives with busboy, never buffered — each file keeps only its first
 * bytes, its size and its SHA-256 — and the fields are validated against the OpenAPI's multipart
 * schema (contracts.ts `validateElevenLabsForm`) plus the newer fields the official SDK sends.
 *
 * The uploaded audio is judged from its first bytes: a known container or stream is audio, and
 * its duration is estimated from the header (WAV) or the frames (MP3) and the size. What the API
 * answers for a file that is no audio is not documented; the sandbox uses the documented current
 * error shape with code `invalid_parameters` and the file field as `param`.
 */
import Ajv2020 from 'ajv/dist/2020';
import busboy from 'busboy';
import { parseBuffer } from 'music-metadata';
import { createHash } from 'node:crypto';

import { elevenLabsOpenApi, validateElevenLabsForm } from '../contracts';
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
	if (!result.valid) {
		return {
			error: validationError(
				result.errors.map((e) => {
					const missing = /must have required property '([^']+)'/.exec(e)?.[1];
					const name = missing ?? /^\/?([a-z_]+)|'([a-z_]+)'/.exec(e)?.slice(1).find(Boolean);
					return missing
						? { loc: ['body', missing], msg: 'Field required', type: 'missing' }
						: { loc: ['body', name ?? 'body'], msg: e, type: 'value_error' };
				}),
			),
		};
	}
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

// ---------------------------------------------------------------- buffered reader (POST /v1/voices/add)

/**
 * The buffered reader of the voice branch: multipart/form-data requests of the ElevenLabs sandbox: parsed with busboy and checked against the
 * operation's `multipart/form-data` schema in the OpenAPI (test/fixtures/contracts), the way the API
 * (FastAPI) answers: a missing required field, a file where text is expected (or text where files
 * are, e.g. `{"loc":["body","files",0],"msg":"Expected UploadFile, received: <class 'str'>"}`, as
 * reported in elevenlabs/elevenlabs-js#76) or a value of the wrong type is a 422. A form field the
 * schema does not name is a 422 too: FastAPI would ignore it, the sandbox is stricter so that a
 * misspelt field (`files[]`) fails a test instead of being dropped silently.
 *
 * Also reusable by other multipart routes (speech to text, speech to speech, audio isolation).
 */
export interface FormFile {
	field: string;
	filename: string;
	mimeType: string;
	data: Buffer;
}

export interface BufferedForm {
	fields: Record<string, string[]>;
	files: FormFile[];
}

type Loc = Array<string | number>;
const entry = (loc: Loc, msg: string, type: string) => ({ loc: ['body', ...loc], msg, type });

/** Parses a multipart body; a body that is not multipart has no fields (FastAPI then reports them missing). */
export async function parseForm(req: SandboxRequest): Promise<BufferedForm> {
	const form: BufferedForm = { fields: {}, files: [] };
	if (!/^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) return form;
	return await new Promise((resolve, reject) => {
		const bb = busboy({ headers: req.headers });
		bb.on('file', (field, stream, info) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('close', () =>
				form.files.push({
					field,
					filename: info.filename,
					mimeType: info.mimeType,
					data: Buffer.concat(chunks),
				}),
			);
		});
		bb.on('field', (name, value) => (form.fields[name] ??= []).push(value));
		bb.on('error', reject);
		bb.on('close', () => resolve(form));
		bb.end(req.body);
	});
}

const OAS_ID = 'https://elevenlabs.local/openapi-multipart.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...elevenLabsOpenApi, $id: OAS_ID } as object);

interface FormSchema {
	properties: Record<string, Record<string, unknown>>;
	required?: string[];
}

function formSchema(method: string, template: string): { ref: string; schema: FormSchema } {
	const op = elevenLabsOpenApi.paths[template]?.[method.toLowerCase()];
	const content = op?.requestBody?.content?.['multipart/form-data'];
	if (!content?.schema) throw new Error(`${method} ${template} has no multipart schema`);
	let schema = content.schema as { $ref?: string };
	if (schema.$ref)
		schema = elevenLabsOpenApi.components.schemas[schema.$ref.split('/').pop()!] as typeof schema;
	const escaped = template.replace(/~/g, '~0').replace(/\//g, '~1');
	return {
		ref: `${OAS_ID}#/paths/${escaped}/${method.toLowerCase()}/requestBody/content/multipart~1form-data/schema`,
		schema: schema as FormSchema,
	};
}

/** The JSON Schema types a form property accepts (through anyOf), and whether it is a file. */
function kinds(property: Record<string, unknown>): {
	types: string[];
	file: boolean;
	list: boolean;
} {
	const options = (property.anyOf as Array<Record<string, unknown>> | undefined) ?? [property];
	const types = options.map((o) => String(o.type));
	const isBinary = (o: Record<string, unknown> | undefined) => o?.format === 'binary';
	const list = options.some((o) => o.type === 'array');
	const file = options.some(
		(o) => isBinary(o) || isBinary(o.items as Record<string, unknown> | undefined),
	);
	return { types, file, list };
}

function coerce(raw: string, types: string[]): unknown {
	if (types.includes('boolean')) {
		if (/^(true|1|yes|on)$/i.test(raw)) return true;
		if (/^(false|0|no|off)$/i.test(raw)) return false;
	}
	if ((types.includes('number') || types.includes('integer')) && /^-?\d+(\.\d+)?$/.test(raw))
		return Number(raw);
	return raw;
}

/** Checks a parsed form against the operation's multipart schema; a FastAPI 422 when it does not fit. */
export function checkForm(
	method: string,
	template: string,
	form: BufferedForm,
): SandboxReply | undefined {
	const { ref, schema } = formSchema(method, template);
	const errors: ReturnType<typeof entry>[] = [];
	const value: Record<string, unknown> = {};
	const names = new Set([...Object.keys(form.fields), ...form.files.map((f) => f.field)]);
	for (const name of names) {
		const property = schema.properties[name];
		if (!property) {
			errors.push(entry([name], 'Extra inputs are not permitted', 'extra_forbidden'));
			continue;
		}
		const { types, file, list } = kinds(property);
		const texts = form.fields[name] ?? [];
		const files = form.files.filter((f) => f.field === name);
		if (file) {
			texts.forEach((_, k) =>
				errors.push(
					entry(
						list ? [name, files.length + k] : [name],
						"Expected UploadFile, received: <class 'str'>",
						'value_error',
					),
				),
			);
			value[name] = list ? files.map((f) => f.filename) : files[0]?.filename;
		} else if (files.length) {
			errors.push(entry([name], 'Input should be a valid string', 'string_type'));
		} else {
			value[name] = coerce(texts[texts.length - 1], types);
		}
	}
	const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
	if (!validate(value)) {
		for (const e of validate.errors ?? []) {
			const missing = (e.params as { missingProperty?: string }).missingProperty;
			const loc: Loc = e.instancePath.split('/').filter(Boolean);
			if (missing) errors.push(entry([...loc, missing], 'Field required', 'missing'));
			else if (e.keyword !== 'anyOf') errors.push(entry(loc, e.message ?? 'invalid', e.keyword));
		}
	}
	return errors.length ? validationError(errors) : undefined;
}

/** Whether a file decodes as audio with a duration (music-metadata), as a voice sample must. */
export async function isPlayableAudio(file: FormFile): Promise<boolean> {
	try {
		const meta = await parseBuffer(file.data, { mimeType: file.mimeType, size: file.data.length });
		return !!meta.format.container && (meta.format.duration ?? 0) > 0;
	} catch {
		return false;
	}
}
