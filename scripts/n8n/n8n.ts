/* eslint-disable @n8n/community-nodes/require-node-api-error -- tooling, not node code */
/**
 * The real-n8n layer: install (scripts/n8n/install.sh), start a loopback `n8n start` with this
 * package installed the way n8n installs community packages, drive it over its REST and public
 * APIs, and start the offline sandbox as a separate process.
 *
 * Used by the e2e suite (test/e2e) and `npm run demo` (scripts/demo.ts). Every process it starts
 * runs in its own process group and is killed on stop() or when this process exits.
 */
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, run, sleep, startProcess, withTimeout, type ManagedProcess } from './processes';

export const REPO_DIR = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-heygen-elevenlabs';
/** The n8n version to run: N8N_RUNTIME_VERSION (as for scripts/n8n/install.sh), default the pinned one. */
export const PINNED_N8N_VERSION = '2.41.1';
export const N8N_VERSION = process.env.N8N_RUNTIME_VERSION || PINNED_N8N_VERSION;
/** n8n's major version (1.x runs on Node 20 and has a few API differences, see README). */
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
/** The Node the runtime runs on (scripts/n8n/install.sh picks the same: 20 for n8n 1.x, 24 for 2.x). */
export const NODE_VERSION = N8N_MAJOR === 1 ? '20.20.2' : '24.21.0';
export const NODE_TYPES = {
	elevenLabs: `${PACKAGE_NAME}.elevenLabs`,
	heyGen: `${PACKAGE_NAME}.heyGen`,
	elevenLabsTool: `${PACKAGE_NAME}.elevenLabsTool`,
	heyGenTool: `${PACKAGE_NAME}.heyGenTool`,
};

type Logger = (message: string) => void;
const defaultLog: Logger = (m) => process.stderr.write(`[n8n-e2e] ${m}\n`);

export interface Runtime {
	cacheRoot: string;
	nodeBin: string;
	n8nDir: string;
	n8nBin: string;
}

