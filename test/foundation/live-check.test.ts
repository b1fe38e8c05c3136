/**
 * `npm run live-check` (scripts/live-check) against the sandbox, through its base-URL overrides,
 * exactly as a key holder runs it against the real APIs: the code path, the table, the exit codes
 * and the redacted report format are what these tests pin down.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { liveCheck } from '../../scripts/live-check';
import { redact, stripUrl } from '../../scripts/live-check/redact';
import { SANDBOX_ELEVENLABS_KEY, SANDBOX_HEYGEN_KEY } from '../sandbox';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

interface Report {
	tool: string;
	toolVersion: string;
	date: string;
	flags: { spend: boolean; spendVideo: boolean };
	services: Record<string, { checked: boolean; baseUrl?: string; reason?: string }>;
	summary: { steps: number; contractOk: number; differences: number; errors: number };
	findings: string[];
	results: Array<{
		service: string;
		step: string;
		endpoint: string;
		status: number | null;
		contract: string;
		differences: string[];
		undeclared: string[];
		requestIdHeaders: string[];
		facts: Record<string, unknown>;
		sample?: unknown;
		error?: string;
	}>;
}

async function check(
	args: string[],
	keys: { elevenlabs?: string; heygen?: string; avatar?: string } = {
		elevenlabs: SANDBOX_ELEVENLABS_KEY,
		heygen: SANDBOX_HEYGEN_KEY,
	},
) {
	const dir = mkdtempSync(path.join(tmpdir(), 'live-check-'));
	const reportPath = path.join(dir, 'live-check-report.json');
	const lines: string[] = [];
	const env = {
		ELEVENLABS_API_KEY: keys.elevenlabs,
		HEYGEN_API_KEY: keys.heygen,
		HEYGEN_AVATAR_ID: keys.avatar,
		LIVE_CHECK_ELEVENLABS_URL: box.get().elevenLabsUrl,
		LIVE_CHECK_HEYGEN_URL: box.get().heyGenUrl,
	};
	const code = await liveCheck(['--report', reportPath, ...args], env, (l) => lines.push(l));
	const output = lines.join('\n');
	const raw = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined;
	return {
		code,
		output,
		raw,
		report: raw ? (JSON.parse(raw) as Report) : undefined,
		dir,
		/** The table row of a step (its first line in the table). */
		row: (step: string) =>
			output
				.split('\n')
				.find(
					(l) => /^(ElevenLabs|HeyGen) /.test(l) && l.includes(step) && /\s(\d{3}|—)\s/.test(l),
				),
	};
}

const FREE_STEPS: Array<[string, string]> = [
	['ElevenLabs', 'GET /v1/user/subscription'],
	['ElevenLabs', 'GET /v2/voices?page_size=100 '],
	['ElevenLabs', 'GET /v2/voices?page_size=100 (page 2, next_page_token)'],
	['ElevenLabs', 'GET /v1/models'],
	['HeyGen', 'GET /v3/users/me'],
	['HeyGen', 'GET /v3/voices?limit=100 '],
	['HeyGen', 'GET /v3/voices?limit=100 (page 2, token)'],
	['HeyGen', 'GET /v3/voices?type=private&limit=100'],
	['HeyGen', 'GET /v3/avatars/looks?limit=50 '],
	['HeyGen', 'GET /v3/avatars/looks?limit=50 (page 2, token)'],
	['HeyGen', 'GET /v3/webhooks/event-types'],
	['HeyGen', 'GET /v3/videos?limit=10'],
];

