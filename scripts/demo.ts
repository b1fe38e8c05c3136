/**
 * `npm run demo`: text → ElevenLabs voice → HeyGen vertical avatar video, in a real n8n.
 *
 * Builds the package if needed, starts the offline sandbox (or uses the real APIs when both
 * ELEVENLABS_API_KEY and HEYGEN_API_KEY are set), installs/starts n8n 2.41.1 with this package as a
 * community package, imports every workflow in examples/ (their empty voice and avatar pickers
 * filled), and calls the text-to-video example's webhook. The webhook answers at once with the
 * video ID and the link to watch the render in HeyGen; the demo prints that answer, follows the
 * execution while HeyGen renders (it waits for HeyGen's callback, or polls when HeyGen cannot reach
 * this n8n), and copies the MP4 and the SRT/VTT subtitles the workflow wrote into ./output/.
 *
 *   npm run demo                              # sample script, sandbox
 *   npm run demo -- --text "Your script"      # your own script
 *   npm run demo -- --keep-open               # keep n8n running: open the editor, Ctrl-C to stop
 * Options: --example <file in examples/>, --port <n8n port>, --out <dir>,
 *          --render-seconds <n> (how long the sandbox takes to "render" a video, default 12).
 * Real APIs: ELEVENLABS_API_KEY + HEYGEN_API_KEY + HEYGEN_AVATAR_ID (a look ID of your account; optional
 * ELEVENLABS_VOICE_ID, default Rachel, and HEYGEN_VOICE_ID). The examples' empty pickers are filled
 * with these (or with sandbox IDs).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	startSandbox,
	SANDBOX_ELEVENLABS_KEY,
	SANDBOX_HEYGEN_KEY,
	type Sandbox,
} from '../test/sandbox';
import {
	describeErrors,
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

/** The last node an execution has finished (n8n saves progress: EXECUTIONS_DATA_SAVE_ON_PROGRESS). */
function progressOf(execution: ExecutionSummary | undefined): string | undefined {
	const names = Object.keys(execution?.data?.resultData.runData ?? {});
	return names.length ? `${names.length} nodes done, last "${names[names.length - 1]}"` : undefined;
}

/** Render status of a video: straight from the sandbox, or GET /v3/videos/{id} on the real API. */
async function renderStatus(
	sandbox: Sandbox | undefined,
	realHeyGenKey: string | undefined,
	videoId: string | undefined,
): Promise<string | undefined> {
	if (!videoId) return undefined;
	try {
		const base = sandbox ? sandbox.heyGenUrl : 'https://api.heygen.com';
		const res = await fetch(`${base}/v3/videos/${encodeURIComponent(videoId)}`, {
			headers: { 'X-Api-Key': sandbox ? SANDBOX_HEYGEN_KEY : (realHeyGenKey ?? '') },
		});
		const body = (await res.json()) as { data?: { status?: string } };
		const since = sandbox?.heygen.videos.get(videoId)?.createdAt;
		return `HeyGen: ${body.data?.status ?? '?'}${since ? ` (${((Date.now() - since) / 1000).toFixed(0)}s since submitted)` : ''}`;
	} catch {
		return undefined;
	}
}

/** What the text-to-video example's webhook answers right after Generate. */
interface EarlyAnswer {
	video_id?: string;
	status?: string;
	video_page_url?: string;
	execution_id?: string;
	message?: string;
	notice?: string;
}

