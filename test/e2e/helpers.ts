/**
 * What the real-n8n suites read back from an execution, a runner for a chain of nodes, and the
 * 20-row batch example both the examples suite and the queue-mode suite run (same rows, same
 * expected results).
 */
import { randomUUID } from 'node:crypto';

import {
	describeErrors,
	NODE_TYPES,
	nodeItems,
	type ExecutionSummary,
	type Stack,
	type WorkflowJson,
	type WorkflowNode,
} from '../../scripts/n8n/n8n';

/** Items a node produced in its last run (main output 0); fails when the node did not run. */
export function nodeOutput(execution: ExecutionSummary, nodeName: string) {
	if (!execution.data?.resultData.runData[nodeName]?.length) {
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(execution.data?.resultData.runData ?? {}).join(', ')}`,
		);
	}
	return nodeItems(execution, nodeName);
}

export function expectSuccess(execution: ExecutionSummary): void {
	if (execution.status !== 'success')
		throw new Error(`execution ${execution.id} ${execution.status}: ${describeErrors(execution)}`);
	expect(execution.finished).toBe(true);
}

/** One node of a chain: name, type and parameters (typeVersion 1). */
export type ChainStep = [name: string, type: string, parameters: Record<string, unknown>];

/**
 * A manual trigger named `trigger` → the steps, each connected to the next: imports the workflow
 * (ElevenLabs nodes get the stack's credential by name), runs it like the editor's "Execute workflow"
 * and returns the execution once it succeeded.
 */
export async function runChain(
	stack: Stack,
	name: string,
	steps: ChainStep[],
	trigger = 'Manual',
): Promise<ExecutionSummary> {
	const nodes = [[trigger, 'n8n-nodes-base.manualTrigger', {}] as ChainStep, ...steps].map(
		([nodeName, type, parameters], k): WorkflowNode => ({
			id: randomUUID(),
			name: nodeName,
			type,
			typeVersion: 1,
			position: [k * 220, 0],
			parameters,
			...(type === NODE_TYPES.elevenLabs
				? {
						credentials: {
							heygenElevenlabsElevenLabsApi: { id: 'placeholder', name: 'ElevenLabs account' },
						},
					}
				: {}),
		}),
	);
	const connections: Record<string, unknown> = {};
	for (let k = 0; k < nodes.length - 1; k++)
		connections[nodes[k].name] = { main: [[{ node: nodes[k + 1].name, type: 'main', index: 0 }]] };
	const workflow: WorkflowJson = { name, nodes, connections, settings: { executionOrder: 'v1' } };
	const { id } = await stack.importWorkflow(workflow);
	const execution = await stack.n8n.waitForExecution(await stack.n8n.runManually(id, trigger));
	expectSuccess(execution);
	return execution;
}

export const BATCH_EXAMPLE = 'heygen-elevenlabs-batch-videos-from-rows.json';

/**
 * The batch example with a voice and an avatar look per row, set up as its sticky note says:
 * Text to Speech → Voice *By ID* `{{ $json.voiceId }}`, Generate Video → Avatar Look *By ID*
 * `{{ $('Rows').item.json.avatarId }}` (the rows then carry those columns, see batchRows).
 */
export function perRowVariant(workflow: WorkflowJson): void {
	const node = (name: string) => {
		const found = workflow.nodes.find((n) => n.name === name);
		if (!found) throw new Error(`the batch example has no node "${name}"`);
		return found;
	};
	node('Text to Speech').parameters.voice = {
		__rl: true,
		mode: 'id',
		value: '={{ $json.voiceId }}',
	};
	node('Generate Video (9:16)').parameters.avatarId = {
		__rl: true,
		mode: 'id',
		value: "={{ $('Rows').item.json.avatarId }}",
	};
}

/**
 * 20 rows for the batch example (per-row variant), each with the given ElevenLabs voice and
 * HeyGen look, except: row 5 has an empty script, row 12 an unknown ElevenLabs voice, row 18 an
 * unknown HeyGen look.
 */
export function batchRows(ids: {
	voiceId: string;
	avatarId: string;
}): Array<Record<string, unknown>> {
	return Array.from({ length: 20 }, (_, i) => {
		const row: Record<string, unknown> = {
			title: `Video ${i + 1}`,
			script: `This is video number ${i + 1} of the batch.`,
			voiceId: ids.voiceId,
			avatarId: ids.avatarId,
		};
		if (i === 4) row.script = '   ';
		if (i === 11) row.voiceId = 'ZZZZZZZZZZZZZZZZZZZZ';
		if (i === 17) row.avatarId = 'no_such_look';
		return row;
	});
}

/** The voice and look the stack's placeholders give (sandbox IDs), for batchRows. */
export function batchIds(stack: Stack): { voiceId: string; avatarId: string } {
	return {
		voiceId: stack.placeholders.REPLACE_WITH_ELEVENLABS_VOICE_ID,
		avatarId: stack.placeholders.REPLACE_WITH_AVATAR_LOOK_ID,
	};
}

const FAILED_ROWS = [4, 11, 17];

/**
 * The webhook's answer to the 20-row batch, given before any render finished: one line per row,
 * 17 `rendering` with their video ID and watch link, 3 `failed` with the step and the message.
 */
export function expectBatchAnswer(response: { status: number; json?: unknown }) {
	expect(response.status).toBe(200);
	const lines = response.json as Array<Record<string, unknown>>;
	expect(lines.map((l) => l.row)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	expect(lines.flatMap((l, i) => (l.status === 'failed' ? [i] : []))).toEqual(FAILED_ROWS);
	expect(lines.map((l) => l.failedAt).filter(Boolean)).toEqual([
		'Text to Speech',
		'Text to Speech',
		'Generate Video (9:16)',
	]);
	const rendering = lines.filter((l) => l.status === 'rendering');
	expect(rendering).toHaveLength(17);
	for (const line of rendering) {
		expect(line.video_id).toEqual(expect.any(String));
		expect(line.video_page_url).toBe(`https://app.heygen.com/videos/${String(line.video_id)}`);
	}
	return lines;
}

