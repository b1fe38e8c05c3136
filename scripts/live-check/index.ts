/**
 * `npm run live-check`: for people with real API keys, finds where the real ElevenLabs and HeyGen
 * APIs differ from the sandbox and the contracts it is held to. See the README section "Live check".
 *
 *   ELEVENLABS_API_KEY=… HEYGEN_API_KEY=… npm run live-check                 # free calls only
 *   … npm run live-check -- --spend                                          # + one TTS sentence, one asset upload
 *   HEYGEN_AVATAR_ID=… … npm run live-check -- --spend-video                 # + one short 9:16 video render
 *   npm run live-check -- --sandbox --spend-video                            # everything, against the offline sandbox
 *
 * Exit code: 0 every call answered and matched its contract; 1 contract differences found (the
 * report lists them); 2 a call or step failed (no answer, HTTP error, node error) or bad usage.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
	checkElevenLabs,
	checkHeyGen,
	deleteAsset,
	MAX_PAGES,
	speakOneSentence,
	TTS_MODEL,
	TTS_TEXT,
	uploadAudio,
	type Run,
} from './checks';
import { SERVICE_NAMES, type CheckResult, type Service, type Target } from './probe';
import { redact, stripUrl } from './redact';
import { spendVideo, videoNodeParameters, videoPrerequisite } from './video';

const REPO = path.resolve(__dirname, '..', '..');
const DEFAULT_URLS: Record<Service, string> = {
	elevenlabs: 'https://api.elevenlabs.io',
	heygen: 'https://api.heygen.com',
};
/** Audio uploaded by --spend when there is no ElevenLabs key to make some (about 1 s of MP3). */
const FALLBACK_AUDIO = path.join(REPO, 'test', 'fixtures', 'media', 'mp3_44100_128.mp3');

/** HeyGen's published prices as of 2026-11 (sources in the README section "Live check"). */
export const VIDEO_COST =
	'HeyGen bills a render by its length. Published prices (as of 2026-11): API plans 1 credit per minute of avatar video ' +
	'(0.2 for photo avatars), billed in 30-second increments; pay-as-you-go v3 video about $0.0333 per second. ' +
	'The check renders a ~5 s clip: about 0.5 credit, or about $0.17 (up to $1.00 if 30-second increments apply). ' +
	'Avatar IV (the node’s default engine) may be priced higher: check your plan.';

export function ttsCost(multiplier?: number): string {
	const m = multiplier ?? 0.5;
	return `${TTS_TEXT.length} characters with ${TTS_MODEL} ≈ ${Math.ceil(TTS_TEXT.length * m)} ElevenLabs credits (characters × cost multiplier ${m}${multiplier === undefined ? ', Flash models per ElevenLabs’ docs' : ', from /v1/models'})`;
}

