/**
 * What the live check calls, per service, and the facts it draws from the answers: the free
 * calls (listings, account), and the cheap paid steps of --spend (TTS with timestamps, asset upload).
 */
import { heygenEndpoints } from '../../test/sandbox/contracts';
import { elevenLabsContract, heyGenContract } from './contract';
import { call, type CallSpec, type CheckResult, type Target } from './probe';

/** The one sentence --spend turns into speech (its length is what ElevenLabs bills). */
export const TTS_TEXT =
	'This is a one-sentence live check of the HeyGen and ElevenLabs nodes for n8n.';
export const TTS_MODEL = 'eleven_flash_v2_5';
/** How many pages of a listing the check follows (enough to prove the cursors work). */
export const MAX_PAGES = 3;

export interface Run {
	results: CheckResult[];
	/** Sentences for the maintainer: what reality says where our code guesses. */
	findings: string[];
	print(line: string): void;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function countBy(items: Obj[], key: string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const item of items) {
		const value = String(item[key] ?? '(none)');
		out[value] = (out[value] ?? 0) + 1;
	}
	return out;
}

const describeCounts = (counts: Record<string, number>) =>
	Object.entries(counts)
		.map(([k, n]) => `${n} ${k}`)
		.join(', ') || 'none';

async function step(run: Run, target: Target, spec: CallSpec) {
	const outcome = await call(target, spec);
	run.results.push(outcome.result);
	run.print(`  ${spec.step} → ${outcome.result.status ?? 'no answer'} (${outcome.result.ms} ms)`);
	return outcome;
}

/** Follows a listing's cursor for up to MAX_PAGES pages; returns every item seen and the last page's cursor state. */
async function listPages(
	run: Run,
	target: Target,
	spec: {
		path: string;
		query: Record<string, string>;
		endpoint: string;
		contract: CallSpec['contract'];
		items: string;
		cursor: string;
		tokenParam: string;
	},
) {
	const items: Obj[] = [];
	let token: string | undefined;
	let pages = 0;
	let stoppedWithMore = false;
	const ids = new Set<string>();
	let repeated = 0;
	for (;;) {
		const query = new URLSearchParams(spec.query);
		if (token) query.set(spec.tokenParam, token);
		const label = `${spec.path}?${new URLSearchParams(spec.query).toString()}${token ? ` (page ${pages + 1}, ${spec.tokenParam})` : ''}`;
		const { result, body } = await step(run, target, {
			step: `GET ${label}`,
			method: 'GET',
			path: `${spec.path}?${query.toString()}`,
			endpoint: spec.endpoint,
			contract: spec.contract,
		});
		if (result.error) break;
		pages++;
		const page = asList(asObj(body)[spec.items]);
		for (const item of page) {
			const id = String(item.voice_id ?? item.id ?? '');
			if (id && ids.has(id)) repeated++;
			ids.add(id);
		}
		items.push(...page);
		const b = asObj(body);
		const next = b[spec.cursor];
		result.facts = {
			items: page.length,
			has_more: b.has_more,
			cursor: typeof next === 'string' && next ? `${spec.cursor} (${next.length} chars)` : next,
		};
		if (b.has_more === true && !(typeof next === 'string' && next))
			run.findings.push(
				`${target.service} ${spec.path}: has_more is true but ${spec.cursor} is ${JSON.stringify(next)}; our nodes stop paging there.`,
			);
		token = b.has_more === true && typeof next === 'string' && next ? next : undefined;
		if (!token) break;
		if (pages >= MAX_PAGES) {
			stoppedWithMore = true;
			break;
		}
	}
	return { items, pages, stoppedWithMore, repeated };
}

// ---------------------------------------------------------------- ElevenLabs

export interface ElevenLabsFacts {
	firstVoiceId?: string;
	flashMultiplier?: number;
}

