import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describePublicUrlProblem } from '../../shared/publicUrl';
import type { ItemResult } from '../../shared/router';
import { asNodeError, errorJson } from '../../shared/router';
import { executionCredentials } from '../../shared/transport';
import { HEYGEN_DEFAULT_BASE_URL, heyGenBaseUrl, heyGenService } from '../transport';
import type { VideoJob, WaitOptions } from './poll';
import { WAIT_KINDS } from './jobKinds';
import { limitOf, seconds, waitForVideos } from './poll';
import type { JobKind, LoopState, StatusReport } from './statuses';
import { checkStatuses, timeoutHint, VIDEO_JOB } from './statuses';
import { createdAtOf, waitSettingsFrom } from './wait';

/**
 * How long after Max Wait n8n resumes a callback-mode wait on its own (the execution's wait time):
 * a resume call that is still polling or downloading at Max Wait finishes first.
 */
export const RESUME_GRACE_MS = 60_000;

const WEBHOOK_URL_HINT =
	"Set n8n's WEBHOOK_URL environment variable to the public HTTPS address of this n8n (for example a tunnel such as ngrok or Cloudflare Tunnel pointing at it) and restart n8n.";

/** The notice of an item polled because its create did not send this execution's resume URL. */
export const polledNotice = (kind: JobKind) =>
	`Polled instead of waiting for a callback: HeyGen was not sent this execution's resume URL for this ${kind.noun}. To wait without polling, set Wait for Completion to "Send Resume URL for a Callback-Mode Wait" on the HeyGen node that creates the ${kind.noun}, earlier in this workflow.`;

/**
 * Why HeyGen cannot call this execution's resume URL (not public HTTPS: http, localhost, a private
 * address), or undefined when it can. Not checked when the credential's base URL is custom (a
 * proxy, or a stand-in on this machine that can reach local URLs).
 */
export async function unreachableResumeUrl(ctx: IExecuteFunctions): Promise<string | undefined> {
	const credentials = await executionCredentials(ctx, heyGenService.credentialType);
	if (heyGenBaseUrl(credentials.data ?? {}) !== HEYGEN_DEFAULT_BASE_URL) return undefined;
	const problem = describePublicUrlProblem(resumeUrlOf(ctx));
	return (
		problem && `HeyGen cannot call this execution's resume URL: ${problem} ${WEBHOOK_URL_HINT}`
	);
}

const resumeUrlOf = (ctx: IExecuteFunctions) =>
	String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0));

/** What a Wait for Completion in callback mode does: wait for the callback, or poll. */
export type CallbackPlan =
	| { waiting: ItemResult[] }
	| (WaitOptions & { waiting?: undefined; notices: Map<number, string> });

/** Still rendering as far as a check can tell (an error or `not_found` is the poll loop's to report). */
const rendering = (kind: JobKind) => (r: StatusReport | Error) =>
	!(r instanceof Error) &&
	(!!r.failure || (!kind.finished.has(r.status) && r.status !== 'not_found'));

/**
 * What a waiting item says if Max Wait (and the grace) passes without a callback: n8n then resumes
 * the execution without running this node again and passes the node's input items on (n8n-core's
 * WorkflowExecute.handleWaitingState disables the waiting node), and those items are what the
 * execution keeps of it. So the item's fields stay (the resume call evaluates the parameters
 * against them), with video_id, status "timeout", the last status known, the timings and — with
 * On Timeout → Return an Error — the error, as a Continue On Fail item has it.
 */
function timedOutJson(
	ctx: IExecuteFunctions,
	kind: JobKind,
	job: VideoJob,
	json: IDataObject,
	wait: { startedAt: number; waitMs: number; polls: number; lastStatus: unknown },
): IDataObject {
	const timeout: IDataObject = {
		[kind.idField]: job.videoId,
		status: 'timeout',
		last_status: typeof wait.lastStatus === 'string' ? wait.lastStatus : null,
		timings: {
			// n8n resumes all items at once, after the longest Max Wait and the grace
			waited_seconds: seconds(wait.waitMs),
			polls: wait.polls,
			mode: 'callback',
			wait_started_at: wait.startedAt / 1000,
			wait_until: (wait.startedAt + job.settings.maxWaitMs) / 1000,
		},
	};
	if (job.settings.onTimeout === 'output') return { ...json, ...timeout };
	const error = new NodeOperationError(
		ctx.getNode(),
		`HeyGen ${kind.noun} ${job.videoId} did not call back within ${limitOf(job.settings)} (Max Wait)`,
		{ itemIndex: job.itemIndex, description: timeoutHint(kind) },
	);
	return { ...json, ...errorJson(error, job.itemIndex), ...timeout };
}

