import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiContext } from '../../shared/transport';
import { heyGenData } from '../transport';

/**
 * Target languages of video translation. GET /v3/video-translations/languages is the list of valid
 * `output_languages` values, but HeyGen's own texts disagree on what they are: names ("Spanish
 * (Spain)", the create's field description) or codes ("es-ES", the list's schema and an older
 * reference page). The list is used as it comes; a value of the other form is translated
 * through its English display name where that matches an entry, and passed on otherwise.
 */

const CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

export const isLanguageCode = (value: string): boolean => CODE.test(value);

/** "Spanish (Spain)" for "es-ES"; undefined when Intl does not know the code. */
export function languageName(code: string): string | undefined {
	try {
		const name = new Intl.DisplayNames(['en'], {
			type: 'language',
			languageDisplay: 'standard',
		}).of(code);
		return name && name.toLowerCase() !== code.toLowerCase() ? name : undefined;
	} catch {
		return undefined;
	}
}

/** How a listed value is shown in the picker: a code gets its English name. */
export function languageLabel(value: string): string {
	const name = isLanguageCode(value) ? languageName(value) : undefined;
	return name ? `${name} (${value})` : value;
}

export async function fetchLanguages(ctx: ApiContext, itemIndex?: number): Promise<string[]> {
	const data = await heyGenData.call(ctx, {
		method: 'GET',
		path: '/v3/video-translations/languages',
		itemIndex,
	});
	return Array.isArray(data.languages) ? data.languages.map(String) : [];
}

/** The list, once per execution (this node's run). */
const listed = new WeakMap<IExecuteFunctions, Promise<string[] | undefined>>();

function languagesOnce(ctx: IExecuteFunctions): Promise<string[] | undefined> {
	let list = listed.get(ctx);
	if (!list) {
		// without the list (a plan that may not read it, a network error) the create decides
		list = fetchLanguages(ctx).then(
			(l) => (l.length ? l : undefined),
			() => undefined,
		);
		listed.set(ctx, list);
	}
	return list;
}

/**
 * The Output Languages parameter as a list: a multi-select gives an array; an expression may give
 * an array or a comma-separated text (commas inside parentheses, as in "Chinese (Mandarin,
 * Simplified)", do not split).
 */
export function languageValues(raw: unknown): string[] {
	const parts: string[] = [];
	const add = (v: unknown) => {
		if (Array.isArray(v)) return v.forEach(add);
		let depth = 0;
		let current = '';
		for (const ch of String(v ?? '')) {
			if (ch === '(') depth++;
			if (ch === ')') depth = Math.max(0, depth - 1);
			if (ch === ',' && depth === 0) {
				parts.push(current);
				current = '';
			} else current += ch;
		}
		parts.push(current);
	};
	add(raw);
	return parts.map((p) => p.trim()).filter(Boolean);
}

function match(value: string, list: string[]): string | undefined {
	const lower = value.toLowerCase();
	const same = list.find((l) => l === value) ?? list.find((l) => l.toLowerCase() === lower);
	if (same) return same;
	if (isLanguageCode(value)) {
		const name = languageName(value)?.toLowerCase();
		return name ? list.find((l) => l.toLowerCase() === name) : undefined;
	}
	return list.find((l) => isLanguageCode(l) && languageName(l)?.toLowerCase() === lower);
}

/**
 * The output_languages to send: each value as the list spells it. A value the list does not hold
 * in the same form (a name where names are listed, a code where codes are) is an error naming the
 * closest entries, before anything is uploaded or spent.
 */
export async function resolveLanguages(
	ctx: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
): Promise<string[]> {
	const values = languageValues(raw);
	if (!values.length)
		throw new NodeOperationError(ctx.getNode(), 'Choose at least one output language', {
			itemIndex,
		});
	const list = await languagesOnce(ctx);
	if (!list) return [...new Set(values)];
	const listsCodes = list.every(isLanguageCode);
	const out: string[] = [];
	for (const value of values) {
		const found = match(value, list);
		if (found) out.push(found);
		else if (isLanguageCode(value) !== listsCodes) out.push(value);
		else {
			const word = value.split(/[\s(-]/)[0].toLowerCase();
			const close = list.filter((l) => word && l.toLowerCase().includes(word)).slice(0, 8);
			throw new NodeOperationError(
				ctx.getNode(),
				`Output language "${value}" is not supported by HeyGen video translation`,
				{
					itemIndex,
					description: close.length
						? `Did you mean: ${close.join('; ')}? Pick the languages from the list, or use Video Translation → Get Languages.`
						: `HeyGen lists ${list.length} languages, e.g. ${list.slice(0, 6).join('; ')}. Pick them from the list, or use Video Translation → Get Languages.`,
				},
			);
		}
	}
	return [...new Set(out)];
}
