/**
 * Real n8n 2.41.1 (`n8n start` on loopback) with the packed package installed as a community
 * package: the node types are registered (with their AI-tool variants) and n8n's own
 * credential-test endpoint runs the nodes' `testedBy` functions against the sandbox.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { NODE_TYPES, PACKAGE_NAME, REPO_DIR, startStack, type Stack } from '../../scripts/n8n/n8n';

interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	credentials?: Array<{ name: string; testedBy?: string }>;
	properties: Array<{ name: string; options?: Array<{ value: string }> }>;
}

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
}, 45 * 60_000);

afterAll(async () => {
	await stack?.stop();
});

describe('n8n loads the community package', () => {
	let nodeTypes: NodeTypeDescription[];

	beforeAll(async () => {
		// the file the editor downloads at start-up (auth-protected static file)
		const res = await stack.n8n.getWithCookie('/types/nodes.json');
		expect(res.status).toBe(200);
		nodeTypes = JSON.parse(res.buffer.toString('utf8')) as NodeTypeDescription[];
	});

	it('registers both nodes under the package name', () => {
		const ours = nodeTypes.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`)).map((t) => t.name);
		expect(ours).toEqual(expect.arrayContaining([NODE_TYPES.elevenLabs, NODE_TYPES.heyGen]));
	});

	it('registers every node listed in package.json "n8n.nodes"', () => {
		const pkg = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[] };
		};
		const names = nodeTypes.map((t) => t.name);
		for (const file of pkg.n8n.nodes) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const mod = require(path.join(REPO_DIR, file)) as Record<string, unknown>;
			// the node class is the export named like the file (HeyGen.node.js → HeyGen)
			const NodeClass = mod[path.basename(file, '.node.js')] as new () => {
				description: { name: string };
			};
			expect(names).toContain(`${PACKAGE_NAME}.${new NodeClass().description.name}`);
		}
	});

	it('registers the AI-tool variants (usableAsTool)', () => {
		const names = nodeTypes.map((t) => t.name);
		expect(names).toEqual(
			expect.arrayContaining([NODE_TYPES.elevenLabsTool, NODE_TYPES.heyGenTool]),
		);
	});

	it('serves full descriptions through POST /rest/node-types', async () => {
		const descriptions = await stack.n8n.rest<NodeTypeDescription[]>('POST', '/node-types', {
			nodeInfos: [
				{ name: NODE_TYPES.elevenLabs, version: 1 },
				{ name: NODE_TYPES.heyGen, version: 1 },
			],
		});
		// n8n returns the descriptions as the package defines them (unprefixed names)
		expect(descriptions.map((d) => d.name)).toEqual(['elevenLabs', 'heyGen']);
		expect(descriptions[0].credentials).toEqual([
			expect.objectContaining({
				name: 'heygenElevenlabsElevenLabsApi',
				testedBy: 'elevenLabsApiTest',
			}),
		]);
		expect(descriptions[1].credentials).toEqual([
			expect.objectContaining({ name: 'heygenElevenlabsHeyGenApi', testedBy: 'heyGenApiTest' }),
		]);
		for (const d of descriptions)
			expect(d.properties.map((p) => p.name)).toEqual(
				expect.arrayContaining(['resource', 'operation']),
			);
	});

	it('registers both credential types', async () => {
		const res = await stack.n8n.getWithCookie('/types/credentials.json');
		const credentialTypes = (
			JSON.parse(res.buffer.toString('utf8')) as Array<{ name: string }>
		).map((c) => c.name);
		expect(credentialTypes).toEqual(
			expect.arrayContaining(['heygenElevenlabsElevenLabsApi', 'heygenElevenlabsHeyGenApi']),
		);
	});
});

describe('credential test through n8n (POST /rest/credentials/test)', () => {
	/** What the editor does on "Retry"/"Save": load the stored (redacted) credential, post it back. */
	async function testStored(id: string): Promise<{ status: string; message: string }> {
		const stored = await stack.n8n.rest<{
			id: string;
			name: string;
			type: string;
			data: Record<string, unknown>;
		}>('GET', `/credentials/${id}?includeData=true`);
		expect(JSON.stringify(stored.data)).not.toContain(stack.sandbox!.info.elevenLabsKey);
		expect(JSON.stringify(stored.data)).not.toContain(stack.sandbox!.info.heyGenKey);
		return await stack.n8n.rest('POST', '/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data },
		});
	}

	it('ElevenLabs: a valid key passes', async () => {
		const result = await testStored(stack.credentials.heygenElevenlabsElevenLabsApi.id);
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	it("ElevenLabs: an invalid key fails with ElevenLabs' message", async () => {
		const bad = await stack.n8n.createCredential(
			'ElevenLabs bad key',
			'heygenElevenlabsElevenLabsApi',
			{
				apiKey: 'sk_not_a_real_key_0000000000000000',
				region: 'custom',
				baseUrl: stack.sandbox!.info.elevenLabsUrl,
			},
		);
		const result = await testStored(bad.id);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/invalid/i);
	});

	it('HeyGen: a valid key passes', async () => {
		const result = await testStored(stack.credentials.heygenElevenlabsHeyGenApi.id);
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	it('HeyGen: an invalid key fails', async () => {
		const bad = await stack.n8n.createCredential('HeyGen bad key', 'heygenElevenlabsHeyGenApi', {
			apiKey: 'hg_not_a_real_key',
			baseUrl: stack.sandbox!.info.heyGenUrl,
		});
		const result = await testStored(bad.id);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/invalid|unauthori[sz]ed|401/i);
	});

	it('an unsaved credential (editor form before saving) is tested too', async () => {
		const result = await stack.n8n.rest<{ status: string }>('POST', '/credentials/test', {
			credentials: {
				id: '',
				name: 'draft',
				type: 'heygenElevenlabsHeyGenApi',
				data: { apiKey: stack.sandbox!.info.heyGenKey, baseUrl: stack.sandbox!.info.heyGenUrl },
			},
		});
		expect(result.status).toBe('OK');
	});
});