/**
 * Callback mode, at execution time. The execution waits for HeyGen's call to its resume URL only
 * when every item's create sent that URL (`request.callback_url`) and HeyGen can reach it;
 * otherwise the videos are polled, with a notice on the items concerned. A callback that came
 * before the execution waited was refused by n8n (the execution was still running), so the
 * statuses are read once first — unless every video is younger than its first poll interval, when
 * polling would not have checked it yet either. If none is still rendering, that check is the
 * first round of the poll loop. Before waiting, the input items are made to say how the wait ends
 * if no callback comes (timedOutJson); what the node outputs meanwhile is the input as it was.
 */
export async function waitForCallback(
	ctx: IExecuteFunctions,
	jobs: VideoJob[],
	results: ItemResult[],
	kind: JobKind = VIDEO_JOB,
): Promise<CallbackPlan> {
	const items = ctx.getInputData();
	const state: LoopState = { bulk: true, requests: 0 };
	const unreachable = await unreachableResumeUrl(ctx);
	if (unreachable) {
		const notice = `Polled instead of waiting for a callback: ${unreachable}`;
		return { state, notices: new Map(jobs.map((job) => [job.itemIndex, notice])) };
	}
	const resumeUrl = resumeUrlOf(ctx);
	const unwired = jobs.filter(
		(job) =>
			(items[job.itemIndex].json.request as IDataObject | undefined)?.callback_url !== resumeUrl,
	);
	if (unwired.length || !jobs.length) {
		return {
			state,
			notices: new Map(unwired.map((job) => [job.itemIndex, polledNotice(kind)])),
		};
	}
	const startedAt = Date.now();
	let first: Array<StatusReport | Error> | undefined;
	if (
		jobs.some(
			(job) =>
				job.createdAt === undefined || startedAt - job.createdAt >= job.settings.initialIntervalMs,
		)
	) {
		first = await checkStatuses(ctx, jobs, state, kind);
		if (!first.some(rendering(kind))) return { first, state, kind, notices: new Map() };
	}

	const waitMs = Math.max(...jobs.map((job) => job.settings.maxWaitMs)) + RESUME_GRACE_MS;
	const shown: ItemResult[] = items.map(
		(item, i) => results[i] ?? [{ json: item.json, binary: item.binary }],
	);
	items.forEach((item, i) => {
		const error = results[i];
		if (error instanceof Error) item.json = errorJson(asNodeError(ctx, error, i), i);
	});
	jobs.forEach((job, k) => {
		const item = items[job.itemIndex];
		const report = first?.[k];
		const known = report && !(report instanceof Error) && !report.failure;
		item.json = timedOutJson(ctx, kind, job, item.json, {
			startedAt,
			waitMs,
			polls: first ? 1 : 0,
			lastStatus: known ? report.status : item.json.status,
		});
	});
	await ctx.putExecutionToWait(new Date(startedAt + waitMs));
	return { waiting: shown };
}

/**
 * The jobs a callback may be about. HeyGen documents `{"event_type", "event_data": {"video_id", …}}`
 * for its webhook events, but not the body it posts to a per-job callback_url, so an ID is also
 * accepted under `data` and at the top level, under any of the kind's callbackIdFields (a
 * translation's events name it `video_translate_id`; lip-syncs have no documented event).
 */
export function callbackJobIds(body: IDataObject, kind: JobKind = VIDEO_JOB): string[] {
	const ids: string[] = [];
	for (const part of [body.event_data, body.data, body]) {
		if (!part || typeof part !== 'object' || Array.isArray(part)) continue;
		for (const field of kind.callbackIdFields) {
			const id = (part as IDataObject)[field];
			if (typeof id === 'string' && id) ids.push(id);
		}
	}
	return ids;
}

/** The waiting execution's input items (as waitForCallback left them). */
function waitingItems(ctx: IWebhookFunctions): IDataObject[] {
	const count = Number(ctx.evaluateExpression('{{ $input.all().length }}', 0)) || 0;
	return Array.from({ length: count }, (_v, i) => {
		const json = ctx.evaluateExpression('{{ $json }}', i);
		return json && typeof json === 'object' && !Array.isArray(json) ? (json as IDataObject) : {};
	});
}

