/**
 * HeyGen's limit of videos rendering at once (#15.2): "Pay-As-You-Go 10 concurrent video jobs …
 * Exceeding the limit returns 429 Too Many Requests with a Retry-After header"
 * (developers.heygen.com/docs/usage-limits; the sandbox models it in sandbox/heygen/concurrency.ts,
 * with the undocumented variants of the answer and the older page's queue). A batch larger than the
 * limit must end with every video created exactly once, in every Wait for Completion mode.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runWorkflow } from '../harness';
import { sandboxCredentials } from '../sandbox';
import type { RenderLimit } from '../sandbox/heygen';
import { inProgress } from '../sandbox/heygen/concurrency';
import { DEFAULT_CALLBACK_RETRY_DELAYS_MS } from '../sandbox/heygen/state';
import { err, FAST_RETRY, FAST_WAIT, generateParameters, out, runHeyGen } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

afterEach(async () => {
	const state = box.get().heygen;
	// the next test starts with every slot free: videos of Don't Wait runs are still rendering
	const end = Date.now() + 15_000;
	while (
		inProgress(state).some((v) => !String(v.title).startsWith('foreign-60000')) &&
		Date.now() < end
	)
		await new Promise((r) => setTimeout(r, 50));
	state.renderLimit = undefined;
	state.renderLimitRefusals = 0;
	state.peakInProgress = 0;
	state.renderFor = undefined;
	state.callbackRetryDelaysMs = [...DEFAULT_CALLBACK_RETRY_DELAYS_MS];
});

const rows = (n: number): INodeExecutionData[] =>
	Array.from({ length: n }, (_v, i) => ({ json: { n: i } }));

/** Video → Generate for each row, titled `<prefix><n>`. */
function generate(prefix: string, extra: INodeParameters = {}): INodeParameters {
	return generateParameters(
		box.get(),
		'={{ "Clip number " + $json.n }}',
		{ title: `={{ "${prefix}" + $json.n }}` },
		extra,
	);
}

/** The sandbox's videos whose title starts with `prefix`. */
const videosTitled = (prefix: string) =>
	[...box.get().heygen.videos.values()].filter((v) => v.title?.startsWith(prefix));

/** Every row made exactly one video: 8 distinct videos, one create per key, no error. */
function expectEachCreatedOnce(items: INodeExecutionData[], prefix: string, count: number) {
	const sandbox = box.get();
	expect(items).toHaveLength(count);
	expect(items.filter((i) => i.json.error)).toEqual([]);
	expect(videosTitled(prefix)).toHaveLength(count);
	expect(new Set(items.map((i) => i.json.video_id)).size).toBe(count);
	for (const item of items)
		expect(sandbox.heygen.createsByKey.get(item.json.idempotency_key as string)).toBe(1);
	items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
}

/** Every attempt of one row carried the same Idempotency-Key; some were refused. */
function expectSameKeyPerRow(
	prefix: string,
	count: number,
	path = '/v3/videos',
	refusedStatus = 429,
) {
	const attempts = box
		.get()
		.server.requests('heygen', 'POST', path)
		.filter((r) => String((r.json as { title?: string })?.title ?? '').startsWith(prefix));
	const keys = new Map<string, Set<string>>();
	for (const r of attempts) {
		const title = (r.json as { title: string }).title;
		keys.set(title, (keys.get(title) ?? new Set()).add(String(r.headers['idempotency-key'])));
	}
	expect(keys.size).toBe(count);
	for (const set of keys.values()) expect(set.size).toBe(1);
	expect(attempts.some((r) => r.status === refusedStatus)).toBe(true);
}

