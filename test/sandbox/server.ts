/**
 * Sandbox core: one loopback HTTP server hosting the ElevenLabs API under `/elevenlabs` and the
 * HeyGen v3 API under `/heygen`, plus presigned download/upload URLs under `/files` and `/uploads`.
 *
 * Service handlers (elevenlabs/, heygen/) register routes on it. The core provides routing,
 * a request log, deterministic fault injection, artificial latency and JSON helpers.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Query = Record<string, string | string[]>;

export interface SandboxRequest {
	method: string;
	/** Path below the service prefix, e.g. `/v3/videos`. */
	path: string;
	/** Full path including the prefix. */
	fullPath: string;
	params: Record<string, string>;
	query: Query;
	headers: http.IncomingHttpHeaders;
	/** Raw request body (already fully read). */
	body: Buffer;
	raw: http.IncomingMessage;
}

export interface SandboxReply {
	status?: number;
	headers?: Record<string, string | number>;
	/** JSON-serialised unless a Buffer or string is given. */
	body?: unknown;
}

export type Handler = (
	req: SandboxRequest,
	res: http.ServerResponse,
) => Promise<SandboxReply | void> | SandboxReply | void;

interface Route {
	method: string;
	prefix: string;
	pattern: RegExp;
	keys: string[];
	template: string;
	handler: Handler;
	/** The handler reads the request body itself (`req.raw`), e.g. a streamed multipart upload. */
	streaming?: boolean;
}