interface Options {
	spend: boolean;
	spendVideo: boolean;
	sandbox: boolean;
	report: string;
	urls: Partial<Record<Service, string>>;
	pollSeconds?: number;
	help: boolean;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options {
	const o: Options = {
		spend: false,
		spendVideo: false,
		sandbox: false,
		report: path.resolve('live-check-report.json'),
		urls: { elevenlabs: env.LIVE_CHECK_ELEVENLABS_URL, heygen: env.LIVE_CHECK_HEYGEN_URL },
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--spend') o.spend = true;
		else if (a === '--spend-video') o.spend = o.spendVideo = true;
		else if (a === '--sandbox') o.sandbox = true;
		else if (a === '--report') o.report = path.resolve(value());
		else if (a === '--elevenlabs-url') o.urls.elevenlabs = value();
		else if (a === '--heygen-url') o.urls.heygen = value();
		else if (a === '--poll-seconds') o.pollSeconds = Number(value());
		else if (a === '--help' || a === '-h') o.help = true;
		else throw new Error(`unknown argument ${a} (try --help)`);
	}
	return o;
}

const HELP = `Usage: npm run live-check -- [--spend] [--spend-video] [--report file] [--sandbox]
--report file      where to write the redacted report (default ./live-check-report.json; a rendered
                   video is saved next to it as live-check-video.mp4)
Keys (each optional): ELEVENLABS_API_KEY, HEYGEN_API_KEY. Optional: ELEVENLABS_VOICE_ID (TTS voice),
HEYGEN_AVATAR_ID (a look ID of your account; required by --spend-video).
Base URLs: LIVE_CHECK_ELEVENLABS_URL / LIVE_CHECK_HEYGEN_URL, or --elevenlabs-url / --heygen-url.
--poll-seconds N   poll the render every N s (for the sandbox; the node's defaults suit the real API)
--sandbox          start the offline sandbox in-process and check it (keys and avatar from the sandbox)
Exit code: 0 all matched, 1 contract differences found, 2 a call or step failed.`;

function plan(print: (l: string) => void, o: Options): void {
	print(
		'Free calls (no credits): ElevenLabs GET /v1/user/subscription, GET /v2/voices (pages), GET /v1/models;',
	);
	print(
		`  HeyGen GET /v3/users/me, GET /v3/voices (pages, then type=private), GET /v3/avatars/looks (pages), GET /v3/webhooks/event-types, GET /v3/videos, GET /v3/videos/{id}. Listings follow up to ${MAX_PAGES} pages.`,
	);
	print(
		`--spend${o.spend ? ' (on)' : ''}: ElevenLabs TTS with timestamps of one sentence: ${ttsCost()};`,
	);
	print(
		'  then POST /v3/assets uploads that MP3 to HeyGen (we know of no published HeyGen price for uploads; the asset is deleted afterwards).',
	);
	print(
		`--spend-video${o.spendVideo ? ' (on)' : ''}: one 9:16 video from that audio and HEYGEN_AVATAR_ID, through the HeyGen node (Generate → Wait → download). ${VIDEO_COST}`,
	);
}

function pad(s: string, n: number): string {
	return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

function table(results: CheckResult[]): string[] {
	const lines = [
		`${pad('Service', 11)} ${pad('Endpoint', 56)} ${pad('HTTP', 5)} ${pad('Contract', 30)} Request-ID header`,
	];
	for (const r of results) {
		const contract = r.error
			? 'error'
			: r.method === 'NODE'
				? 'node run OK'
				: r.contract === 'ok'
					? `contract OK${r.undeclared.length ? ` (+${r.undeclared.length} undeclared)` : ''}`
					: r.contract === 'differences'
						? `${r.differences.length} difference(s)`
						: '—';
		lines.push(
			`${pad(SERVICE_NAMES[r.service], 11)} ${pad(r.step, 56)} ${pad(String(r.status ?? '—'), 5)} ${pad(contract, 30)} ${r.method === 'NODE' ? '—' : r.requestIdHeaders.join(', ') || 'none'}`,
		);
	}
	return lines;
}

function toolVersion(): { version: string; commit?: string } {
	const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
		version: string;
	};
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: REPO,
			stdio: ['ignore', 'pipe', 'ignore'],
		})
			.toString()
			.trim();
		return { version, commit };
	} catch {
		return { version };
	}
}

export async function liveCheck(
	argv: string[],
	env: NodeJS.ProcessEnv,
	print: (line: string) => void = (l) => console.log(l),
): Promise<number> {
	let o: Options;
	try {
		o = parseArgs(argv, env);
	} catch (error) {
		print((error as Error).message);
		return 2;
	}
	if (o.help) {
		print(HELP);
		plan(print, o);
		return 0;
	}
	const keys: Partial<Record<Service, string>> = {
		elevenlabs: env.ELEVENLABS_API_KEY || undefined,
		heygen: env.HEYGEN_API_KEY || undefined,
	};
	let avatarId = env.HEYGEN_AVATAR_ID || undefined;
	let voiceId = env.ELEVENLABS_VOICE_ID || undefined;
	let stopSandbox: (() => Promise<void>) | undefined;
	if (o.sandbox) {
		const sb = await import('../../test/sandbox');
		const sandbox = await sb.startSandbox();
		stopSandbox = async () => await sandbox.stop();
		keys.elevenlabs = sb.SANDBOX_ELEVENLABS_KEY;
		keys.heygen = sb.SANDBOX_HEYGEN_KEY;
		o.urls = { elevenlabs: sandbox.elevenLabsUrl, heygen: sandbox.heyGenUrl };
		avatarId = sandbox.heygen.looks[0].id;
		voiceId = undefined;
		o.pollSeconds ??= 0.2;
		print(`Sandbox started at ${sandbox.baseUrl} (its own keys; your keys are not used).`);
	}
	try {
		return await checkAll(o, keys, avatarId, voiceId, print);
	} finally {
		await stopSandbox?.();
	}
}

