/**
 * Our package beside the official ones in one real n8n (issue #16, item 1): n8n keys credential
 * types by bare name, and HeyGen's official package (@heygenofficial/n8n-nodes-heygen-official)
 * registers `heyGenApi` (field apiKey) while ElevenLabs' (@elevenlabs/n8n-nodes-elevenlabs)
 * registers `elevenLabsApi` (field xiApiKey). Ours are `heygenElevenlabsHeyGenApi` and
 * `heygenElevenlabsElevenLabsApi`, so all four must load side by side, keep their own forms, and
 * each node must send its own credential's key.
 *
 * Installed together in <userFolder>/.n8n/nodes, as n8n's community-packages service installs
 * packages: ours (the packed build), the official HeyGen package from the npm registry, and a
 * stand-in for the ElevenLabs one (test/fixtures/standin-elevenlabs-package: credential
 * `elevenLabsApi` with `xiApiKey`, one node making an authenticated GET).
 *
 * The official HeyGen node calls the hard-coded https://api.heygen.com; offline, n8n is started
 * with a preload that sends TLS connections for api.heygen.com:443 to a local HTTPS server (a
 * certificate for api.heygen.com from a throwaway CA that n8n trusts through NODE_EXTRA_CA_CERTS),
 * which forwards to the sandbox's HeyGen API (scripts/n8n/tls-redirect.ts). Nodes run in the
 * main n8n process, which has the preload (regular mode: WorkflowRunner.runMainProcess); the
 * task-runner child gets an environment of its own, without NODE_OPTIONS, and runs only Code-node
 * scripts. The sandbox runs in this process, so its request log shows the key each request
 * carried. The official package's credential and the stand-in's use keys of their own, different
 * from ours, so a request made with another type's credential (or an empty one) cannot pass
 * unnoticed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	installCommunityPackage,
	type InstalledCommunityPackage,
} from '../../scripts/n8n/extra-packages';
import {
	installPackage,
	NODE_TYPES,
	REPO_DIR,
	startStack,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
} from '../../scripts/n8n/n8n';
import { startTlsRedirect, type TlsRedirect } from '../../scripts/n8n/tls-redirect';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY, startSandbox, type Sandbox } from '../sandbox';
import type { LoggedRequest } from '../sandbox/server';
import { expectSuccess, nodeOutput } from './helpers';

const OFFICIAL_HEYGEN_SPEC = '@heygenofficial/n8n-nodes-heygen-official@0.1.9';
const OFFICIAL_HEYGEN_NODE = '@heygenofficial/n8n-nodes-heygen-official.heygenNode';
const STANDIN_DIR = path.join(REPO_DIR, 'test', 'fixtures', 'standin-elevenlabs-package');
const STANDIN_NODE = 'n8n-nodes-standin-elevenlabs.standinElevenLabs';
const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** Keys of the other packages' credentials: valid in the sandbox, different from ours. */
const OFFICIAL_HEYGEN_KEY = 'hg_official_package_key_4b1d';
const STANDIN_ELEVENLABS_KEY = 'sk_standin_package_key_7c2e';

let sandbox: Sandbox;
let redirect: TlsRedirect;
let stack: Stack;
let official: InstalledCommunityPackage;
let standin: InstalledCommunityPackage;
const theirs: Record<'heyGenApi' | 'elevenLabsApi', { id: string; name: string }> = {
	heyGenApi: { id: '', name: '' },
	elevenLabsApi: { id: '', name: '' },
};

