/**
 * The HeyGen sandbox's state: what the routes store (assets, uploads, videos, callbacks,
 * idempotency records, presigned URLs) and the knobs tests turn (render timing, URL expiry,
 * failures, lost responses, in-flight delays). One HeyGenState per sandbox, shared by every route
 * module (webhook endpoints keep theirs in webhooks.ts).
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';

import type { SandboxReply, SandboxServer } from '../server';
import { buildLooks, buildTemplates, buildVoices } from './catalog';
import { JobsState } from './jobs';

export interface HeyGenKey {
	/** Scopes of the key; undefined = unrestricted. */
	scopes?: string[];
}

export interface RenderConfig {
	/** 'time': status follows wall-clock time since creation; 'polls': it advances one step per GET. */
	mode: 'time' | 'polls';
	/** time mode: how long a video stays `pending`, then `processing`. */
	queueMs: number;
	renderMs: number;
	/** polls mode: how many status GETs answer `pending`, then `processing`, before the final status. */
	pendingPolls: number;
	processingPolls: number;
}

export interface Failure {
	failure_code: string;
	failure_message: string;
}

export interface SandboxAsset {
	id: string;
	name: string;
	/** MIME type sniffed from the stored bytes. */
	mimeType: string;
	kind: 'image' | 'video' | 'audio' | 'pdf' | 'subtitle';
	bytes: Buffer;
	uploadedAt: number;
	/** How it arrived: multipart (POST /v3/assets) or direct (presigned PUT). */
	via: 'multipart' | 'direct';
	/** The multipart part's own filename and Content-Type, as sent by the client. */
	partFilename?: string;
	partContentType?: string;
	/** Real size when `bytes` holds only the head of the file (HeyGenState.directUploadRetainBytes). */
	sizeBytes?: number;
	deleted?: boolean;
	/**
	 * Direct uploads: HeyGen still processes the file after /complete until this time (ms epoch);
	 * meanwhile its status is `processing` (HeyGenState.assetProcessingMs).
	 */
	readyAt?: number;
	/** Processing ends in `failed` instead (HeyGenState.assetProcessingFails). */
	processingFails?: boolean;
}

export interface DirectUpload {
	assetId: string;
	filename: string;
	contentType: string;
	sizeBytes: number;
	uploadHeaders: Record<string, string>;
	signature: string;
	expiresAt: number;
	received?: Buffer;
	/** What the PUT looked like (headers, chunk count) for the tests. */
	put?: { headers: http.IncomingHttpHeaders; chunks: number; bytes: number };
	/** SHA-256 of every byte PUT (computed while streaming, also when `received` is only a head). */
	sha256?: string;
	completed?: boolean;
}

export interface SandboxVideo {
	id: string;
	type: 'avatar' | 'image' | 'template';
	body: Record<string, unknown>;
	title: string | null;
	createdAt: number;
	polls: number;
	outcome?: Failure;
	aspectRatio: string;
	outputFormat: 'mp4' | 'webm';
	captionStyle: boolean;
	completedAt?: number;
	callbackFired?: boolean;
	deleted?: boolean;
	idempotencyKey?: string;
	folderId: string | null;
	script?: string;
	/** Own render timing (time mode), from HeyGenState.renderFor; else HeyGenState.render. */
	timing?: { queueMs: number; renderMs: number };
	/** When it got one of the account's render slots (renderLimit 'queue'); else its creation. */
	slotAt?: number;
}

/**
 * HeyGen's limit of videos rendering at once: "Pay-As-You-Go 10 … Exceeding the limit returns
 * `429 Too Many Requests` with a `Retry-After` header — see the rate_limit_exceeded error"
 * (https://developers.heygen.com/docs/usage-limits); an older page says the others "sit in a queue
 * until currently still processing videos are completed" (https://docs.heygen.com/reference/limits).
 * `reply` picks how a create over the limit is answered (concurrency.ts).
 */
export interface RenderLimit {
	max: number;
	reply:
		| 'rate_limit_exceeded'
		| 'no_retry_after'
		| 'concurrency_code'
		| 'resource_limit_400'
		| 'queue';
	/** Retry-After in seconds (default 1). */
	retryAfterSeconds?: number;
}

export interface PublicFile {
	body: Buffer;
	contentType: string;
	/** Answer HEAD with this status instead (e.g. 405 for hosts that refuse HEAD). */
	headStatus?: number;
	/** Answer every request with this status (e.g. 403 for an auth-walled file). */
	status?: number;
}

