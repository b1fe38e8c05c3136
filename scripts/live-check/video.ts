/**
 * --spend-video: renders one short 9:16 video through OUR HeyGen node (Generate → Wait → download),
 * run in-process by n8n-core with the compiled package (test/harness.ts, as the tests do), so the
 * real node code meets the real API.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { getVideo, type Run } from './checks';
import type { CheckResult, Target } from './probe';
import { redact } from './redact';

const REPO = path.resolve(__dirname, '..', '..');

/** The HeyGen node's parameters for the check, in one place (Generate, waiting here, downloading). */
export function videoNodeParameters(
	audioAssetId: string,
	avatarId: string,
	pollSeconds?: number,
): INodeParameters {
	return {
		resource: 'video',
		operation: 'generate',
		source: 'avatar',
		avatarId: { __rl: true, mode: 'id', value: avatarId },
		voiceSource: 'audioAsset',
		audioAssetId,
		options: { aspectRatio: '9:16', title: 'n8n live check' },
		waitForCompletion: 'poll',
		download: true,
		...(pollSeconds
			? {
					waitOptions: {
						initialIntervalSeconds: pollSeconds,
						intervalEarlySeconds: pollSeconds,
						intervalMidSeconds: pollSeconds,
						intervalLateSeconds: pollSeconds,
					},
				}
			: {}),
	};
}

/** Why --spend-video cannot run (dist/ missing), or undefined. */
export function videoPrerequisite(): string | undefined {
	const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	const missing = pkg.n8n.nodes.filter((f) => !existsSync(path.join(REPO, f)));
	return missing.length
		? `--spend-video runs the compiled HeyGen node, and dist/ is missing ${missing.join(', ')}: run "npm run build" first.`
		: undefined;
}

/**
 * Runs the node, saves the MP4, and reads the video back with GET /v3/videos/{video_id} (so the
 * contract of a fresh video is checked too).
 */
export async function spendVideo(
	run: Run,
	t: Target,
	o: { parameters: INodeParameters; videoFile: string; secrets: string[] },
): Promise<void> {
	run.print('  waiting for the render (usually minutes; the node polls HeyGen)…');
	const { result, videoId, file } = await renderVideo(t, o.parameters, o.secrets);
	run.results.push(result);
	run.print(`  ${result.step} → ${result.error ?? 'done'} (${result.ms} ms)`);
	if (result.error) return;
	const f = result.facts;
	run.findings.push(
		`HeyGen node rendered video ${String(f.video_id)}: status ${String(f.status)}, duration ${String(f.duration)} s, downloaded ${String(f.bytes)} bytes as ${String(f.mimeType)} in ${(result.ms / 1000).toFixed(1)} s.`,
	);
	if (file) {
		writeFileSync(o.videoFile, file);
		result.facts.savedTo = path.basename(o.videoFile);
		run.print(`  video saved to ${o.videoFile}`);
	}
	if (videoId) await getVideo(run, t, videoId, 'the rendered video');
}

async function renderVideo(
	t: Target,
	parameters: INodeParameters,
	secrets: string[],
): Promise<{ result: CheckResult; videoId?: string; file?: Buffer }> {
	// n8n-core writes <N8N_USER_FOLDER>/.n8n/config when loaded; keep it out of $HOME.
	// n8n-core's instance settings want an encryption key (nothing is encrypted here).
	process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-live-check-'));
	process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');
	const harness = await import('../../test/harness');
	const result: CheckResult = {
		service: 'heygen',
		step: 'HeyGen node: Generate 9:16 → Wait → download',
		method: 'NODE',
		endpoint: 'POST /v3/videos + GET /v3/videos/{video_id} + download',
		paid: true,
		status: null,
		ms: 0,
		contract: 'not-checked',
		differences: [],
		undeclared: [],
		headers: [],
		requestIdHeaders: [],
		facts: {},
	};
	const started = Date.now();
	const run = await harness.runWorkflow({
		nodes: [{ name: 'HeyGen', type: 'heyGen', parameters }],
		credentials: { heygenElevenlabsHeyGenApi: { apiKey: t.key, baseUrl: t.baseUrl } },
	});
	result.ms = Date.now() - started;
	const error = harness.errorOf(run, 'HeyGen') as
		| { message?: string; description?: string }
		| undefined;
	if (error) {
		result.error = redact(
			`node failed: ${error.message ?? 'error'}${error.description ? ` (${error.description})` : ''}`,
			{ secrets },
		) as string;
		return { result };
	}
	const item = harness.outputOf(run, 'HeyGen')[0];
	const binary = item?.binary?.data;
	const file = binary ? await harness.readBinary(binary) : undefined;
	const json = item?.json ?? {};
	result.sample = redact(json, { secrets, maxArray: 3, maxString: 200 });
	if (json.status !== 'completed' || !file) {
		// the node ran but did not wait and download: the check did not do what it says
		result.error = `node finished without a downloaded, completed video (status ${String(json.status)})`;
		return { result, videoId: typeof json.video_id === 'string' ? json.video_id : undefined };
	}
	result.facts = {
		video_id: json.video_id,
		status: json.status,
		duration: json.duration,
		mimeType: binary?.mimeType,
		fileName: binary?.fileName,
		bytes: file?.length,
	};
	return {
		result,
		videoId: typeof json.video_id === 'string' ? json.video_id : undefined,
		file,
	};
}
