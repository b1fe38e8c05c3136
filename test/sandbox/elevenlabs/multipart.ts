/**
 * multipart/form-data requests of the ElevenLabs sandbox: parsed with busboy and checked against the
 * operation's `multipart/form-data` schema in the OpenAPI (test/fixtures/contracts), the way the API
 * (FastAPI) answers: a missing required field, a file where text is expected (or text where files
 * are, e.g. `{"loc":["body","files",0],"msg":"Expected UploadFile, received: <class 'str'>"}`, as
 * reported in elevenlabs/elevenlabs-js#76) or a value of the wrong type is a 422. A form field the
 * schema does not name is a 422 too: FastAPI would ignore it, the sandbox is stricter so that a
 * misspelt field (`files[]`) fails a test instead of being dropped silently.
 *
 * Also reusable by other multipart routes (speech to text, speech to speech, audio isolation).
 */
import Ajv2020 from 'ajv/dist/2020';
import busboy from 'busboy';
import { parseBuffer } from 'music-metadata';

import { elevenLabsOpenApi } from '../contracts';
import type { SandboxReply, SandboxRequest } from '../server';
import { validationError } from './api';

export interface FormFile {
	field: string;
	filename: string;
	mimeType: string;
	data: Buffer;
}

export interface ParsedForm {
	fields: Record<string, string[]>;
	files: FormFile[];
}

type Loc = Array<string | number>;
const entry = (loc: Loc, msg: string, type: string) => ({ loc: ['body', ...loc], msg, type });

/** Parses a multipart body; a body that is not multipart has no fields (FastAPI then reports them missing). */
export async function parseForm(req: SandboxRequest): Promise<ParsedForm> {
	const form: ParsedForm = { fields: {}, files: [] };
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
	form: ParsedForm,
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