export interface CallbackDelivery {
	url: string;
	payload: unknown;
	/** Status of the last attempt: 0 = in flight, -1 = network error (e.g. the server was down). */
	status: number;
	/** POSTs made so far (1 + retries). */
	attempts: number;
}

export interface IdempotencyEntry {
	hash: string;
	state: 'inflight' | 'done';
	reply?: SandboxReply;
}

/** HeyGenState.callbackRetryDelaysMs unless a test changes it. */
export const DEFAULT_CALLBACK_RETRY_DELAYS_MS = [
	1000, 2000, 4000, 8000, 15_000, 30_000, 60_000, 120_000,
];

export class HeyGenState {
	keys = new Map<string, HeyGenKey>();
	/** Overrides the public base URL of the sandbox (default: the server's own). */
	publicBaseUrl = '';
	server?: SandboxServer;

	get baseUrl(): string {
		return this.publicBaseUrl || this.server?.baseUrl || '';
	}
	/** Speeds up (< 1) or slows down (> 1) the default render timing (for the standalone CLI). */
	timeScale = 1;
	render: RenderConfig = {
		mode: 'time',
		queueMs: 40,
		renderMs: 160,
		pendingPolls: 1,
		processingPolls: 2,
	};
	/** Lifetime of presigned video/subtitle/upload URLs. */
	urlTtlMs = 15 * 60_000;
	/** max_bytes of direct uploads. */
	maxDirectUploadBytes = 5 * 1024 * 1024 * 1024;
	/**
	 * POST /v3/assets answers 413 payload_too_large for a file part larger than this. HeyGen
	 * documents "max 32 MB" without saying whether that is 32,000,000 or 32 MiB; tests lower it to
	 * make the node fall back to the direct-upload flow.
	 */
	multipartMaxBytes = 32 * 1024 * 1024;
	/**
	 * How long HeyGen keeps processing a direct upload after POST /v3/assets/{id}/complete. While it
	 * does, /complete (idempotent: every call answers the current state) and GET /v3/assets/statuses
	 * report `processing` (AssetCompleteCreate: "Asset status, e.g. 'processing'"). 0 = ready at once.
	 */
	assetProcessingMs = 0;
	/** The processing of the next direct uploads ends in `failed`. */
	assetProcessingFails = false;
	/**
	 * The status /complete reports for a finished asset. Undocumented: the bulk statuses endpoint
	 * says `completed`, the sandbox's earlier /complete said `ready`; the node accepts both.
	 */
	completeReadyStatus = 'ready';
	/** GET /v3/assets/statuses exists (false: a 404, as on a deployment without it). */
	assetStatusesEndpoint = true;
	/**
	 * GET /v3/voices without `type` lists public voices only, as documented ("Defaults to
	 * 'public'", https://developers.heygen.com/docs/voices/overview). 'all' models an API that
	 * ignores the default and lists every voice, `type` or not ('ignored': `type` is ignored too).
	 */
	voiceTypeFilter: 'documented' | 'all' | 'ignored' = 'documented';
	/** Holds a create (video or template) this long before it answers: duplicates get 409 request_in_progress. */
	createDelayMs = 0;
	/** Process the next N creates, then drop the connection instead of answering (lost response). */
	dropCreateResponses = 0;
	/** A limit of videos rendering at once (account-wide, every create counts); undefined = none. */
	renderLimit?: RenderLimit;
	/** Creates renderLimit refused, and the most videos seen in progress right after a create. */
	renderLimitRefusals = 0;
	peakInProgress = 0;
	/**
	 * Repeated Idempotency-Keys whose request differed: HeyGen replays the first response anyway
	 * and "a warning is logged" (idempotency.ts).
	 */
	idempotencyMismatches: Array<{ path: string; key: string }> = [];
	/** Decides at creation time whether a video will fail. */
	outcomeFor?: (body: Record<string, unknown>) => Failure | undefined;
	/** Per-video render timing (time mode, before timeScale), decided at creation; undefined = `render`. */
	renderFor?: (body: Record<string, unknown>) => { queueMs: number; renderMs: number } | undefined;
	/**
	 * When set, rendered MP4 downloads are a generated file of this many bytes (the fixture's
	 * bytes, then zero padding), streamed without holding it in memory (memory benchmarks).
	 */
	renderedVideoBytes?: number;
	/**
	 * Keep only this many leading bytes of a direct-upload PUT (enough to sniff the type); the size
	 * and SHA-256 are still checked over every byte. Undefined = keep the whole file.
	 */
	directUploadRetainBytes?: number;

