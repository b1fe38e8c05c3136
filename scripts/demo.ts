/**
 * `npm run demo`: text → ElevenLabs voice → HeyGen vertical avatar video, in a real n8n.
 *
 * Builds the package if needed, starts the offline sandbox (or uses the real APIs when both
 * ELEVENLABS_API_KEY and HEYGEN_API_KEY are set), installs/starts n8n 2.41.1 with this package as a
 * community package, imports every workflow in examples/, runs the text-to-video example through
 * its webhook and writes the MP4 (and the subtitles, when the run produced them) into ./output/.
 *
 *   npm run demo                              # sample script, sandbox
 *   npm run demo -- --text "Your script"      # your own script
 *   npm run demo -- --keep-open               # keep n8n running: open the editor, Ctrl-C to stop
 * Options: --example <file in examples/>, --port <n8n port>, --out <dir>,
 *          --render-seconds <n> (how long the sandbox takes to "render" a video, default 12).
 * Real APIs: ELEVENLABS_API_KEY + HEYGEN_API_KEY + HEYGEN_AVATAR_ID (a look ID of your account; optional
 * ELEVENLABS_VOICE_ID, HEYGEN_VOICE_ID). The examples' REPLACE_WITH_* placeholders are filled with
 * these (or with sandbox IDs).
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	startSandbox,
	SANDBOX_ELEVENLABS_KEY,
	SANDBOX_HEYGEN_KEY,
	type Sandbox,
} from '../test/sandbox';
import {
	loadExamples,
	REPO_DIR,
	startStack,
	webhookPathOf,
	type ExecutionSummary,
} from './n8n/n8n';
import { run, sleep } from './n8n/processes';

const DEFAULT_EXAMPLE = 'heygen-elevenlabs-text-to-avatar-video-vertical.json';
const SAMPLE_SCRIPT =
	'Hi! This short vertical video was made end to end in n8n. ' +
	'ElevenLabs turned this script into a natural voice, and HeyGen animated an avatar to speak it, ' +
	'ready for Shorts, Reels and TikTok.';

function parseArgs(argv: string[]) {
	const args = {
		text: SAMPLE_SCRIPT,
		keepOpen: false,
		example: DEFAULT_EXAMPLE,
		port: undefined as number | undefined,
		out: path.join(REPO_DIR, 'output'),
		renderSeconds: 12,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--text') args.text = value();
		else if (a === '--keep-open') args.keepOpen = true;
		else if (a === '--example') args.example = path.basename(value());
		else if (a === '--port') args.port = Number(value());
		else if (a === '--out') args.out = path.resolve(value());
		else if (a === '--render-seconds') args.renderSeconds = Number(value());
		else if (a === '--help' || a === '-h') {
			console.log(readHelp());
			process.exit(0);
		} else throw new Error(`unknown argument ${a} (try --help)`);
	}
	return args;
}

function readHelp(): string {
	return 'Usage: npm run demo -- [--text "script"] [--keep-open] [--example file.json] [--port 5678] [--out ./output] [--render-seconds 12]';
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
const say = (step: string) => console.log(`[${elapsed()}] ${step}`);

function newestMtime(dir: string): number {
	if (!existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
	}
	return newest;
}

async function buildIfNeeded() {
	const pkg = (await import(path.join(REPO_DIR, 'package.json'))) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const outputs = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((f) => path.join(REPO_DIR, f));
	const built = outputs.every((f) => existsSync(f))
		? Math.min(...outputs.map((f) => statSync(f).mtimeMs))
		: 0;
	const sources = Math.max(
		newestMtime(path.join(REPO_DIR, 'nodes')),
		newestMtime(path.join(REPO_DIR, 'credentials')),
	);
	if (built && built >= sources)
		return say('package already built (dist/ is newer than the sources)');
	say('building the package (npm run build)…');
	await run('npm', ['run', 'build'], { cwd: REPO_DIR, quiet: true });
	say('built');
}

/** The nodes a running execution has finished so far (n8n saves progress: EXECUTIONS_DATA_SAVE_ON_PROGRESS). */
function progressOf(execution: ExecutionSummary | undefined): string | undefined {
	const names = Object.keys(execution?.data?.resultData.runData ?? {});
	return names.length ? `done: ${names.join(' → ')}` : undefined;
}

