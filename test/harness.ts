/**
 * In-process workflow runner: executes real workflows through n8n-core's WorkflowExecute with the
 * compiled package loaded from dist/ (as n8n's PackageDirectoryLoader loads it), a credentials
 * helper that applies each credential's `authenticate` block exactly like n8n's CLI does, and
 * filesystem binary mode (n8n 2.x's default) unless a test asks otherwise.
 *
 * Modelled on n8n's unpublished packages/core/nodes-testing harness; uses only public exports.
 */
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	CredentialTestContext,
	Credentials,
	WebhookContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	IBinaryData,
	IConnections,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PACKAGE_DIR = path.resolve(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-heygen-elevenlabs';

let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package (dist/) once per test file. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		return loader;
	})();
	return await loaderPromise;
}

/**
 * An object whose listed properties are real and every other property is a no-op function, like a
 * jest-mock-extended mock but usable outside jest (benchmarks and scripts use this harness too).
 */
export function stub<T extends object>(values: Record<string, unknown> = {}): T {
	const noop = () => undefined;
	return new Proxy(values, {
		get(target, prop) {
			if (prop in target) return target[prop as string];
			if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return undefined;
			return noop;
		},
	}) as T;
}

/** How many times each credential type was decrypted (n8n reads the database each time); tests reset it. */
export const credentialReads: Record<string, number> = {};

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private loader: PackageDirectoryLoader,
		private creds: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties() {
		return [];
	}

	async getDecrypted(_a: unknown, _n: unknown, type: string) {
		credentialReads[type] = (credentialReads[type] ?? 0) + 1;
		const creds = this.creds[type];
		if (!creds) throw new Error(`No test credentials for ${type}`);
		return creds;
	}

	async getCredentials() {
		return new Credentials({ id: null, name: '' }, '', '');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** Same logic as n8n's packages/cli/src/credentials-helper.ts (generic + function authenticate). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.loader.getCredential(typeName).type;
		const auth = type.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const resolve = (v: unknown) =>
			isExpression(v) && workflow && node
				? workflow.expression.getSimpleParameterValue(
						node,
						v as string,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					)
				: v;
		const opts = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outer, inner] of Object.entries(auth.properties)) {
			opts[outer] = opts[outer] ?? {};
			for (const [k, v] of Object.entries(inner as Record<string, unknown>)) {
				opts[outer][resolve(k) as string] = resolve(v);
			}
		}
		return requestOptions;
	}
}

/** A filesystem-mode binary data service (n8n 2.x default) in a fresh temp directory. */
export async function filesystemBinaryService(): Promise<BinaryDataService> {
	const storage = mkdtempSync(path.join(tmpdir(), 'n8n-bin-'));
	const service = new BinaryDataService(
		{ mode: 'filesystem', localStoragePath: storage } as never,
		stub(),
		stub(),
	);
	await service.init();
	return service;
}

let sharedBinaryService: Promise<BinaryDataService> | undefined;
export async function defaultBinaryService(): Promise<BinaryDataService> {
	sharedBinaryService ??= filesystemBinaryService();
	return await sharedBinaryService;
}

