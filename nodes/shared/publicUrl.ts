/**
 * Whether a cloud service (HeyGen) can call a URL of this n8n: it must be https and its host a
 * public name or address. n8n builds webhook and resume URLs from its WEBHOOK_URL setting; without
 * it they point at http://localhost:5678, which only the machine running n8n can reach.
 */

export type PublicUrlProblem = 'invalid' | 'not_https' | 'local_name' | 'private_address';

/** Host names that never resolve on the public internet (RFC 6761, RFC 6762, RFC 8375, common LAN suffixes). */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.localdomain'];

function ipv4Octets(host: string): number[] | undefined {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
	const octets = parts.map(Number);
	return octets.every((o) => o <= 255) ? octets : undefined;
}

/** Loopback, private (RFC 1918), shared/CGNAT (RFC 6598), link-local, "this network", multicast, reserved. */
function isNonPublicIpv4([a, b]: number[]): boolean {
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		a >= 224
	);
}

/** The eight 16-bit groups of an IPv6 address as the URL parser prints it (compressed, no dotted quad). */
function ipv6Groups(host: string): number[] | undefined {
	if (!/^[0-9a-f:]+$/i.test(host)) return undefined;
	const [head, tail, ...rest] = host.split('::');
	if (rest.length) return undefined;
	const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
	const left = parse(head);
	const right = tail === undefined ? [] : parse(tail);
	const missing = 8 - left.length - right.length;
	if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
	const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
	return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** Unspecified, loopback, IPv4-mapped non-public, unique local (fc00::/7), link-/site-local (fe80::/9), multicast. */
function isNonPublicIpv6(g: number[]): boolean {
	const zeroPrefix = g.slice(0, 5).every((x) => x === 0);
	if (zeroPrefix && g[5] === 0 && g[6] === 0 && g[7] <= 1) return true; // :: and ::1
	if (zeroPrefix && g[5] === 0xffff)
		return isNonPublicIpv4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
	return (g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xff80) === 0xfe80 || (g[0] & 0xff00) === 0xff00;
}

/** Why HeyGen could not call this URL, or undefined when it is public HTTPS. */
export function publicUrlProblem(url: string): PublicUrlProblem | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'invalid';
	}
	if (parsed.protocol !== 'https:') return 'not_https';
	// the URL parser lower-cases names and normalises IPv4 forms like 127.1 or 0x7f000001
	const host = parsed.hostname.replace(/\.$/, '');
	if (host.startsWith('[')) {
		const groups = ipv6Groups(host.slice(1, -1));
		return !groups || isNonPublicIpv6(groups) ? 'private_address' : undefined;
	}
	const octets = ipv4Octets(host);
	if (octets) return isNonPublicIpv4(octets) ? 'private_address' : undefined;
	if (host === 'localhost' || !host.includes('.') || LOCAL_SUFFIXES.some((s) => host.endsWith(s)))
		return 'local_name';
	return undefined;
}

export function isPublicHttpsUrl(url: string): boolean {
	return publicUrlProblem(url) === undefined;
}

/** One sentence on why the URL is not reachable from the internet, for error descriptions. */
export function describePublicUrlProblem(url: string): string | undefined {
	const problem = publicUrlProblem(url);
	if (!problem) return undefined;
	switch (problem) {
		case 'invalid':
			return `"${url}" is not a valid URL.`;
		case 'not_https':
			return `${url} does not use HTTPS.`;
		case 'local_name':
			return `${url} uses a host name that only resolves on this machine or network.`;
		case 'private_address':
			return `${url} points at a loopback or private network address.`;
	}
}