function videoIdsOf(execution: ExecutionSummary | undefined): string[] {
	const ids = new Set<string>();
	for (const runs of Object.values(execution?.data?.resultData.runData ?? {})) {
		for (const r of runs) {
			for (const item of r.data?.main?.[0] ?? [])
				if (typeof item.json?.video_id === 'string') ids.add(item.json.video_id);
		}
	}
	return [...ids];
}

/** Render status of the newest videos: straight from the sandbox, or GET /v3/videos/{id} on the real API. */
async function renderStatus(
	sandbox: Sandbox | undefined,
	realHeyGenKey: string | undefined,
	videoIds: string[],
): Promise<string | undefined> {
	if (sandbox) {
		const videos = [...sandbox.heygen.videos.values()].filter((v) => !v.deleted);
		if (!videos.length) return undefined;
		const v = videos[videos.length - 1];
		const res = await fetch(`${sandbox.heyGenUrl}/v3/videos/${v.id}`, {
			headers: { 'X-Api-Key': SANDBOX_HEYGEN_KEY },
		});
		const body = (await res.json()) as { data?: { status?: string } };
		return `HeyGen video ${v.id}: ${body.data?.status ?? '?'} (${((Date.now() - v.createdAt) / 1000).toFixed(0)}s since submitted)`;
	}
	const id = videoIds[videoIds.length - 1];
	if (!realHeyGenKey || !id) return undefined;
	try {
		const res = await fetch(`https://api.heygen.com/v3/videos/${id}`, {
			headers: { 'X-Api-Key': realHeyGenKey },
		});
		const body = (await res.json()) as { data?: { status?: string } };
		return `HeyGen video ${id}: ${body.data?.status ?? '?'}`;
	} catch {
		return undefined;
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const real =
		process.env.ELEVENLABS_API_KEY && process.env.HEYGEN_API_KEY
			? { elevenLabs: process.env.ELEVENLABS_API_KEY, heyGen: process.env.HEYGEN_API_KEY }
			: undefined;
	say(
		real
			? 'ELEVENLABS_API_KEY and HEYGEN_API_KEY are set: using the REAL APIs (this spends credits)'
			: 'using the offline sandbox (set ELEVENLABS_API_KEY and HEYGEN_API_KEY for the real APIs)',
	);

	if (real && !process.env.HEYGEN_AVATAR_ID) {
		throw new Error(
			'with real API keys, set HEYGEN_AVATAR_ID to one of your HeyGen avatar look IDs (and optionally ELEVENLABS_VOICE_ID, HEYGEN_VOICE_ID)',
		);
	}
	await buildIfNeeded();
	const examples = loadExamples();
	const example = examples.find((e) => e.file === args.example);
	if (!example)
		throw new Error(
			`examples/${args.example} not found (have: ${examples.map((e) => e.file).join(', ')})`,
		);
	const hookPath = webhookPathOf(example.workflow);
	if (!hookPath) throw new Error(`examples/${args.example} has no Webhook trigger`);

	let sandbox: Sandbox | undefined;
	if (!real) {
		sandbox = await startSandbox();
		// a render that takes a while, so the progress is visible (the real one takes minutes)
		const ms = Math.max(0, args.renderSeconds) * 1000;
		sandbox.heygen.render = {
			...sandbox.heygen.render,
			mode: 'time',
			queueMs: ms / 4,
			renderMs: (ms * 3) / 4,
		};
		say(`sandbox listening on ${sandbox.baseUrl} (renders take ${args.renderSeconds}s)`);
	}
	say('starting n8n (the first run installs Node 24 + n8n 2.41.1, ~5 min)…');
	const stack = await startStack({
		realKeys: real,
		externalSandbox: sandbox && {
			baseUrl: sandbox.baseUrl,
			elevenLabsUrl: sandbox.elevenLabsUrl,
			heyGenUrl: sandbox.heyGenUrl,
			elevenLabsKey: SANDBOX_ELEVENLABS_KEY,
			heyGenKey: SANDBOX_HEYGEN_KEY,
		},
		port: args.port,
		log: (m) => say(m),
		env: { EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true' },
	});
	let stopping = false;
	const shutdown = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the sandbox…');
		await stack.stop();
		await sandbox?.stop();
		say('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(130));
	process.on('SIGTERM', () => void shutdown(143));

	try {
		const ids: Record<string, string> = {};
		for (const e of examples) {
			const created = await stack.importWorkflow(e.workflow);
			ids[e.file] = created.id;
		}
		say(`imported ${examples.length} example workflows with both credentials`);
		const workflowId = ids[example.file];
		await stack.n8n.activateWorkflow(workflowId);
		say(`activated "${example.workflow.name}"`);

		const body: Record<string, unknown> = { text: args.text };
		if (process.env.ELEVENLABS_VOICE_ID) body.voiceId = process.env.ELEVENLABS_VOICE_ID;
		if (process.env.HEYGEN_AVATAR_ID) body.avatarId = process.env.HEYGEN_AVATAR_ID;
		say(`POST /webhook/${hookPath} (${args.text.length} characters of script)`);
		const known = await stack.n8n.knownExecutionIds(workflowId);
		let response: Awaited<ReturnType<typeof stack.n8n.callWebhook>> | undefined;
		let callError: unknown;
		const call = stack.n8n.callWebhook(hookPath, body, 60_000).then(
			(r) => (response = r),
			(e) => (callError = e),
		);
		let last = '';
		while (!response && !callError) {
			const running = await stack.n8n
				.api<{ data: ExecutionSummary[] }>(
					'GET',
					`/executions?workflowId=${workflowId}&status=running&includeData=true&limit=1`,
				)
				.then((r) => r.data[0])
				.catch(() => undefined);
			const status = await renderStatus(sandbox, real?.heyGen, videoIdsOf(running));
			const line = [
				running ? `execution ${running.id} running` : 'waiting for the execution',
				progressOf(running),
				status,
			]
				.filter(Boolean)
				.join(' | ');
			if (line !== last) say(line);
			last = line;
			await Promise.race([call, sleep(1000)]);
		}
		if (callError) throw callError;
		const execution = await stack.n8n.waitForNewExecution(workflowId, known, {
			timeoutMs: 30 * 60_000,
		});
		if (execution.status !== 'success' || response!.status !== 200) {
			throw new Error(
				`the workflow failed (${execution.status}, HTTP ${response!.status}): ${execution.data?.resultData.error?.message ?? response!.buffer.toString('utf8').slice(0, 500)}`,
			);
		}
		say(`execution ${execution.id} succeeded`);

		mkdirSync(args.out, { recursive: true });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const mp4 = path.join(args.out, `avatar-video-${stamp}.mp4`);
		writeFileSync(mp4, response!.buffer);
		say(
			`wrote ${path.relative(process.cwd(), mp4)} (${response!.buffer.length} bytes, ${response!.headers.get('content-type')})`,
		);
		for (const [node, runs] of Object.entries(execution.data?.resultData.runData ?? {})) {
			const binary = runs[runs.length - 1]?.data?.main?.[0]?.[0]?.binary ?? {};
			for (const [key, ref] of Object.entries(binary)) {
				if (!/srt|vtt/i.test(`${key} ${ref.mimeType} ${ref.fileName ?? ''}`)) continue;
				const ext = /vtt/i.test(`${ref.mimeType} ${ref.fileName ?? ''}`) ? 'vtt' : 'srt';
				const file = path.join(args.out, `avatar-video-${stamp}.${ext}`);
				writeFileSync(file, await stack.n8n.readBinary(ref));
				say(`wrote ${path.relative(process.cwd(), file)} (subtitles from "${node}")`);
			}
		}

		if (args.keepOpen) {
			console.log('');
			console.log(`  n8n editor:  ${stack.n8n.editorUrl}`);
			console.log(`  login:       ${stack.n8n.owner.email}`);
			console.log(`  password:    ${stack.n8n.owner.password}`);
			console.log(`  workflow:    ${stack.n8n.editorUrl}workflow/${workflowId}`);
			if (sandbox)
				console.log(
					`  sandbox:     ${sandbox.baseUrl} (the credentials "ElevenLabs account" / "HeyGen account" point here)`,
				);
			console.log('');
			say('running until Ctrl-C');
			await new Promise<never>(() => undefined);
		}
		await shutdown(0);
	} catch (error) {
		console.error(`demo failed: ${(error as Error).message}`);
		console.error(`n8n log (last lines):\n${stack.n8n.process.tail(30)}`);
		await shutdown(1);
	}
}

main().catch((error) => {
	console.error(`demo failed: ${(error as Error).message}`);
	process.exit(1);
});
