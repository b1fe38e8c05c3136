/**
 * Child-process bookkeeping for the real-n8n layer: every long-running process (n8n and its
 * task-runner child, the sandbox) is started detached, i.e. as the leader of its own process
 * group, so `kill(-pid)` ends it together with everything it spawned. Groups still alive when this
 * process exits (a crash, an uncaught error, Ctrl-C) are SIGKILLed from an exit hook.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';

export interface ManagedProcess {
	name: string;
	child: ChildProcess;
	pid: number;
	logFile: string;
	/** Resolves with the exit code (or signal name) once the process has exited. */
	exited: Promise<number | string>;
	isRunning(): boolean;
	/** SIGTERM the whole group, wait up to `graceMs`, then SIGKILL it. */
	stop(graceMs?: number): Promise<void>;
	/** The last `lines` lines of the log file. */
	tail(lines?: number): string;
}

const live = new Set<ManagedProcess>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// group already gone
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

function installHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', () => {
		for (const p of live) killGroup(p.pid, 'SIGKILL');
	});
	// Killed by a signal (Ctrl-C, CI timeout): Node runs no 'exit' handlers then. Unless the program
	// handles the signal itself (e.g. the demo's graceful shutdown), kill the groups and die by it.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			if (process.listenerCount(signal) > 1) return;
			for (const p of live) killGroup(p.pid, 'SIGKILL');
			process.removeListener(signal, onSignal);
			process.kill(process.pid, signal);
		};
		process.on(signal, onSignal);
	}
}

/** Stops every process started through `startProcess` that is still running. */
export async function stopAll(): Promise<void> {
	await Promise.all([...live].reverse().map(async (p) => await p.stop()));
}

export function startProcess(
	name: string,
	command: string,
	args: string[],
	options: SpawnOptions & { logFile: string; onStdoutLine?: (line: string) => void },
): ManagedProcess {
	installHooks();
	const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });
	const child = spawn(command, args, {
		...options,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
	const pid = child.pid;
	let buffered = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		log.write(chunk);
		if (options.onStdoutLine) {
			buffered += chunk.toString('utf8');
			let nl: number;
			while ((nl = buffered.indexOf('\n')) >= 0) {
				options.onStdoutLine(buffered.slice(0, nl));
				buffered = buffered.slice(nl + 1);
			}
		}
	});
	child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
	let running = true;
	const exited = new Promise<number | string>((resolve) => {
		child.on('exit', (code, signal) => {
			running = false;
			resolve(code ?? signal ?? 'unknown');
		});
		child.on('error', (error) => {
			running = false;
			log.write(`\n[spawn error] ${error.message}\n`);
			resolve('spawn-error');
		});
	});
	const managed: ManagedProcess = {
		name,
		child,
		pid,
		logFile: options.logFile,
		exited,
		isRunning: () => running,
		async stop(graceMs = 15_000) {
			if (groupAlive(pid)) {
				killGroup(pid, 'SIGTERM');
				const deadline = Date.now() + graceMs;
				// the leader may exit before its children (e.g. n8n's task runner): wait for the whole group
				while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
				if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
				while (groupAlive(pid) && Date.now() < deadline + 5_000) await sleep(50);
			}
			if (running) await withTimeout(exited, 2_000, () => 'still running').catch(() => undefined);
			live.delete(managed);
			await new Promise<void>((resolve) => log.end(resolve));
		},
		tail(lines = 40) {
			try {
				return readFileSync(options.logFile, 'utf8').split('\n').slice(-lines).join('\n');
			} catch {
				return '';
			}
		},
	};
	live.add(managed);
	return managed;
}

export const sleep = async (ms: number) =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects with `message()` if `promise` has not settled within `ms` (the timer never outlives it). */
export async function withTimeout<T>(
	promise: Promise<T>,
	ms: number,
	message: () => string,
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => reject(new Error(message())), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** Runs a command to completion; rejects with its output on a non-zero exit. */
export async function run(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number; quiet?: boolean } = {},
): Promise<{ stdout: string; stderr: string }> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
		child.stderr!.on('data', (c: Buffer) => {
			stderr += c.toString('utf8');
			if (!options.quiet) process.stderr.write(c);
		});
		const timer = options.timeoutMs
			? setTimeout(() => {
					child.kill('SIGKILL');
				}, options.timeoutMs)
			: undefined;
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (code === 0) resolve({ stdout, stderr });
			else {
				const error = new Error(
					`${command} ${args.join(' ')} failed (${code ?? signal}):\n${stderr.slice(-4000)}`,
				);
				reject(Object.assign(error, { stdout, stderr, code: code ?? 1 }));
			}
		});
	});
}