beforeAll(async () => {
	const workDir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-coexist-'));
	sandbox = await startSandbox();
	sandbox.heygen.keys.set(OFFICIAL_HEYGEN_KEY, {});
	sandbox.elevenlabs.keys.set(STANDIN_ELEVENLABS_KEY, { region: 'default' });
	redirect = await startTlsRedirect({
		hostname: 'api.heygen.com',
		target: sandbox.heyGenUrl,
		dir: path.join(workDir, 'tls'),
	});

	// ours first (it writes nodes/package.json), then the others, all before n8n starts
	const userFolder = path.join(workDir, 'user');
	await installPackage(userFolder, workDir);
	official = await installCommunityPackage(userFolder, OFFICIAL_HEYGEN_SPEC);
	standin = await installCommunityPackage(userFolder, STANDIN_DIR);

	stack = await startStack({
		workDir,
		skipPackageInstall: true,
		externalSandbox: {
			baseUrl: sandbox.baseUrl,
			elevenLabsUrl: sandbox.elevenLabsUrl,
			heyGenUrl: sandbox.heyGenUrl,
			elevenLabsKey: SANDBOX_ELEVENLABS_KEY,
			heyGenKey: SANDBOX_HEYGEN_KEY,
		},
		env: redirect.env,
	});
	theirs.heyGenApi = await stack.n8n.createCredential('HeyGen (official package)', 'heyGenApi', {
		apiKey: OFFICIAL_HEYGEN_KEY,
	});
	theirs.elevenLabsApi = await stack.n8n.createCredential(
		'ElevenLabs (stand-in package)',
		'elevenLabsApi',
		{ xiApiKey: STANDIN_ELEVENLABS_KEY },
	);
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
	await redirect?.stop();
	await sandbox?.stop();
});

const CREDENTIAL_TYPES = [
	'heygenElevenlabsElevenLabsApi',
	'heygenElevenlabsHeyGenApi',
	'heyGenApi',
	'elevenLabsApi',
] as const;

/** Field names a package's credential class defines, read from its files. */
function ownFields(packageDir: string, files: string[] | undefined, typeName: string): string[] {
	for (const file of files ?? []) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(path.join(packageDir, file)) as Record<string, unknown>;
		for (const exported of Object.values(mod)) {
			if (typeof exported !== 'function') continue;
			const credential = new (exported as new () => {
				name: string;
				properties: Array<{ name: string }>;
			})();
			if (credential.name === typeName) return credential.properties.map((p) => p.name);
		}
	}
	throw new Error(`no credential type ${typeName} in ${packageDir}`);
}

/**
 * Each type's form as n8n serves it holds the fields its own package defines, plus only what n8n
 * adds to every credential type alike (2.41: the allowed-domains settings), never another type's.
 */
function expectOwnForms(forms: Record<string, string[]>): void {
	const ours = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
		n8n: { credentials: string[] };
	};
	const own: Record<string, string[]> = {
		heygenElevenlabsElevenLabsApi: ownFields(
			REPO_DIR,
			ours.n8n.credentials,
			'heygenElevenlabsElevenLabsApi',
		),
		heygenElevenlabsHeyGenApi: ownFields(
			REPO_DIR,
			ours.n8n.credentials,
			'heygenElevenlabsHeyGenApi',
		),
		heyGenApi: ownFields(official.dir, official.n8n.credentials, 'heyGenApi'),
		elevenLabsApi: ownFields(standin.dir, standin.n8n.credentials, 'elevenLabsApi'),
	};
	// the names and fields issue #16 describes for the official packages
	expect(own.heyGenApi).toEqual(['apiKey']);
	expect(own.elevenLabsApi).toEqual(['xiApiKey']);
	expect(own.heygenElevenlabsHeyGenApi).toEqual(expect.arrayContaining(['apiKey', 'baseUrl']));
	expect(own.heygenElevenlabsElevenLabsApi).toEqual(
		expect.arrayContaining(['apiKey', 'region', 'baseUrl']),
	);

	const added: Record<string, string[]> = {};
	for (const name of CREDENTIAL_TYPES) {
		expect({ name, fields: forms[name] }).toEqual({
			name,
			fields: expect.arrayContaining(own[name]),
		});
		added[name] = forms[name].filter((f) => !own[name].includes(f)).sort();
	}
	expect(added.heyGenApi).not.toContain('xiApiKey');
	expect(added.elevenLabsApi).not.toContain('apiKey');
	for (const name of CREDENTIAL_TYPES)
		expect({ name, added: added[name] }).toEqual({ name, added: added.heyGenApi });
	const everyOwnField = new Set(Object.values(own).flat());
	expect(added.heyGenApi.filter((f) => everyOwnField.has(f))).toEqual([]);
}

/** Runs a workflow from its manual trigger; returns the execution and the sandbox requests it made. */
async function runAndLog(
	workflow: WorkflowJson,
): Promise<{ execution: ExecutionSummary; requests: LoggedRequest[] }> {
	const created = await stack.n8n.createWorkflow(workflow);
	const before = sandbox.server.log.length;
	const executionId = await stack.n8n.runManually(created.id, 'Start');
	const execution = await stack.n8n.waitForExecution(executionId);
	return { execution, requests: sandbox.server.log.slice(before) };
}