export type Fault =
	| { type: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
	| { type: 'reset' }
	| { type: 'delay'; ms: number }
	| { type: 'truncate'; status?: number; headers?: Record<string, string>; body: string }
	| { type: 'raw'; status: number; headers?: Record<string, string>; body: string | Buffer };

export interface FaultRule {
	/** Service prefix: 'elevenlabs' | 'heygen' | 'files' | 'uploads'. */
	service?: string;
	method?: string;
	/** Matched against the path below the prefix. */
	path?: RegExp | string;
	/** How many matching requests get the fault (default 1). */
	times?: number;
	fault: Fault;
}

export interface LoggedRequest {
	id: string;
	time: number;
	service: string;
	method: string;
	path: string;
	template?: string;
	query: Query;
	headers: http.IncomingHttpHeaders;
	/** Bytes of the request body; of a streaming route, the bytes the route read. */
	bodySize: number;
	/** Parsed JSON body when the request had one. */
	json?: unknown;
	status?: number;
	fault?: Fault['type'];
}

export class SandboxServer {
	readonly routes: Route[] = [];
	readonly log: LoggedRequest[] = [];
	private faults: Array<FaultRule & { remaining: number }> = [];
	private server?: http.Server;
	private sockets = new Set<Socket>();
	/** Added to every response (simulated network + server latency). */
	latencyMs = 0;
	baseUrl = '';

	route(
		method: string,
		prefix: string,
		template: string,
		handler: Handler,
		options: { streaming?: boolean } = {},
	): void {
		const keys: string[] = [];
		const pattern = new RegExp(
			'^' +
				template.replace(/[.+*?^$()[\]\\|]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, key: string) => {
					keys.push(key);
					return '([^/]+)';
				}) +
				'/?$',
		);
		this.routes.push({
			method: method.toUpperCase(),
			prefix,
			pattern,
			keys,
			template,
			handler,
			streaming: options.streaming,
		});
	}

	/** Queue a fault for the next `times` requests that match. Faults are consumed in order. */
	inject(rule: FaultRule): void {
		this.faults.push({ ...rule, remaining: rule.times ?? 1 });
	}

	clearFaults(): void {
		this.faults = [];
	}

	/** Requests to a service (optionally a method + route template like `/v3/videos/{video_id}`). */
	requests(service: string, method?: string, template?: string): LoggedRequest[] {
		return this.log.filter(
			(r) =>
				r.service === service &&
				(!method || r.method === method.toUpperCase()) &&
				(!template || r.template === template || r.path === template),
		);
	}

	url(prefix: string): string {
		return `${this.baseUrl}/${prefix}`;
	}

	async start(port = 0, host = '127.0.0.1'): Promise<string> {
		this.server = http.createServer((req, res) => {
			void this.handle(req, res);
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
		const address = this.server.address() as AddressInfo;
		this.baseUrl = `http://${host}:${address.port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private takeFault(service: string, method: string, path: string): Fault | undefined {
		for (const rule of this.faults) {
			if (rule.remaining <= 0) continue;
			if (rule.service && rule.service !== service) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (rule.path) {
				const ok = typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
				if (!ok) continue;
			}
			rule.remaining--;
			return rule.fault;
		}
		return undefined;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const [, service = '', ...rest] = url.pathname.split('/');
		const path = '/' + rest.join('/');
		const method = (req.method ?? 'GET').toUpperCase();
		const query: Query = {};
		for (const [k, v] of url.searchParams) {
			const prev = query[k];
			query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
		}
		const route = this.routes.find(
			(r) => r.prefix === service && r.method === method && r.pattern.test(path),
		);
		const entry: LoggedRequest = {
			id: randomUUID(),
			time: Date.now(),
			service,
			method,
			path,
			template: route?.template,
			query,
			headers: req.headers,
			bodySize: 0,
		};
		this.log.push(entry);

		// Streamed uploads (PUT to presigned URLs, multipart audio) are read by the route itself, without buffering.
		const streaming = route && (route.prefix === 'uploads' || route.streaming);
		let body = Buffer.alloc(0);
		if (streaming) {
			// bodySize counts what the route reads, without reading anything itself: paused, the
			// request emits 'data' only for the chunks a consumer takes (pipe, read(), for await)
			req.pause();
			req.on('data', (chunk: Buffer) => (entry.bodySize += chunk.length));
		} else {
			const chunks: Buffer[] = [];
			try {
				for await (const chunk of req) chunks.push(chunk as Buffer);
			} catch {
				return;
			}
			body = Buffer.concat(chunks);
			entry.bodySize = body.length;
			if (/json/.test(String(req.headers['content-type'] ?? '')) && body.length) {
				try {
					entry.json = JSON.parse(body.toString('utf8'));
				} catch {
					entry.json = undefined;
				}
			}
		}

		if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

		const fault = this.takeFault(service, method, path);
		if (fault) {
			entry.fault = fault.type;
			if (fault.type === 'delay') {
				await new Promise((r) => setTimeout(r, fault.ms));
			} else {
				this.applyFault(fault, req, res, entry);
				return;
			}
		}

		if (!route) {
			entry.status = 404;
			sendJson(res, 404, { detail: 'Not Found' });
			return;
		}
		const match = route.pattern.exec(path)!;
		const params: Record<string, string> = {};
		route.keys.forEach((k, i) => (params[k] = decodeURIComponent(match[i + 1])));
		try {
			const reply = await route.handler(
				{
					method,
					path,
					fullPath: url.pathname,
					params,
					query,
					headers: req.headers,
					body,
					raw: req,
				},
				res,
			);
			if (reply && !res.headersSent) {
				entry.status = reply.status ?? 200;
				send(res, reply);
			} else {
				entry.status = res.statusCode;
			}
		} catch (error) {
			entry.status = 500;
			if (!res.headersSent) sendJson(res, 500, { sandbox_error: (error as Error).message });
		}
	}

	private applyFault(
		fault: Fault,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		entry: LoggedRequest,
	) {
		switch (fault.type) {
			case 'reset':
				entry.status = 0;
				req.socket.destroy();
				return;
			case 'status':
				entry.status = fault.status;
				send(res, { status: fault.status, headers: fault.headers, body: fault.body ?? {} });
				return;
			case 'raw':
				entry.status = fault.status;
				res.writeHead(fault.status, fault.headers ?? {});
				res.end(fault.body);
				return;
			case 'truncate': {
				// Announce the full length, send half, then cut the connection.
				entry.status = fault.status ?? 200;
				const full = Buffer.from(fault.body);
				res.writeHead(fault.status ?? 200, {
					'content-type': 'application/json',
					'content-length': String(full.length),
					...(fault.headers ?? {}),
				});
				res.write(full.subarray(0, Math.floor(full.length / 2)));
				setTimeout(() => req.socket.destroy(), 10);
				return;
			}
			default:
				return;
		}
	}
}

export function send(res: http.ServerResponse, reply: SandboxReply): void {
	const status = reply.status ?? 200;
	const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
	let payload: Buffer | string;
	if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') {
		payload = reply.body as Buffer | string;
	} else {
		payload = JSON.stringify(reply.body ?? {});
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
			headers['content-type'] = 'application/json';
		}
	}
	res.writeHead(status, headers);
	res.end(payload);
}

export function sendJson(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	send(res, { status, body, headers });
}

export function queryString(query: Query, key: string): string | undefined {
	const v = query[key];
	return Array.isArray(v) ? v[0] : v;
}
