/**
 * Shared pieces of the reliability suite: sandbox options with the canary API keys, a runner that
 * keeps every execution for the secrets scan, the "clear error" rules, and the results file.
 */
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IRun,
	LogMetadata,
} from 'n8n-workflow';

import { errorOf, outputOf, runWorkflow } from '../harness';
import type { Sandbox } from '../sandbox';
import type { UseSandboxOptions } from '../setup/sandbox';

/** Canary keys: used for every call of the suite, and must never show up anywhere but the auth header. */
export const CANARY_ELEVENLABS_KEY = 'sk_canary_7f3a9c1e5b2d4086a1c3e5f7b9d1f3a5';
export const CANARY_HEYGEN_KEY = 'hg_canary_4e8b2d6f0a1c3e5d7f9b1d3f5a7c9e1b';
export const CANARIES = [CANARY_ELEVENLABS_KEY, CANARY_HEYGEN_KEY];
/** Request headers that legitimately carry a key (excluded from the scan of requests to the sandbox). */
const AUTH_HEADERS = new Set(['xi-api-key', 'x-api-key', 'authorization']);

export type NodeType = 'elevenLabs' | 'heyGen';
export const NODE_NAME: Record<NodeType, string> = { elevenLabs: 'ElevenLabs', heyGen: 'HeyGen' };

/**
 * useSandbox() options of the reliability suites: the sandbox also accepts the canary keys, and keeps
 * its request log for the whole file (the secrets scan at the end reads every request).
 */
export const CANARY_SANDBOX: UseSandboxOptions = {
	elevenLabsKeys: { [CANARY_ELEVENLABS_KEY]: { region: 'default' } },
	heyGenKeys: { [CANARY_HEYGEN_KEY]: {} },
	reset: false,
};

export function canaryCredentials(sandbox: Sandbox) {
	return {
		heygenElevenlabsElevenLabsApi: {
			apiKey: CANARY_ELEVENLABS_KEY,
			region: 'custom',
			baseUrl: sandbox.elevenLabsUrl,
		},
		heygenElevenlabsHeyGenApi: { apiKey: CANARY_HEYGEN_KEY, baseUrl: sandbox.heyGenUrl },
	};
}

/** Small, fast retry settings for the node's Options → Retry. */
export const FAST_RETRY = {
	settings: { maxAttempts: 3, baseDelayMs: 5, maxDelaySeconds: 0.05, maxTotalWaitSeconds: 5 },
};

/** Every execution of a suite, kept for the secrets scan. */
export const executions: IRun[] = [];

/** Console output of a suite, kept for the secrets scan. */
export const capturedLogs: string[] = [];

/**
 * Captures what n8n logs and what reaches the console, for the secrets scan. n8n's Logger writes
 * through winston (not `console.*`) and test/setup/env.js sets it silent, so its public methods are
 * wrapped on the DI singleton that n8n-core's services (ErrorReporter, …) hold, and on every scoped
 * child it hands out: each call is recorded whatever the level, then passed on unchanged.
 */
export function captureConsole(): void {
	const restore: Array<() => void> = [];
	const record = (args: unknown[]) =>
		capturedLogs.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '));
	const wrapLogger = (logger: Logger) => {
		for (const level of ['error', 'warn', 'info', 'debug'] as const) {
			const original = logger[level].bind(logger);
			logger[level] = (message: string, metadata?: LogMetadata) => {
				record([message, metadata ?? {}]);
				original(message, metadata);
			};
			restore.push(() => (logger[level] = original));
		}
		const scoped = logger.scoped.bind(logger);
		logger.scoped = (scopes) => wrapLogger(scoped(scopes));
		restore.push(() => (logger.scoped = scoped));
		return logger;
	};
	beforeAll(() => {
		wrapLogger(Container.get(n8nCoreLogger()));
		for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			const original = console[level].bind(console);
			const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				record(args);
				original(...args);
			});
			restore.push(() => spy.mockRestore());
		}
	});
	afterAll(() => restore.splice(0).forEach((undo) => undo()));
}

