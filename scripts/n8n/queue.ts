/* eslint-disable @n8n/community-nodes/require-node-api-error -- tooling, not node code */
/**
 * n8n in queue mode (scaling mode) on loopback: a Redis and a PostgreSQL of our own, one
 * `n8n start` main and N `n8n worker` processes sharing the database, encryption key, user folder
 * (with this package installed once, as a community package) and binary data.
 *
 * - Redis: Debian's `redis-server` (scripts/ci-install-queue-deps.sh installs it), started on a
 *   free port without persistence.
 * - Database: PostgreSQL. n8n 2.41.1 only warns about SQLite in queue mode ("Scaling mode is not
 *   officially supported with sqlite. Please use PostgreSQL instead."), and several processes
 *   writing one SQLite file is what that warning is about, so the supported database is used:
 *   Debian's postgresql (`/usr/lib/postgresql/<v>/bin`), a throwaway cluster in a temp dir
 *   (initdb --auth=trust, loopback TCP only, fsync off). As root, initdb/postgres refuse to run,
 *   so they run as the `postgres` user through runuser.
 * - Binary data: `database` mode (n8n 2.41.1's default in queue mode; filesystem mode would need a
 *   folder shared by every process, which a single machine has, but is not what queue setups use).
 * - Manual executions are offloaded to the workers too (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS).
 * - Workers start after the main has run the migrations. Sharing the user folder, each worker
 *   finds the main's crash journal (`.n8n/crash.journal`), logs "Last session crashed" and waits
 *   10 s before starting (n8n's crash-journal.js); harmless, it only costs those 10 s once.
 * - n8n 2.41.1 warns "Postgres 15 is not supported … Upgrade to Postgres 17" on Debian 12's
 *   PostgreSQL 15 (the only version in its apt repositories); migrations and runs work.
 *
 * Every process runs in its own process group (processes.ts) and is stopped by stop(), also when
 * starting fails halfway.
 */
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { n8nEnv, runtimePaths, startStack, type Stack, type StackOptions } from './n8n';
import { freePort, run, sleep, startProcess, type ManagedProcess } from './processes';

type Logger = (message: string) => void;
const defaultLog: Logger = (m) => process.stderr.write(`[n8n-e2e] ${m}\n`);

function which(command: string): string | undefined {
	for (const dir of (process.env.PATH ?? '')
		.split(':')
		.concat(['/usr/sbin', '/usr/bin', '/usr/local/bin'])) {
		const candidate = path.join(dir, command);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Waits until `ready(log)` is true for the process's log file, or fails when it exits. */
async function waitForLog(proc: ManagedProcess, ready: RegExp, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		let text = '';
		try {
			text = readFileSync(proc.logFile, 'utf8');
		} catch {
			// not written yet
		}
		if (ready.test(text)) return;
		if (!proc.isRunning()) throw new Error(`${proc.name} exited during startup:\n${proc.tail(40)}`);
		await sleep(200);
	}
	throw new Error(`${proc.name} not ready after ${timeoutMs / 1000}s:\n${proc.tail(40)}`);
}

// ---------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
	process: ManagedProcess;
	port: number;
}

export async function startRedis(workDir: string): Promise<RedisServer> {
	const bin = which('redis-server');
	if (!bin)
		throw new Error(
			'redis-server not found: install it with "bash scripts/ci-install-queue-deps.sh" (apt-get install -y redis-server)',
		);
	const port = await freePort();
	const proc = startProcess(
		'redis',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			workDir,
		],
		{
			cwd: workDir,
			logFile: path.join(workDir, 'redis.log'),
		},
	);
	try {
		await waitForLog(proc, /Ready to accept connections/, 30_000);
	} catch (error) {
		await proc.stop();
		throw error;
	}
	return { process: proc, port };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PostgresServer {
	process: ManagedProcess;
	port: number;
	user: string;
	database: string;
	dataDir: string;
	stop(): Promise<void>;
}

