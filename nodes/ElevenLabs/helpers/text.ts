/**
 * Splits text that is longer than a model's per-request limit into chunks of at most `limit`
 * characters (Unicode code points, as the API counts), preferring paragraph breaks, then sentence
 * ends, then spaces; only a single "word" longer than the limit is cut mid-word.
 */
export function codePointLength(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++, n++) {
		const c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
	}
	return n;
}

function sliceCodePoints(text: string, start: number, end?: number): string {
	return Array.from(text).slice(start, end).join('');
}

const SENTENCE_END = /(?<=[.!?…。！？؟।]["'”’»)\]]*)\s+/u;

function splitBy(text: string, pattern: RegExp): string[] {
	return text
		.split(pattern)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

/** Greedily packs pieces (joined by `separator`) into chunks of at most `limit` code points. */
function pack(pieces: string[], separator: string, limit: number): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const piece of pieces) {
		const candidate = current ? `${current}${separator}${piece}` : piece;
		if (codePointLength(candidate) <= limit) {
			current = candidate;
		} else {
			if (current) chunks.push(current);
			current = piece;
		}
	}
	if (current) chunks.push(current);
	return chunks;
}

function splitLevel(text: string, limit: number, level: number): string[] {
	if (codePointLength(text) <= limit) return [text];
	const levels: Array<[RegExp, string]> = [
		[/\n\s*\n/, '\n\n'],
		[/\n/, '\n'],
		[SENTENCE_END, ' '],
		[/\s+/, ' '],
	];
	if (level >= levels.length) {
		const out: string[] = [];
		const total = codePointLength(text);
		for (let start = 0; start < total; start += limit)
			out.push(sliceCodePoints(text, start, start + limit));
		return out;
	}
	const [pattern, separator] = levels[level];
	const pieces = splitBy(text, pattern).flatMap((piece) => splitLevel(piece, limit, level + 1));
	return pack(pieces, separator, limit);
}

export function splitText(text: string, limit: number): string[] {
	const trimmed = text.trim();
	if (!trimmed) return [];
	return splitLevel(trimmed, Math.max(1, Math.floor(limit)), 0);
}

/** The last `max` code points of a text, starting at a word boundary when possible. */
export function tail(text: string, max: number): string {
	if (codePointLength(text) <= max) return text;
	const cut = sliceCodePoints(text, codePointLength(text) - max);
	const space = cut.search(/\s/);
	return (space >= 0 && space < cut.length - 1 ? cut.slice(space + 1) : cut).trim();
}

/** The first `max` code points of a text, ending at a word boundary when possible. */
export function head(text: string, max: number): string {
	if (codePointLength(text) <= max) return text;
	const cut = sliceCodePoints(text, 0, max);
	const space = cut.search(/\s\S*$/);
	return (space > 0 ? cut.slice(0, space) : cut).trim();
}