export interface WorkflowNodeSpec {
	name?: string;
	/** The node's description name, e.g. 'elevenLabs' or 'heyGen'. */
	type: string;
	parameters: INodeParameters;
	credentials?: INode['credentials'];
	continueOnFail?: boolean;
	typeVersion?: number;
	/** n8n's node settings "Retry On Fail" / "Max Tries" / "Wait Between Tries (ms)". */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export interface RunOptions {
	/** Nodes run in the given order, each feeding the next (a simple chain). */
	nodes: WorkflowNodeSpec[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	input?: INodeExecutionData[];
	binaryDataService?: BinaryDataService;
	connections?: IConnections;
	/** Lets a test keep the additional data (e.g. to read a resume URL). */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

const CREDENTIAL_FOR_TYPE: Record<string, string> = {
	elevenLabs: 'heygenElevenlabsElevenLabsApi',
	heyGen: 'heygenElevenlabsHeyGenApi',
	heyGenTrigger: 'heygenElevenlabsHeyGenApi',
};

export function buildNodes(specs: WorkflowNodeSpec[]): {
	nodes: INode[];
	connections: IConnections;
} {
	const nodes: INode[] = specs.map((spec, index) => {
		const credType = CREDENTIAL_FOR_TYPE[spec.type];
		return {
			id: `node-${index}`,
			name: spec.name ?? `${spec.type}${index}`,
			type: `${PACKAGE_NAME}.${spec.type}`,
			typeVersion: spec.typeVersion ?? 1,
			position: [index * 200, 0] as [number, number],
			parameters: spec.parameters,
			credentials:
				spec.credentials ??
				(credType ? { [credType]: { id: '1', name: `${credType} account` } } : undefined),
			continueOnFail: spec.continueOnFail,
			onError: spec.continueOnFail ? 'continueRegularOutput' : undefined,
			retryOnFail: spec.retryOnFail,
			maxTries: spec.maxTries,
			waitBetweenTries: spec.waitBetweenTries,
			webhookId: `webhook-${index}`,
		};
	});
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

export interface BuiltWorkflow {
	workflow: Workflow;
	nodes: INode[];
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: ExecutionLifecycleHooks;
}

/** Builds the Workflow and additional data a real execution (or hook/webhook call) gets. */
export async function buildWorkflow(opts: RunOptions): Promise<BuiltWorkflow> {
	const loader = await loadPackage();
	const binaryDataService = opts.binaryDataService ?? (await defaultBinaryService());
	Container.set(BinaryDataService, binaryDataService);

	const nodeTypes: INodeTypes = {
		getByName: (t: string) =>
			loader.getNode(t.split('.').pop()!).type as INodeType | IVersionedNodeType,
		getByNameAndVersion: (t: string, v?: number) =>
			NodeHelpers.getVersionedNodeType(loader.getNode(t.split('.').pop()!).type, v),
		getKnownTypes: () => loader.known.nodes,
	};
	const built = buildNodes(opts.nodes);
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: built.nodes,
		connections: opts.connections ?? built.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks(
		'manual',
		'1',
		stub({ id: 'test-workflow', nodes: [], connections: {} }),
	);
	const additionalData = stub<Record<string, unknown>>({
		executionId: '1',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		hooks,
		currentNodeParameters: undefined,
		parentCallbackManager: undefined,
		ssrfBridge: undefined,
		encryptedRunnerIdentity: undefined,
		httpRequest: undefined,
		httpResponse: undefined,
		...(opts.additionalData ?? {}),
	}) as unknown as IWorkflowExecuteAdditionalData;
	additionalData.credentialsHelper = new TestCredentialsHelper(loader, opts.credentials ?? {});
	(additionalData as unknown as Record<string, unknown>).evalLlmMockHandler = undefined;
	return { workflow, nodes: built.nodes, additionalData, hooks };
}

export async function runWorkflow(opts: RunOptions): Promise<IRun> {
	const { workflow, nodes, additionalData, hooks } = await buildWorkflow(opts);
	let resolveRun!: (r: IRun) => void;
	const done = new Promise<IRun>((r) => (resolveRun = r));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: nodes[0],
					data: { main: [opts.input ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	return await done;
}

/** Output items of a node's first run (main output 0). */
export function outputOf(run: IRun, nodeName: string, outputIndex = 0): INodeExecutionData[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
	return runs[0].data?.main?.[outputIndex] ?? [];
}

/** The error a node run ended with, if any. */
export function errorOf(run: IRun, nodeName: string) {
	return run.data.resultData.runData[nodeName]?.[0]?.error ?? run.data.resultData.error;
}

/** Stores a buffer as a filesystem-mode binary, as an upstream node (Read File, HTTP Request) would. */
export async function storeBinary(
	data: Buffer,
	meta: { mimeType: string; fileName?: string },
	service?: BinaryDataService,
): Promise<IBinaryData> {
	const svc = service ?? (await defaultBinaryService());
	return await svc.store(
		{ type: 'execution', workflowId: 'test-workflow', executionId: '0' },
		data,
		{ mimeType: meta.mimeType, fileName: meta.fileName, data: '' } as IBinaryData,
	);
}

/** Reads a binary back (filesystem mode or inline). */
export async function readBinary(
	binary: IBinaryData,
	service?: BinaryDataService,
): Promise<Buffer> {
	const svc = service ?? (await defaultBinaryService());
	return await svc.getAsBuffer(binary);
}

/**
 * Runs a node's `testedBy` credential test with n8n-core's real CredentialTestContext, which is
 * what n8n's credentials tester gives such functions.
 */
export async function runCredentialTest(
	nodeType: string,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const loader = await loadPackage();
	const type = loader.getNode(nodeType).type as INodeType;
	const ref = type.description.credentials?.find((c) => c.name === credentialType);
	if (!ref || typeof ref.testedBy !== 'string')
		throw new Error(`${nodeType} does not test ${credentialType}`);
	const fn = type.methods?.credentialTest?.[ref.testedBy] as ICredentialTestFunction | undefined;
	if (!fn) throw new Error(`Missing credentialTest.${ref.testedBy}`);
	// n8n's credentials tester passes base additional data without execution hooks.
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	return await fn.call(context, { id: '1', name: 'test', type: credentialType, data });
}

/**
 * Runs a node's `listSearch` or `loadOptions` method with n8n-core's real LoadOptionsContext (what
 * the editor's "load options" endpoint uses), credentials applied through the `authenticate` block.
 */
export async function runNodeMethod<T = unknown>(opts: {
	type: string;
	kind: 'listSearch' | 'loadOptions';
	method: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	args?: unknown[];
}): Promise<T> {
	const loader = await loadPackage();
	const nodeType = loader.getNode(opts.type).type as INodeType;
	const fn = (
		nodeType.methods?.[opts.kind] as
			| Record<string, (...a: unknown[]) => Promise<unknown>>
			| undefined
	)?.[opts.method];
	if (!fn) throw new Error(`${opts.type} has no ${opts.kind}.${opts.method}`);
	const nodeTypes: INodeTypes = {
		getByName: (t: string) =>
			loader.getNode(t.split('.').pop()!).type as INodeType | IVersionedNodeType,
		getByNameAndVersion: (t: string, v?: number) =>
			NodeHelpers.getVersionedNodeType(loader.getNode(t.split('.').pop()!).type, v),
		getKnownTypes: () => loader.known.nodes,
	};
	const built = buildNodes([{ type: opts.type, parameters: opts.parameters }]);
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: built.nodes,
		connections: {},
		nodeTypes,
		active: false,
	});
	const additionalData = stub<Record<string, unknown>>({
		executionId: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		currentNodeParameters: opts.parameters,
		ssrfBridge: undefined,
		encryptedRunnerIdentity: undefined,
	}) as unknown as IWorkflowExecuteAdditionalData;
	additionalData.credentialsHelper = new TestCredentialsHelper(loader, opts.credentials);
	const context = new LoadOptionsContext(workflow, built.nodes[0], additionalData, 'parameters');
	return (await fn.call(context, ...(opts.args ?? []))) as T;
}

export interface WebhookCallResult {
	/** HTTP status the node answered with (200 unless it wrote its own response). */
	status: number;
	/** What webhook() returned; undefined when it answered the request itself and passed nothing on. */
	result?: IWebhookResponseData;
	/** JSON the node wrote with res.status().json() when it answered itself. */
	body?: unknown;
}

/**
 * Calls the webhook() of the node a waiting execution stopped at, as n8n's waiting-webhook handler
 * does when the execution's resume URL is called: a WebhookContext over the waiting execution's data
 * (the node's input items), with the request body given.
 */
export async function resumeWaitingExecution(opts: {
	run: IRun;
	nodes: WorkflowNodeSpec[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	body: unknown;
	headers?: Record<string, string>;
	/** Called as soon as the node writes its own answer (before webhook() returns). */
	onAnswer?: (status: number, body: unknown) => void;
}): Promise<WebhookCallResult> {
	const built = await buildWorkflow({ nodes: opts.nodes, credentials: opts.credentials });
	const nodeName = opts.run.data.resultData.lastNodeExecuted!;
	const node = built.workflow.getNode(nodeName)!;
	const nodeType = (await loadPackage()).getNode(node.type.split('.').pop()!).type as INodeType;
	const answer: WebhookCallResult = { status: 200 };
	const response = {
		status(code: number) {
			answer.status = code;
			return response;
		},
		json(payload: unknown) {
			answer.body = payload;
			opts.onAnswer?.(answer.status, payload);
			return response;
		},
	};
	built.additionalData.httpRequest = {
		body: opts.body,
		headers: opts.headers ?? {},
		query: {},
		params: {},
	} as never;
	built.additionalData.httpResponse = response as never;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: nodeName,
		path: '',
		webhookDescription: nodeType.description.webhooks![0],
		workflowId: built.workflow.id,
		workflowExecuteAdditionalData: built.additionalData,
	};
	const ctx = new WebhookContext(
		built.workflow,
		node,
		built.additionalData,
		'webhook',
		webhookData,
		[],
		opts.run.data,
	);
	const result = await nodeType.webhook!.call(ctx);
	// with noWebhookResponse the node answered itself (and may still pass workflowData on)
	if (result.noWebhookResponse) return result.workflowData ? { ...answer, result } : answer;
	return { status: 200, result };
}
