/**
 * The ElevenLabs sandbox's state: keys (permissions, residency region), the account's voices and
 * models, credits, the concurrency limit and every generation (for request stitching and test
 * assertions). One ElevenLabsState per sandbox, shared by the route modules.
 */
import type { Query } from '../server';
import { AudioState } from './audioJobs';
import { defaultModels, defaultVoices, type SandboxModel, type SandboxVoice } from './catalog';

export interface ElevenLabsKey {
	/** Permissions of a scoped key; undefined = unrestricted. */
	permissions?: string[];
	/** Residency region the key belongs to ('default', 'us', 'eu', 'in', 'sg'). */
	region?: string;
}

/** One successful text-to-speech generation, by request id. */
export interface Generation {
	requestId: string;
	apiKey: string;
	voiceId: string;
	modelId: string;
	text: string;
	outputFormat: string;
	withTimestamps: boolean;
	body: Record<string, unknown>;
	query: Query;
	previousRequestIds: string[];
	nextRequestIds: string[];
	characterCost: number;
	seconds: number;
	bytes: number;
	time: number;
}

export class ElevenLabsState {
	keys = new Map<string, ElevenLabsKey>();
	/** The region this sandbox instance impersonates (a key of another region is rejected). */
	region = 'default';
	voices: SandboxVoice[] = defaultVoices();
	models: SandboxModel[] = defaultModels();
	/** Audio seconds generated per text character (so durations add up across chunks). */
	secondsPerCharacter = 0.05;
	/** Credits left on the account; undefined = unlimited. Charged per billed character. */
	remainingCredits: number | undefined = undefined;
	/** Plan quota reported in quota_exceeded messages. */
	creditQuota = 10_000;
	/** Concurrent text-to-speech requests allowed per account; undefined = unlimited. */
	maxConcurrent: number | undefined = undefined;
	/** Extra time a text-to-speech request stays in flight (to observe concurrency). */
	ttsLatencyMs = 0;
	inFlight = 0;
	/** Highest number of text-to-speech requests in flight at once. */
	maxInFlight = 0;
	/** Successful generations by request id (for stitching checks and test assertions). */
	generations = new Map<string, Generation>();
	/** Successful generations in completion order. */
	generationLog: Generation[] = [];
	/** Speech to text, speech to speech, sound effects and audio isolation (audioJobs.ts). */
	audio = new AudioState();

	/** Resets mutable counters and data between tests (keys and region stay). */
	reset(): void {
		this.voices = defaultVoices();
		this.models = defaultModels();
		this.secondsPerCharacter = 0.05;
		this.remainingCredits = undefined;
		this.creditQuota = 10_000;
		this.maxConcurrent = undefined;
		this.ttsLatencyMs = 0;
		this.inFlight = 0;
		this.maxInFlight = 0;
		this.generations.clear();
		this.generationLog = [];
		this.audio.reset();
	}
}