describe('a batch larger than the render limit: every video created exactly once', () => {
	// renders of 0.5 s: longer than the transport's own 429 retries take with FAST_RETRY (≈ 0.15 s),
	// as real renders (5–20 min) are longer than its 4 attempts / 120 s
	beforeEach(() => {
		box.get().heygen.renderFor = (body) =>
			String(body.title).startsWith('limit-') ? { queueMs: 50, renderMs: 450 } : undefined;
	});

	it('Wait Here: limit 3, 8 rows → 8 rendered videos; a refused create waits for a render of this execution, not the 60 s Retry-After', async () => {
		const sandbox = box.get();
		sandbox.heygen.renderLimit = { max: 3, reply: 'rate_limit_exceeded', retryAfterSeconds: 60 };
		const started = Date.now();
		const run = await runHeyGen(
			sandbox,
			generate('limit-poll-', { waitForCompletion: 'poll', waitOptions: FAST_WAIT }),
			rows(8),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expectEachCreatedOnce(items, 'limit-poll-', 8);
		expect(items.map((i) => i.json.status)).toEqual(Array(8).fill('completed'));
		expect(sandbox.heygen.renderLimitRefusals).toBeGreaterThan(0);
		expect(sandbox.heygen.peakInProgress).toBeLessThanOrEqual(3);
		expectSameKeyPerRow('limit-poll-', 8);
		// one refusal waiting out Retry-After alone would take 60 s
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	it("Don't Wait: limit 3, 8 rows → 8 videos, the refused creates sent again after Retry-After", async () => {
		const sandbox = box.get();
		sandbox.heygen.renderLimit = { max: 3, reply: 'rate_limit_exceeded', retryAfterSeconds: 1 };
		const run = await runHeyGen(sandbox, generate('limit-nowait-'), rows(8));
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expectEachCreatedOnce(items, 'limit-nowait-', 8);
		expect(items.map((i) => i.json.status)).toEqual(Array(8).fill('waiting'));
		expect(sandbox.heygen.renderLimitRefusals).toBeGreaterThan(0);
		expect(sandbox.heygen.peakInProgress).toBeLessThanOrEqual(3);
		expectSameKeyPerRow('limit-nowait-', 8);
		// Retry-After was honoured: no refused create was sent again within a second
		const attempts = sandbox.server
			.requests('heygen', 'POST', '/v3/videos')
			.filter((r) => String((r.json as { title?: string })?.title).startsWith('limit-nowait-'));
		attempts.forEach((r, k) => {
			const next = attempts
				.slice(k + 1)
				.find((a) => a.headers['idempotency-key'] === r.headers['idempotency-key']);
			if (r.status === 429 && next) expect(next.time - r.time).toBeGreaterThanOrEqual(950);
		});
	});

	it('Send Resume URL: limit 3, 8 rows → 8 videos, each with the resume URL as callback_url (a 429 without Retry-After)', async () => {
		const sandbox = box.get();
		sandbox.heygen.renderLimit = { max: 3, reply: 'no_retry_after' };
		sandbox.heygen.callbackRetryDelaysMs = [];
		const run = await runHeyGen(
			sandbox,
			generate('limit-resume-', { waitForCompletion: 'callback' }),
			rows(8),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expectEachCreatedOnce(items, 'limit-resume-', 8);
		for (const v of videosTitled('limit-resume-'))
			expect(String(v.body.callback_url)).toMatch(/^http:\/\/127\.0\.0\.1\/webhook-waiting\//);
		expect(sandbox.heygen.peakInProgress).toBeLessThanOrEqual(3);
		expectSameKeyPerRow('limit-resume-', 8);
	});

	it.each([
		['a concurrency-specific 429 code', { reply: 'concurrency_code', retryAfterSeconds: 60 }, 429],
		['a 400 naming the concurrent limit', { reply: 'resource_limit_400' }, 400],
	] as Array<[string, Omit<RenderLimit, 'max'>, number]>)(
		'Wait Here, refused with %s: 6 rows, limit 2 → 6 videos',
		async (_label, limit, status) => {
			const sandbox = box.get();
			const prefix = `limit-${limit.reply}-`;
			sandbox.heygen.renderLimit = { max: 2, ...limit };
			const run = await runHeyGen(
				sandbox,
				generate(prefix, { waitForCompletion: 'poll', waitOptions: FAST_WAIT }),
				rows(6),
			);
			expect(err(run)).toBeUndefined();
			expectEachCreatedOnce(out(run), prefix, 6);
			expect(sandbox.heygen.peakInProgress).toBeLessThanOrEqual(2);
			expectSameKeyPerRow(prefix, 6, '/v3/videos', status);
		},
	);

	it('Template → Generate Video, Wait Here: limit 2, 5 rows → 5 videos', async () => {
		const sandbox = box.get();
		sandbox.heygen.renderLimit = { max: 2, reply: 'rate_limit_exceeded', retryAfterSeconds: 60 };
		const template = sandbox.heygen.templates[1];
		const run = await runHeyGen(
			sandbox,
			{
				resource: 'template',
				operation: 'generate',
				templateId: { __rl: true, mode: 'id', value: template.id },
				textVariables: {
					variable: [{ name: 'headline', content: '={{ "Headline " + $json.n }}' }],
				},
				waitForCompletion: 'poll',
				waitOptions: FAST_WAIT,
				options: { ...FAST_RETRY, title: '={{ "limit-template-" + $json.n }}' },
			},
			rows(5),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expectEachCreatedOnce(items, 'limit-template-', 5);
		expect(items.map((i) => i.json.status)).toEqual(Array(5).fill('completed'));
		expect(sandbox.heygen.peakInProgress).toBeLessThanOrEqual(2);
		expectSameKeyPerRow('limit-template-', 5, '/v3/templates/{template_id}');
	});

	it('the older documented behaviour (extra videos queue): nothing is refused, queued videos just take longer', async () => {
		const sandbox = box.get();
		sandbox.heygen.renderLimit = { max: 3, reply: 'queue' };
		const run = await runHeyGen(
			sandbox,
			generate('limit-queue-', { waitForCompletion: 'poll', waitOptions: FAST_WAIT }),
			rows(8),
		);
		expect(err(run)).toBeUndefined();
		const items = out(run);
		expectEachCreatedOnce(items, 'limit-queue-', 8);
		expect(items.map((i) => i.json.status)).toEqual(Array(8).fill('completed'));
		expect(sandbox.heygen.renderLimitRefusals).toBe(0);
		expect(
			videosTitled('limit-queue-').filter((v) => v.slotAt !== undefined).length,
		).toBeGreaterThan(0);
	});
});

describe('a render slot held by another execution', () => {
	/** A video made outside this run that renders for `ms`. */
	async function foreignVideo(ms: number): Promise<void> {
		const sandbox = box.get();
		sandbox.heygen.renderFor = (body) =>
			String(body.title).startsWith('foreign') ? { queueMs: 0, renderMs: ms } : undefined;
		// a title of its own: the same request again would replay the earlier video (same key)
		const run = await runHeyGen(sandbox, generate(`foreign-${ms}-`));
		expect(err(run)).toBeUndefined();
	}

	it('with no render of its own to wait for, the create is sent again after Retry-After until the slot is free', async () => {
		const sandbox = box.get();
		await foreignVideo(1500);
		sandbox.heygen.renderLimit = { max: 1, reply: 'rate_limit_exceeded', retryAfterSeconds: 1 };
		const run = await runHeyGen(sandbox, generate('after-foreign-'));
		expect(err(run)).toBeUndefined();
		expectEachCreatedOnce(out(run), 'after-foreign-', 1);
		const attempts = sandbox.server
			.requests('heygen', 'POST', '/v3/videos')
			.filter((r) => String((r.json as { title?: string })?.title).startsWith('after-foreign-'));
		expect(attempts[0].status).toBe(429);
		expect(attempts.at(-1)!.status).toBe(200);
		expect(attempts.slice(0, -1).every((a) => a.status === 429)).toBe(true);
		for (let k = 1; k < attempts.length; k++)
			expect(attempts[k].time - attempts[k - 1].time).toBeGreaterThanOrEqual(950);
	});

	it("gives up after Max Wait with HeyGen's error and advice, having said it was waiting", async () => {
		const sandbox = box.get();
		await foreignVideo(60_000);
		sandbox.heygen.renderLimit = { max: 1, reply: 'rate_limit_exceeded', retryAfterSeconds: 1 };
		const messages: unknown[] = [];
		const run = await runWorkflow({
			nodes: [
				{
					name: 'HeyGen',
					type: 'heyGen',
					parameters: generate('gives-up-', {
						waitForCompletion: 'poll',
						waitOptions: { ...FAST_WAIT, maxWaitMinutes: 0.02 },
					}),
				},
			],
			credentials: sandboxCredentials(sandbox),
			additionalData: {
				sendDataToUI: (_type: string, data: unknown) => messages.push(data),
			} as never,
		});
		const error = err(run)!;
		expect(error.message).toMatch(/rate_limit_exceeded.*HTTP 429/);
		expect(error.description).toMatch(/Max Wait 1\.2 s/);
		expect(error.description).toMatch(/videos rendering at once/);
		expect(videosTitled('gives-up-')).toHaveLength(0);
		expect(JSON.stringify(messages)).toMatch(
			/did not start the video of item 0 yet: Concurrent video job limit reached.*Waiting for 1 s \(Retry-After\), then trying again with the same Idempotency-Key, for at most 1\.2 s \(Max Wait\)/,
		);
	});
});