/** The files in a folder, by name, with their modification times. */
function filesIn(dir: string): Map<string, number> {
	if (!existsSync(dir)) return new Map();
	return new Map(
		readdirSync(dir, { withFileTypes: true })
			.filter((e) => e.isFile())
			.map((e) => [e.name, statSync(path.join(dir, e.name)).mtimeMs]),
	);
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
		say(
			`imported ${examples.length} example workflows with both credentials; their empty pickers set to ElevenLabs voice ${stack.placeholders.REPLACE_WITH_ELEVENLABS_VOICE_ID} and HeyGen look ${stack.placeholders.REPLACE_WITH_AVATAR_LOOK_ID}`,
		);
		const workflowId = ids[example.file];
		await stack.n8n.activateWorkflow(workflowId);
		say(`activated "${example.workflow.name}"`);

		const body: Record<string, unknown> = { text: args.text };
		const filesBefore = filesIn(stack.filesDir);
		say(`POST /webhook/${hookPath} (${args.text.length} characters of script)`);
		const known = await stack.n8n.knownExecutionIds(workflowId);
		const called = Date.now();
		const response = await stack.n8n.callWebhook(hookPath, body, 120_000);
		if (response.status !== 200)
			throw new Error(
				`the webhook answered HTTP ${response.status}: ${response.buffer.toString('utf8').slice(0, 500)}`,
			);
		const answers = (
			Array.isArray(response.json) ? response.json : [response.json]
		) as EarlyAnswer[];
		const answer = answers[0] ?? {};
		say(
			`the webhook answered after ${((Date.now() - called) / 1000).toFixed(1)}s, while HeyGen renders:`,
		);
		console.log(
			JSON.stringify(response.json, null, 2)
				.split('\n')
				.map((line) => `           ${line}`)
				.join('\n'),
		);
		if (answer.video_page_url) say(`watch the render in HeyGen: ${answer.video_page_url}`);
		if (answers.some((a) => a.notice))
			say(
				'HeyGen cannot call this n8n back (its resume URL is not a public HTTPS address), so "Wait for Video" polls HeyGen instead (every 10-60 s). Set WEBHOOK_URL to a public HTTPS address (e.g. a tunnel) to wait for the callback.',
			);

		// the execution goes on: it waits for HeyGen's callback (or polls), then writes the files
		const executionId =
			answer.execution_id ??
			(
				await stack.n8n.waitForNewExecution(workflowId, known, {
					timeoutMs: 40 * 60_000,
				})
			).id;
		let last = '';
		let lastSaid = 0;
		let execution: ExecutionSummary | undefined;
		const deadline = Date.now() + 40 * 60_000;
		for (;;) {
			const status = (await stack.n8n.executionStatuses(workflowId)).find(
				(e) => e.id === String(executionId),
			)?.status;
			if (status && ['success', 'error', 'crashed', 'canceled'].includes(status)) {
				execution = await stack.n8n.getExecution(String(executionId));
				break;
			}
			const running = await stack.n8n.getExecution(String(executionId)).catch(() => undefined);
			const render = await renderStatus(sandbox, real?.heyGen, answer.video_id);
			const line = [
				`execution ${executionId} ${status ?? 'starting'}${status === 'waiting' ? " (for HeyGen's callback, no polling)" : ''}`,
				progressOf(running),
				render,
			]
				.filter(Boolean)
				.join(' | ');
			// a line when something changed, else one every 30 s
			const key = line.replace(/ \(\d+s since submitted\)/, '');
			if (key !== last || Date.now() - lastSaid > 30_000) {
				say(line);
				lastSaid = Date.now();
			}
			last = key;
			if (Date.now() > deadline)
				throw new Error(`execution ${executionId} did not finish within 40 minutes`);
			await sleep(1000);
		}
		if (execution.status !== 'success')
			throw new Error(`the workflow failed (${execution.status}): ${describeErrors(execution)}`);
		say(`execution ${execution.id} succeeded`);

		// what the workflow wrote into n8n's files folder during this run (MP4, SRT, VTT)
		mkdirSync(args.out, { recursive: true });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const fresh = [...filesIn(stack.filesDir)].filter(
			([name, mtime]) => filesBefore.get(name) !== mtime,
		);
		for (const [name] of fresh.sort()) {
			const ext = path.extname(name);
			const base = path.basename(name, ext).replace(`-${execution.id}`, '');
			const target = path.join(args.out, `${base}-${stamp}${ext}`);
			copyFileSync(path.join(stack.filesDir, name), target);
			say(
				`wrote ${path.relative(process.cwd(), target)} (${statSync(target).size} bytes, saved by the workflow as ${name})`,
			);
		}
		if (!fresh.some(([name]) => name.endsWith('.mp4'))) {
			// an example that does not write files: the MP4s from the execution's binary data
			for (const [node, runs] of Object.entries(execution.data?.resultData.runData ?? {})) {
				for (const [k, item] of (runs[runs.length - 1]?.data?.main?.[0] ?? []).entries()) {
					for (const ref of Object.values(item.binary ?? {})) {
						if (ref.mimeType !== 'video/mp4') continue;
						const target = path.join(args.out, `avatar-video-${stamp}-${k + 1}.mp4`);
						writeFileSync(target, await stack.n8n.readBinary(ref));
						say(`wrote ${path.relative(process.cwd(), target)} (from "${node}")`);
					}
				}
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