/**
 * Resumes a Wait for Completion in callback mode (of the node's resource: videos, translations or
 * lip-syncs): the webhook() of the execution's resume URL. n8n only routes a request here through
 * that URL (it checks the URL's token); this checks that the body names one of the jobs the node
 * waits for (400 otherwise) and answers 200 at once, as HeyGen expects a quick reply. It then
 * checks every job once:
 * - the called-back video is finished but others still render: the execution keeps waiting
 *   (their callbacks come later);
 * - otherwise the wait goes on here with the poll loop — a callback can come while the status
 *   still reads "processing" — bounded by each video's Max Wait, and ends exactly like polling:
 *   the same output items, and a failed render, a timeout or a failed request as the item Continue
 *   On Fail gives (a resume call cannot fail the execution: n8n continues the workflow after it).
 */
export async function resumeFromCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const kind = WAIT_KINDS[this.getNodeParameter('resource', 'video') as string] ?? VIDEO_JOB;
	const settings = waitSettingsFrom((name, fallback) => this.getNodeParameter(name, fallback));
	// an execution that started waiting before the items carried the job's ID: the parameter, per item
	const raw = this.getNode().parameters[kind.idParam];
	const parameterId = (i: number) =>
		typeof raw === 'string' && raw.startsWith('=') ? this.evaluateExpression(raw.slice(1), i) : raw;
	const now = Date.now();
	const output: INodeExecutionData[] = [];
	const jobs: VideoJob[] = [];
	waitingItems(this).forEach((json, i) => {
		const timings = (json.timings ?? {}) as IDataObject;
		const startedAt =
			typeof timings.wait_started_at === 'number' ? timings.wait_started_at * 1000 : undefined;
		if (startedAt === undefined && typeof json.error === 'string') {
			// an item that failed before the wait (Continue On Fail)
			output[i] = { json, pairedItem: { item: i } };
			return;
		}
		const videoId = String(
			(startedAt !== undefined ? json[kind.idField] : parameterId(i)) ?? '',
		).trim();
		if (!videoId) {
			output[i] = {
				json: { error: `${kind.idLabel} is empty`, itemIndex: i },
				pairedItem: { item: i },
			};
			return;
		}
		const until = typeof timings.wait_until === 'number' ? timings.wait_until * 1000 : undefined;
		jobs.push({
			itemIndex: i,
			videoId,
			settings:
				startedAt !== undefined && until !== undefined
					? { ...settings, maxWaitMs: until - startedAt }
					: settings,
			createdAt: createdAtOf(json, videoId, now, kind.idField),
			startedAt: startedAt ?? now,
			checks: typeof timings.polls === 'number' ? timings.polls : 0,
			mode: 'callback',
		});
	});
	const res = this.getResponseObject();
	const called = callbackJobIds(this.getBodyData(), kind);
	const own = jobs.findIndex((job) => called.includes(job.videoId));
	if (own < 0) {
		res.status(400).json({ error: `Not a HeyGen ${kind.noun} event for this execution` });
		return { noWebhookResponse: true };
	}
	// HeyGen expects a 2xx within seconds: answer now, then check (poll, download)
	res.status(200).json({ received: true });

	const state: LoopState = { bulk: true, requests: 0 };
	const first = await checkStatuses(this, jobs, state, kind);
	const unfinished = jobs.filter((_job, k) => rendering(kind)(first[k]));
	const ownReport = first[own];
	if (
		unfinished.length &&
		!(ownReport instanceof Error) &&
		kind.finished.has(ownReport.status) &&
		unfinished.every((job) => Date.now() < (job.startedAt ?? now) + job.settings.maxWaitMs)
	) {
		return { noWebhookResponse: true };
	}
	const results = await waitForVideos(this, jobs, { first, state, kind });
	jobs.forEach((job, k) => {
		const result = results[k];
		// a resume call's results are items (waitForVideos never returns an error to it)
		const [item] = result instanceof Error ? [{ json: { error: result.message } }] : result;
		output[job.itemIndex] = { ...item, pairedItem: { item: job.itemIndex } };
	});
	return { noWebhookResponse: true, workflowData: [output] };
}