export function runtimePaths(): Runtime {
	const cacheRoot = process.env.N8N_CACHE_DIR ?? path.join(homedir(), '.cache', PACKAGE_NAME);
	const n8nDir = path.join(cacheRoot, `n8n-${N8N_VERSION}`);
	return {
		cacheRoot,
		nodeBin: existsSync(path.join(n8nDir, '.node-bin'))
			? readFileSync(path.join(n8nDir, '.node-bin'), 'utf8').trim()
			: path.join(cacheRoot, `node-${NODE_VERSION}`, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/**
 * Runs scripts/n8n/install.sh for N8N_VERSION (a no-op taking ~1 s when the cached runtime is
 * complete); its few progress lines show on stderr, npm's own output goes to its log file.
 */
export async function ensureRuntime(log: Logger = defaultLog): Promise<Runtime> {
	const started = Date.now();
	await run(
		'bash',
		[path.join(REPO_DIR, 'scripts', 'n8n', 'install.sh'), '--version', N8N_VERSION],
		{
			cwd: REPO_DIR,
			quiet:
				!process.env.N8N_E2E_VERBOSE && existsSync(path.join(runtimePaths().n8nDir, '.installed')),
			timeoutMs: 40 * 60_000,
		},
	);
	log(`n8n ${N8N_VERSION} runtime ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
	return runtimePaths();
}

/** `npm pack` of the repo (dist/ must be built) into `outDir`. */
export async function packPackage(outDir: string): Promise<{ tgz: string; version: string }> {
	const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(f) => !existsSync(path.join(REPO_DIR, f)),
	);
	if (missing.length)
		throw new Error(`dist/ is missing ${missing.join(', ')}: run "npm run build" first`);
	mkdirSync(outDir, { recursive: true });
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{ cwd: REPO_DIR, quiet: true },
	);
	const info = (JSON.parse(stdout) as Array<{ filename: string; version: string }>)[0];
	return {
		tgz: path.join(outDir, info.filename.replace(/^@/, '').replace(/\//, '-')),
		version: info.version,
	};
}

/** A packed community package to install (default: this repository's, see installPackage). */
export interface PackageTarball {
	tgz: string;
	name: string;
}

/**
 * Installs a packed package into `<userFolder>/.n8n/nodes` as n8n 2.41's community-packages
 * service does: untar into nodes/node_modules/<name> → drop dev/peer/optional dependencies from
 * its package.json → (install runtime dependencies, if any) → list it in nodes/package.json
 * (beside packages installed before). Without `pkg`: this repository's package, from the tarball
 * in $N8N_E2E_PACKAGE_TGZ when set (packed once per test run by test/e2e/global-setup.ts), else
 * packed from dist/ now (requires `npm run build`).
 */
export async function installPackage(
	userFolder: string,
	workDir: string,
	pkg?: PackageTarball,
): Promise<{ name: string; version: string }> {
	const name = pkg?.name ?? PACKAGE_NAME;
	const tgz =
		pkg?.tgz ??
		(process.env.N8N_E2E_PACKAGE_TGZ && existsSync(process.env.N8N_E2E_PACKAGE_TGZ)
			? process.env.N8N_E2E_PACKAGE_TGZ
			: (await packPackage(path.join(workDir, 'pack'))).tgz);

	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	await run('tar', ['xzf', tgz, '-C', target, '--strip-components=1'], { quiet: true });

	const pkgFile = path.join(target, 'package.json');
	const installed = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
	if (installed.name !== name)
		throw new Error(`${tgz} holds package ${String(installed.name)}, expected ${name}`);
	delete installed.devDependencies;
	delete installed.peerDependencies;
	delete installed.optionalDependencies;
	writeFileSync(pkgFile, JSON.stringify(installed, null, 2));
	if (installed.dependencies && Object.keys(installed.dependencies).length) {
		await run(
			'npm',
			[
				'install',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--bin-links=false',
				'--no-audit',
				'--no-fund',
			],
			{ cwd: target, quiet: true },
		);
	}
	const version = String(installed.version);
	const listFile = path.join(nodesDir, 'package.json');
	const list = existsSync(listFile)
		? (JSON.parse(readFileSync(listFile, 'utf8')) as { dependencies?: Record<string, string> })
		: {};
	writeFileSync(
		listFile,
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { ...(list.dependencies ?? {}), [name]: version },
			},
			null,
			2,
		),
	);
	return { name, version };
}

// ---------------------------------------------------------------------------------------------
// Sandbox (separate process)

export interface SandboxInfo {
	baseUrl: string;
	elevenLabsUrl: string;
	heyGenUrl: string;
	elevenLabsKey: string;
	heyGenKey: string;
}

export async function startSandboxProcess(
	workDir: string,
	extraArgs: string[] = [],
): Promise<{ process: ManagedProcess; info: SandboxInfo }> {
	let resolveInfo: (info: SandboxInfo) => void = () => undefined;
	const infoPromise = new Promise<SandboxInfo>((resolve) => (resolveInfo = resolve));
	const proc = startProcess(
		'sandbox',
		path.join(REPO_DIR, 'node_modules', '.bin', 'ts-node'),
		['--transpile-only', 'test/sandbox/cli.ts', '--port', '0', ...extraArgs],
		{
			cwd: REPO_DIR,
			env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_DIR, 'tsconfig.test.json') },
			logFile: path.join(workDir, 'sandbox.log'),
			onStdoutLine: (line) => {
				if (line.trim().startsWith('{')) {
					try {
						resolveInfo(JSON.parse(line) as SandboxInfo);
					} catch {
						// not the info line
					}
				}
			},
		},
	);
	const exitedEarly = proc.exited.then((code) => {
		throw new Error(`sandbox exited (${code}) before listening:\n${proc.tail()}`);
	});
	exitedEarly.catch(() => undefined);
	const info = await withTimeout(
		Promise.race([infoPromise, exitedEarly]),
		60_000,
		() => `sandbox did not start within 60 s:\n${proc.tail()}`,
	);
	return { process: proc, info };
}

// ---------------------------------------------------------------------------------------------
// n8n server

export interface N8nStartOptions {
	/** Directory for the user folder, logs and packed tarball. Default: a fresh temp dir. */
	workDir?: string;
	port?: number;
	brokerPort?: number;
	ownerEmail?: string;
	ownerPassword?: string;
	/** Extra environment for the n8n process. */
	env?: Record<string, string>;
	log?: Logger;
	/** Skip installing the package (e.g. already installed into workDir). */
	skipPackageInstall?: boolean;
	/** Install these packed packages instead of this repository's (e.g. the single-service ones). */
	packages?: PackageTarball[];
}

export interface ExecutionSummary {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message: string };
					data?: {
						main: Array<Array<{
							json: Record<string, unknown>;
							binary?: Record<string, BinaryRef>;
							error?: unknown;
							pairedItem?: unknown;
						}> | null>;
					};
				}>
			>;
			error?: { message: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

/** Items a node produced in its last run (main output 0); none when it did not run. */
export function nodeItems(execution: ExecutionSummary, nodeName: string) {
	const runs = execution.data?.resultData.runData[nodeName];
	return runs?.[runs.length - 1]?.data?.main[0] ?? [];
}

/** An execution's own error and each failed node's ("node: message"), joined for a message. */
export function describeErrors(execution: ExecutionSummary): string {
	const runData = execution.data?.resultData.runData ?? {};
	const errors = Object.entries(runData).flatMap(([name, runs]) =>
		runs.filter((r) => r.error).map((r) => `${name}: ${r.error!.message}`),
	);
	return [execution.data?.resultData.error?.message, ...errors].filter(Boolean).join('; ');
}

export interface BinaryRef {
	id?: string;
	data?: string;
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	bytes?: number;
}

export class HttpError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(message);
	}
}

/**
 * Environment for an n8n process on loopback: nothing from the caller's n8n/jest/npm environment,
 * Node 24 first on PATH, telemetry and version checks off, legacy expression engine, filesystem
 * binary data, info logging (the CLI prints results through the logger).
 */
export function n8nEnv(
	runtime: Runtime,
	userFolder: string,
	port: number,
	brokerPort: number,
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (v === undefined) continue;
		// nothing from the caller's n8n/jest/npm environment leaks into the server
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL|NODE_OPTIONS|NODE_PATH|npm_|JEST_|TS_NODE_|ELEVENLABS_|HEYGEN_)/.test(
				k,
			)
		)
			continue;
		env[k] = v;
	}
	Object.assign(env, {
		PATH: `${path.dirname(runtime.nodeBin)}:${env.PATH ?? '/usr/bin:/bin'}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_EXPRESSION_ENGINE: 'legacy',
		N8N_LOG_LEVEL: 'info',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
	});
	return env;
}

/** Runs an n8n CLI command (import:*, execute, execute-batch, ...) against a user folder. */
export async function runN8nCli(
	args: string[],
	options: { userFolder: string; cwd?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string; code: number }> {
	const runtime = runtimePaths();
	const port = await freePort();
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const env = { ...n8nEnv(runtime, options.userFolder, port, brokerPort), ...(options.env ?? {}) };
	try {
		const { stdout, stderr } = await run(runtime.nodeBin, [runtime.n8nBin, ...args], {
			cwd: options.cwd ?? options.userFolder,
			env,
			quiet: true,
			timeoutMs: options.timeoutMs ?? 180_000,
		});
		return { stdout, stderr, code: 0 };
	} catch (error) {
		const e = error as Error & { stdout?: string; stderr?: string; code?: number };
		return { stdout: e.stdout ?? '', stderr: e.stderr ?? e.message, code: e.code ?? 1 };
	}
}

export class N8nInstance {
	readonly baseUrl: string;
	readonly userFolder: string;
	apiKey = '';
	private cookie = '';
	private readonly browserId = `e2e-${randomBytes(6).toString('hex')}`;

	private constructor(
		readonly runtime: Runtime,
		readonly workDir: string,
		readonly port: number,
		// replaced by restart()
		public process: ManagedProcess,
		readonly owner: { email: string; password: string },
		private readonly log: Logger,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.userFolder = path.join(workDir, 'user');
	}

	get editorUrl(): string {
		return `${this.baseUrl}/`;
	}

	/** Installs the runtime (cached), the package, starts `n8n start` and logs in with an API key. */
	static async start(options: N8nStartOptions = {}): Promise<N8nInstance> {
		const log = options.log ?? defaultLog;
		const runtime = await ensureRuntime(log);
		const workDir = options.workDir ?? mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
		const userFolder = path.join(workDir, 'user');
		mkdirSync(userFolder, { recursive: true });
		if (!options.skipPackageInstall) {
			for (const pkg of options.packages ?? [undefined]) {
				const { name, version } = await installPackage(userFolder, workDir, pkg);
				log(`installed ${name}@${version} into ${path.join(userFolder, '.n8n', 'nodes')}`);
			}
		}
		const port = options.port ?? (await freePort());
		let brokerPort = options.brokerPort ?? (await freePort());
		while (brokerPort === port) brokerPort = await freePort();
		const owner = {
			email: options.ownerEmail ?? 'owner@e2e.example.com',
			password: options.ownerPassword ?? `E2e-${randomBytes(9).toString('base64url')}1a`,
		};
		const requireFromN8n = createRequire(
			path.join(runtime.n8nDir, 'node_modules', 'n8n', 'package.json'),
		);
		const bcrypt = requireFromN8n('bcryptjs') as { hashSync(pw: string, rounds: number): string };

		const env = n8nEnv(runtime, userFolder, port, brokerPort);
		Object.assign(env, {
			N8N_ENCRYPTION_KEY: `e2e-${randomBytes(16).toString('hex')}`,
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'E2E',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
			...(options.env ?? {}),
		});

		const started = Date.now();
		const proc = startProcess('n8n', runtime.nodeBin, [runtime.n8nBin, 'start'], {
			cwd: workDir,
			env,
			logFile: path.join(workDir, 'n8n.log'),
		});
		const instance = new N8nInstance(runtime, workDir, port, proc, owner, log);
		instance.startEnv = env;
		try {
			await instance.waitReady(180_000);
			log(
				`n8n ${N8N_VERSION} ready on ${instance.baseUrl} (${((Date.now() - started) / 1000).toFixed(1)}s, log ${proc.logFile})`,
			);
			// n8n 1.x and early 2.x have no owner-from-env: the editor's setup form is due then
			const settings = await instance.rest<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
				'GET',
				'/settings',
			);
			if (settings.userManagement?.showSetupOnFirstLoad) await instance.setUpOwner();
			await instance.login();
			await instance.createApiKey();
		} catch (error) {
			log(`n8n failed to start; last log lines:\n${proc.tail(60)}`);
			await proc.stop();
			throw error;
		}
		return instance;
	}

	async stop(): Promise<void> {
		await this.process.stop();
	}

	/** The environment the server was started with (restart() reuses it: same port, database, encryption key). */
	private startEnv: Record<string, string> = {};

	/**
	 * Stops the server cleanly (SIGTERM, n8n's graceful shutdown), runs `whileStopped` (if given),
	 * then starts `n8n start` again on the same user folder, database, encryption key and port,
	 * waits until it is ready and logs in again. The API key is kept (it is stored in the database).
	 */
	async restart(whileStopped?: () => Promise<void>): Promise<void> {
		await this.process.stop(30_000);
		this.log(`n8n stopped (restart)`);
		if (whileStopped) await whileStopped();
		const started = Date.now();
		this.process = startProcess('n8n', this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.workDir,
			env: this.startEnv,
			logFile: path.join(this.workDir, 'n8n.log'),
		});
		try {
			await this.waitReady(180_000);
			this.log(`n8n restarted on ${this.baseUrl} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
			await this.login();
		} catch (error) {
			this.log(`n8n failed to restart; last log lines:\n${this.process.tail(60)}`);
			await this.process.stop();
			throw error;
		}
	}

	/**
	 * Waits until n8n serves requests: `/healthz/readiness`, then `/rest/settings` (n8n 1.x and early
	 * 2.x report ready before their REST routes are mounted).
	 */
	private async waitReady(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.process.isRunning())
				throw new Error(`n8n exited during startup:\n${this.process.tail(60)}`);
			try {
				const res = await fetch(`${this.baseUrl}/healthz/readiness`);
				if (res.ok) {
					const rest = await fetch(`${this.baseUrl}/rest/settings`);
					if (rest.ok && /json/.test(rest.headers.get('content-type') ?? '')) return;
				}
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		throw new Error(`n8n not ready after ${timeoutMs / 1000}s:\n${this.process.tail(60)}`);
	}

	// ---- HTTP -----------------------------------------------------------------------------------

	private async request(
		method: string,
		url: string,
		headers: Record<string, string>,
		body?: unknown,
	): Promise<{ status: number; json: unknown; headers: Headers; buffer: Buffer }> {
		const res = await fetch(url, {
			method,
			headers: {
				accept: 'application/json',
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const buffer = Buffer.from(await res.arrayBuffer());
		let json: unknown = undefined;
		if (/json/.test(res.headers.get('content-type') ?? '')) {
			try {
				json = JSON.parse(buffer.toString('utf8'));
			} catch {
				json = undefined;
			}
		}
		return { status: res.status, json, headers: res.headers, buffer };
	}

	/** Internal REST API (`/rest/...`) as the logged-in owner (cookie + browser-id). Returns `.data`. */
	async rest<T = unknown>(method: string, restPath: string, body?: unknown): Promise<T> {
		const res = await this.restRaw(method, restPath, body);
		if (res.status >= 400) {
			throw new HttpError(
				`${method} /rest${restPath} → HTTP ${res.status}: ${JSON.stringify(res.json ?? res.buffer.toString('utf8').slice(0, 500))}`,
				res.status,
				res.json,
			);
		}
		return ((res.json as { data?: T } | undefined)?.data ?? res.json) as T;
	}

	async restRaw(method: string, restPath: string, body?: unknown) {
		return await this.request(
			method,
			`${this.baseUrl}/rest${restPath}`,
			{ cookie: this.cookie, 'browser-id': this.browserId },
			body,
		);
	}

	/** Public API (`/api/v1/...`) with the API key. */
	async api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T> {
		const res = await this.request(
			method,
			`${this.baseUrl}/api/v1${apiPath}`,
			{ 'X-N8N-API-KEY': this.apiKey },
			body,
		);
		if (res.status >= 400) {
			throw new HttpError(
				`${method} /api/v1${apiPath} → HTTP ${res.status}: ${JSON.stringify(res.json ?? res.buffer.toString('utf8').slice(0, 500))}`,
				res.status,
				res.json,
			);
		}
		return res.json as T;
	}

	/** Fetch with the login cookie (for non-/rest editor assets such as /types/nodes.json). */
	async getWithCookie(urlPath: string) {
		return await this.request('GET', `${this.baseUrl}${urlPath}`, {
			cookie: this.cookie,
			'browser-id': this.browserId,
		});
	}

	/**
	 * For n8n without owner-from-env (N8N_INSTANCE_OWNER_*: 1.x, early 2.x): the owner is set up once
	 * over REST on a fresh database, as the editor's setup form does. A restart keeps it.
	 */
	async setUpOwner(): Promise<void> {
		const res = await this.request(
			'POST',
			`${this.baseUrl}/rest/owner/setup`,
			{ 'browser-id': this.browserId },
			{
				email: this.owner.email,
				firstName: 'E2E',
				lastName: 'Owner',
				password: this.owner.password,
			},
		);
		if (res.status >= 400)
			throw new Error(
				`owner setup failed: HTTP ${res.status} ${res.buffer.toString('utf8').slice(0, 300)}`,
			);
	}

	async login(): Promise<void> {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: this.owner.email, password: this.owner.password }),
		});
		if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
		const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
		this.cookie = cookies.join('; ');
		if (!/n8n-auth=/.test(this.cookie)) throw new Error('login did not set the n8n-auth cookie');
	}

	/** The login cookie and browser id (for a browser context in the editor check). */
	get session(): { cookie: string; browserId: string } {
		return { cookie: this.cookie, browserId: this.browserId };
	}

	async createApiKey(): Promise<void> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: `e2e-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		if (!created.rawApiKey) throw new Error('n8n did not return an API key');
		this.apiKey = created.rawApiKey;
	}

	// ---- credentials / workflows / executions --------------------------------------------------

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string; type: string }> {
		try {
			return await this.api('POST', '/credentials', { name, type, data });
		} catch (error) {
			// n8n 1.x and early 2.x add "Allowed HTTP Request Domains" to every credential, and their
			// public API's schema then requires allowedDomains unless the choice is given: send the
			// editor's default (all)
			if (!(error instanceof HttpError && /allowedDomains/.test(error.message))) throw error;
			return await this.api('POST', '/credentials', {
				name,
				type,
				data: { ...data, allowedHttpRequestDomains: 'all' },
			});
		}
	}

	/** Creates a workflow via the public API (which only accepts name/nodes/connections/settings). */
	async createWorkflow(
		workflow: WorkflowJson,
		credentials: Record<string, { id: string; name: string }> = {},
	): Promise<{ id: string; name: string }> {
		const nodes = workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const mapped: Record<string, { id: string; name: string }> = {};
			for (const [type, ref] of Object.entries(node.credentials)) {
				const target = credentials[type] ?? ref;
				if (target) mapped[type] = target;
			}
			return { ...node, credentials: mapped };
		});
		const settings = { executionOrder: 'v1', ...(workflow.settings ?? {}) };
		return await this.api('POST', '/workflows', {
			name: workflow.name,
			nodes,
			connections: workflow.connections,
			settings,
		});
	}

	async activateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/activate`);
	}

	/**
	 * Calls a production webhook; retries while n8n answers 404 (webhook registration after
	 * activation is asynchronous).
	 */
	async callWebhook(
		webhookPath: string,
		body: unknown,
		timeoutMs = 30_000,
	): Promise<{ status: number; json: unknown; buffer: Buffer; headers: Headers }> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await this.request('POST', `${this.baseUrl}/webhook/${webhookPath}`, {}, body);
			if (res.status !== 404 || Date.now() > deadline) return res;
			await sleep(300);
		}
	}

	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const res = await this.api<{ data: ExecutionSummary[] }>(
			'GET',
			`/executions?workflowId=${workflowId}&limit=250`,
		);
		return res.data;
	}

	/**
	 * A workflow's executions with their status as the editor lists them (`/rest/executions`),
	 * including running and waiting ones (n8n 1.x's public API leaves waiting executions out); the newest 100.
	 */
	async executionStatuses(workflowId: string): Promise<Array<{ id: string; status: string }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const res = await this.rest<{ results: Array<{ id: string; status: string }> }>(
			'GET',
			`/executions?filter=${filter}&limit=100`,
		);
		// n8n lists "current" (new, running) and "completed" executions with two queries run at once
		// (ExecutionListV1Service.findCurrentAndCompleted), so one moving from running to waiting in
		// between is listed twice: keep one entry per id, the later (completed-side) status
		const byId = new Map<string, string>();
		for (const e of res.results) {
			const id = String(e.id);
			if (!byId.has(id) || !['new', 'running'].includes(e.status)) byId.set(id, e.status);
		}
		return [...byId].map(([id, status]) => ({ id, status }));
	}

	async getExecution(id: string): Promise<ExecutionSummary> {
		return await this.api<ExecutionSummary>('GET', `/executions/${id}?includeData=true`);
	}

	/** Waits for an execution of `workflowId` not in `known` to reach a final status. */
	async waitForNewExecution(
		workflowId: string,
		known: Set<string>,
		options: { timeoutMs?: number; onProgress?: (e: ExecutionSummary) => void } = {},
	): Promise<ExecutionSummary> {
		const deadline = Date.now() + (options.timeoutMs ?? 180_000);
		for (;;) {
			const fresh = (await this.listExecutions(workflowId)).filter((e) => !known.has(String(e.id)));
			const done = fresh.find((e) =>
				['success', 'error', 'crashed', 'canceled'].includes(e.status),
			);
			if (done) return await this.getExecution(String(done.id));
			if (fresh[0]) options.onProgress?.(fresh[0]);
			if (Date.now() > deadline)
				throw new Error(
					`no finished execution of workflow ${workflowId} within ${(options.timeoutMs ?? 180_000) / 1000}s (seen: ${JSON.stringify(fresh.map((e) => e.status))})`,
				);
			await sleep(500);
		}
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" button does
	 * (`POST /rest/workflows/:id/run` from a trigger) and returns the execution id.
	 */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const result = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{
				triggerToStartFrom: { name: triggerName },
			},
		);
		if (!result.executionId)
			throw new Error(
				`manual run of ${workflowId} did not start an execution: ${JSON.stringify(result)}`,
			);
		return String(result.executionId);
	}

	/** Polls one execution until it has a final status. */
	async waitForExecution(
		id: string,
		options: { timeoutMs?: number; onProgress?: (e: ExecutionSummary) => void } = {},
	): Promise<ExecutionSummary> {
		const deadline = Date.now() + (options.timeoutMs ?? 180_000);
		for (;;) {
			let execution: ExecutionSummary | undefined;
			try {
				execution = await this.getExecution(id);
			} catch (error) {
				// a manual execution is saved only when it finishes
				if (!(error instanceof HttpError && error.status === 404)) throw error;
			}
			if (execution && ['success', 'error', 'crashed', 'canceled'].includes(execution.status))
				return execution;
			if (execution) options.onProgress?.(execution);
			if (Date.now() > deadline)
				throw new Error(
					`execution ${id} not finished within ${(options.timeoutMs ?? 180_000) / 1000}s (status ${execution?.status ?? 'unknown'})`,
				);
			await sleep(500);
		}
	}

	/** Known execution ids of a workflow (to tell new executions apart). */
	async knownExecutionIds(workflowId: string): Promise<Set<string>> {
		return new Set((await this.listExecutions(workflowId)).map((e) => String(e.id)));
	}

	/**
	 * The bytes of a binary property from execution data: through the editor's binary-data
	 * endpoint, falling back to the filesystem store under `<userFolder>/.n8n/storage`.
	 */
	async readBinary(ref: BinaryRef): Promise<Buffer> {
		if (!ref.id) {
			if (ref.data) return Buffer.from(ref.data, 'base64');
			throw new Error('binary has neither id nor data');
		}
		const query = new URLSearchParams({ id: ref.id, action: 'download' });
		if (ref.fileName) query.set('fileName', ref.fileName);
		if (ref.mimeType) query.set('mimeType', ref.mimeType);
		const res = await this.restRaw('GET', `/binary-data?${query.toString()}`);
		if (res.status === 200 && !/json/.test(res.headers.get('content-type') ?? ''))
			return res.buffer;
		return this.readBinaryFromStore(ref);
	}

	readBinaryFromStore(ref: BinaryRef): Buffer {
		const [, fileId] = (ref.id ?? '').split(/:(.*)/s);
		const file = path.join(this.userFolder, '.n8n', 'storage', fileId);
		if (!existsSync(file)) throw new Error(`binary ${ref.id} not found at ${file}`);
		return readFileSync(file);
	}
}

// ---------------------------------------------------------------------------------------------
// Workflows

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string } | undefined>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface WorkflowJson {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');

export function loadExamples(): Array<{ file: string; workflow: WorkflowJson }> {
	if (!existsSync(EXAMPLES_DIR)) return [];
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson,
		}));
}

/** The path of the first Webhook node of a workflow, if any. */
export function webhookPathOf(workflow: WorkflowJson): string | undefined {
	const hook = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	return hook ? String(hook.parameters.path) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The whole stack

export interface Stack {
	n8n: N8nInstance;
	sandbox?: { process: ManagedProcess; info: SandboxInfo };
	credentials: {
		heygenElevenlabsElevenLabsApi: { id: string; name: string };
		heygenElevenlabsHeyGenApi: { id: string; name: string };
	};
	workDir: string;
	/** Folder n8n may read and write files in (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesDir: string;
	/**
	 * Values for the REPLACE_WITH_* placeholders and the examples' empty pickers (sandbox IDs, or
	 * the environment with real keys: HEYGEN_AVATAR_ID, HEYGEN_VOICE_ID, ELEVENLABS_VOICE_ID).
	 */
	placeholders: Record<string, string>;
	/**
	 * Fills placeholders, empty "From list" pickers (unless `fillPickers` is false) and
	 * environment-specific paths, then creates the workflow via the public API.
	 */
	importWorkflow(
		workflow: WorkflowJson,
		options?: { fillPickers?: boolean },
	): Promise<{ id: string; name: string }>;
	stop(options?: { keepWorkDir?: boolean }): Promise<void>;
}

/** The folder Docker installs of n8n allow file access in; examples write there. */
export const DOCKER_FILES_DIR = '/home/node/.n8n-files';

/**
 * The pickers the examples leave empty ("From list", no value) for the user to set, and the
 * placeholder whose value fills each for a run: ElevenLabs → Voice, HeyGen → Avatar Look and Voice.
 */
export const EMPTY_PICKERS: Array<{ nodeType: RegExp; parameter: string; placeholder: string }> = [
	{
		nodeType: /\.elevenLabs$/,
		parameter: 'voice',
		placeholder: 'REPLACE_WITH_ELEVENLABS_VOICE_ID',
	},
	{ nodeType: /\.heyGen$/, parameter: 'avatarId', placeholder: 'REPLACE_WITH_AVATAR_LOOK_ID' },
	{ nodeType: /\.heyGen$/, parameter: 'voiceId', placeholder: 'REPLACE_WITH_HEYGEN_VOICE_ID' },
];

/** A resource locator in "From list" mode with nothing picked. */
export function isEmptyPicker(value: unknown): boolean {
	const rl = value as { __rl?: unknown; mode?: unknown; value?: unknown } | null;
	return (
		!!rl && typeof rl === 'object' && rl.__rl === true && rl.mode === 'list' && rl.value === ''
	);
}

/**
 * `parameters` with each "From list" picker named in `picks` that is empty set to its value (what a
 * user picking from the list leaves in the workflow); other parameters as they are.
 */
export function withPicked<T extends Record<string, unknown>>(
	parameters: T,
	picks: Record<string, string>,
): T {
	const picked: Record<string, unknown> = { ...parameters };
	for (const [name, value] of Object.entries(picks))
		if (isEmptyPicker(picked[name])) picked[name] = { __rl: true, mode: 'list', value };
	return picked as T;
}

/**
 * A workflow ready to run here: REPLACE_WITH_* placeholders replaced everywhere, empty "From list"
 * pickers (EMPTY_PICKERS) set to the placeholder's value (unless `fillPickers` is false: the
 * workflow as a user imports it), and the Docker files folder replaced by `filesDir`.
 */
export function prepareWorkflow(
	workflow: WorkflowJson,
	placeholders: Record<string, string>,
	filesDir?: string,
	options: { fillPickers?: boolean } = {},
): WorkflowJson {
	const fill = (node: WorkflowNode): WorkflowNode => {
		// sticky notes keep the instructions as written
		if (node.type === 'n8n-nodes-base.stickyNote') return node;
		let text = JSON.stringify(node);
		for (const [placeholder, value] of Object.entries(placeholders))
			text = text.split(placeholder).join(value);
		if (filesDir) text = text.split(DOCKER_FILES_DIR).join(filesDir);
		const filled = JSON.parse(text) as WorkflowNode;
		if (options.fillPickers === false) return filled;
		for (const picker of EMPTY_PICKERS) {
			const value = placeholders[picker.placeholder];
			if (value && picker.nodeType.test(filled.type))
				filled.parameters = withPicked(filled.parameters, { [picker.parameter]: value });
		}
		return filled;
	};
	return { ...workflow, nodes: workflow.nodes.map(fill) };
}

/** The ElevenLabs voice the runs use unless ELEVENLABS_VOICE_ID says otherwise: Rachel, a premade voice. */
export const DEFAULT_ELEVENLABS_VOICE_ID = '21m00Tcm4TlvDq8ikWAM';

/**
 * Sandbox IDs for the examples' placeholders and empty pickers: a portrait avatar look, a HeyGen
 * voice and an ElevenLabs voice.
 */
export async function sandboxPlaceholders(info: SandboxInfo): Promise<Record<string, string>> {
	const get = async (base: string, p: string, headers: Record<string, string>) => {
		const res = await fetch(`${base}${p}`, { headers });
		if (!res.ok) throw new Error(`sandbox GET ${p} → HTTP ${res.status}`);
		return (await res.json()) as Record<string, unknown>;
	};
	const heyGen = async (p: string) =>
		(await get(info.heyGenUrl, p, { 'X-Api-Key': info.heyGenKey })).data as Array<
			Record<string, string>
		>;
	const looks = await heyGen('/v3/avatars/looks?limit=50');
	const voices = await heyGen('/v3/voices?limit=20');
	const look = looks.find((l) => l.preferred_orientation === 'portrait') ?? looks[0];
	const elevenLabsVoices = (
		await get(info.elevenLabsUrl, '/v2/voices?page_size=100', { 'xi-api-key': info.elevenLabsKey })
	).voices as Array<{ voice_id: string }>;
	const elevenLabsVoice =
		elevenLabsVoices.find((v) => v.voice_id === DEFAULT_ELEVENLABS_VOICE_ID) ?? elevenLabsVoices[0];
	return {
		REPLACE_WITH_AVATAR_LOOK_ID: look.id,
		REPLACE_WITH_HEYGEN_VOICE_ID: voices[0].voice_id,
		REPLACE_WITH_ELEVENLABS_VOICE_ID: elevenLabsVoice.voice_id,
	};
}

/** Values for the placeholders and empty pickers with real API keys: from the environment. */
export function realPlaceholders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
	return Object.fromEntries(
		[
			['REPLACE_WITH_AVATAR_LOOK_ID', env.HEYGEN_AVATAR_ID],
			['REPLACE_WITH_HEYGEN_VOICE_ID', env.HEYGEN_VOICE_ID],
			['REPLACE_WITH_ELEVENLABS_VOICE_ID', env.ELEVENLABS_VOICE_ID || DEFAULT_ELEVENLABS_VOICE_ID],
		].filter((e): e is [string, string] => !!e[1]),
	);
}

export interface StackOptions extends N8nStartOptions {
	/** Use the real APIs with these keys instead of the sandbox. */
	realKeys?: { elevenLabs: string; heyGen: string };
	sandboxArgs?: string[];
	/** A sandbox the caller runs itself (e.g. in-process, to tune it); not stopped by stop(). */
	externalSandbox?: SandboxInfo;
}

/** Sandbox (unless real keys are given) + n8n + both credentials stored encrypted via the public API. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const log = options.log ?? defaultLog;
	const workDir = options.workDir ?? mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
	let sandbox: Stack['sandbox'];
	const filesDir = path.join(workDir, 'n8n-files');
	mkdirSync(filesDir, { recursive: true });
	const sandboxInfo = () => options.externalSandbox ?? sandbox!.info;
	let n8n: N8nInstance | undefined;
	const stop = async (stopOptions: { keepWorkDir?: boolean } = {}) => {
		await Promise.all([n8n?.stop(), sandbox?.process.stop()]);
		if (!stopOptions.keepWorkDir && !process.env.N8N_E2E_KEEP)
			rmSync(workDir, { recursive: true, force: true });
		else log(`kept ${workDir}`);
	};
	try {
		if (!options.realKeys && !options.externalSandbox) {
			sandbox = await startSandboxProcess(workDir, options.sandboxArgs);
			log(`sandbox listening on ${sandbox.info.baseUrl}`);
		}
		n8n = await N8nInstance.start({
			...options,
			workDir,
			log,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...(options.env ?? {}) },
		});
		const heygenElevenlabsElevenLabsApi = await n8n.createCredential(
			'ElevenLabs account',
			'heygenElevenlabsElevenLabsApi',
			options.realKeys
				? { apiKey: options.realKeys.elevenLabs, region: 'default' }
				: {
						apiKey: sandboxInfo().elevenLabsKey,
						region: 'custom',
						baseUrl: sandboxInfo().elevenLabsUrl,
					},
		);
		const heygenElevenlabsHeyGenApi = await n8n.createCredential(
			'HeyGen account',
			'heygenElevenlabsHeyGenApi',
			options.realKeys
				? { apiKey: options.realKeys.heyGen, baseUrl: 'https://api.heygen.com' }
				: { apiKey: sandboxInfo().heyGenKey, baseUrl: sandboxInfo().heyGenUrl },
		);
		const placeholders: Record<string, string> = options.realKeys
			? realPlaceholders()
			: await sandboxPlaceholders(sandboxInfo());
		const credentials = {
			heygenElevenlabsElevenLabsApi: {
				id: heygenElevenlabsElevenLabsApi.id,
				name: heygenElevenlabsElevenLabsApi.name,
			},
			heygenElevenlabsHeyGenApi: {
				id: heygenElevenlabsHeyGenApi.id,
				name: heygenElevenlabsHeyGenApi.name,
			},
		};
		const started = n8n;
		return {
			n8n,
			sandbox,
			workDir,
			filesDir,
			placeholders,
			credentials,
			importWorkflow: async (workflow, importOptions) =>
				await started.createWorkflow(
					prepareWorkflow(workflow, placeholders, filesDir, importOptions),
					credentials,
				),
			stop,
		};
	} catch (error) {
		await stop({ keepWorkDir: true });
		throw error;
	}
}
