import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Verification of HeyGen webhook deliveries.
 *
 * HeyGen's v3 docs say the endpoint `secret` (`whsec_…`) verifies payloads
 * (https://developers.heygen.com/docs/webhooks) but their "Verifying Payloads" text is not public in
 * full, and public code disagrees on the details. So every scheme below is accepted; each one still
 * proves the sender knows the secret (an HMAC-SHA256 made with it), and is compared in constant time:
 *
 * - signature header `Heygen-Signature`, `X-HeyGen-Signature`, legacy `Signature`, or the
 *   Standard Webhooks / Svix `webhook-signature` / `svix-signature`;
 * - the digest as hex or base64, bare or prefixed `sha256=` / `v1,` / `v1=`, several
 *   space-separated signatures allowed (Svix sends more than one while a secret rotates);
 * - keyed with the whole `whsec_…` string, or with the base64-decoded part after `whsec_`
 *   (the Svix / Standard Webhooks convention for `whsec_` secrets);
 * - over the raw body, `{timestamp}.{body}`, or `{id}.{timestamp}.{body}` (Standard Webhooks).
 *
 * A timestamp header (`Heygen-Timestamp`, `webhook-timestamp`, `svix-timestamp`), when present,
 * must be within the tolerance; an event id seen before is a duplicate, acknowledged but not run.
 */

export type RejectReason = 'unsigned' | 'no_secret' | 'no_body' | 'bad_signature' | 'stale';

export type DeliveryCheck =
	| { verdict: 'accept'; eventId?: string; scheme?: string }
	| { verdict: 'duplicate'; eventId: string }
	| { verdict: 'reject'; reason: RejectReason };

export interface DeliveryCheckInput {
	rawBody: Buffer | undefined;
	headers: Record<string, string | string[] | undefined>;
	secret: string;
	/** false: accept every delivery (only duplicates are still dropped). */
	verifySignature: boolean;
	/** Allowed clock skew of the timestamp header, in seconds; 0 disables the check. */
	toleranceSeconds: number;
	/** Event ids already processed. */
	seenEventIds: string[];
	/** `event_id` of the parsed body, used when no id header is present. */
	bodyEventId?: string;
	now?: number;
}

const SIGNATURE_HEADERS = [
	'heygen-signature',
	'x-heygen-signature',
	'signature',
	'webhook-signature',
	'svix-signature',
];
const TIMESTAMP_HEADERS = [
	'heygen-timestamp',
	'x-heygen-timestamp',
	'webhook-timestamp',
	'svix-timestamp',
];
const ID_HEADERS = ['heygen-event-id', 'x-heygen-event-id', 'webhook-id', 'svix-id'];
/** At most this many signatures of one delivery are checked. */
const MAX_SIGNATURES = 8;

function headerValues(headers: DeliveryCheckInput['headers'], names: string[]): string[] {
	const lower: Record<string, string | string[] | undefined> = {};
	for (const [key, value] of Object.entries(headers)) lower[key.toLowerCase()] = value;
	const out: string[] = [];
	for (const name of names) {
		const value = lower[name];
		for (const v of Array.isArray(value) ? value : [value])
			if (typeof v === 'string' && v.trim() && !out.includes(v.trim())) out.push(v.trim());
	}
	return out;
}

/** A signature token as the 32 bytes of an HMAC-SHA256, whatever its prefix and encoding. */
function digestBytes(token: string): Buffer | undefined {
	const bare = token.replace(/^(sha256=|v1[,=])/i, '');
	if (/^[0-9a-f]{64}$/i.test(bare)) return Buffer.from(bare, 'hex');
	if (/^[A-Za-z0-9+/_-]{43}=?$/.test(bare)) return Buffer.from(bare, 'base64');
	return undefined;
}

/** The HMAC keys a secret may stand for: the string itself, and the base64 after `whsec_`. */
export function secretKeys(secret: string): Array<{ name: string; key: Buffer }> {
	const keys = [{ name: 'whole secret', key: Buffer.from(secret, 'utf8') }];
	const encoded = secret.replace(/^whsec_/, '');
	if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
		const decoded = Buffer.from(encoded, 'base64');
		if (decoded.length >= 8) keys.push({ name: 'decoded secret', key: decoded });
	}
	return keys;
}

function signedContents(rawBody: Buffer, ids: string[], timestamps: string[]) {
	const contents = [{ name: 'body', data: rawBody }];
	for (const ts of timestamps) {
		contents.push({
			name: 'timestamp.body',
			data: Buffer.concat([Buffer.from(`${ts}.`), rawBody]),
		});
		for (const id of ids)
			contents.push({
				name: 'id.timestamp.body',
				data: Buffer.concat([Buffer.from(`${id}.${ts}.`), rawBody]),
			});
	}
	return contents;
}

/**
 * Which scheme signed this delivery with the secret (e.g. "hex of body with whole secret"), or
 * undefined when no signature matches.
 */
export function matchSignature(
	rawBody: Buffer,
	headers: DeliveryCheckInput['headers'],
	secret: string,
): string | undefined {
	const provided = headerValues(headers, SIGNATURE_HEADERS)
		.flatMap((value) => value.split(/\s+/))
		.slice(0, MAX_SIGNATURES)
		.map(digestBytes)
		.filter((d): d is Buffer => d !== undefined);
	if (!provided.length) return undefined;
	const contents = signedContents(
		rawBody,
		headerValues(headers, ID_HEADERS),
		headerValues(headers, TIMESTAMP_HEADERS),
	);
	let match: string | undefined;
	for (const { name: keyName, key } of secretKeys(secret)) {
		for (const content of contents) {
			const expected = createHmac('sha256', key).update(content.data).digest();
			for (const candidate of provided) {
				// every combination is compared, so the time taken does not depend on which one matched
				if (timingSafeEqual(candidate, expected) && !match)
					match = `${content.name} with ${keyName}`;
			}
		}
	}
	return match;
}

/** Unix seconds of a timestamp header (seconds, milliseconds or an ISO date). */
function timestampSeconds(value: string): number {
	if (/^\d+$/.test(value)) {
		const n = Number(value);
		return n > 1e11 ? n / 1000 : n;
	}
	return Date.parse(value) / 1000;
}

export function checkDelivery(input: DeliveryCheckInput): DeliveryCheck {
	let scheme: string | undefined;
	if (input.verifySignature) {
		if (!input.secret) return { verdict: 'reject', reason: 'no_secret' };
		if (!headerValues(input.headers, SIGNATURE_HEADERS).length)
			return { verdict: 'reject', reason: 'unsigned' };
		if (!input.rawBody) return { verdict: 'reject', reason: 'no_body' };
		scheme = matchSignature(input.rawBody, input.headers, input.secret);
		if (!scheme) return { verdict: 'reject', reason: 'bad_signature' };
	}
	const eventId = headerValues(input.headers, ID_HEADERS)[0] ?? input.bodyEventId;
	// a sender retries what it did not see acknowledged: a duplicate gets a 2xx, even when stale
	if (eventId && input.seenEventIds.includes(eventId)) return { verdict: 'duplicate', eventId };
	const [timestamp] = headerValues(input.headers, TIMESTAMP_HEADERS);
	if (input.verifySignature && timestamp && input.toleranceSeconds > 0) {
		const now = (input.now ?? Date.now()) / 1000;
		const seconds = timestampSeconds(timestamp);
		if (!Number.isFinite(seconds) || Math.abs(now - seconds) > input.toleranceSeconds)
			return { verdict: 'reject', reason: 'stale' };
	}
	return { verdict: 'accept', eventId, scheme };
}
