/**
 * Contract validation for the sandbox and tests, from the machine-readable contracts in
 * test/fixtures/contracts (HeyGen v3 JSON schemas; ElevenLabs OpenAPI 3.1; sources in its README),
 * never from our own guesses.
 *
 * The ElevenLabs OpenAPI snapshot is from 2025-08; the official SDK @elevenlabs/elevenlabs-js
 * (a devDependency, generated from the newer spec) adds output formats (`wav_*`, `pcm_32000`,
 * `mp3_24000_48`). Query-parameter enums are therefore the union of both sources.
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The contract files, inside the repository (test/fixtures/contracts/README.md names their sources). */
export const CONTRACTS_DIR = path.resolve(__dirname, '../fixtures/contracts');

export interface ContractResult {
	valid: boolean;
	errors: string[];
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
	return (errors ?? []).map((e) =>
		`${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`.trim(),
	);
}

// ---------------------------------------------------------------- HeyGen v3

interface HeyGenEndpoint {
	Method: string;
	Endpoint: string;
	BodyEncoding: string;
	RequestSchema?: object;
	ResponseSchema?: object;
}

const readHeyGen = (file: string): Record<string, HeyGenEndpoint> =>
	JSON.parse(readFileSync(path.join(CONTRACTS_DIR, file), 'utf8'));

/** Both HeyGen files, one map: the 43 core operations and the 22 of video-translate and lipsync. */
export const heygenEndpoints: Record<string, HeyGenEndpoint> = {
	...readHeyGen('heygen-v3-endpoints.json'),
	...readHeyGen('heygen-v3-translate-lipsync.json'),
};

/**
 * Turns the contract's OpenAPI-3.0 flavoured schemas into plain JSON Schema: `nullable: true`
 * becomes a `null` alternative. With `close`, objects get `additionalProperties: false`, so a
 * request field outside the schema (`test`, `dimension`, `video_inputs`, …) is an error.
 */
function normalise(schema: unknown, close: boolean): unknown {
	if (Array.isArray(schema)) return schema.map((s) => normalise(s, close));
	if (!schema || typeof schema !== 'object') return schema;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
		out[k] =
			k === 'properties' && v && typeof v === 'object'
				? Object.fromEntries(
						Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [
							pk,
							normalise(pv, close),
						]),
					)
				: normalise(v, close);
	}
	// an object with no declared properties (e.g. template `variables`) is a free-form map: not closed
	if (
		close &&
		out.type === 'object' &&
		out.properties &&
		Object.keys(out.properties as object).length > 0 &&
		out.additionalProperties === undefined
	) {
		out.additionalProperties = false;
	}
	applyDiscriminator(out);
	if (out.nullable === true) {
		delete out.nullable;
		if (typeof out.type === 'string') {
			out.type = [out.type, 'null'];
			if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
		} else {
			return { anyOf: [out, { type: 'null' }] };
		}
	} else if (out.nullable === false) {
		delete out.nullable;
	}
	return out;
}

/**
 * OpenAPI `discriminator` + `oneOf`: Ajv ignores the discriminator, so branches that differ only
 * in the discriminator value (e.g. `engine: {type: 'avatar_iv'}` matches the avatar_iii, avatar_iv
 * and avatar_v branches) would fail `oneOf`. Each branch's discriminator property is pinned to the
 * value its own description names ("Must be 'avatar_iv'"), or else to the mapping's values.
 */
function applyDiscriminator(schema: Record<string, unknown>): void {
	const disc = schema.discriminator as
		| { propertyName?: string; mapping?: Record<string, string> }
		| undefined;
	if (!disc?.propertyName || !Array.isArray(schema.oneOf)) return;
	const values = Object.keys(disc.mapping ?? {});
	for (const branch of schema.oneOf as Array<Record<string, unknown>>) {
		const prop = (branch?.properties as Record<string, Record<string, unknown>> | undefined)?.[
			disc.propertyName
		];
		if (!prop) continue;
		const named = /Must be '([^']+)'/.exec(String(prop.description ?? ''))?.[1];
		if (named && (values.length === 0 || values.includes(named))) prop.const = named;
		else if (values.length) prop.enum = values;
	}
}

const heygenAjv = new Ajv({ strict: false, allErrors: true });
addFormats(heygenAjv);
const heygenValidators = new Map<string, ValidateFunction>();