/** Debian's server binaries: /usr/lib/postgresql/<newest>/bin, else initdb/postgres on PATH. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (existsSync(root)) {
		const versions = readdirSync(root)
			.filter(
				(v) =>
					existsSync(path.join(root, v, 'bin', 'postgres')) &&
					existsSync(path.join(root, v, 'bin', 'initdb')),
			)
			.sort((a, b) => Number(b) - Number(a));
		if (versions[0]) return path.join(root, versions[0], 'bin');
	}
	const initdb = which('initdb');
	return initdb && existsSync(path.join(path.dirname(initdb), 'postgres'))
		? path.dirname(initdb)
		: undefined;
}

export async function startPostgres(
	logDir: string,
	log: Logger = defaultLog,
): Promise<PostgresServer> {
	const binDir = postgresBinDir();
	if (!binDir)
		throw new Error(
			'PostgreSQL server binaries not found: install them with "bash scripts/ci-install-queue-deps.sh" (apt-get install -y postgresql)',
		);
	const asRoot = process.getuid?.() === 0;
	// own temp dir (not under a 0700 root-owned work dir): the postgres user must reach it
	const base = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-pg-'));
	const dataDir = path.join(base, 'data');
	const user = 'n8n';
	const asDbUser = (command: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	try {
		if (asRoot) {
			const ids = await run('id', ['-u', 'postgres'], { quiet: true }).catch(() => {
				throw new Error(
					'running as root but there is no "postgres" user (Debian\'s postgresql package creates it)',
				);
			});
			const gid = await run('id', ['-g', 'postgres'], { quiet: true });
			chownSync(base, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
		}
		const [initCmd, initArgs] = asDbUser(path.join(binDir, 'initdb'), [
			'-D',
			dataDir,
			'-U',
			user,
			'--auth=trust',
			'-E',
			'UTF8',
			'--no-locale',
			'--no-sync',
		]);
		await run(initCmd, initArgs, { quiet: true, timeoutMs: 120_000 });
	} catch (error) {
		rmSync(base, { recursive: true, force: true });
		throw error;
	}
	const port = await freePort();
	const [cmd, args] = asDbUser(path.join(binDir, 'postgres'), [
		'-D',
		dataDir,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		base,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	]);
	const proc = startProcess('postgres', cmd, args, {
		cwd: base,
		logFile: path.join(logDir, 'postgres.log'),
	});
	const stop = async () => {
		await proc.stop();
		rmSync(base, { recursive: true, force: true });
	};
	try {
		await waitForLog(proc, /database system is ready to accept connections/, 60_000);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`postgres ${path.basename(path.dirname(binDir))} on 127.0.0.1:${port} (data ${dataDir})`);
	return { process: proc, port, user, database: 'postgres', dataDir, stop };
}

// ---------------------------------------------------------------------------------------------
// Main + workers

export interface QueueWorker {
	name: string;
	process: ManagedProcess;
	/** Execution ids this worker started ("Worker started execution N"), in log order (a resumed execution appears again). */
	startedExecutions(): string[];
	stop(): Promise<void>;
}

export interface QueueStack extends Stack {
	redis: RedisServer;
	postgres: PostgresServer;
	workers: QueueWorker[];
	/** Environment shared by main and workers (queue, database, binary data, encryption key). */
	sharedEnv: Record<string, string>;
	/** Which worker(s) started each execution id, from the worker logs. */
	workersByExecution(): Map<string, string[]>;
}

export interface QueueStackOptions extends StackOptions {
	/** Number of `n8n worker` processes (default 2). */
	workers?: number;
	/** `n8n worker --concurrency` (default 5; n8n warns below 5). */
	concurrency?: number;
}

