/* eslint-disable @n8n/community-nodes/require-node-api-error -- tooling, not node code */
/**
 * Shared plumbing for the benchmarks that run in the real n8n (scripts/n8n): an in-process sandbox
 * (so a benchmark can tune its state and read its request log) plus `startStack` pointed at it,
 * workflow builders, and helpers to run a workflow and read timings back from n8n's execution data.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	describeErrors,
	nodeItems,
	NODE_TYPES,
	startStack,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
	type WorkflowNode,
} from '../scripts/n8n/n8n';
import {
	SANDBOX_ELEVENLABS_KEY,
	SANDBOX_HEYGEN_KEY,
	startSandbox,
	type Sandbox,
} from '../test/sandbox';

export { describeErrors, nodeItems, NODE_TYPES };

export interface BenchStack {
	sandbox: Sandbox;
	stack: Stack;
	stop(): Promise<void>;
}

const quiet = (message: string) => {
	if (process.env.BENCH_VERBOSE) process.stderr.write(`[bench:n8n] ${message}\n`);
};

/**
 * Sandbox in this process + a real n8n 2.41.1 (own process) with the package and both credentials.
 * Retried twice: `npm pack` of a dist/ that another process is rebuilding at that moment yields a
 * package without some nodes or credentials.
 */
export async function startBenchStack(
	options: { latencyMs?: number; env?: Record<string, string> } = {},
): Promise<BenchStack> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(options);
		} catch (error) {
			if (attempt >= 3) throw error;
			quiet(`start failed (${(error as Error).message.split('\n')[0]}), retrying`);
			await new Promise((r) => setTimeout(r, 5000));
		}
	}
}

async function startOnce(options: {
	latencyMs?: number;
	env?: Record<string, string>;
}): Promise<BenchStack> {
	const sandbox = await startSandbox({ latencyMs: options.latencyMs ?? 0 });
	// own work dir: startStack keeps it on a failed start, this removes it
	const workDir = mkdtempSync(path.join(tmpdir(), 'bench-n8n-'));
	try {
		const stack = await startStack({
			externalSandbox: {
				baseUrl: sandbox.baseUrl,
				elevenLabsUrl: sandbox.elevenLabsUrl,
				heyGenUrl: sandbox.heyGenUrl,
				elevenLabsKey: SANDBOX_ELEVENLABS_KEY,
				heyGenKey: SANDBOX_HEYGEN_KEY,
			},
			env: options.env,
			workDir,
			log: quiet,
		});
		return {
			sandbox,
			stack,
			stop: async () => {
				await stack.stop();
				await sandbox.stop();
			},
		};
	} catch (error) {
		await sandbox.stop();
		rmSync(workDir, { recursive: true, force: true });
		throw error;
	}
}

let x = 0;
/** A workflow node; positions are laid out left to right. */
export function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	x += 220;
	const credentials =
		type === NODE_TYPES.elevenLabs
			? {
					heygenElevenlabsElevenLabsApi: { id: 'elevenLabsCredential', name: 'ElevenLabs account' },
				}
			: type === NODE_TYPES.heyGen
				? { heygenElevenlabsHeyGenApi: { id: 'heyGenCredential', name: 'HeyGen account' } }
				: undefined;
	return {
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...(credentials ? { credentials } : {}),
		...extra,
	};
}

export const manualTrigger = () => node('Manual', 'n8n-nodes-base.manualTrigger', 1, {});

/** Connections of a straight chain a → b → c …, plus extra edges [from, to, fromOutput]. */
export function chain(
	names: string[],
	extra: Array<[string, string, number?]> = [],
): Record<string, unknown> {
	const connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	> = {};
	const add = (from: string, to: string, output = 0) => {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	};
	for (let i = 0; i < names.length - 1; i++) add(names[i], names[i + 1]);
	for (const [from, to, output] of extra) add(from, to, output ?? 0);
	return connections;
}

export function workflow(
	name: string,
	nodes: WorkflowNode[],
	connections: Record<string, unknown>,
): WorkflowJson {
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

export async function createWorkflow(bench: BenchStack, wf: WorkflowJson): Promise<string> {
	return (await bench.stack.n8n.createWorkflow(wf, bench.stack.credentials)).id;
}

/** Runs a saved workflow from its manual trigger and waits for the execution (with its data). */
export async function runManual(
	bench: BenchStack,
	workflowId: string,
	timeoutMs = 10 * 60_000,
): Promise<ExecutionSummary> {
	const id = await bench.stack.n8n.runManually(workflowId, 'Manual');
	const execution = await bench.stack.n8n.waitForExecution(id, { timeoutMs });
	if (execution.status !== 'success')
		throw new Error(`execution ${id} ${execution.status}: ${describeErrors(execution)}`);
	return execution;
}

/** stoppedAt − startedAt of an execution, in ms. */
export function executionMs(execution: ExecutionSummary): number {
	return Date.parse(execution.stoppedAt!) - Date.parse(execution.startedAt!);
}

interface TaskTiming {
	startTime: number;
	executionTime: number;
}

/** Start time and duration of every run of a node (from n8n's run data). */
export function nodeTimings(execution: ExecutionSummary, nodeName: string): TaskTiming[] {
	const runs = (execution.data?.resultData.runData[nodeName] ?? []) as unknown as TaskTiming[];
	return runs.map((r) => ({ startTime: r.startTime, executionTime: r.executionTime }));
}
