/**
 * examples/heygen-generate-and-wait.json: its HeyGen node, run in-process against the sandbox
 * with the Set node's fields as input, produces the downloaded 9:16 video and subtitles.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { readBinary } from '../harness';
import { renderedVideo } from '../sandbox/media';
import { expectValid, FAST_WAIT, out, runHeyGen, startHeyGenSandbox } from './setup';

const box = startHeyGenSandbox();
const file = path.resolve(__dirname, '../../examples/heygen-generate-and-wait.json');
const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
	nodes: Array<{ name: string; type: string; parameters: INodeParameters; credentials?: unknown }>;
	connections: Record<string, unknown>;
};

it('is Manual Trigger → Set → HeyGen (Generate + Wait + Download) with sticky notes and the HeyGen credential', () => {
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
		options: { aspectRatio: '9:16' },
	});
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
	fields.avatarId = sandbox.heygen.looks[0].id;
	fields.voiceId = sandbox.heygen.voices[0].voice_id;
	const parameters = {
		...heygen.parameters,
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
		voice_id: fields.voiceId,
		caption: { file_format: 'srt' },
	});
	expect((await readBinary(item.binary!.data)).equals(renderedVideo('9:16', 'mp4').body)).toBe(
		true,
	);
	expect((await readBinary(item.binary!.subtitles)).toString()).toContain('vertical video');
});