async function checkAll(
	o: Options,
	keys: Partial<Record<Service, string>>,
	avatarId: string | undefined,
	voiceId: string | undefined,
	print: (line: string) => void,
): Promise<number> {
	const services = (['elevenlabs', 'heygen'] as Service[]).filter((s) => keys[s]);
	if (!services.length) {
		print(
			'No API key set (ELEVENLABS_API_KEY, HEYGEN_API_KEY): nothing was called. With keys, the live check runs:',
		);
		plan(print, o);
		print('Set one or both keys and run again; nothing is spent without --spend / --spend-video.');
		return 0;
	}
	if (o.spendVideo) {
		const problem = !keys.heygen
			? '--spend-video needs HEYGEN_API_KEY.'
			: !avatarId
				? '--spend-video needs HEYGEN_AVATAR_ID: the ID of an avatar look of your account (HeyGen node → Avatar → Get Many Looks, or GET /v3/avatars/looks). Nothing was called.'
				: videoPrerequisite();
		if (problem) {
			print(problem);
			return 2;
		}
	}
	const targets = Object.fromEntries(
		services.map((s) => [
			s,
			{ service: s, key: keys[s]!, baseUrl: (o.urls[s] || DEFAULT_URLS[s]).replace(/\/+$/, '') },
		]),
	) as Partial<Record<Service, Target>>;
	const secrets = services.map((s) => keys[s]!);
	const run: Run = { results: [], findings: [], print };
	const skipped: string[] = [];

	for (const s of ['elevenlabs', 'heygen'] as Service[]) {
		if (!targets[s]) {
			skipped.push(s);
			print(
				`${SERVICE_NAMES[s]}: skipped (${s === 'elevenlabs' ? 'ELEVENLABS_API_KEY' : 'HEYGEN_API_KEY'} not set).`,
			);
		}
	}
	const el = targets.elevenlabs;
	const hg = targets.heygen;
	let multiplier: number | undefined;
	if (el) {
		print(`ElevenLabs at ${stripUrl(el.baseUrl)}:`);
		const facts = await checkElevenLabs(run, el);
		multiplier = facts.flashMultiplier;
		voiceId ??= facts.firstVoiceId;
	}
	if (hg) {
		print(`HeyGen at ${stripUrl(hg.baseUrl)}:`);
		await checkHeyGen(run, hg);
	}

	if (o.spend) await spend(run, o, { el, hg, voiceId, avatarId, multiplier, secrets });
	else
		print(
			'Nothing was spent: add --spend / --spend-video to check the paid steps (--help shows their cost).',
		);

	return finish(run, o, targets, skipped, secrets, print);
}

/** --spend (TTS, upload) and --spend-video (render through the node); the asset is deleted at the end. */
async function spend(
	run: Run,
	o: Options,
	c: {
		el?: Target;
		hg?: Target;
		voiceId?: string;
		avatarId?: string;
		multiplier?: number;
		secrets: string[];
	},
): Promise<void> {
	const { el, hg, print } = { ...c, print: run.print };
	print('Spending (--spend):');
	let audio: Buffer | undefined;
	let audioSource = 'the TTS sentence';
	if (el && c.voiceId) {
		print(`  TTS costs ${ttsCost(c.multiplier)}.`);
		audio = await speakOneSentence(run, el, c.voiceId);
	} else if (el) {
		print('  TTS skipped: no voice (set ELEVENLABS_VOICE_ID, or give the key voices_read).');
	} else if (hg) {
		audio = readFileSync(FALLBACK_AUDIO);
		audioSource = 'a bundled 1-second MP3 (no ElevenLabs key)';
	}
	let assetId: string | undefined;
	if (!hg) print('  Asset upload skipped (HEYGEN_API_KEY not set).');
	else if (!audio) print('  Asset upload skipped: no audio from the TTS step.');
	else assetId = await uploadAudio(run, hg, audio, audioSource);
	if (o.spendVideo && hg && assetId) {
		print(`Rendering a video (--spend-video): ${VIDEO_COST}`);
		await spendVideo(run, hg, {
			parameters: videoNodeParameters(assetId, c.avatarId!, o.pollSeconds),
			videoFile: path.join(path.dirname(o.report), 'live-check-video.mp4'),
			secrets: c.secrets,
		});
	} else if (o.spendVideo) {
		print('  Video skipped: no uploaded audio asset.');
	}
	if (hg && assetId) await deleteAsset(run, hg, assetId);
}