function heygenValidator(name: string, kind: 'request' | 'response'): ValidateFunction {
	const key = `${name}:${kind}`;
	let v = heygenValidators.get(key);
	if (!v) {
		const endpoint = heygenEndpoints[name];
		if (!endpoint) throw new Error(`Unknown HeyGen endpoint ${name}`);
		const schema = kind === 'request' ? endpoint.RequestSchema : endpoint.ResponseSchema;
		if (!schema) throw new Error(`HeyGen ${name} has no ${kind} schema`);
		v = heygenAjv.compile(normalise(schema, kind === 'request') as object);
		heygenValidators.set(key, v);
	}
	return v;
}

/** Validates a request body or a response against a HeyGen v3 endpoint's schema (e.g. 'VideoCreate'). */
export function validateHeyGen(
	name: string,
	kind: 'request' | 'response',
	data: unknown,
): ContractResult {
	const v = heygenValidator(name, kind);
	const valid = v(data) as boolean;
	return { valid, errors: valid ? [] : formatErrors(v.errors) };
}

// ---------------------------------------------------------------- ElevenLabs

interface OasParameter {
	name: string;
	in: 'query' | 'path' | 'header';
	required?: boolean;
	schema?: object;
}

interface OasOperation {
	parameters?: OasParameter[];
	requestBody?: { content?: Record<string, { schema?: object }> };
	responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const OAS_ID = 'https://elevenlabs.local/openapi.json';
export const elevenLabsOpenApi = JSON.parse(
	readFileSync(path.join(CONTRACTS_DIR, 'elevenlabs-openapi-2025-08.json'), 'utf8'),
) as {
	paths: Record<string, Record<string, OasOperation>>;
	components: { schemas: Record<string, object> };
};

const elAjv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
elAjv.addSchema({ ...elevenLabsOpenApi, $id: OAS_ID } as object);
const elValidators = new Map<string, ValidateFunction>();

function sdkOutputFormats(): string[] {
	const sdkModule =
		'@elevenlabs/elevenlabs-js/api/resources/textToSpeech/types/TextToSpeechConvertRequestOutputFormat';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(sdkModule) as Record<string, Record<string, string>>;
	const values = Object.values(mod).flatMap((v) =>
		v && typeof v === 'object' ? Object.values(v) : [],
	);
	return values.filter((v) => typeof v === 'string');
}

/** Every output format ElevenLabs accepts for text-to-speech: the OpenAPI enum ∪ the SDK 2.73 enum. */
export const ELEVENLABS_OUTPUT_FORMATS: string[] = (() => {
	const op = elevenLabsOpenApi.paths['/v1/text-to-speech/{voice_id}'].post;
	const param = op.parameters?.find((p) => p.name === 'output_format');
	const oasEnum = findEnum(param?.schema);
	return [...new Set([...oasEnum, ...sdkOutputFormats()])].sort();
})();

function findEnum(schema: unknown): string[] {
	if (!schema || typeof schema !== 'object') return [];
	const s = schema as Record<string, unknown>;
	if (Array.isArray(s.enum)) return s.enum as string[];
	if (typeof s.$ref === 'string') {
		const name = s.$ref.split('/').pop()!;
		return findEnum(elevenLabsOpenApi.components.schemas[name]);
	}
	for (const key of ['anyOf', 'oneOf', 'allOf']) {
		if (Array.isArray(s[key])) return (s[key] as unknown[]).flatMap(findEnum);
	}
	return [];
}

function elOperation(method: string, template: string): OasOperation {
	const op = elevenLabsOpenApi.paths[template]?.[method.toLowerCase()];
	if (!op) throw new Error(`ElevenLabs OpenAPI has no ${method} ${template}`);
	return op;
}

function refValidator(ref: string): ValidateFunction {
	let v = elValidators.get(ref);
	if (!v) {
		v = elAjv.compile({ $ref: `${OAS_ID}${ref}` });
		elValidators.set(ref, v);
	}
	return v;
}

function pointer(method: string, template: string, suffix: string): string {
	const escaped = template.replace(/~/g, '~0').replace(/\//g, '~1');
	return `#/paths/${escaped}/${method.toLowerCase()}${suffix}`;
}

/** Validates a JSON request body of an ElevenLabs operation (e.g. POST /v1/text-to-speech/{voice_id}). */
export function validateElevenLabsBody(
	method: string,
	template: string,
	body: unknown,
): ContractResult {
	const op = elOperation(method, template);
	if (!op.requestBody?.content?.['application/json']) return { valid: true, errors: [] };
	const v = refValidator(
		pointer(method, template, '/requestBody/content/application~1json/schema'),
	);
	const valid = v(body) as boolean;
	return { valid, errors: valid ? [] : formatErrors(v.errors) };
}

/** Validates query parameters: unknown names and values outside the schema are errors. */
export function validateElevenLabsQuery(
	method: string,
	template: string,
	query: Record<string, string | string[]>,
): ContractResult {
	const op = elOperation(method, template);
	const params = (op.parameters ?? []).filter((p) => p.in === 'query');
	const errors: string[] = [];
	for (const [name, raw] of Object.entries(query)) {
		const param = params.find((p) => p.name === name);
		if (!param) {
			errors.push(`unknown query parameter '${name}'`);
			continue;
		}
		const value = Array.isArray(raw) ? raw[0] : raw;
		if (name === 'output_format') {
			if (!ELEVENLABS_OUTPUT_FORMATS.includes(value))
				errors.push(`output_format '${value}' is not accepted`);
			continue;
		}
		const index = (op.parameters ?? []).indexOf(param);
		const v = refValidator(pointer(method, template, `/parameters/${index}/schema`));
		const coerced = coerce(value);
		if (!(v(coerced) as boolean) && !(v(value) as boolean)) {
			errors.push(`query '${name}': ${formatErrors(v.errors).join(', ')}`);
		}
	}
	for (const p of params)
		if (p.required && !(p.name in query)) errors.push(`missing query parameter '${p.name}'`);
	return { valid: errors.length === 0, errors };
}

function coerce(value: string): unknown {
	if (value === 'true') return true;
	if (value === 'false') return false;
	if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
	return value;
}

/** Validates a JSON response body against the operation's documented 200 schema. */
export function validateElevenLabsResponse(
	method: string,
	template: string,
	body: unknown,
	status = '200',
): ContractResult {
	const op = elOperation(method, template);
	if (!op.responses?.[status]?.content?.['application/json']) return { valid: true, errors: [] };
	const v = refValidator(
		pointer(method, template, `/responses/${status}/content/application~1json/schema`),
	);
	const valid = v(body) as boolean;
	return { valid, errors: valid ? [] : formatErrors(v.errors) };
}

// ---------------------------------------------------------------- ElevenLabs multipart forms

/** A multipart/form-data body as received: every text value of a field, and the file fields. */
export interface FormInput {
	fields: Record<string, string[]>;
	/** The field name of every file, once per file. */
	files: string[];
}

/** One entry of FastAPI's 422 `detail`, its `loc` below `body`. */
export interface FormError {
	loc: Array<string | number>;
	msg: string;
	type: string;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** The JSON types a property schema allows (through anyOf/oneOf and one level of $ref). */
function typesOf(schema: Record<string, unknown> | undefined): Set<JsonType> {
	const out = new Set<JsonType>();
	if (!schema) return out;
	if (typeof schema.$ref === 'string') {
		const name = schema.$ref.split('/').pop()!;
		return typesOf(elevenLabsOpenApi.components.schemas[name] as Record<string, unknown>);
	}
	if (typeof schema.type === 'string') out.add(schema.type as JsonType);
	for (const key of ['anyOf', 'oneOf'])
		for (const s of (schema[key] as Array<Record<string, unknown>> | undefined) ?? [])
			for (const t of typesOf(s)) out.add(t);
	return out;
}

/** 'file' for a binary property, 'files' for a list of binaries (through anyOf/oneOf), else none. */
function fileKind(schema: Record<string, unknown> | undefined): 'file' | 'files' | undefined {
	if (!schema) return undefined;
	if (schema.format === 'binary') return 'file';
	if (schema.type === 'array')
		return fileKind(schema.items as Record<string, unknown>) ? 'files' : undefined;
	for (const key of ['anyOf', 'oneOf'])
		for (const s of (schema[key] as Array<Record<string, unknown>> | undefined) ?? []) {
			const kind = fileKind(s);
			if (kind) return kind;
		}
	return undefined;
}

/**
 * A text value as the JSON value the schema expects (multipart carries everything as text). Booleans
 * as pydantic reads them from text (true/1/yes/on, false/0/no/off).
 */
function coerceFormValue(values: string[], types: Set<JsonType>): unknown {
	if (types.has('array')) return values;
	const value = values[values.length - 1];
	if (types.has('boolean')) {
		if (/^(true|1|yes|on)$/i.test(value)) return true;
		if (/^(false|0|no|off)$/i.test(value)) return false;
	}
	if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value))
		return Number(value);
	if (types.has('object') && /^\s*\{/.test(value)) {
		try {
			return JSON.parse(value) as unknown;
		} catch {
			return value;
		}
	}
	return value;
}

const formValidators = new Map<string, ValidateFunction>();

/**
 * Validates a multipart/form-data request of an ElevenLabs operation against the OpenAPI's
 * multipart schema (e.g. Body_Speech_to_Text_v1_speech_to_text_post), closed: a field the schema
 * does not name is an error. `newer` adds the fields the official SDK (generated from a newer
 * spec) sends beyond the 2025-08 snapshot, as property schemas. Text values are coerced to the
 * schema's type first, as FastAPI does; a binary field (or list of binaries) must carry files and no
 * other field may. The errors are FastAPI's: a missing required field, text where a file is
 * expected (`{"loc":["body","files",0],"msg":"Expected UploadFile, received: <class 'str'>"}`, as
 * reported in elevenlabs/elevenlabs-js#76), a value of the wrong type. FastAPI ignores a field the
 * schema does not name; the sandbox reports it (`extra_forbidden`) so that a misspelt field
 * (`files[]`) fails a test instead of being dropped silently. Returns the coerced values (each file
 * as the string "<file>").
 */
export function validateElevenLabsForm(
	method: string,
	template: string,
	form: FormInput,
	newer: Record<string, object> = {},
): { valid: boolean; errors: FormError[]; values: Record<string, unknown> } {
	const op = elOperation(method, template);
	const ref = (op.requestBody?.content?.['multipart/form-data']?.schema as { $ref?: string })?.$ref;
	if (!ref) throw new Error(`ElevenLabs OpenAPI has no multipart body for ${method} ${template}`);
	const base = elevenLabsOpenApi.components.schemas[ref.split('/').pop()!] as {
		properties: Record<string, Record<string, unknown>>;
		required?: string[];
	};
	const properties = { ...base.properties, ...(newer as Record<string, Record<string, unknown>>) };
	const errors: FormError[] = [];
	const values: Record<string, unknown> = {};
	for (const name of new Set([...Object.keys(form.fields), ...form.files])) {
		const schema = properties[name];
		if (!schema) {
			errors.push({ loc: [name], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
			continue;
		}
		const kind = fileKind(schema);
		const texts = form.fields[name] ?? [];
		const files = form.files.filter((f) => f === name).length;
		if (kind) {
			texts.forEach((_, k) =>
				errors.push({
					loc: kind === 'files' ? [name, files + k] : [name],
					msg: "Expected UploadFile, received: <class 'str'>",
					type: 'value_error',
				}),
			);
			values[name] = kind === 'files' ? Array<string>(files).fill('<file>') : '<file>';
		} else if (files) {
			errors.push({ loc: [name], msg: 'Input should be a valid string', type: 'string_type' });
		} else {
			values[name] = coerceFormValue(texts, typesOf(schema));
		}
	}
	const key = `${method} ${template} ${Object.keys(newer).sort().join(',')}`;
	let v = formValidators.get(key);
	if (!v) {
		// the OpenAPI's internal $refs, made absolute so the closed copy compiles on its own
		const absolute = JSON.parse(
			JSON.stringify({ ...base, properties, additionalProperties: false }).replace(
				/"\$ref":"#\//g,
				`"$ref":"${OAS_ID}#/`,
			),
		) as object;
		v = elAjv.compile(absolute);
		formValidators.set(key, v);
	}
	if (errors.length === 0 && !(v(values) as boolean)) {
		for (const e of v.errors ?? []) {
			const loc = e.instancePath
				.split('/')
				.filter(Boolean)
				.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
			const missing = (e.params as { missingProperty?: string }).missingProperty;
			if (missing) errors.push({ loc: [...loc, missing], msg: 'Field required', type: 'missing' });
			else if (e.keyword !== 'anyOf')
				errors.push({ loc, msg: e.message ?? 'is invalid', type: e.keyword });
		}
	}
	return { valid: errors.length === 0, errors, values };
}