/** Nothing secret in a printed or written text: no key, no signed URL, no query string on a URL. */
function expectRedacted(text: string) {
	expect(text).not.toContain(SANDBOX_ELEVENLABS_KEY);
	expect(text).not.toContain(SANDBOX_HEYGEN_KEY);
	expect(text).not.toMatch(/X-Amz-(Signature|Expires)/i);
	expect(text.match(/https?:\/\/[^\s"]*\?(?!<redacted>)/g) ?? []).toEqual([]);
}

describe('live check against the sandbox', () => {
	it('with both keys: runs the free calls only, every one "contract OK", and writes a redacted report', async () => {
		const r = await check([]);
		expect(r.code).toBe(0);
		for (const [service, step] of FREE_STEPS) {
			const row = r.row(step);
			expect(row).toBeDefined();
			expect(row).toMatch(new RegExp(`^${service}\\s.*\\s200\\s+contract OK`));
		}
		// nothing is spent without the flags: no POST reached the sandbox
		expect(r.output).toMatch(/Nothing was spent: add --spend/);
		expect(box.get().server.log.filter((q) => q.method !== 'GET')).toEqual([]);
		expect(box.get().server.requests('elevenlabs', 'GET', '/v2/voices')).toHaveLength(3);
		expect(box.get().server.requests('elevenlabs', 'GET', '/v2/voices')[1].query).toHaveProperty(
			'next_page_token',
		);
		expect(box.get().server.requests('heygen', 'GET', '/v3/voices')[1].query).toHaveProperty(
			'token',
		);

		const report = r.report!;
		expect(report.tool).toMatch(/live-check/);
		expect(report.toolVersion).toBe(
			(
				JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
					version: string;
				}
			).version,
		);
		expect(Date.now() - Date.parse(report.date)).toBeLessThan(60_000);
		expect(report.flags).toEqual({ spend: false, spendVideo: false });
		expect(report.services.elevenlabs).toEqual({
			checked: true,
			baseUrl: box.get().elevenLabsUrl,
		});
		expect(report.summary).toMatchObject({
			steps: report.results.length,
			differences: 0,
			errors: 0,
		});
		expect(report.results.length).toBeGreaterThanOrEqual(FREE_STEPS.length);
		for (const result of report.results) {
			expect(result).toMatchObject({ status: 200, contract: 'ok', differences: [] });
			expect(result.sample).toBeDefined();
		}
		// facts a maintainer needs where our code guesses
		// the sandbox lists public voices only without `type`, as HeyGen documents
		expect(report.findings.join('\n')).toMatch(
			/GET \/v3\/voices without a type filter includes private \(cloned\) voices\? no: none of the 5/,
		);
		expect(report.findings.join('\n')).toMatch(/ElevenLabs request-ID headers: /);
		expect(report.findings.join('\n')).toMatch(/HeyGen request-ID headers: /);
		const me = report.results.find((x) => x.step === 'GET /v3/users/me')!;
		expect(me.sample).toMatchObject({ data: { email: '<redacted>', username: '<redacted>' } });
		const voicesPage = report.results.find((x) => x.endpoint === '/v3/voices')!;
		expect(voicesPage.sample).toMatchObject({ next_token: '<redacted>' });
		expect((voicesPage.sample as { data: unknown[] }).data).toHaveLength(3);
		expect(voicesPage.facts.cursor).toMatch(/^next_token \(\d+ chars\)$/);
		expectRedacted(r.raw!);
		expectRedacted(r.output);
	});

	it('with --spend-video: says what it costs, then TTS → upload → our HeyGen node renders 9:16 → clean-up', async () => {
		const avatar = box.get().heygen.looks[0].id;
		const r = await check(['--spend-video', '--poll-seconds', '0.05'], {
			elevenlabs: SANDBOX_ELEVENLABS_KEY,
			heygen: SANDBOX_HEYGEN_KEY,
			avatar,
		});
		expect(r.code).toBe(0);
		expect(r.output).toMatch(
			/TTS costs \d+ characters with eleven_flash_v2_5 ≈ \d+ ElevenLabs credits/,
		);
		expect(r.output).toMatch(
			/Rendering a video \(--spend-video\): HeyGen bills a render by its length/,
		);
		expect(r.output.indexOf('HeyGen bills a render')).toBeLessThan(
			r.output.indexOf('HeyGen node: Generate 9:16 → Wait → download →'),
		);
		expect(r.output.indexOf('TTS costs')).toBeLessThan(
			r.output.indexOf('POST /v1/text-to-speech/{voice_id}/with-timestamps →'),
		);
		expect(r.row('POST /v1/text-to-speech/{voice_id}/with-timestamps')).toMatch(
			/200\s+contract OK\s+request-id$/,
		);
		expect(r.row('POST /v3/assets (multipart file)')).toMatch(/200\s+contract OK/);
		expect(r.row('HeyGen node: Generate 9:16 → Wait → download')).toMatch(/node run OK/);
		expect(r.row('GET /v3/videos/{video_id} (the rendered video)')).toMatch(/200\s+contract OK/);
		expect(r.row('DELETE /v3/assets/{asset_id} (clean-up)')).toMatch(/200\s+contract OK/);

		// the node really made the video from the uploaded TTS audio, in 9:16
		const tts = box
			.get()
			.server.requests('elevenlabs', 'POST', '/v1/text-to-speech/{voice_id}/with-timestamps');
		expect(tts).toHaveLength(1);
		expect(tts[0].json).toMatchObject({ model_id: 'eleven_flash_v2_5' });
		const creates = box.get().server.requests('heygen', 'POST', '/v3/videos');
		expect(creates).toHaveLength(1);
		expect(creates[0].json).toMatchObject({
			type: 'avatar',
			avatar_id: avatar,
			aspect_ratio: '9:16',
			audio_asset_id: expect.any(String),
		});
		// the uploaded audio is the TTS output, and it is deleted again afterwards
		const asset = box
			.get()
			.heygen.assets.get((creates[0].json as { audio_asset_id: string }).audio_asset_id)!;
		expect(asset).toMatchObject({ mimeType: 'audio/mpeg', deleted: true });
		expect(box.get().server.requests('heygen', 'DELETE', '/v3/assets/{asset_id}')).toHaveLength(1);
		const video = readFileSync(path.join(r.dir, 'live-check-video.mp4'));
		expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');

		const node = r.report!.results.find((x) => x.step.startsWith('HeyGen node'))!;
		expect(node.facts).toMatchObject({
			status: 'completed',
			mimeType: 'video/mp4',
			bytes: video.length,
		});
		expect(JSON.stringify(node.sample)).toMatch(/"video_url":"http:[^"]+\?<redacted>"/);
		expect(r.report!.flags).toEqual({ spend: true, spendVideo: true });
		expectRedacted(r.raw!);
		expectRedacted(r.output);
	});

	it('with one key only: checks that service and says the other was skipped', async () => {
		const r = await check([], { heygen: SANDBOX_HEYGEN_KEY });
		expect(r.code).toBe(0);
		expect(r.output).toMatch(/ElevenLabs: skipped \(ELEVENLABS_API_KEY not set\)/);
		expect(r.row('GET /v3/users/me')).toMatch(/contract OK/);
		expect(r.row('GET /v1/models')).toBeUndefined();
		expect(box.get().server.requests('elevenlabs')).toEqual([]);
		expect(r.report!.services.elevenlabs).toEqual({ checked: false, reason: 'no API key' });
		expect(r.report!.results.every((x) => x.service === 'heygen')).toBe(true);

		box.get().server.log.splice(0);
		const el = await check(['--spend'], { elevenlabs: SANDBOX_ELEVENLABS_KEY });
		expect(el.code).toBe(0);
		expect(el.output).toMatch(/HeyGen: skipped \(HEYGEN_API_KEY not set\)/);
		expect(el.output).toMatch(/Asset upload skipped \(HEYGEN_API_KEY not set\)/);
		expect(el.row('POST /v1/text-to-speech/{voice_id}/with-timestamps')).toMatch(/contract OK/);
		expect(box.get().server.requests('heygen')).toEqual([]);
	});

	it('without keys: says what it would call and what each flag costs, calls nothing, exits 0', async () => {
		const r = await check(['--spend-video'], {});
		expect(r.code).toBe(0);
		expect(r.output).toMatch(/No API key set/);
		expect(r.output).toMatch(/GET \/v1\/user\/subscription/);
		expect(r.output).toMatch(/GET \/v3\/webhooks\/event-types/);
		expect(r.output).toMatch(/--spend.*\d+ characters with eleven_flash_v2_5/);
		expect(r.output).toMatch(/--spend-video.*credit/);
		expect(box.get().server.log).toEqual([]);
		expect(r.raw).toBeUndefined();
	});

	it('reports a contract-violating response with its exact differences (exit 1)', async () => {
		box.get().server.inject({
			service: 'heygen',
			method: 'GET',
			path: '/v3/voices',
			fault: {
				type: 'status',
				status: 200,
				body: { data: [{ voice_id: 42, name: 'Broken' }], has_more: 'no' },
			},
		});
		const r = await check([]);
		expect(r.code).toBe(1);
		expect(r.row('GET /v3/voices?limit=100 ')).toMatch(/200\s+\d+ difference\(s\)/);
		const bad = r.report!.results.find((x) => x.step === 'GET /v3/voices?limit=100')!;
		expect(bad.contract).toBe('differences');
		expect(bad.differences).toEqual(
			expect.arrayContaining([
				'/data/0/voice_id must be string',
				"/data/0 must have required property 'language'",
				'/has_more must be boolean',
			]),
		);
		expect(r.output).toMatch(
			/Differences from the contract:\n {2}HeyGen GET \/v3\/voices\?limit=100 \(HeyGen VoiceList\):\n {4}- /,
		);
		expect(r.output).toContain('    - /data/0/voice_id must be string');
		expect(r.report!.summary.differences).toBe(1);
		// the other endpoints are still checked
		expect(r.row('GET /v3/webhooks/event-types')).toMatch(/contract OK/);
	});

	it('lists fields the contract does not declare, without failing the contract', async () => {
		const voice = { ...box.get().heygen.voices[0], engine: 'starfish', accent: 'neutral' };
		box.get().server.inject({
			service: 'heygen',
			method: 'GET',
			path: '/v3/voices',
			fault: {
				type: 'status',
				status: 200,
				body: { data: [voice], has_more: false, next_token: null },
			},
		});
		const r = await check([], { heygen: SANDBOX_HEYGEN_KEY });
		expect(r.code).toBe(0);
		expect(r.row('GET /v3/voices?limit=100')).toMatch(/contract OK \(\+2 undeclared\)/);
		const page = r.report!.results.find((x) => x.step === 'GET /v3/voices?limit=100')!;
		expect(page.undeclared).toEqual(['/data[]/accent', '/data[]/engine']);
		expect(r.output).toContain('HeyGen GET /v3/voices?limit=100: /data[]/accent, /data[]/engine');
	});

	it('reports failed calls with the API message and exits 2; a wrong key never shows', async () => {
		const wrong = 'sk_live_check_wrong_key_0123456789';
		box.get().server.inject({
			service: 'heygen',
			path: '/v3/webhooks/event-types',
			fault: {
				type: 'status',
				status: 200,
				body: { error: { code: 'internal_error', message: 'Something went wrong' } },
			},
		});
		const r = await check([], { elevenlabs: wrong, heygen: SANDBOX_HEYGEN_KEY });
		expect(r.code).toBe(2);
		expect(r.row('GET /v1/user/subscription')).toMatch(/401\s+error/);
		expect(r.output).toMatch(/GET \/v1\/user\/subscription: HTTP 401: invalid_api_key/);
		expect(r.output).toMatch(
			/GET \/v3\/webhooks\/event-types: HTTP 200 with an error body: internal_error: Something went wrong/,
		);
		expect(r.report!.summary.errors).toBeGreaterThanOrEqual(4);
		expect(r.raw).not.toContain(wrong);
		expect(r.output).not.toContain(wrong);
	});

	it('--spend-video without HEYGEN_AVATAR_ID explains what it needs and spends nothing', async () => {
		const r = await check(['--spend-video']);
		expect(r.code).toBe(2);
		expect(r.output).toMatch(/--spend-video needs HEYGEN_AVATAR_ID/);
		expect(box.get().server.log).toEqual([]);
	});
});

describe('redaction', () => {
	it('cuts query strings and user info from URLs, idempotently', () => {
		const signed = 'https://files.heygen.ai/v/1.mp4?X-Amz-Signature=abc&X-Amz-Expires=600';
		expect(stripUrl(signed)).toBe('https://files.heygen.ai/v/1.mp4?<redacted>');
		expect(stripUrl(stripUrl(signed))).toBe('https://files.heygen.ai/v/1.mp4?<redacted>');
		expect(stripUrl('https://user:pw@host.example/a')).toBe('https://host.example/a');
		expect(redact(`see ${signed} now`, { secrets: [] })).toBe(
			'see https://files.heygen.ai/v/1.mp4?<redacted> now',
		);
	});

	it('drops keys, token/secret fields, secret-looking values and personal data; keeps the shape', () => {
		const out = redact(
			{
				secret: 'whsec_abc',
				next_token: 'abc',
				callback: 'whsec_zzz',
				jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
				note: 'key=MYKEY inside',
				email: 'me@example.com',
				missing_token: null,
				list: [1, 2, 3, 4, 5],
				long: 'x'.repeat(300),
			},
			{ secrets: ['MYKEY'], maxArray: 3, maxString: 200 },
		);
		expect(out).toEqual({
			secret: '<redacted>',
			next_token: '<redacted>',
			callback: '<redacted>',
			jwt: '<redacted>',
			note: 'key=<redacted> inside',
			email: '<redacted>',
			missing_token: null,
			list: [1, 2, 3],
			long: `${'x'.repeat(200)}…(300 chars)`,
		});
	});
});

it('npm run live-check without keys exits 0 and explains itself', async () => {
	const env = { ...process.env };
	for (const k of ['ELEVENLABS_API_KEY', 'HEYGEN_API_KEY', 'npm_config_loglevel']) delete env[k];
	const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
		execFile(
			'npm',
			['run', '-s', 'live-check'],
			{ cwd: path.resolve(__dirname, '../..'), env, timeout: 60_000 },
			(error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
		);
	});
	expect(stdout).toMatch(/No API key set/);
	expect(stdout).toMatch(/--spend-video: one 9:16 video/);
	expect(code).toBe(0);
});
