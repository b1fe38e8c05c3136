/**
 * The Idempotency Key override (#15.3). HeyGen documents the header as: "Subsequent calls within
 * 24 hours that share this key replay the original response — even if the request body differs
 * slightly (a warning is logged) … Scope is per-endpoint and per-resource"
 * (developers.heygen.com/reference/create-video). The sandbox replays the same way (no 409), so a
 * constant override would give every item the first item's video; two items resolving to the same
 * key are therefore an error naming the field, before any request.
 */
import { storeBinary } from '../harness';
import { fixture } from '../sandbox/media';
import { err, FAST_RETRY, generateParameters, out, runHeyGen, SANDBOX_HEYGEN_KEY } from './setup';
import { useSandbox } from '../setup/sandbox';

const box = useSandbox();

/** POST /v3/videos straight to the sandbox with an Idempotency-Key. */
async function create(key: string, script: string) {
	const sandbox = box.get();
	const res = await fetch(`${sandbox.heyGenUrl}/v3/videos`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-api-key': SANDBOX_HEYGEN_KEY,
			'idempotency-key': key,
		},
		body: JSON.stringify({ type: 'avatar', avatar_id: sandbox.heygen.looks[0].id, script }),
	});
	const json = (await res.json()) as { data: { video_id: string } };
	return { status: res.status, replayed: res.headers.get('idempotent-replayed'), json };
}

describe('sandbox: a repeated Idempotency-Key replays the first response', () => {
	it('even when the body differs (recorded as a mismatch), not a 409', async () => {
		const sandbox = box.get();
		const key = `replay-${Date.now()}`;
		const first = await create(key, 'First script');
		const second = await create(key, 'A different script');
		expect(first.status).toBe(200);
		expect(second.status).toBe(200);
		expect(second.replayed).toBe('true');
		expect(second.json.data.video_id).toBe(first.json.data.video_id);
		expect(sandbox.heygen.createsByKey.get(key)).toBe(1);
		expect(sandbox.heygen.idempotencyMismatches).toContainEqual({ path: '/v3/videos', key });
	});

	it('per endpoint and resource: the same key on a template generate is another record', async () => {
		const sandbox = box.get();
		const key = `scoped-${Date.now()}`;
		const video = await create(key, 'Hello');
		const template = sandbox.heygen.templates[0];
		const res = await fetch(`${sandbox.heyGenUrl}/v3/templates/${template.id}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-api-key': SANDBOX_HEYGEN_KEY,
				'idempotency-key': key,
			},
			body: JSON.stringify({ variables: {} }),
		});
		const json = (await res.json()) as { data: { id: string } };
		expect(res.status).toBe(200);
		expect(res.headers.get('idempotent-replayed')).toBeNull();
		expect(json.data.id).not.toBe(video.json.data.video_id);
		expect(sandbox.heygen.createsByKey.get(key)).toBe(2);
	});
});

describe('Options → Idempotency Key shared by several items', () => {
	it('Video → Generate: a constant key is an error naming the field, before any request', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen').length;
		const run = await runHeyGen(
			sandbox,
			generateParameters(sandbox, '={{ $json.script }}', { idempotencyKey: 'same-for-all' }),
			[{ json: { script: 'One' } }, { json: { script: 'Two' } }, { json: { script: 'Three' } }],
		);
		const error = err(run)!;
		expect(error.message).toBe(
			'Options → Idempotency Key is "same-for-all" for items 0, 1, 2: each item needs its own key',
		);
		expect(error.description).toMatch(/first request's result for 24 hours.*\{\{ \$json\.id \}\}/);
		expect(sandbox.server.requests('heygen').length).toBe(before);
	});

	it('with Continue On Fail, the items sharing a key fail and the others are created', async () => {
		const sandbox = box.get();
		const run = await runHeyGen(
			sandbox,
			generateParameters(sandbox, '={{ $json.script }}', {
				idempotencyKey: '={{ $json.key }}',
			}),
			[
				{ json: { script: 'Alpha', key: `k-${Date.now()}-a` } },
				{ json: { script: 'Beta', key: 'shared key' } },
				{ json: { script: 'Gamma', key: 'shared key' } },
				{ json: { script: 'Delta' } },
			],
			{ continueOnFail: true },
		);
		const items = out(run);
		expect(items).toHaveLength(4);
		expect(items[0].json.video_id).toEqual(expect.any(String));
		// the key is sent as HeyGen allows it ([A-Za-z0-9_:.-]); the shared one fails both items
		expect(String(items[1].json.error)).toMatch(/"shared_key" for items 1, 2/);
		expect(String(items[2].json.error)).toMatch(/"shared_key" for items 1, 2/);
		expect(items[3].json.video_id).toEqual(expect.any(String));
		expect(items[3].json.idempotency_key).toMatch(/^n8n:/);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		const posted = sandbox.server
			.requests('heygen', 'POST', '/v3/videos')
			.map((r) => (r.json as { script: string }).script);
		expect(posted).not.toContain('Beta');
		expect(posted).not.toContain('Gamma');
	});

	it('a key unique per item is fine: each item gets its own video', async () => {
		const sandbox = box.get();
		const stamp = Date.now();
		const run = await runHeyGen(
			sandbox,
			generateParameters(sandbox, '={{ $json.script }}', {
				idempotencyKey: `={{ "row-${stamp}-" + $json.id }}`,
			}),
			[{ json: { id: 1, script: 'First row' } }, { json: { id: 2, script: 'Second row' } }],
		);
		expect(err(run)).toBeUndefined();
		const [a, b] = out(run);
		expect(a.json.idempotency_key).toBe(`row-${stamp}-1`);
		expect(b.json.idempotency_key).toBe(`row-${stamp}-2`);
		expect(a.json.video_id).not.toBe(b.json.video_id);
	});

	it('Template → Generate Video: the same check', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen').length;
		const run = await runHeyGen(
			sandbox,
			{
				resource: 'template',
				operation: 'generate',
				templateId: { __rl: true, mode: 'id', value: sandbox.heygen.templates[0].id },
				options: { ...FAST_RETRY, idempotencyKey: 'template-run' },
			},
			[{ json: {} }, { json: {} }],
		);
		expect(err(run)?.message).toMatch(/Idempotency Key is "template-run" for items 0, 1/);
		expect(sandbox.server.requests('heygen').length).toBe(before);
	});

	it('Asset → Upload (same key helper): a constant key uploads nothing', async () => {
		const sandbox = box.get();
		const before = sandbox.server.requests('heygen').length;
		const file = async (name: string) => ({
			json: {},
			binary: {
				data: await storeBinary(fixture('mp3_44100_128.mp3'), {
					mimeType: 'audio/mpeg',
					fileName: name,
				}),
			},
		});
		const run = await runHeyGen(
			sandbox,
			{
				resource: 'asset',
				operation: 'upload',
				source: 'binary',
				binaryPropertyName: 'data',
				options: { ...FAST_RETRY, idempotencyKey: 'upload-key' },
			},
			[await file('a.mp3'), await file('b.mp3')],
		);
		expect(err(run)?.message).toMatch(/Idempotency Key is "upload-key" for items 0, 1/);
		expect(sandbox.server.requests('heygen').length).toBe(before);
	});
});