function finish(
	run: Run,
	o: Options,
	targets: Partial<Record<Service, Target>>,
	skipped: string[],
	secrets: string[],
	print: (line: string) => void,
): number {
	const results = run.results;
	const errors = results.filter((r) => r.error);
	const differing = results.filter((r) => r.contract === 'differences');
	// Which services send a request-ID header (our error messages quote it).
	for (const s of Object.keys(targets) as Service[]) {
		const http = results.filter((r) => r.service === s && r.status !== null && r.method !== 'NODE');
		const names = [...new Set(http.flatMap((r) => r.requestIdHeaders))];
		run.findings.push(
			`${SERVICE_NAMES[s]} request-ID headers: ${names.length ? `${names.join(', ')} (on ${http.filter((r) => r.requestIdHeaders.length).length} of ${http.length} responses)` : `none of request-id / x-request-id on ${http.length} responses`}.`,
		);
	}

	print('');
	for (const line of table(results)) print(line);
	if (differing.length) {
		print('');
		print('Differences from the contract:');
		for (const r of differing) {
			print(`  ${SERVICE_NAMES[r.service]} ${r.step} (${r.contractName}):`);
			for (const d of r.differences) print(`    - ${d}`);
		}
	}
	if (errors.length) {
		print('');
		print('Errors:');
		for (const r of errors) print(`  ${SERVICE_NAMES[r.service]} ${r.step}: ${r.error}`);
	}
	const undeclared = results.filter((r) => r.undeclared.length);
	if (undeclared.length) {
		print('');
		print('Fields the contract does not declare (allowed; add them to the sandbox fixtures):');
		for (const r of undeclared)
			print(`  ${SERVICE_NAMES[r.service]} ${r.step}: ${r.undeclared.join(', ')}`);
	}
	print('');
	print('Findings:');
	for (const f of run.findings) print(`  - ${f}`);

	const { version, commit } = toolVersion();
	const report = redact(
		{
			tool: 'n8n-nodes-heygen-elevenlabs live-check',
			toolVersion: version,
			commit,
			date: new Date().toISOString(),
			flags: { spend: o.spend, spendVideo: o.spendVideo },
			services: Object.fromEntries(
				(['elevenlabs', 'heygen'] as Service[]).map((s) => [
					s,
					targets[s]
						? { checked: true, baseUrl: stripUrl(targets[s]!.baseUrl) }
						: { checked: false, reason: 'no API key' },
				]),
			),
			summary: {
				steps: results.length,
				contractOk: results.filter((r) => r.contract === 'ok').length,
				differences: differing.length,
				errors: errors.length,
				skipped,
			},
			findings: run.findings,
			results,
		},
		{ secrets },
	);
	let json = JSON.stringify(report, null, 2);
	for (const secret of secrets) json = json.split(secret).join('<redacted>');
	writeFileSync(o.report, `${json}\n`);
	print('');
	print(
		`Report (redacted: no keys, no signed URLs, no personal data): ${o.report}. ${results.length} steps, ${differing.length} with contract differences, ${errors.length} failed.`,
	);
	return errors.length ? 2 : differing.length ? 1 : 0;
}

if (require.main === module) {
	liveCheck(process.argv.slice(2), process.env).then(
		(code) => process.exit(code),
		(error: Error) => {
			console.error(error);
			process.exit(2);
		},
	);
}