/**
 * The batch ran through with Continue On Fail: every step keeps one item per row, paired with it;
 * 17 videos and 3 error items in row order; the early answer's video IDs are the videos that
 * finished; Write MP4s got the 17 finished rows. Returns the 17 finished results (their binaries
 * are checked by the caller).
 */
export function expectBatchResults(
	execution: ExecutionSummary,
	rows: Array<Record<string, unknown>>,
	answer: Array<Record<string, unknown>>,
) {
	for (const step of [
		'Text to Speech',
		'Upload Voice-over',
		'Generate Video (9:16)',
		'Wait for Video',
		'Results',
	]) {
		const out = nodeOutput(execution, step);
		expect(out).toHaveLength(20);
		expect(out.map((o) => o.pairedItem)).toEqual(rows.map((_, i) => ({ item: i })));
	}
	const waited = nodeOutput(execution, 'Wait for Video');
	expect(waited.filter((o) => o.binary?.data)).toHaveLength(17);
	expect(waited.filter((o) => o.json.error)).toHaveLength(3);

	const results = nodeOutput(execution, 'Results');
	expect(results.map((r) => r.json.row)).toEqual(rows.map((_, i) => i + 1));
	expect(results.map((r) => r.json.title)).toEqual(rows.map((r) => r.title));
	expect(results.flatMap((r, i) => (r.json.status === 'failed' ? [i] : []))).toEqual(FAILED_ROWS);
	expect(results[4].json).toEqual(
		expect.objectContaining({ failedAt: 'Text to Speech', error: expect.stringMatching(/empty/i) }),
	);
	expect(results[11].json).toEqual(
		expect.objectContaining({ failedAt: 'Text to Speech', error: expect.stringMatching(/voice/i) }),
	);
	expect(results[17].json).toEqual(
		expect.objectContaining({
			failedAt: 'Generate Video (9:16)',
			error: expect.stringMatching(/avatar|look|not found/i),
		}),
	);

	const done = results.filter((r) => r.json.status === 'done');
	expect(done).toHaveLength(17);
	expect(new Set(done.map((r) => r.json.video_id)).size).toBe(17);
	// the early answer named the same videos, row by row
	expect(answer.map((l) => l.video_id)).toEqual(results.map((r) => r.json.video_id));
	expect(answer.map((l) => l.error)).toEqual(results.map((r) => r.json.error));
	// and each finished video went to Write MP4s
	expect(nodeOutput(execution, 'Write MP4s').map((w) => w.json.video_id)).toEqual(
		done.map((r) => r.json.video_id),
	);
	return done;
}