	/** The billing part of GET /v3/users/me (UserMeGet): billing_type and its one populated object. */
	billing: Record<string, unknown> = {
		billing_type: 'wallet',
		wallet: { remaining_balance: 120.5, currency: 'usd', auto_reload: { enabled: false } },
	};

	assets = new Map<string, SandboxAsset>();
	directUploads = new Map<string, DirectUpload>();
	videos = new Map<string, SandboxVideo>();
	publicFiles = new Map<string, PublicFile>();
	callbacks: CallbackDelivery[] = [];
	/**
	 * Like HeyGen, a callback that fails (network error, 404, 408, 429 or 5xx) is retried with
	 * backoff: one retry after each of these delays (ms). [] = a single attempt. HeyGen's delivery
	 * policy, as quoted by a third party, is exponential backoff for up to 24 h; the default covers
	 * about four minutes, enough for a receiving n8n to restart on a loaded machine
	 * (test/e2e/trigger-callback.e2e.test.ts). Timers are unref'd, so pending retries never keep a
	 * process alive.
	 */
	callbackRetryDelaysMs: number[] = [...DEFAULT_CALLBACK_RETRY_DELAYS_MS];
	/**
	 * The body of a video's callback_url POST. HeyGen documents `{"event_type", "event_data":
	 * {"video_id", …}}` for its webhook events (https://docs.heygen.com/docs/using-heygens-webhook-events)
	 * but not the body of a per-video callback, so the sandbox can also send the video ID under
	 * `data` or at the top level (render.ts).
	 */
	callbackShape: 'event_data' | 'data' | 'top-level' = 'event_data';
	/**
	 * Time mode: the callback goes out this long before status checks report the video finished
	 * (a callback that arrives while the status still reads `processing`). 0 = when it finishes.
	 */
	callbackLeadMs = 0;
	/**
	 * Answer the next this many status checks (GET /v3/videos/statuses, GET /v3/videos/{id}) with
	 * HTTP 200 and an error envelope instead of the status, as HeyGen has answered while polling
	 * (openclaw/openclaw#69578, "HTTP 200 with error envelope during polling"). They read no video.
	 */
	statusErrorBodies = 0;
	/** How many videos each Idempotency-Key actually created (replays don't count). */
	createsByKey = new Map<string, number>();
	/** Idempotency records by path and key ("per-endpoint and per-resource", idempotency.ts). */
	idempotency = new Map<string, IdempotencyEntry>();
	/** Presigned URL signatures: signature → file and expiry. */
	signatures = new Map<string, { file: string; expiresAt: number }>();

	voices = buildVoices();
	looks = buildLooks(this.voices);
	templates = buildTemplates(this.voices);

	/** Video translations and lip-syncs, and their knobs (jobs.ts). */
	jobs = new JobsState();

	/** GET /v3/videos/statuses calls answered (each lists many videos). */
	statusesCalls = 0;

	/**
	 * Status checks per video: GET /v3/videos/{id} calls plus GET /v3/videos/statuses calls that
	 * listed it (both advance the polls-mode progression).
	 */
	statusPolls(videoId: string): number {
		return this.videos.get(videoId)?.polls ?? 0;
	}

	/** Serves a file under /files/public/<name> (for URL uploads and audio_url/image URLs). */
	addPublicFile(name: string, file: PublicFile): string {
		this.publicFiles.set(name, file);
		return `${this.baseUrl}/files/public/${encodeURIComponent(name)}`;
	}

	/**
	 * A presigned, expiring download URL for `file` (`videos/<id>.mp4`, `subtitles/<id>.srt`, …),
	 * served by files.ts until urlTtlMs has passed (S3-style query: X-Amz-Expires, X-Amz-Signature).
	 */
	presign(file: string): string {
		const signature = randomBytes(16).toString('hex');
		this.signatures.set(signature, { file, expiresAt: Date.now() + this.urlTtlMs });
		return `${this.baseUrl}/files/${file}?X-Amz-Expires=${Math.round(this.urlTtlMs / 1000)}&X-Amz-Signature=${signature}`;
	}

	/** Expires every presigned URL handed out so far. */
	expireAllUrls(): void {
		for (const sig of this.signatures.values()) sig.expiresAt = 0;
	}
}
