/**
 * What the audio routes (speech to text, speech to speech, sound effects, audio isolation) record
 * for test assertions, and their tunables. Part of ElevenLabsState (`state.audio`).
 */
import type { Query, SandboxReply, SandboxRequest } from '../server';
import { elevenLabsError } from './api';
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

/**
 * 401 quota_exceeded in the legacy shape, with the message ElevenLabs sends
 * (home-assistant/core#160414), when the account's credits do not cover `cost`.
 */
export function quotaRefusal(state: ElevenLabsState, cost: number): SandboxReply | undefined {
	if (state.remainingCredits === undefined || state.remainingCredits >= cost) return undefined;
	return elevenLabsError(
		401,
		'quota_exceeded',
		`This request exceeds your quota of ${state.creditQuota}. You have ${state.remainingCredits} credits remaining, while ${cost} credits are required for this request.`,
	);
}

/** Waits the configured latency (the request is being processed meanwhile). */
export async function settle(state: ElevenLabsState): Promise<void> {
	if (state.audio.latencyMs > 0) await new Promise((r) => setTimeout(r, state.audio.latencyMs));
}

/** Charges the credits and records a successful request. */
export function record(
	state: ElevenLabsState,
	req: SandboxRequest,
	job: Omit<AudioJob, 'apiKey' | 'query' | 'time'>,
): void {
	if (state.remainingCredits !== undefined) state.remainingCredits -= job.characterCost;
	state.audio.jobs.push({
		...job,
		apiKey: String(req.headers['xi-api-key']),
		query: req.query,
		time: Date.now(),
	});
}
