import { createHmac, timingSafeEqual } from 'crypto';

export interface SignatureCheckInput {
	rawBody: Buffer | undefined;
	headers: Record<string, string | string[] | undefined>;
	secret: string;
	/** Allowed clock skew for `Heygen-Timestamp`, in seconds; 0 disables the check. */
	toleranceSeconds: number;
	/** Event ids already processed (replay protection). */
	seenEventIds: string[];
	now?: number;
}

export type SignatureCheck =
	| { ok: true; eventId?: string }
	| {
			ok: false;
			reason: 'unsigned' | 'no_secret' | 'no_body' | 'bad_signature' | 'stale' | 'replayed';
	  };

function header(headers: SignatureCheckInput['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison of two hex/plain signature strings. */
export function safeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a.trim().toLowerCase());
	const right = Buffer.from(b.trim().toLowerCase());
	if (left.length !== right.length) {
		// still spend comparable time
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

/** Hex HMAC-SHA256 of the raw body with the endpoint secret, as HeyGen signs deliveries. */
export function signBody(rawBody: Buffer | string, secret: string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Verifies a HeyGen webhook delivery: `Heygen-Signature` (falling back to the legacy `Signature`
 * header) must be the HMAC-SHA256 of the raw body, `Heygen-Timestamp` (when present) must be within
 * the tolerance, and `Heygen-Event-Id` (when present) must not have been seen before.
 */
export function verifyHeyGenDelivery(input: SignatureCheckInput): SignatureCheck {
	if (!input.secret) return { ok: false, reason: 'no_secret' };
	const signature = header(input.headers, 'heygen-signature') ?? header(input.headers, 'signature');
	if (!signature) return { ok: false, reason: 'unsigned' };
	if (!input.rawBody) return { ok: false, reason: 'no_body' };
	const candidate = signature.replace(/^sha256=/i, '');
	if (!safeEqual(candidate, signBody(input.rawBody, input.secret)))
		return { ok: false, reason: 'bad_signature' };
	const timestamp = header(input.headers, 'heygen-timestamp');
	if (timestamp && input.toleranceSeconds > 0) {
		const now = Math.floor((input.now ?? Date.now()) / 1000);
		const ts = Number(timestamp);
		if (!Number.isFinite(ts) || Math.abs(now - ts) > input.toleranceSeconds)
			return { ok: false, reason: 'stale' };
	}
	const eventId = header(input.headers, 'heygen-event-id');
	if (eventId && input.seenEventIds.includes(eventId)) return { ok: false, reason: 'replayed' };
	return { ok: true, eventId };
}