export async function checkElevenLabs(run: Run, t: Target): Promise<ElevenLabsFacts> {
	const facts: ElevenLabsFacts = {};
	const sub = await step(run, t, {
		step: 'GET /v1/user/subscription',
		method: 'GET',
		path: '/v1/user/subscription',
		endpoint: '/v1/user/subscription',
		contract: elevenLabsContract('GET', '/v1/user/subscription'),
	});
	if (!sub.result.error) {
		const s = asObj(sub.body);
		sub.result.facts = {
			tier: s.tier,
			status: s.status,
			characters: `${String(s.character_count)} of ${String(s.character_limit)} used`,
		};
	}

	const pageSize = 100;
	const voices = await listPages(run, t, {
		path: '/v2/voices',
		query: { page_size: String(pageSize) },
		endpoint: '/v2/voices',
		contract: elevenLabsContract('GET', '/v2/voices'),
		items: 'voices',
		cursor: 'next_page_token',
		tokenParam: 'next_page_token',
	});
	if (voices.pages) {
		facts.firstVoiceId = voices.items[0]?.voice_id as string | undefined;
		const first = run.results.find((r) => r.endpoint === '/v2/voices');
		run.findings.push(
			`ElevenLabs GET /v2/voices: ${voices.items.length} voices in ${voices.pages} page(s) of page_size=${pageSize}` +
				` (page 1 had ${String(first?.facts.items)}${Number(first?.facts.items) > pageSize ? ', more than page_size: default voices are added to page 1' : ''});` +
				` categories: ${describeCounts(countBy(voices.items, 'category'))};` +
				` ${voices.repeated} voice(s) repeated across pages` +
				`${voices.stoppedWithMore ? `; stopped after ${MAX_PAGES} pages with more to come` : ''}.`,
		);
	}

	const models = await step(run, t, {
		step: 'GET /v1/models',
		method: 'GET',
		path: '/v1/models',
		endpoint: '/v1/models',
		contract: elevenLabsContract('GET', '/v1/models'),
	});
	if (!models.result.error) {
		const list = asList(models.body);
		const flash = list.find((m) => m.model_id === TTS_MODEL);
		const multiplier = asObj(flash?.model_rates).character_cost_multiplier;
		if (typeof multiplier === 'number') facts.flashMultiplier = multiplier;
		models.result.facts = {
			models: list.length,
			textToSpeech: list.filter((m) => m.can_do_text_to_speech).length,
			[`${TTS_MODEL} max chars`]: flash?.maximum_text_length_per_request,
			[`${TTS_MODEL} cost multiplier`]: multiplier,
		};
		run.findings.push(
			`ElevenLabs GET /v1/models: per-request limits ${list
				.filter((m) => m.can_do_text_to_speech)
				.map((m) => `${String(m.model_id)}=${String(m.maximum_text_length_per_request)}`)
				.join(', ')}.`,
		);
	}
	return facts;
}

/** --spend: one sentence of speech with character timings. Returns the MP3. */
export async function speakOneSentence(
	run: Run,
	t: Target,
	voiceId: string,
): Promise<Buffer | undefined> {
	const template = '/v1/text-to-speech/{voice_id}/with-timestamps';
	const { result, body, headers } = await step(run, t, {
		step: `POST ${template}`,
		method: 'POST',
		path: `/v1/text-to-speech/${encodeURIComponent(voiceId)}/with-timestamps?output_format=mp3_44100_128`,
		endpoint: template,
		contract: elevenLabsContract('POST', template),
		json: { text: TTS_TEXT, model_id: TTS_MODEL },
		paid: true,
		timeoutMs: 120_000,
	});
	if (result.error) return undefined;
	const b = asObj(body);
	const audio = Buffer.from(String(b.audio_base64 ?? ''), 'base64');
	const alignment = asObj(b.alignment);
	const ends = asList(alignment.character_end_times_seconds) as unknown as number[];
	const cost = headers?.get('character-cost') ?? 'absent';
	const seconds = ends.length ? ends[ends.length - 1] : undefined;
	result.facts = {
		voice_id: voiceId,
		model_id: TTS_MODEL,
		textCharacters: TTS_TEXT.length,
		'character-cost header': cost,
		'history-item-id header': headers?.has('history-item-id') ? 'present' : 'absent',
		audioBytes: audio.length,
		alignmentCharacters: asList(alignment.characters).length,
		seconds,
	};
	run.findings.push(
		`ElevenLabs TTS with timestamps (${TTS_MODEL}, ${TTS_TEXT.length} characters): character-cost header ${cost}; ${audio.length} bytes of MP3; alignment of ${asList(alignment.characters).length} characters, ${String(seconds)} s; normalized_alignment ${b.normalized_alignment ? 'present' : 'absent'}.`,
	);
	return audio.length ? audio : undefined;
}

