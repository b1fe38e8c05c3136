/**
 * The single-service packages (`npm run pack:split`, scripts/split-packages.ts) in a real n8n, each
 * alone in its own server: installed the way n8n installs community packages, n8n registers its
 * nodes (and only those), its credential passes n8n's credential test, and the example workflow
 * for its service runs one operation end to end against the sandbox: ElevenLabs Text to Speech
 * writes an MP3, HeyGen Generate (and wait) downloads the MP4.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	loadExamples,
	N8nInstance,
	PACKAGE_NAME,
	prepareWorkflow,
	REPO_DIR,
	sandboxPlaceholders,
	startSandboxProcess,
	type ExecutionSummary,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { packSplit, type PackedSplit } from '../../scripts/split-packages';
import { expectSuccess } from './helpers';

const PREFIX = `${PACKAGE_NAME}.`;
let packDir: string;
let packed: PackedSplit[];

beforeAll(() => {
	packDir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-split-'));
	packed = packSplit(packDir);
});

afterAll(() => {
	if (packDir) rmSync(packDir, { recursive: true, force: true });
});

interface Case {
	name: string;
	credentialType: 'heygenElevenlabsElevenLabsApi' | 'heygenElevenlabsHeyGenApi';
	/** The node names (description.name) of the combined package this service's examples use. */
	nodes: string[];
	mimeType: string;
	checkFile(bytes: Buffer): void;
}

const isMp3 = (b: Buffer) =>
	(b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0);

const CASES: Case[] = [
	{
		name: 'n8n-nodes-elevenlabs-tts',
		credentialType: 'heygenElevenlabsElevenLabsApi',
		nodes: ['elevenLabs'],
		mimeType: 'audio/mpeg',
		checkFile: (bytes) => expect(isMp3(bytes)).toBe(true),
	},
	{
		name: 'n8n-nodes-heygen-avatar-video',
		credentialType: 'heygenElevenlabsHeyGenApi',
		nodes: ['heyGen', 'heyGenTrigger'],
		mimeType: 'video/mp4',
		checkFile: (bytes) =>
			expect(
				bytes.equals(
					readFileSync(path.join(REPO_DIR, 'test', 'fixtures', 'media', 'video_9x16.mp4')),
				),
			).toBe(true),
	},
];

/** The first example (by file name) with a manual trigger whose nodes of ours are all this service's. */
function exampleFor(c: Case): { file: string; workflow: WorkflowJson } {
	const found = loadExamples().find(({ workflow }) => {
		const ours = workflow.nodes.filter((n) => n.type.startsWith(PREFIX));
		return (
			ours.length > 0 &&
			ours.every((n) => c.nodes.includes(n.type.slice(PREFIX.length))) &&
			workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')
		);
	});
	if (!found) throw new Error(`no example in examples/ uses only ${c.nodes.join(', ')}`);
	// the same workflow with the single-service package's node types
	const text = JSON.stringify(found.workflow).split(`"${PREFIX}`).join(`"${c.name}.`);
	return { file: found.file, workflow: JSON.parse(text) as WorkflowJson };
}

describe.each(CASES)('$name alone in n8n', (c) => {
	let n8n: N8nInstance;
	let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
	let workDir: string;
	let filesDir: string;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		const pkg = packed.find((p) => p.name === c.name);
		if (!pkg) throw new Error(`npm run pack:split made no ${c.name}`);
		workDir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
		filesDir = path.join(workDir, 'n8n-files');
		mkdirSync(filesDir, { recursive: true });
		sandbox = await startSandboxProcess(workDir);
		n8n = await N8nInstance.start({
			workDir,
			packages: [{ tgz: pkg.tgz, name: pkg.name }],
			env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir },
		});
		const info = sandbox.info;
		credential = await n8n.createCredential(
			c.credentialType === 'heygenElevenlabsHeyGenApi' ? 'HeyGen account' : 'ElevenLabs account',
			c.credentialType,
			c.credentialType === 'heygenElevenlabsHeyGenApi'
				? { apiKey: info.heyGenKey, baseUrl: info.heyGenUrl }
				: { apiKey: info.elevenLabsKey, region: 'custom', baseUrl: info.elevenLabsUrl },
		);
	}, 45 * 60_000);

	afterAll(async () => {
		await Promise.all([n8n?.stop(), sandbox?.process.stop()]);
		if (workDir && !process.env.N8N_E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
	});

	it("n8n registers the package's nodes and credential, and nothing of the other service", async () => {
		const nodes = (
			JSON.parse((await n8n.getWithCookie('/types/nodes.json')).buffer.toString('utf8')) as Array<{
				name: string;
			}>
		).map((n) => n.name);
		const ours = nodes.filter((n) => n.startsWith(`${c.name}.`));
		const expected = packed.find((p) => p.name === c.name)!.nodeTypes;
		expect(ours.filter((n) => !n.endsWith('Tool')).sort()).toEqual([...expected].sort());
		expect(nodes.filter((n) => n.startsWith(PREFIX))).toEqual([]);
		const credentials = (
			JSON.parse(
				(await n8n.getWithCookie('/types/credentials.json')).buffer.toString('utf8'),
			) as Array<{ name: string }>
		).map((x) => x.name);
		expect(credentials).toContain(c.credentialType);
		const other = CASES.find((x) => x !== c)!.credentialType;
		expect(credentials).not.toContain(other);
	});

	it("the credential passes n8n's credential test", async () => {
		const stored = await n8n.rest<{
			id: string;
			name: string;
			type: string;
			data: Record<string, unknown>;
		}>('GET', `/credentials/${credential.id}?includeData=true`);
		const result = await n8n.rest<{ status: string }>('POST', '/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data },
		});
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	it("the service's example runs one operation end to end", async () => {
		const { workflow } = exampleFor(c);
		const prepared = prepareWorkflow(workflow, await sandboxPlaceholders(sandbox.info), filesDir);
		const { id } = await n8n.createWorkflow(prepared, { [c.credentialType]: credential });
		const trigger = prepared.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
		const execution: ExecutionSummary = await n8n.waitForExecution(
			await n8n.runManually(id, trigger.name),
			{ timeoutMs: 5 * 60_000 },
		);
		expectSuccess(execution);
		// the file our node produced, read back from n8n's binary store
		const produced = Object.entries(execution.data!.resultData.runData).flatMap(([name, runs]) => {
			const node = prepared.nodes.find((n) => n.name === name)!;
			if (!node.type.startsWith(`${c.name}.`)) return [];
			return (runs[runs.length - 1].data?.main[0] ?? []).flatMap((item) =>
				Object.values(item.binary ?? {}).filter((b) => b.mimeType === c.mimeType),
			);
		});
		expect(produced).toHaveLength(1);
		c.checkFile(await n8n.readBinary(produced[0]));
	});
});
