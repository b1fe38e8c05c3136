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

/** One instant voice clone (POST /v1/voices/add) as the sandbox received it. */
export interface CloneRecord {
	voiceId: string;
	name: string;
	description: string | null;
	labels: Record<string, string>;
	removeBackgroundNoise: boolean;
	files: Array<{ filename: string; mimeType: string; bytes: number; sha256: string }>;
	contentLength: number | null;
	chunked: boolean;
}

/** A voice design preview (POST /v1/text-to-voice/design) that can still be saved. */
export interface DesignRecord {
	generatedVoiceId: string;
	voiceDescription: string;
	apiKey: string;
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
	/** Custom (non-premade) voices the plan allows (voice_limit_reached beyond); undefined = unlimited. */
	voiceLimit: number | undefined = undefined;
	/** Whether the plan includes instant voice cloning (the Free plan does not). */
	instantVoiceCloning = true;
	/** Instant voice clones received, in order. */
	clones: CloneRecord[] = [];
	/** Voice design previews by generated_voice_id. */
	designs = new Map<string, DesignRecord>();
	/** History item ids deleted with DELETE /v1/history/{id}. */
	deletedHistory = new Set<string>();
	/**
	 * Whether GET /v1/history honours date_after_unix / date_before_unix (SDK 2.73); the 2025-08
	 * OpenAPI has no date filter, and an API without it ignores them.
	 */
	historyDateFilters = true;

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
		this.voiceLimit = undefined;
		this.instantVoiceCloning = true;
		this.clones = [];
		this.designs.clear();
		this.deletedHistory.clear();
		this.historyDateFilters = true;
	}
}