function parseStartedExecutions(logFile: string): string[] {
	let text = '';
	try {
		text = readFileSync(logFile, 'utf8');
	} catch {
		return [];
	}
	return [...text.matchAll(/Worker started execution (\S+) \(job /g)].map((m) => m[1]);
}

/** Redis + PostgreSQL + sandbox + `n8n start` (queue mode) with both credentials + N workers. */
export async function startQueueStack(options: QueueStackOptions = {}): Promise<QueueStack> {
	const log = options.log ?? defaultLog;
	const workDir = options.workDir ?? mkdtempSync(path.join(tmpdir(), 'n8n-e2e-queue-'));
	let redis: RedisServer | undefined;
	let postgres: PostgresServer | undefined;
	let stack: Stack | undefined;
	const workers: QueueWorker[] = [];
	// workers first (they hold jobs), then the main and the sandbox, then Redis and PostgreSQL
	const stopAllParts = async (keepWorkDir: boolean) => {
		await Promise.all(workers.map(async (w) => await w.stop()));
		await Promise.all([stack?.n8n.stop(), stack?.sandbox?.process.stop()]);
		await Promise.all([redis?.process.stop(), postgres?.stop()]);
		if (!keepWorkDir && !process.env.N8N_E2E_KEEP)
			rmSync(workDir, { recursive: true, force: true });
		else log(`kept ${workDir}`);
	};
	try {
		const [redisStart, postgresStart] = await Promise.allSettled([
			startRedis(workDir),
			startPostgres(workDir, log),
		]);
		if (redisStart.status === 'fulfilled') redis = redisStart.value;
		if (postgresStart.status === 'fulfilled') postgres = postgresStart.value;
		if (redisStart.status === 'rejected') throw redisStart.reason;
		if (postgresStart.status === 'rejected') throw postgresStart.reason;
		if (!redis || !postgres) throw new Error('unreachable');
		log(`redis on 127.0.0.1:${redis.port}`);
		const sharedEnv: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_ENCRYPTION_KEY: `e2e-${randomBytes(16).toString('hex')}`,
			...(options.env ?? {}),
		};
		stack = await startStack({ ...options, workDir, log, env: sharedEnv });
		const main = stack.n8n;
		const runtime = runtimePaths();
		const count = options.workers ?? 2;
		const started = Date.now();
		const usedPorts = new Set([main.port, redis.port, postgres.port]);
		for (let i = 1; i <= count; i++) {
			const name = `worker-${i}`;
			let brokerPort = await freePort();
			while (usedPorts.has(brokerPort)) brokerPort = await freePort();
			usedPorts.add(brokerPort);
			const env: Record<string, string> = {
				// WEBHOOK_URL/N8N_PORT point at the main: $execution.resumeUrl is built from them on the worker
				...n8nEnv(runtime, main.userFolder, main.port, brokerPort),
				N8N_RESTRICT_FILE_ACCESS_TO: stack.filesDir,
				...sharedEnv,
				// each worker its own event log file in the shared user folder
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${name}`,
			};
			const proc = startProcess(
				name,
				runtime.nodeBin,
				[runtime.n8nBin, 'worker', `--concurrency=${options.concurrency ?? 5}`],
				{
					cwd: workDir,
					env,
					logFile: path.join(workDir, `${name}.log`),
				},
			);
			workers.push({
				name,
				process: proc,
				startedExecutions: () => parseStartedExecutions(proc.logFile),
				stop: async () => await proc.stop(),
			});
		}
		await Promise.all(
			workers.map(async (w) => await waitForLog(w.process, /n8n worker is now ready/, 180_000)),
		);
		log(
			`${count} workers ready (${((Date.now() - started) / 1000).toFixed(1)}s; logs ${workers.map((w) => w.process.logFile).join(', ')})`,
		);
		const base = stack;
		return {
			...base,
			redis,
			postgres,
			workers,
			sharedEnv,
			workersByExecution: () => {
				const map = new Map<string, string[]>();
				for (const w of workers)
					for (const id of w.startedExecutions()) map.set(id, [...(map.get(id) ?? []), w.name]);
				return map;
			},
			stop: async (stopOptions: { keepWorkDir?: boolean } = {}) =>
				await stopAllParts(!!stopOptions.keepWorkDir),
		};
	} catch (error) {
		for (const w of workers)
			if (!w.process.isRunning()) log(`${w.name} log:\n${w.process.tail(40)}`);
		await stopAllParts(true);
		throw error;
	}
}
