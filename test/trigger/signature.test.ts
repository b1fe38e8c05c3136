/**
 * checkDelivery (nodes/HeyGenTrigger/signature.ts) against every signing scheme the sandbox can
 * produce (test/sandbox/heygen/webhooks.ts SIGNING_SCHEMES, each with its public source), plus
 * forged, unsigned, tampered, stale and repeated deliveries and Verify Signature off.
 */
import { createHash } from 'node:crypto';

import {
	checkDelivery,
	matchSignature,
	secretKeys,
	type DeliveryCheckInput,
} from '../../nodes/HeyGenTrigger/signature';
import {
	SIGNING_SCHEMES,
	signDelivery,
	type SchemeName,
	type SigningScheme,
} from '../sandbox/heygen/webhooks';

const secret = 'whsec_uS1s1Z2cX0m8Qb4a9Kt7Yw==';
const otherSecret = 'whsec_T3RoZXJTZWNyZXQxMjM0NQ==';
const now = Date.parse('2026-11-23T12:00:00Z');
const ts = Math.floor(now / 1000);
const body = JSON.stringify({
	event_id: 'evt_1',
	event_type: 'avatar_video.success',
	event_data: { video_id: 'v1' },
});

/** The request headers a sandbox delivery in `scheme` carries. */
function signedHeaders(
	scheme: SigningScheme,
	opts: { key?: string; timestamp?: number; content?: string; eventId?: string } = {},
): Record<string, string> {
	const timestamp = opts.timestamp ?? ts;
	const eventId = opts.eventId ?? 'evt_1';
	const headers: Record<string, string> = {};
	if (scheme.idHeader) headers[scheme.idHeader.toLowerCase()] = eventId;
	if (scheme.timestampHeader) headers[scheme.timestampHeader.toLowerCase()] = String(timestamp);
	headers[scheme.signatureHeader.toLowerCase()] = signDelivery(
		scheme,
		opts.key ?? secret,
		opts.content ?? body,
		eventId,
		timestamp,
	);
	return headers;
}

function check(
	headers: DeliveryCheckInput['headers'],
	overrides: Partial<DeliveryCheckInput> = {},
) {
	return checkDelivery({
		rawBody: Buffer.from(body),
		headers,
		secret,
		verifySignature: true,
		toleranceSeconds: 300,
		seenEventIds: [],
		bodyEventId: 'evt_1', // the node passes the parsed body's event_id
		now,
		...overrides,
	});
}

const schemes = Object.entries(SIGNING_SCHEMES) as Array<[SchemeName, SigningScheme]>;

describe('every signing scheme the sandbox produces is accepted', () => {
	it.each(schemes)('%s', (_name, scheme) => {
		const result = check(signedHeaders(scheme));
		expect(result).toMatchObject({ verdict: 'accept' });
		// the event id comes from the scheme's id header, or from the body when it has none
		expect(result).toMatchObject({ eventId: 'evt_1' });
	});

	it.each([
		['whole secret', 'heygen', 'body with whole secret'],
		['timestamp signed', 'heygen-timestamped', 'timestamp.body with whole secret'],
		['decoded key', 'heygen-decoded-key', 'body with decoded secret'],
		['standard webhooks', 'standard-webhooks', 'id.timestamp.body with decoded secret'],
	] as Array<[string, SchemeName, string]>)(
		'reports the matching variant: %s',
		(_n, name, want) => {
			expect(matchSignature(Buffer.from(body), signedHeaders(SIGNING_SCHEMES[name]), secret)).toBe(
				want,
			);
		},
	);

	it('header names are matched case-insensitively, array values included', () => {
		const headers = signedHeaders(SIGNING_SCHEMES.heygen);
		const upper = Object.fromEntries(
			Object.entries(headers).map(([k, v]) => [k.toUpperCase(), [v]]),
		);
		expect(check(upper)).toMatchObject({ verdict: 'accept' });
	});

	it('a secret entered without the whsec_ prefix still verifies Svix-style signatures', () => {
		const bare = secret.replace(/^whsec_/, '');
		expect(check(signedHeaders(SIGNING_SCHEMES.svix), { secret: bare })).toMatchObject({
			verdict: 'accept',
		});
		expect(secretKeys(bare).map((k) => k.name)).toEqual(['whole secret', 'decoded secret']);
	});
});

