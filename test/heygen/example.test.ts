/**
 * examples/heygen-generate-and-wait.json: its HeyGen node, run in-process against the sandbox
 * with the Set node's fields as input and its empty pickers set to a sandbox look and voice (what
 * a user picks), produces the downloaded 9:16 video and subtitles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INode, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { withPicked } from '../../scripts/n8n/n8n';
import { loadPackage, readBinary } from '../harness';
import { renderedVideo } from '../sandbox/media';
import { expectValid, FAST_WAIT, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();
const file = path.resolve(__dirname, '../../examples/heygen-generate-and-wait.json');
const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
	nodes: Array<{ name: string; type: string; parameters: INodeParameters; credentials?: unknown }>;
	connections: Record<string, unknown>;
};

it('is Manual Trigger → Set → HeyGen (Generate + Wait + Download) with sticky notes, the HeyGen credential and empty pickers', () => {
	const types = workflow.nodes.map((n) => n.type);
	expect(types).toEqual(
		expect.arrayContaining([
			'n8n-nodes-base.manualTrigger',
			'n8n-nodes-base.set',
			'n8n-nodes-heygen-elevenlabs.heyGen',
			'n8n-nodes-base.stickyNote',
		]),
	);
	const heygen = workflow.nodes.find((n) => n.type === 'n8n-nodes-heygen-elevenlabs.heyGen')!;
	expect(heygen.credentials).toEqual({
		heygenElevenlabsHeyGenApi: { id: 'heyGenCred000001', name: 'HeyGen account' },
	});
	expect(heygen.parameters).toMatchObject({
		operation: 'generate',
		voiceSource: 'script',
		waitForCompletion: 'poll',
		download: true,
		aspectRatio: '9:16',
		// for the user to pick: "From list", nothing chosen (n8n flags the required Avatar Look)
		avatarId: { __rl: true, mode: 'list', value: '' },
		voiceId: { __rl: true, mode: 'list', value: '' },
	});
	expect(JSON.stringify(workflow.nodes)).not.toMatch(/REPLACE_WITH/);
});

it('runs against the sandbox and downloads the vertical video and its subtitles', async () => {
	const sandbox = box.get();
	const heygen = workflow.nodes.find((n) => n.type === 'n8n-nodes-heygen-elevenlabs.heyGen')!;
	const setNode = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.set')!;
	const fields = Object.fromEntries(
		(
			setNode.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
		).assignments.map((a) => [a.name, a.value]),
	);
	const voiceId = sandbox.heygen.voices[0].voice_id;
	const parameters = {
		...withPicked(heygen.parameters, { avatarId: sandbox.heygen.looks[0].id, voiceId }),
		waitOptions: { ...(heygen.parameters.waitOptions as object), ...FAST_WAIT },
	} as INodeParameters;
	const run = await runHeyGen(sandbox, parameters, [{ json: fields }]);
	const [item] = out(run);
	expect(item.json).toMatchObject({ status: 'completed', title: 'n8n vertical avatar video' });
	const sent = sandbox.server.requests('heygen', 'POST', '/v3/videos').pop()!.json;
	expectValid('VideoCreate', 'request', sent);
	expect(sent).toMatchObject({
		aspect_ratio: '9:16',
		script: fields.script,
		avatar_id: sandbox.heygen.looks[0].id,
		voice_id: voiceId,
		caption: { file_format: 'srt' },
	});
	expect((await readBinary(item.binary!.data)).equals(renderedVideo('9:16', 'mp4').body)).toBe(
		true,
	);
	expect((await readBinary(item.binary!.subtitles)).toString()).toContain('vertical video');
});

describe('every example in examples/', () => {
	const dir = path.resolve(__dirname, '../../examples');
	const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
	const PREFIX = 'n8n-nodes-heygen-elevenlabs.';
	/** What a user picks in the empty pickers (any valid ID). */
	const PICKED: Record<string, string> = {
		voice: '21m00Tcm4TlvDq8ikWAM',
		avatarId: 'look_picked_by_the_user',
		voiceId: 'voice_picked_by_the_user',
	};

	/** The issues n8n finds in a node of ours before it runs a workflow (n8n-core's checkReadyForExecution). */
	async function issuesOf(node: INode): Promise<string[]> {
		const loader = await loadPackage();
		const type = loader.getNode(node.type.slice(PREFIX.length)).type as INodeType;
		const { properties } = type.description;
		const parameters = NodeHelpers.getNodeParameters(
			properties,
			node.parameters,
			true,
			false,
			node,
			type.description,
		)!;
		const issues = NodeHelpers.getNodeParametersIssues(
			properties,
			{ ...node, parameters },
			type.description,
		);
		return Object.entries(issues?.parameters ?? {}).flatMap(([name, list]) =>
			list.map((issue) => `${name}: ${issue}`),
		);
	}

	it.each(files)(
		'%s: our nodes use only their own parameters; no placeholder IDs; with its pickers set, n8n finds no issue',
		async (file) => {
			const wf = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: INode[] };
			const loader = await loadPackage();
			for (const node of wf.nodes.filter((n) => n.type.startsWith(PREFIX))) {
				const type = loader.getNode(node.type.slice(PREFIX.length)).type as INodeType;
				const names = new Set(type.description.properties.map((p) => p.name));
				expect(Object.keys(node.parameters).filter((k) => !names.has(k))).toEqual([]);
				expect(JSON.stringify(node.parameters)).not.toMatch(/REPLACE_WITH|YOUR_/);
				const picked = { ...node, parameters: withPicked(node.parameters, PICKED) };
				expect({ node: node.name, issues: await issuesOf(picked) }).toEqual({
					node: node.name,
					issues: [],
				});
			}
		},
	);

	it('the starter as shipped: n8n flags exactly its empty Voice and Avatar Look pickers', async () => {
		const wf = JSON.parse(
			readFileSync(path.join(dir, 'heygen-elevenlabs-starter.json'), 'utf8'),
		) as { nodes: INode[] };
		const flagged: Record<string, string[]> = {};
		for (const node of wf.nodes.filter((n) => n.type.startsWith(PREFIX))) {
			const issues = await issuesOf(node);
			if (issues.length) flagged[node.name] = issues;
		}
		expect(flagged).toEqual({
			'Text to Speech': ['voice: Parameter "Voice" is required.'],
			'Generate Video (9:16)': ['avatarId: Parameter "Avatar Look" is required.'],
		});
	});
});
