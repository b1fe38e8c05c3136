/**
 * What the audio routes (speech to text, speech to speech, sound effects, audio isolation) share:
 * the log of their jobs for test assertions and their tunables (ElevenLabsState's `state.audio`),
 * credits (`accept`) and the audio they answer with (`audioReply`).
 */
import type { Query, SandboxReply, SandboxRequest } from '../server';
import { audioFor } from '../media';
import { elevenLabsError, newRequestId } from './api';
import type { UploadedFile } from './multipart';
import type { ElevenLabsState } from './state';

/** One successful request of an audio route. */
export interface AudioJob {
	route: 'speech-to-text' | 'speech-to-speech' | 'sound-generation' | 'audio-isolation';
	requestId: string;
	apiKey: string;
	/** Coerced form fields, or the JSON body (sound generation). */
	values: Record<string, unknown>;
	query: Query;
	/** The uploaded file (upload routes only). */
	file?: UploadedFile;
	/** Seconds of input audio (uploads) or of generated sound. */
	seconds: number;
	characterCost: number;
	time: number;
}

export class AudioState {
	/** Successful requests, in completion order. */
	jobs: AudioJob[] = [];
	/** Extra time an audio request takes before it answers. */
	latencyMs = 0;
	/** Upper bound of generated audio (speech to speech, isolation) so huge uploads stay cheap. */
	maxOutputSeconds = 120;

	reset(): void {
		this.jobs = [];
		this.latencyMs = 0;
		this.maxOutputSeconds = 120;
	}
}

/** 1,000 credits per minute of audio (at least 1): the documented rate of duration-billed features. */
export const perMinute = (seconds: number): number => Math.max(1, Math.ceil((seconds / 60) * 1000));

/**
 * Accepts a request that costs `characterCost` credits: 401 quota_exceeded in the legacy shape,
 * with the message ElevenLabs sends (home-assistant/core#160414), when the account's credits do not
 * cover it; otherwise waits the configured latency, charges the credits, records the job and
 * returns its request id.
 */
export async function accept(
	state: ElevenLabsState,
	req: SandboxRequest,
	job: Omit<AudioJob, 'apiKey' | 'query' | 'time' | 'requestId'>,
): Promise<{ reply: SandboxReply } | { requestId: string }> {
	const cost = job.characterCost;
	if (state.remainingCredits !== undefined && state.remainingCredits < cost)
		return {
			reply: elevenLabsError(
				401,
				'quota_exceeded',
				`This request exceeds your quota of ${state.creditQuota}. You have ${state.remainingCredits} credits remaining, while ${cost} credits are required for this request.`,
			),
		};
	if (state.audio.latencyMs > 0) await new Promise((r) => setTimeout(r, state.audio.latencyMs));
	if (state.remainingCredits !== undefined) state.remainingCredits -= cost;
	const requestId = newRequestId();
	state.audio.jobs.push({
		...job,
		requestId,
		apiKey: String(req.headers['xi-api-key']),
		query: req.query,
		time: Date.now(),
	});
	return { requestId };
}

/** Audio in `outputFormat` of the input's duration (capped by `maxOutputSeconds`), with its request id. */
export function audioReply(
	state: ElevenLabsState,
	outputFormat: string,
	seconds: number,
	requestId: string,
	headers: Record<string, string | number> = {},
): SandboxReply {
	const audio = audioFor(
		outputFormat,
		Math.min(Math.max(seconds, 0.1), state.audio.maxOutputSeconds),
	);
	return {
		headers: { 'content-type': audio.contentType, 'request-id': requestId, ...headers },
		body: audio.body,
	};
}
