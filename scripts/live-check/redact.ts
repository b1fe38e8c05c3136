/**
 * Redaction for everything the live check prints or writes: no API key, no signed URL (query
 * strings and fragments are cut from every URL), no field that looks like a token, secret or
 * signature, and no personal data of the account owner. Samples are also truncated, so a report
 * stays small enough to read and to turn into a sandbox fixture.
 */

/** Field names whose values are never kept (pagination cursors included: their presence is a fact). */
const SECRET_FIELD =
	/token|secret|password|passwd|api[_-]?key|signature|authorization|cookie|credential/i;
/** The account owner's personal data (HeyGen GET /v3/users/me, ElevenLabs GET /v1/user). */
const PERSONAL_FIELD = /^(email|username|first_name|last_name|user_id|workspace_id)$/i;
/** Values that are secrets whatever their field: ElevenLabs keys, webhook secrets, JWTs. */
const SECRET_VALUE = /^(sk_[A-Za-z0-9]|whsec_)|^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;
/** A URL in any text; an already stripped one (`…?<redacted>`) is matched whole, so redaction is idempotent. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+(?:<redacted>)?/gi;

export const REDACTED = '<redacted>';

/** A URL without user info, query string or fragment (signed URLs carry their signature there). */
export function stripUrl(url: string): string {
	if (url.endsWith('?<redacted>')) return url;
	const cut = url.search(/[?#]/);
	const base = (cut >= 0 ? url.slice(0, cut) : url).replace(/^(https?:\/\/)[^/@]*@/i, '$1');
	return cut >= 0 ? `${base}?<redacted>` : base;
}

export interface RedactOptions {
	/** Exact strings (the API keys) that must never appear. */
	secrets: string[];
	/** Keep the first N elements of arrays (undefined: all). */
	maxArray?: number;
	/** Cut strings longer than this (undefined: never). */
	maxString?: number;
}

export function redactText(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
	return out.replace(URL_IN_TEXT, (url) => stripUrl(url));
}

export function redact(value: unknown, options: RedactOptions): unknown {
	if (typeof value === 'string') {
		if (SECRET_VALUE.test(value)) return REDACTED;
		const text = redactText(value, options.secrets);
		return options.maxString !== undefined && text.length > options.maxString
			? `${text.slice(0, options.maxString)}…(${text.length} chars)`
			: text;
	}
	if (Array.isArray(value)) {
		const kept = options.maxArray === undefined ? value : value.slice(0, options.maxArray);
		return kept.map((v) => redact(v, options));
	}
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [
				redactText(k, options.secrets),
				v !== null && v !== undefined && (SECRET_FIELD.test(k) || PERSONAL_FIELD.test(k))
					? REDACTED
					: redact(v, options),
			]),
		);
	}
	return value;
}

/** A response body as a fixture sample: redacted, arrays cut to 3 elements, strings to 200 chars. */
export function sampleOf(body: unknown, secrets: string[]): unknown {
	return redact(body, { secrets, maxArray: 3, maxString: 200 });
}
