/**
 * nodes/shared/publicUrl.ts: is a webhook / resume URL one HeyGen can call (public HTTPS)?
 * Used by the HeyGen Trigger's activation pre-check (and reusable by the callback-mode wait).
 */
import {
	describePublicUrlProblem,
	isPublicHttpsUrl,
	publicUrlProblem,
} from '../../nodes/shared/publicUrl';

describe('publicUrlProblem', () => {
	it.each([
		'https://n8n.example.com/webhook/abc/webhook',
		'https://n8n.example.com:8443/webhook/abc',
		'https://abc123.ngrok-free.app/webhook/x',
		'https://my-tunnel.trycloudflare.com/webhook-test/x',
		'https://n8n.example.com./webhook', // fully qualified, trailing dot
		'https://8.8.8.8/webhook',
		'https://100.63.255.255/x', // just below the shared (CGNAT) range
		'https://100.128.0.1/x', // just above it
		'https://172.15.255.255/x', // just below 172.16/12
		'https://172.32.0.1/x', // just above it
		'https://[2001:4860:4860::8888]/webhook',
		'https://[2606:4700::1111]/x',
		'https://[::ffff:8.8.8.8]/x', // IPv4-mapped public address
	])('%s is public HTTPS', (url) => {
		expect(publicUrlProblem(url)).toBeUndefined();
		expect(isPublicHttpsUrl(url)).toBe(true);
	});

	it.each([
		['http://n8n.example.com/webhook', 'not_https'],
		['http://localhost:5678/webhook/abc/webhook', 'not_https'],
		['ftp://n8n.example.com/x', 'not_https'],
		['not a url', 'invalid'],
		['', 'invalid'],
		['https://localhost:5678/webhook', 'local_name'],
		['https://LOCALHOST/webhook', 'local_name'],
		['https://app.localhost/webhook', 'local_name'],
		['https://n8n.local/webhook', 'local_name'],
		['https://host.docker.internal:5678/webhook', 'local_name'],
		['https://router.home.arpa/x', 'local_name'],
		['https://nas.lan/x', 'local_name'],
		['https://n8n/webhook', 'local_name'], // a single-label (Docker service / intranet) name
		['https://127.0.0.1/webhook', 'private_address'],
		['https://127.1/webhook', 'private_address'], // shorthand the URL parser expands
		['https://0x7f000001/webhook', 'private_address'], // hex form
		['https://0.0.0.0/webhook', 'private_address'],
		['https://10.1.2.3/webhook', 'private_address'],
		['https://172.16.0.1/webhook', 'private_address'],
		['https://172.31.255.255/webhook', 'private_address'],
		['https://192.168.1.20:5678/webhook', 'private_address'],
		['https://169.254.169.254/x', 'private_address'], // link-local
		['https://100.64.0.1/x', 'private_address'], // shared address space (Tailscale, CGNAT)
		['https://100.127.255.255/x', 'private_address'],
		['https://224.0.0.1/x', 'private_address'], // multicast
		['https://255.255.255.255/x', 'private_address'],
		['https://[::1]:5678/webhook', 'private_address'],
		['https://[::]/webhook', 'private_address'],
		['https://[fd12:3456:789a::1]/webhook', 'private_address'], // unique local fc00::/7
		['https://[fc00::1]/webhook', 'private_address'],
		['https://[fe80::1]/webhook', 'private_address'], // link-local
		['https://[fec0::1]/webhook', 'private_address'], // site-local (deprecated)
		['https://[ff02::1]/webhook', 'private_address'], // multicast
		['https://[::ffff:127.0.0.1]/webhook', 'private_address'], // IPv4-mapped loopback
		['https://[::ffff:192.168.0.1]/webhook', 'private_address'],
	])('%s → %s', (url, problem) => {
		expect(publicUrlProblem(url)).toBe(problem);
		expect(isPublicHttpsUrl(url)).toBe(false);
	});
});

describe('describePublicUrlProblem', () => {
	it('says nothing about a public HTTPS URL', () => {
		expect(describePublicUrlProblem('https://n8n.example.com/webhook')).toBeUndefined();
	});

	it.each([
		['http://localhost:5678/webhook', 'http://localhost:5678/webhook does not use HTTPS.'],
		[
			'https://localhost/webhook',
			'https://localhost/webhook uses a host name that only resolves on this machine or network.',
		],
		[
			'https://10.0.0.2/webhook',
			'https://10.0.0.2/webhook points at a loopback or private network address.',
		],
		['nope', '"nope" is not a valid URL.'],
	])('%s', (url, sentence) => {
		expect(describePublicUrlProblem(url)).toBe(sentence);
	});
});
