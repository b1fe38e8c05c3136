/**
 * The live check validates real responses with the same contracts the sandbox is held to
 * (test/sandbox/contracts.ts over test/fixtures/contracts), and lists the fields a response carries
 * that the contract does not declare: response schemas are open, so such fields are allowed, but
 * they are exactly what a maintainer needs to add to the sandbox's fixtures.
 */
import {
	elevenLabsOpenApi,
	heygenEndpoints,
	validateElevenLabsResponse,
	validateHeyGen,
	type ContractResult,
} from '../../test/sandbox/contracts';

export interface Contract {
	/** e.g. `HeyGen VoiceList` or `ElevenLabs GET /v2/voices` */
	label: string;
	validate(body: unknown): ContractResult;
	/** Paths of fields the body has and the contract does not declare (`/data[]/extra`). */
	undeclared(body: unknown): string[];
}

type Schema = Record<string, unknown>;

export function heyGenContract(name: string): Contract {
	const schema = heygenEndpoints[name]?.ResponseSchema;
	if (!schema) throw new Error(`HeyGen contract has no response schema for ${name}`);
	return {
		label: `HeyGen ${name}`,
		validate: (body) => validateHeyGen(name, 'response', body),
		undeclared: (body) => undeclaredFields(schema, body, () => undefined),
	};
}

export function elevenLabsContract(method: string, template: string): Contract {
	const op = (elevenLabsOpenApi.paths[template] as Record<string, Schema> | undefined)?.[
		method.toLowerCase()
	];
	const schema = (op as { responses?: Record<string, Schema> } | undefined)?.responses?.['200'];
	const json = (schema?.content as Record<string, Schema> | undefined)?.['application/json']
		?.schema;
	if (!json)
		throw new Error(`ElevenLabs OpenAPI has no JSON 200 response for ${method} ${template}`);
	return {
		label: `ElevenLabs ${method} ${template}`,
		validate: (body) => validateElevenLabsResponse(method, template, body),
		undeclared: (body) => undeclaredFields(json, body, resolveOpenApiRef),
	};
}

function resolveOpenApiRef(ref: string): unknown {
	let node: unknown = elevenLabsOpenApi;
	for (const part of ref.replace(/^#\//, '').split('/')) {
		node = (node as Record<string, unknown> | undefined)?.[
			part.replace(/~1/g, '/').replace(/~0/g, '~')
		];
	}
	return node;
}

/** A schema with its `$ref`s resolved and its anyOf/oneOf/allOf branches spread out. */
function branches(schemas: unknown[], resolve: (ref: string) => unknown): Schema[] {
	const out: Schema[] = [];
	for (const s of schemas) {
		if (!s || typeof s !== 'object') continue;
		const schema = s as Schema;
		if (typeof schema.$ref === 'string') {
			out.push(...branches([resolve(schema.$ref)], resolve));
			continue;
		}
		out.push(schema);
		for (const key of ['anyOf', 'oneOf', 'allOf'])
			if (Array.isArray(schema[key])) out.push(...branches(schema[key] as unknown[], resolve));
	}
	return out;
}

/**
 * Walks the data alongside the schema. An object key is undeclared when no branch of the schema
 * names it and the schema is not a free-form map (`additionalProperties` schema, or no properties).
 */
export function undeclaredFields(
	schema: unknown,
	data: unknown,
	resolve: (ref: string) => unknown,
): string[] {
	const found = new Set<string>();
	const walk = (schemas: unknown[], value: unknown, at: string): void => {
		const flat = branches(schemas, resolve);
		if (Array.isArray(value)) {
			const items = flat.map((s) => s.items).filter(Boolean);
			if (items.length) value.forEach((v) => walk(items, v, `${at}[]`));
			return;
		}
		if (!value || typeof value !== 'object') return;
		const props: Record<string, unknown[]> = {};
		const maps: unknown[] = [];
		let open = false;
		for (const s of flat) {
			for (const [k, v] of Object.entries((s.properties as Schema | undefined) ?? {}))
				(props[k] ??= []).push(v);
			if (s.additionalProperties && typeof s.additionalProperties === 'object')
				maps.push(s.additionalProperties);
			if (s.additionalProperties === true) open = true;
		}
		const declared = Object.keys(props).length > 0;
		for (const [k, v] of Object.entries(value as Schema)) {
			if (props[k]) walk(props[k], v, `${at}/${k}`);
			else if (maps.length) walk(maps, v, `${at}/{key}`);
			else if (declared && !open) found.add(`${at}/${k}`);
		}
	};
	walk([schema], data, '');
	return [...found].sort();
}
