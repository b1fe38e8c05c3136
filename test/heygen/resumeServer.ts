/**
 * A stand-in for n8n's /webhook-waiting endpoint, for the callback-mode suites: it answers when the
 * node answers, refuses calls for an execution that is not waiting (409, as n8n does), and
 * continues a resumed execution with n8n-core (./resume.ts). The node's webhook() is called through
 * n8n-core's WebhookContext with the waiting execution's data, as n8n's waiting-webhook handler
 * does. Each test gets its own resume URLs: the harness gives every execution the same ID, and a
 * job of an earlier test may still call back (as HeyGen retries); n8n routes by execution, so does
 * this.
 */
import type { INodeExecutionData, IRun, IWebhookResponseData } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { outputOf, resumeWaitingExecution, runWorkflow, type WorkflowNodeSpec } from '../harness';
import type { sandboxCredentials } from '../sandbox';
import type { SandboxFixture } from '../setup/sandbox';
import { continueWaitingExecution } from './resume';

/** One call of the resume URL: what the node answered and when, and what webhook() returned. */
export interface ResumeCall {
	status: number;
	body?: unknown;
	/** ms from the request to the node's answer, and to webhook() returning. */
	answeredMs?: number;
	doneMs: number;
	result?: IWebhookResponseData;
}

export interface ResumeServer {
	/** This test's webhook-waiting base URL. */
	readonly base: string;
	/** The calls of this test's resume URLs, in order. */
	readonly calls: ResumeCall[];
	/** The execution waiting for its resume URL, as n8n keeps it (none once resumed). */
	readonly waiting: { run: IRun; nodes: WorkflowNodeSpec[] } | undefined;
	/** Runs the workflow up to the wait (its last node, `waitNode`); it is then the waiting execution. */
	startWaiting(
		nodes: WorkflowNodeSpec[],
		input?: INodeExecutionData[],
		credentials?: ReturnType<typeof sandboxCredentials>,
		waitNode?: string,
	): Promise<IRun>;
	/** The items `waitNode` passes on, once a resume call has resumed the execution. */
	passedOn(waitNode?: string): Promise<INodeExecutionData[]>;
}

export async function until(check: () => boolean, ms = 10_000) {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** Starts the resume server for the suite (jest hooks), each test with its own base URL. */
export function startResumeServer(box: SandboxFixture): ResumeServer {
	let server: http.Server;
	let serverBase: string;
	let testNo = 0;
	let base = '';
	let waiting: ResumeServer['waiting'];
	let calls: ResumeCall[] = [];
	let resumed: Promise<IRun> | undefined;

	async function handle(body: unknown, res: http.ServerResponse): Promise<void> {
		const started = Date.now();
		const current = waiting;
		if (!current) {
			// n8n: ConflictError "The execution … is running already" / "has finished already"
			calls.push({ status: 409, doneMs: 0 });
			res.writeHead(409).end('{"message":"The execution is not waiting"}');
			return;
		}
		const call: ResumeCall = { status: 0, doneMs: 0 };
		calls.push(call);
		const result = await resumeWaitingExecution({
			...current,
			credentials: box.credentials(),
			body,
			onAnswer: (status, payload) => {
				call.answeredMs = Date.now() - started;
				res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
			},
		});
		call.doneMs = Date.now() - started;
		call.status = result.status;
		call.body = result.body;
		call.result = result.result;
		if (call.answeredMs === undefined) {
			res
				.writeHead(result.status, { 'content-type': 'application/json' })
				.end(JSON.stringify(result.result?.webhookResponse ?? result.body ?? {}));
		}
		// the first call that passes workflowData on resumes the execution (n8n refuses the others)
		if (result.result?.workflowData && waiting === current) {
			waiting = undefined;
			resumed = continueWaitingExecution({
				...current,
				credentials: box.credentials(),
				workflowData: result.result.workflowData,
			});
		}
	}

	beforeAll(async () => {
		server = http.createServer(async (req, res) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			if (!`${serverBase}${req.url ?? ''}`.startsWith(base)) {
				// an earlier test's execution: finished long ago
				res.writeHead(409).end('{"message":"The execution has finished already"}');
				return;
			}
			try {
				await handle(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), res);
			} catch (error) {
				calls.push({ status: 500, doneMs: 0 });
				if (!res.headersSent) res.writeHead(500).end((error as Error).message);
			}
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		serverBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((r) => server.close(r));
	});
	beforeEach(() => {
		base = `${serverBase}/test-${++testNo}/webhook-waiting`;
		calls = [];
		waiting = undefined;
		resumed = undefined;
	});

	return {
		get base() {
			return base;
		},
		get calls() {
			return calls;
		},
		get waiting() {
			return waiting;
		},
		async startWaiting(nodes, input, credentials = box.credentials(), waitNode = 'Wait') {
			const run = await runWorkflow({
				nodes,
				input,
				credentials,
				additionalData: { webhookWaitingBaseUrl: base },
			});
			expect(run.status).toBe('waiting');
			expect(run.data.resultData.lastNodeExecuted).toBe(waitNode);
			waiting = { run, nodes };
			return run;
		},
		async passedOn(waitNode = 'Wait') {
			await until(() => resumed !== undefined);
			const run = await resumed!;
			expect(run.status).toBe('success');
			return outputOf(run, waitNode);
		},
	};
}