// ---------------------------------------------------------------- HeyGen

export interface HeyGenFacts {
	/** The newest listed video, if any. */
	someVideoId?: string;
}

export async function checkHeyGen(run: Run, t: Target): Promise<HeyGenFacts> {
	const facts: HeyGenFacts = {};
	const me = await step(run, t, {
		step: 'GET /v3/users/me',
		method: 'GET',
		path: '/v3/users/me',
		endpoint: '/v3/users/me',
		contract: heyGenContract('UserMeGet'),
	});
	if (!me.result.error) {
		const d = asObj(asObj(me.body).data);
		me.result.facts = {
			billing_type: d.billing_type,
			plan: asObj(d.subscription).plan,
			credits: asObj(d.subscription).credits,
			wallet: d.wallet ? asObj(d.wallet).remaining_balance : undefined,
		};
	}

	const voices = await listPages(run, t, {
		path: '/v3/voices',
		query: { limit: '100' },
		endpoint: '/v3/voices',
		contract: heyGenContract('VoiceList'),
		items: 'data',
		cursor: 'next_token',
		tokenParam: 'token',
	});
	const priv = await step(run, t, {
		step: 'GET /v3/voices?type=private&limit=100',
		method: 'GET',
		path: '/v3/voices?type=private&limit=100',
		endpoint: '/v3/voices',
		contract: heyGenContract('VoiceList'),
	});
	if (voices.pages && !priv.result.error) {
		const privateIds = asList(asObj(priv.body).data).map((v) => String(v.voice_id));
		priv.result.facts = { items: privateIds.length, has_more: asObj(priv.body).has_more };
		const seen = new Set(voices.items.map((v) => String(v.voice_id)));
		const found = privateIds.filter((id) => seen.has(id)).length;
		const scope = `${voices.pages} unfiltered page(s)${voices.stoppedWithMore ? ', more not read' : ''}`;
		const verdict = !privateIds.length
			? 'cannot tell: type=private returned no voices for this account'
			: found === privateIds.length
				? `yes: all ${privateIds.length} private voices appear in ${scope}`
				: found
					? `partly: ${found} of ${privateIds.length} private voices appear in ${scope}`
					: `no: none of the ${privateIds.length} private voices appear in ${scope}`;
		run.findings.push(
			`HeyGen GET /v3/voices without a type filter includes private (cloned) voices? ${verdict}. Unfiltered types seen: ${describeCounts(countBy(voices.items, 'type'))}.`,
		);
	}

	const looks = await listPages(run, t, {
		path: '/v3/avatars/looks',
		query: { limit: '50' },
		endpoint: '/v3/avatars/looks',
		contract: heyGenContract('AvatarLooksList'),
		items: 'data',
		cursor: 'next_token',
		tokenParam: 'token',
	});
	if (looks.pages) {
		const engines = countBy(
			looks.items.flatMap((l) => asList(l.supported_api_engines).map((e) => ({ e }))),
			'e',
		);
		run.findings.push(
			`HeyGen GET /v3/avatars/looks: ${looks.items.length} looks in ${looks.pages} page(s); types: ${describeCounts(countBy(looks.items, 'avatar_type'))}; engines: ${describeCounts(engines)}.`,
		);
	}

	const events = await step(run, t, {
		step: 'GET /v3/webhooks/event-types',
		method: 'GET',
		path: '/v3/webhooks/event-types',
		endpoint: '/v3/webhooks/event-types',
		contract: heyGenContract('WebhookEventTypesList'),
	});
	if (!events.result.error) {
		const listed = asList(asObj(events.body).data).map((e) => String(e.event_type));
		const schema = asObj(heygenEndpoints.WebhookEndpointsCreate.RequestSchema);
		const known = asList(asObj(asObj(asObj(schema.properties).events).items).enum).map(String);
		const extra = listed.filter((e) => !known.includes(e));
		const missing = known.filter((e) => !listed.includes(e));
		events.result.facts = { listed: listed.length, notInContract: extra, notListed: missing };
		run.findings.push(
			`HeyGen GET /v3/webhooks/event-types: ${listed.length} types; not in the contract's events enum: ${extra.join(', ') || 'none'}; in the enum but not listed: ${missing.join(', ') || 'none'}.`,
		);
	}

	const videos = await step(run, t, {
		step: 'GET /v3/videos?limit=10',
		method: 'GET',
		path: '/v3/videos?limit=10',
		endpoint: '/v3/videos',
		contract: heyGenContract('VideoList'),
	});
	if (!videos.result.error) {
		const list = asList(asObj(videos.body).data);
		videos.result.facts = { items: list.length, statuses: countBy(list, 'status') };
		facts.someVideoId = list[0]?.id as string | undefined;
	}
	if (facts.someVideoId) await getVideo(run, t, facts.someVideoId, 'newest listed video');
	return facts;
}

