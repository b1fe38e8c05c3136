/** Shared helpers of the ElevenLabs workflow tests. */
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { errorOf, outputOf, runWorkflow } from '../harness';
import { sandboxCredentials, type Sandbox } from '../sandbox';

export const RACHEL = '21m00Tcm4TlvDq8ikWAM';
export const NODE = 'ElevenLabs';

/** Fast retries so 429/5xx tests do not sleep for seconds. */
export const FAST_RETRY = {
	settings: { baseDelayMs: 5, maxAttempts: 4, maxDelaySeconds: 1, maxTotalWaitSeconds: 30 },
};

export function ttsParameters(overrides: IDataObject = {}, options: IDataObject = {}): IDataObject {
	return {
		resource: 'speech',
		operation: 'textToSpeech',
		voice: { __rl: true, mode: 'id', value: RACHEL },
		modelId: 'eleven_multilingual_v2',
		text: 'Hello from n8n.',
		outputFormat: 'mp3_44100_128',
		options: { retry: FAST_RETRY, ...options },
		...overrides,
	};
}

export async function runTts(
	sandbox: Sandbox,
	parameters: IDataObject,
	opts: { input?: INodeExecutionData[]; apiKey?: string; continueOnFail?: boolean } = {},
): Promise<{ run: IRun; items: INodeExecutionData[]; error: ReturnType<typeof errorOf> }> {
	const run = await runWorkflow({
		nodes: [
			{
				name: NODE,
				type: 'elevenLabs',
				parameters: parameters as never,
				continueOnFail: opts.continueOnFail,
			},
		],
		credentials: sandboxCredentials(sandbox, { elevenlabs: opts.apiKey }),
		input: opts.input,
	});
	const error = errorOf(run, NODE);
	const items = error && !opts.continueOnFail ? [] : outputOf(run, NODE);
	return { run, items, error };
}

let keys = 0;

/**
 * A new unrestricted key of the sandbox. The model list is cached per credential across executions
 * (helpers/modelCache.ts), so a test that changes the sandbox's models uses a key of its own.
 */
export function freshKey(sandbox: Sandbox, permissions?: string[]): string {
	const key = `sk_test_${++keys}_${Date.now().toString(36)}`;
	sandbox.elevenlabs.keys.set(key, { region: 'default', permissions });
	return key;
}

/** Text of `n` characters made of sentences and paragraphs, like an article. */
export function longText(n: number, seed = 0): string {
	const words = [
		'alpha',
		'bravo',
		'charlie',
		'delta',
		'echo',
		'foxtrot',
		'golf',
		'hotel',
		'india',
		'juliet',
	];
	let out = '';
	let k = seed;
	let sentence = 0;
	while (out.length < n) {
		const len = 6 + (k % 9);
		const s = Array.from({ length: len }, (_, j) => words[(k + j * 3) % words.length]).join(' ');
		out += `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
		sentence++;
		out += sentence % 7 === 0 ? '\n\n' : ' ';
		k++;
	}
	return (
		out
			.slice(0, n)
			.trim()
			.replace(/\s+\S*$/, '') + '.'
	);
}