describe('deliveries that do not prove knowledge of the secret are rejected', () => {
	it.each(schemes)('%s signed with another secret → bad_signature', (_name, scheme) => {
		expect(check(signedHeaders(scheme, { key: otherSecret }))).toEqual({
			verdict: 'reject',
			reason: 'bad_signature',
		});
	});

	it.each(schemes)('%s over a tampered body → bad_signature', (_name, scheme) => {
		const headers = signedHeaders(scheme);
		expect(check(headers, { rawBody: Buffer.from(body.replace('v1', 'v2')) })).toEqual({
			verdict: 'reject',
			reason: 'bad_signature',
		});
	});

	it.each(schemes.filter(([, s]) => s.content !== 'body'))(
		'%s with a timestamp or id other than the signed one → bad_signature',
		(_name, scheme) => {
			const headers = signedHeaders(scheme);
			headers[scheme.timestampHeader!.toLowerCase()] = String(ts + 1);
			expect(check(headers)).toEqual({ verdict: 'reject', reason: 'bad_signature' });
		},
	);

	it('no signature header → unsigned', () => {
		expect(check({ 'heygen-timestamp': String(ts), 'heygen-event-id': 'evt_1' })).toEqual({
			verdict: 'reject',
			reason: 'unsigned',
		});
	});

	it.each([
		['garbage', 'not-a-signature'],
		['a digest of the wrong length', 'ab'.repeat(31)],
		['an empty v1 entry', 'v1,'],
		['a plain SHA-256 of the body (no secret)', createHash('sha256').update(body).digest('hex')],
	])('a signature that is %s → bad_signature', (_n, value) => {
		expect(check({ 'heygen-signature': value })).toEqual({
			verdict: 'reject',
			reason: 'bad_signature',
		});
	});

	it('no secret known → no_secret, even for a signature made with an empty key', () => {
		const headers = signedHeaders(SIGNING_SCHEMES.heygen, { key: '' });
		expect(check(headers, { secret: '' })).toEqual({ verdict: 'reject', reason: 'no_secret' });
	});

	it('no raw body → no_body', () => {
		expect(check(signedHeaders(SIGNING_SCHEMES.heygen), { rawBody: undefined })).toEqual({
			verdict: 'reject',
			reason: 'no_body',
		});
	});
});

describe('timestamps', () => {
	it.each(schemes.filter(([, s]) => s.timestampHeader))(
		'%s older than the tolerance → stale',
		(_name, scheme) => {
			expect(check(signedHeaders(scheme, { timestamp: ts - 301 }))).toEqual({
				verdict: 'reject',
				reason: 'stale',
			});
			expect(check(signedHeaders(scheme, { timestamp: ts + 301 }))).toEqual({
				verdict: 'reject',
				reason: 'stale',
			});
			expect(check(signedHeaders(scheme, { timestamp: ts - 299 }))).toMatchObject({
				verdict: 'accept',
			});
		},
	);

	it('tolerance 0 turns the check off', () => {
		const headers = signedHeaders(SIGNING_SCHEMES.heygen, { timestamp: ts - 86_400 });
		expect(check(headers, { toleranceSeconds: 0 })).toMatchObject({ verdict: 'accept' });
	});

	it('millisecond and ISO timestamps are read as such; an unreadable one is stale', () => {
		const signature = signDelivery(SIGNING_SCHEMES.heygen, secret, body, 'evt_1', ts);
		expect(check({ 'heygen-signature': signature, 'heygen-timestamp': String(now) })).toMatchObject(
			{ verdict: 'accept' },
		);
		expect(
			check({ 'heygen-signature': signature, 'heygen-timestamp': new Date(now).toISOString() }),
		).toMatchObject({ verdict: 'accept' });
		expect(check({ 'heygen-signature': signature, 'heygen-timestamp': 'yesterday' })).toEqual({
			verdict: 'reject',
			reason: 'stale',
		});
	});

	it('a delivery without a timestamp header is not checked for age (legacy)', () => {
		expect(check(signedHeaders(SIGNING_SCHEMES.legacy))).toMatchObject({ verdict: 'accept' });
	});
});

describe('repeated event ids', () => {
	it.each(schemes)('%s: a signed repeat is a duplicate (2xx), even when stale', (_name, scheme) => {
		const headers = signedHeaders(scheme, { timestamp: ts - 3600 });
		expect(check(headers, { seenEventIds: ['evt_1'] })).toEqual({
			verdict: 'duplicate',
			eventId: 'evt_1',
		});
	});

	it('the body event_id counts when no id header is sent', () => {
		expect(
			check(signedHeaders(SIGNING_SCHEMES.legacy), {
				seenEventIds: ['evt_body'],
				bodyEventId: 'evt_body',
			}),
		).toEqual({ verdict: 'duplicate', eventId: 'evt_body' });
	});

	it('a forged repeat is still rejected, not acknowledged', () => {
		const headers = signedHeaders(SIGNING_SCHEMES.heygen, { key: otherSecret });
		expect(check(headers, { seenEventIds: ['evt_1'] })).toEqual({
			verdict: 'reject',
			reason: 'bad_signature',
		});
	});
});

describe('Verify Signature off', () => {
	const off = { verifySignature: false, secret: '' };

	it('accepts unsigned, forged and stale deliveries', () => {
		expect(check({}, off)).toEqual({ verdict: 'accept', eventId: 'evt_1', scheme: undefined });
		expect(
			check(signedHeaders(SIGNING_SCHEMES.heygen, { key: otherSecret, timestamp: 1 }), off),
		).toMatchObject({ verdict: 'accept', eventId: 'evt_1' });
	});

	it('still drops repeated event ids', () => {
		expect(check({ 'heygen-event-id': 'evt_9' }, { ...off, seenEventIds: ['evt_9'] })).toEqual({
			verdict: 'duplicate',
			eventId: 'evt_9',
		});
	});
});