export async function getVideo(run: Run, t: Target, videoId: string, why: string) {
	const video = await step(run, t, {
		step: `GET /v3/videos/{video_id} (${why})`,
		method: 'GET',
		path: `/v3/videos/${encodeURIComponent(videoId)}`,
		endpoint: '/v3/videos/{video_id}',
		contract: heyGenContract('VideoGet'),
	});
	if (!video.result.error) {
		const d = asObj(asObj(video.body).data);
		video.result.facts = {
			video_id: videoId,
			status: d.status,
			duration: d.duration,
			failure_code: d.failure_code ?? undefined,
			urls: Object.keys(d).filter((k) => k.endsWith('_url') && d[k]),
		};
	}
}

/** --spend: uploads the audio as a HeyGen asset; returns its ID. */
export async function uploadAudio(
	run: Run,
	t: Target,
	audio: Buffer,
	source: string,
): Promise<string | undefined> {
	const form = new FormData();
	form.append('file', new Blob([audio], { type: 'audio/mpeg' }), 'live-check.mp3');
	const { result, body } = await step(run, t, {
		step: 'POST /v3/assets (multipart file)',
		method: 'POST',
		path: '/v3/assets',
		endpoint: '/v3/assets',
		contract: heyGenContract('AssetCreate'),
		form,
		paid: true,
		timeoutMs: 120_000,
	});
	if (result.error) return undefined;
	const d = asObj(asObj(body).data);
	result.facts = {
		uploaded: `${audio.length} bytes of ${source} as live-check.mp3 (audio/mpeg)`,
		mime_type: d.mime_type,
		size_bytes: d.size_bytes,
	};
	run.findings.push(
		`HeyGen POST /v3/assets: ${audio.length} bytes of ${source} → mime_type ${String(d.mime_type)}, size_bytes ${String(d.size_bytes)}${d.size_bytes === audio.length ? ' (matches)' : ' (DIFFERS from the bytes sent)'}.`,
	);
	return typeof d.asset_id === 'string' ? d.asset_id : undefined;
}

/** Deletes the uploaded asset again, so the check leaves nothing behind but the video. */
export async function deleteAsset(run: Run, t: Target, assetId: string) {
	await step(run, t, {
		step: 'DELETE /v3/assets/{asset_id} (clean-up)',
		method: 'DELETE',
		path: `/v3/assets/${encodeURIComponent(assetId)}`,
		endpoint: '/v3/assets/{asset_id}',
		contract: heyGenContract('AssetDelete'),
	});
}
