/**
 * Runs the sandbox as a standalone process (for the real n8n e2e suite and `npm run demo`).
 * Prints one JSON line {"baseUrl","elevenLabsUrl","heyGenUrl",...} on stdout when listening.
 * Options: --port N, --latency MS, --time-scale F (HeyGen render time × F, see heygen/render.ts).
 */
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY, startSandbox } from './index';

async function main() {
	const args = process.argv.slice(2);
	const arg = (name: string) => {
		const i = args.indexOf(`--${name}`);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const sandbox = await startSandbox({
		port: Number(arg('port') ?? 0),
		latencyMs: Number(arg('latency') ?? 0),
	});
	sandbox.heygen.timeScale = Number(arg('time-scale') ?? 1);
	process.stdout.write(
		JSON.stringify({
			baseUrl: sandbox.baseUrl,
			elevenLabsUrl: sandbox.elevenLabsUrl,
			heyGenUrl: sandbox.heyGenUrl,
			elevenLabsKey: SANDBOX_ELEVENLABS_KEY,
			heyGenKey: SANDBOX_HEYGEN_KEY,
		}) + '\n',
	);
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
