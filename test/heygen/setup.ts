/** Shared helpers of the HeyGen suites: fast waits/retries, leak checks. */
import type { INode, IRun, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { errorOf, outputOf, runWorkflow } from '../harness';
import { SANDBOX_HEYGEN_KEY, sandboxCredentials, type Sandbox } from '../sandbox';
import type { RenderConfig } from '../sandbox/heygen';
import { validateHeyGen } from '../sandbox/contracts';

export { SANDBOX_HEYGEN_KEY };

/** A HeyGen node for the pure helpers, which only name it in their errors. */
export const heyGenNode: INode = {
	id: 'n1',
	name: 'HeyGen',
	type: 'n8n-nodes-heygen-elevenlabs.heyGen',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Poll every ~20–50 ms instead of seconds. */
export const FAST_WAIT = {
	initialIntervalSeconds: 0.02,
	intervalEarlySeconds: 0.05,
	intervalMidSeconds: 0.05,
	intervalLateSeconds: 0.05,
};

/** Sandbox render timing: the status advances with each status check… */
export const byPolls = (pendingPolls: number, processingPolls: number): RenderConfig => ({
	mode: 'polls',
	queueMs: 0,
	renderMs: 0,
	pendingPolls,
	processingPolls,
});

/** …or with the clock since the video's creation. */
export const byTime = (queueMs: number, renderMs: number): RenderConfig => ({
	mode: 'time',
	queueMs,
	renderMs,
	pendingPolls: 0,
	processingPolls: 0,
});

/** Retry quickly (the transport's defaults wait seconds). */
export const FAST_RETRY = {
	retry: { settings: { baseDelayMs: 10, maxDelaySeconds: 0.05, maxAttempts: 4 } },
};

/** Video → Generate from a script with the sandbox's first look and voice (no wait unless `extra` says). */
export function generateParameters(
	sandbox: Sandbox,
	script: string,
	options: Record<string, unknown> = {},
	extra: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'video',
		operation: 'generate',
		source: 'avatar',
		avatarId: { __rl: true, mode: 'id', value: sandbox.heygen.looks[0].id },
		voiceSource: 'script',
		script,
		voiceId: { __rl: true, mode: 'id', value: sandbox.heygen.voices[0].voice_id },
		...extra,
		options: { ...FAST_RETRY, ...options },
	} as INodeParameters;
}

export async function runHeyGen(
	sandbox: Sandbox,
	parameters: INodeParameters,
	input?: INodeExecutionData[],
	extra: { continueOnFail?: boolean; apiKey?: string } = {},
): Promise<IRun> {
	return await runWorkflow({
		nodes: [{ name: 'HeyGen', type: 'heyGen', parameters, continueOnFail: extra.continueOnFail }],
		credentials: sandboxCredentials(sandbox, { heygen: extra.apiKey }),
		input,
	});
}

export function out(run: IRun): INodeExecutionData[] {
	return outputOf(run, 'HeyGen');
}

export function err(run: IRun) {
	return errorOf(run, 'HeyGen');
}

/** The API key appears nowhere in the run (outputs, errors, descriptions). */
export function expectNoKey(run: IRun, key = SANDBOX_HEYGEN_KEY): void {
	expect(JSON.stringify(run.data)).not.toContain(key);
	const error = err(run) as unknown as Record<string, unknown> | undefined;
	if (error) {
		expect(String(error.message)).not.toContain(key);
		expect(String(error.description ?? '')).not.toContain(key);
		expect(JSON.stringify(error)).not.toContain(key);
	}
}

export function expectValid(name: string, kind: 'request' | 'response', data: unknown): void {
	const result = validateHeyGen(name, kind, data);
	expect(result.errors).toEqual([]);
	expect(result.valid).toBe(true);
}