/** The Logger class of the @n8n/backend-common copy that n8n-core itself uses (there are two). */
function n8nCoreLogger(): typeof Logger {
	const from = path.dirname(require.resolve('n8n-core'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const backendCommon = require(require.resolve('@n8n/backend-common', { paths: [from] })) as {
		Logger: typeof Logger;
	};
	return backendCommon.Logger;
}

function safeStringify(value: unknown): string {
	try {
		return value instanceof Error
			? `${value.message}\n${value.stack ?? ''}`
			: JSON.stringify(value);
	} catch {
		return String(value);
	}
}

export interface NodeRun {
	run: IRun;
	items: INodeExecutionData[];
	error: ReturnType<typeof errorOf>;
}

export async function runNode(
	sandbox: Sandbox,
	type: NodeType,
	parameters: INodeParameters,
	input: INodeExecutionData[] = [{ json: {} }],
	continueOnFail = false,
): Promise<NodeRun> {
	const name = NODE_NAME[type];
	const run = await runWorkflow({
		nodes: [{ name, type, parameters, continueOnFail }],
		credentials: canaryCredentials(sandbox),
		input,
	});
	executions.push(run);
	const error = errorOf(run, name);
	let items: INodeExecutionData[] = [];
	try {
		items = outputOf(run, name);
	} catch {
		items = [];
	}
	return { run, items, error };
}

// ------------------------------------------------------------------ clear errors

/** Reasons a message is not a clear error (empty = clear). */
export function unclearReasons(text: string): string[] {
	const reasons: string[] = [];
	if (!text.trim()) reasons.push('empty message');
	if (/\[object Object\]/.test(text)) reasons.push('[object Object]');
	if (/\bundefined\b/.test(text)) reasons.push('"undefined"');
	if (/\bNaN\b/.test(text)) reasons.push('"NaN"');
	if (/\n\s+at .+:\d+:\d+/.test(text) || /\bat (?:async )?\S+ \(.*:\d+:\d+\)/.test(text))
		reasons.push('stack trace');
	if (
		/<Buffer [0-9a-f ]+/.test(text) ||
		/"type":"Buffer"/.test(text) ||
		/(?:\b\d{1,3},){16,}/.test(text)
	)
		reasons.push('raw bytes');
	if (/is not a function|Cannot read propert|of undefined|of null\b/.test(text))
		reasons.push('JavaScript crash');
	return reasons;
}

export function errorText(error: unknown): string {
	const e = (error ?? {}) as { message?: unknown; description?: unknown };
	return `${String(e.message ?? '')}\n${String(e.description ?? '')}`;
}

// ------------------------------------------------------------------ secrets

export interface SecretsScan {
	executionsScanned: number;
	requestsScanned: number;
	logLinesScanned: number;
	/** Requests that carried a canary in their auth header (proves the canaries were really used). */
	requestsAuthenticatedWithCanary: number;
	occurrences: number;
	where: string[];
}

function countIn(text: string): number {
	let n = 0;
	for (const canary of CANARIES) n += text.split(canary).length - 1;
	return n;
}

/** Counts canary occurrences in execution data, errors, the sandbox request log (auth header excluded) and captured logs. */
export function scanForSecrets(sandbox: Sandbox): SecretsScan {
	const scan: SecretsScan = {
		executionsScanned: 0,
		requestsScanned: 0,
		logLinesScanned: 0,
		requestsAuthenticatedWithCanary: 0,
		occurrences: 0,
		where: [],
	};
	const add = (where: string, text: string) => {
		const n = countIn(text);
		if (n) {
			scan.occurrences += n;
			scan.where.push(`${where}: ${n}`);
		}
	};
	executions.forEach((run, i) => {
		scan.executionsScanned++;
		add(`execution ${i} data`, JSON.stringify(run.data));
		for (const [node, runs] of Object.entries(run.data.resultData.runData)) {
			for (const r of runs) {
				const error = r.error as unknown as Record<string, unknown> | undefined;
				if (!error) continue;
				add(
					`execution ${i} ${node} error message`,
					`${String(error.message)}\n${String(error.description ?? '')}\n${String(error.stack ?? '')}`,
				);
				add(`execution ${i} ${node} error object`, JSON.stringify(error));
			}
		}
		const top = run.data.resultData.error as unknown as Record<string, unknown> | undefined;
		if (top)
			add(
				`execution ${i} workflow error`,
				`${String(top.message)}\n${String(top.description ?? '')}\n${JSON.stringify(top)}`,
			);
	});
	for (const entry of sandbox.server.log) {
		scan.requestsScanned++;
		if (
			Object.entries(entry.headers).some(
				([k, v]) => AUTH_HEADERS.has(k.toLowerCase()) && CANARIES.includes(String(v)),
			)
		) {
			scan.requestsAuthenticatedWithCanary++;
		}
		const headers = Object.fromEntries(
			Object.entries(entry.headers).filter(([k]) => !AUTH_HEADERS.has(k.toLowerCase())),
		);
		add(
			`request ${entry.method} /${entry.service}${entry.path}`,
			JSON.stringify({ ...entry, headers }),
		);
		// a key sent to a host that is not the API (storage PUT, file downloads) is a leak too
		if (entry.service !== 'elevenlabs' && entry.service !== 'heygen') {
			add(`auth header sent to /${entry.service}${entry.path}`, JSON.stringify(entry.headers));
		}
	}
	for (const line of capturedLogs) {
		scan.logLinesScanned++;
		add('console output', line);
	}
	return scan;
}

// ------------------------------------------------------------------ results

const RESULTS_FILE = path.join(__dirname, '.results.json');
const LOCK_FILE = `${RESULTS_FILE}.lock`;

function withLock<T>(fn: () => T): T {
	const deadline = Date.now() + 5000;
	for (;;) {
		try {
			closeSync(openSync(LOCK_FILE, 'wx'));
			break;
		} catch {
			if (Date.now() > deadline) {
				try {
					unlinkSync(LOCK_FILE); // stale lock of a crashed run
				} catch {
					// ignore
				}
				continue;
			}
			const until = Date.now() + 10;
			while (Date.now() < until) {
				// spin briefly; jest workers are separate processes
			}
		}
	}
	try {
		return fn();
	} finally {
		try {
			unlinkSync(LOCK_FILE);
		} catch {
			// ignore
		}
	}
}

/**
 * Stores one suite's figures under `suites.<name>` of test/reliability/.results.json and
 * recomputes the totals over all suites recorded by this run. Returns the merged file.
 */
export function recordResults(name: string, figures: IDataObject): IDataObject {
	return withLock(() => {
		let file: IDataObject = {};
		if (existsSync(RESULTS_FILE)) {
			try {
				file = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as IDataObject;
			} catch {
				file = {};
			}
		}
		const suites = ((file.suites as IDataObject) ?? {}) as Record<string, IDataObject>;
		suites[name] = { ...figures, recordedAt: new Date().toISOString() };
		const sum = (pick: (s: IDataObject) => unknown) =>
			Object.values(suites).reduce((n, s) => n + (Number(pick(s)) || 0), 0);
		const merged: IDataObject = {
			generatedAt: new Date().toISOString(),
			badInput: suites.badInput?.badInput ?? null,
			faults: suites.faults?.faults ?? null,
			duplicates: {
				videoCreatesChecked: sum((s) => (s.duplicates as IDataObject | undefined)?.itemsChecked),
				duplicatesCreated: sum((s) => (s.duplicates as IDataObject | undefined)?.duplicatesCreated),
			},
			secrets: {
				canaries: CANARIES.map((c) => `${c.slice(0, 10)}…`),
				executionsScanned: sum((s) => (s.secrets as IDataObject | undefined)?.executionsScanned),
				requestsScanned: sum((s) => (s.secrets as IDataObject | undefined)?.requestsScanned),
				logLinesScanned: sum((s) => (s.secrets as IDataObject | undefined)?.logLinesScanned),
				requestsAuthenticatedWithCanary: sum(
					(s) => (s.secrets as IDataObject | undefined)?.requestsAuthenticatedWithCanary,
				),
				leaked: sum((s) => (s.secrets as IDataObject | undefined)?.occurrences),
			},
			suites,
		};
		writeFileSync(RESULTS_FILE, `${JSON.stringify(merged, null, 2)}\n`);
		return merged;
	});
}
