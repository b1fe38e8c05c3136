/**
 * Lets a node whose API host is hard-coded (HeyGen's official package calls
 * `https://api.heygen.com/v3/...`) run offline in a real n8n, without /etc/hosts or DNS changes:
 *
 * - a throwaway CA and a certificate for the host, made with openssl in a temp folder;
 * - a local HTTPS server with that certificate which forwards every request to an HTTP base URL
 *   (the sandbox's `/heygen`) and records what it received (SNI name, Host, method, path, headers);
 * - the environment for the n8n process: `NODE_OPTIONS=--require test/fixtures/tls-redirect/preload.js`
 *   (sends TLS connections for `<host>:443` to the local server, keeping the server name for SNI
 *   and the certificate check) and `NODE_EXTRA_CA_CERTS` (trusts the throwaway CA).
 *
 * Only the listed host is redirected; every other connection of n8n is untouched.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

import { REPO_DIR } from './n8n';
import { run } from './processes';

export const TLS_REDIRECT_PRELOAD = path.join(
	REPO_DIR,
	'test',
	'fixtures',
	'tls-redirect',
	'preload.js',
);

export interface RedirectedRequest {
	/** The TLS server name the client asked for (SNI). */
	servername?: string;
	method: string;
	/** Path and query as the client sent them. */
	path: string;
	headers: http.IncomingHttpHeaders;
	/** Status the upstream answered with. */
	status?: number;
}

export interface TlsRedirect {
	hostname: string;
	/** Port of the local HTTPS server on 127.0.0.1. */
	port: number;
	/** Environment to add to the n8n process (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, E2E_TLS_REDIRECT). */
	env: Record<string, string>;
	/** PEM of the throwaway CA (also in env.NODE_EXTRA_CA_CERTS). */
	caPem: string;
	/** Every request the server received, in order. */
	requests: RedirectedRequest[];
	stop(): Promise<void>;
}

/** A CA and a server certificate for `hostname` signed by it (RSA 2048, valid 2 days). */
export async function makeCertificates(
	dir: string,
	hostname: string,
): Promise<{ caFile: string; keyFile: string; certFile: string }> {
	mkdirSync(dir, { recursive: true });
	const file = (name: string) => path.join(dir, name);
	const openssl = async (args: string[]) => await run('openssl', args, { cwd: dir, quiet: true });
	await openssl([
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		file('ca.key'),
		'-out',
		file('ca.crt'),
		'-days',
		'2',
		'-subj',
		'/CN=n8n-nodes-heygen-elevenlabs e2e throwaway CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign',
	]);
	await openssl([
		'req',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		file('server.key'),
		'-out',
		file('server.csr'),
		'-subj',
		`/CN=${hostname}`,
	]);
	writeFileSync(
		file('server.ext'),
		[
			'basicConstraints=CA:FALSE',
			'keyUsage=critical,digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			`subjectAltName=DNS:${hostname}`,
		].join('\n') + '\n',
	);
	await openssl([
		'x509',
		'-req',
		'-in',
		file('server.csr'),
		'-CA',
		file('ca.crt'),
		'-CAkey',
		file('ca.key'),
		'-CAcreateserial',
		'-out',
		file('server.crt'),
		'-days',
		'2',
		'-extfile',
		file('server.ext'),
	]);
	return { caFile: file('ca.crt'), keyFile: file('server.key'), certFile: file('server.crt') };
}

/**
 * Starts the HTTPS forwarder for `https://<hostname>` → `target` (an http(s) base URL; the
 * request path is appended) and returns the environment that makes an n8n process use it.
 */
export async function startTlsRedirect(options: {
	hostname: string;
	target: string;
	dir: string;
}): Promise<TlsRedirect> {
	const { caFile, keyFile, certFile } = await makeCertificates(options.dir, options.hostname);
	const target = new URL(options.target.replace(/\/$/, ''));
	const requests: RedirectedRequest[] = [];
	const sockets = new Set<Socket>();

	const server = https.createServer(
		{ key: readFileSync(keyFile), cert: readFileSync(certFile) },
		(req, res) => {
			const entry: RedirectedRequest = {
				servername: (req.socket as TLSSocket).servername || undefined,
				method: req.method ?? 'GET',
				path: req.url ?? '/',
				headers: req.headers,
			};
			requests.push(entry);
			const headers = { ...req.headers, host: target.host };
			const upstream = (target.protocol === 'https:' ? https : http).request(
				`${target.origin}${target.pathname}${req.url ?? '/'}`,
				{ method: req.method, headers },
				(upstreamRes) => {
					entry.status = upstreamRes.statusCode;
					res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
					upstreamRes.pipe(res);
				},
			);
			upstream.on('error', (error) => {
				entry.status = 502;
				if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`tls-redirect: upstream ${target.origin} failed: ${error.message}`);
			});
			req.pipe(upstream);
		},
	);
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	// keep whatever extra CAs the caller already trusts
	let bundle = readFileSync(caFile, 'utf8');
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	if (inherited && existsSync(inherited)) bundle = `${readFileSync(inherited, 'utf8')}\n${bundle}`;
	const bundleFile = path.join(options.dir, 'extra-ca-bundle.pem');
	writeFileSync(bundleFile, bundle);

	return {
		hostname: options.hostname,
		port,
		caPem: readFileSync(caFile, 'utf8'),
		requests,
		env: {
			NODE_OPTIONS: `--require ${JSON.stringify(TLS_REDIRECT_PRELOAD)}`,
			NODE_EXTRA_CA_CERTS: bundleFile,
			E2E_TLS_REDIRECT: JSON.stringify({ [`${options.hostname}:443`]: `127.0.0.1:${port}` }),
		},
		stop: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