const trigger = {
	name: 'Start',
	type: MANUAL_TRIGGER,
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('three packages in one n8n', () => {
	it('installs them as n8n would, into <userFolder>/.n8n/nodes/node_modules', () => {
		expect(official).toEqual(
			expect.objectContaining({
				name: '@heygenofficial/n8n-nodes-heygen-official',
				version: '0.1.9',
			}),
		);
		expect(standin).toEqual(
			expect.objectContaining({ name: 'n8n-nodes-standin-elevenlabs', version: '0.0.1' }),
		);
	});

	it('registers the nodes of all three', async () => {
		const res = await stack.n8n.getWithCookie('/types/nodes.json');
		expect(res.status).toBe(200);
		const names = (JSON.parse(res.buffer.toString('utf8')) as Array<{ name: string }>).map(
			(t) => t.name,
		);
		expect(names).toEqual(
			expect.arrayContaining([
				NODE_TYPES.elevenLabs,
				NODE_TYPES.heyGen,
				OFFICIAL_HEYGEN_NODE,
				STANDIN_NODE,
			]),
		);
	});

	it('lists four distinct credential types, each with its own form', async () => {
		const res = await stack.n8n.getWithCookie('/types/credentials.json');
		expect(res.status).toBe(200);
		const types = JSON.parse(res.buffer.toString('utf8')) as Array<{
			name: string;
			properties: Array<{ name: string }>;
		}>;
		const forms = Object.fromEntries(
			CREDENTIAL_TYPES.map((name) => {
				const matching = types.filter((t) => t.name === name);
				// one registration per name: none of the four replaced another
				expect(matching).toHaveLength(1);
				return [name, matching[0].properties.map((p) => p.name)];
			}),
		);
		expectOwnForms(forms);
	});

	it("serves each type's own form through the public API's credential schema", async () => {
		const forms: Record<string, string[]> = {};
		for (const name of CREDENTIAL_TYPES) {
			const schema = await stack.n8n.api<{ properties: Record<string, unknown> }>(
				'GET',
				`/credentials/schema/${name}`,
			);
			forms[name] = Object.keys(schema.properties);
		}
		expectOwnForms(forms);
	});

	it('stores four credentials, one of each type', async () => {
		const stored = await stack.n8n.rest<Array<{ id: string; type: string }>>('GET', '/credentials');
		const byId = new Map(stored.map((c) => [c.id, c.type]));
		expect(byId.get(stack.credentials.heygenElevenlabsElevenLabsApi.id)).toBe(
			'heygenElevenlabsElevenLabsApi',
		);
		expect(byId.get(stack.credentials.heygenElevenlabsHeyGenApi.id)).toBe(
			'heygenElevenlabsHeyGenApi',
		);
		expect(byId.get(theirs.heyGenApi.id)).toBe('heyGenApi');
		expect(byId.get(theirs.elevenLabsApi.id)).toBe('elevenLabsApi');
	});
});

describe('each node sends its own key', () => {
	const headerOf = (r: LoggedRequest, name: string) => r.headers[name];

	it('ours: ElevenLabs → User → Get Subscription, then HeyGen → User → Get', async () => {
		const { execution, requests } = await runAndLog({
			name: 'Coexistence: our nodes',
			nodes: [
				trigger,
				{
					name: 'Our ElevenLabs',
					type: NODE_TYPES.elevenLabs,
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'user', operation: 'getSubscription' },
					credentials: {
						heygenElevenlabsElevenLabsApi: stack.credentials.heygenElevenlabsElevenLabsApi,
					},
				},
				{
					name: 'Our HeyGen',
					type: NODE_TYPES.heyGen,
					typeVersion: 1,
					position: [440, 0],
					parameters: { resource: 'user', operation: 'get' },
					credentials: { heygenElevenlabsHeyGenApi: stack.credentials.heygenElevenlabsHeyGenApi },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Our ElevenLabs', type: 'main', index: 0 }]] },
				'Our ElevenLabs': { main: [[{ node: 'Our HeyGen', type: 'main', index: 0 }]] },
			},
		});
		expectSuccess(execution);
		expect(nodeOutput(execution, 'Our ElevenLabs')[0].json).toEqual(
			expect.objectContaining({ tier: 'creator', character_limit: 100000 }),
		);
		expect(nodeOutput(execution, 'Our HeyGen')[0].json).toEqual(
			expect.objectContaining({ username: 'sandbox', billing_type: 'wallet' }),
		);

		const elevenLabs = requests.filter((r) => r.service === 'elevenlabs');
		const heyGen = requests.filter((r) => r.service === 'heygen');
		expect(elevenLabs.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/user/subscription']);
		expect(heyGen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/users/me']);
		expect(headerOf(elevenLabs[0], 'xi-api-key')).toBe(SANDBOX_ELEVENLABS_KEY);
		expect(headerOf(elevenLabs[0], 'x-api-key')).toBeUndefined();
		expect(headerOf(heyGen[0], 'x-api-key')).toBe(SANDBOX_HEYGEN_KEY);
		expect(headerOf(heyGen[0], 'xi-api-key')).toBeUndefined();
		expect(elevenLabs.concat(heyGen).map((r) => r.status)).toEqual([200, 200]);
	});

	it("theirs: the official HeyGen node (List Voices) against api.heygen.com, then the stand-in's GET", async () => {
		const redirectedBefore = redirect.requests.length;
		const { execution, requests } = await runAndLog({
			name: 'Coexistence: official HeyGen + stand-in ElevenLabs',
			nodes: [
				trigger,
				{
					name: 'Official HeyGen',
					type: OFFICIAL_HEYGEN_NODE,
					typeVersion: 1,
					position: [220, 0],
					// its default is OAuth2; the API key credential is heyGenApi
					parameters: { authentication: 'apiKey', resource: 'list', operation: 'listVoices' },
					credentials: { heyGenApi: theirs.heyGenApi },
				},
				{
					name: 'Stand-in ElevenLabs',
					type: STANDIN_NODE,
					typeVersion: 1,
					position: [440, 0],
					parameters: { url: `${sandbox.elevenLabsUrl}/v1/user/subscription` },
					credentials: { elevenLabsApi: theirs.elevenLabsApi },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Official HeyGen', type: 'main', index: 0 }]] },
				'Official HeyGen': { main: [[{ node: 'Stand-in ElevenLabs', type: 'main', index: 0 }]] },
			},
		});
		expectSuccess(execution);
		const voices = nodeOutput(execution, 'Official HeyGen')[0].json as {
			data: Array<{ voice_id: string }>;
		};
		expect(voices.data.length).toBeGreaterThan(0);
		expect(voices.data[0].voice_id).toEqual(expect.any(String));
		expect(nodeOutput(execution, 'Stand-in ElevenLabs')[0].json).toEqual(
			expect.objectContaining({ tier: 'creator', character_limit: 100000 }),
		);

		// the official node really called https://api.heygen.com (TLS with SNI api.heygen.com, a
		// certificate for that name), which the preload sent to the local server
		const redirected = redirect.requests.slice(redirectedBefore);
		expect(
			redirected.map(
				(r) => `${r.servername} ${r.headers.host} ${r.method} ${r.path.split('?')[0]}`,
			),
		).toEqual(['api.heygen.com api.heygen.com GET /v3/voices']);

		const heyGen = requests.filter((r) => r.service === 'heygen');
		const elevenLabs = requests.filter((r) => r.service === 'elevenlabs');
		expect(heyGen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v3/voices']);
		expect(heyGen[0].query).toEqual(
			expect.objectContaining({ type: 'public', engine: 'starfish' }),
		);
		expect(elevenLabs.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/user/subscription']);
		expect(headerOf(heyGen[0], 'x-api-key')).toBe(OFFICIAL_HEYGEN_KEY);
		expect(headerOf(heyGen[0], 'xi-api-key')).toBeUndefined();
		expect(headerOf(elevenLabs[0], 'xi-api-key')).toBe(STANDIN_ELEVENLABS_KEY);
		expect(headerOf(elevenLabs[0], 'x-api-key')).toBeUndefined();
		expect(heyGen.concat(elevenLabs).map((r) => r.status)).toEqual([200, 200]);
	});
});
