/**
 * The one setup of every in-process suite: a contract sandbox (test/sandbox) for the test file.
 *
 *   const box = useSandbox();               // in the file's top level, before its own hooks
 *   it('…', async () => {
 *     const run = await runWorkflow({ nodes, credentials: box.credentials() });
 *     expect(box.get().server.requests('heygen', 'POST', '/v3/videos')).toHaveLength(1);
 *   });
 *
 * It registers the hooks itself: beforeAll starts the sandbox (and adds the extra keys), afterAll
 * stops it, and beforeEach resets it (unless `reset: false`). The file's own hooks run after these,
 * since jest runs the hooks of a block in the order they are declared: a beforeAll of the file can
 * use `box.get()`, a beforeEach of the file can change what the reset set (a knob, a fresh key), and
 * an afterAll of the file finds the sandbox stopped, its state and request log still readable.
 */
import { sandboxCredentials, startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';
import type { ElevenLabsKey, ElevenLabsState } from '../sandbox/elevenlabs';
import type { HeyGenKey } from '../sandbox/heygen';

export interface UseSandboxOptions extends SandboxOptions {
	/**
	 * ElevenLabs keys the sandbox accepts besides SANDBOX_ELEVENLABS_KEY: key → its permissions
	 * and region (e.g. `{ sk_tts_only: { permissions: ['text_to_speech'] } }`).
	 */
	elevenLabsKeys?: Record<string, ElevenLabsKey>;
	/** HeyGen keys the sandbox accepts besides SANDBOX_HEYGEN_KEY: key → its scopes. */
	heyGenKeys?: Record<string, HeyGenKey>;
	/**
	 * Before each test: the ElevenLabs state back to its defaults (keys and region stay), the request
	 * log emptied, injected faults cleared. Default true. false keeps all of it for the whole file
	 * (the reliability suites scan every request of the file at the end).
	 */
	reset?: boolean;
	/**
	 * ElevenLabs settings applied after each reset (and at the start), e.g. `secondsPerCharacter`:
	 * 0.004 keeps the audio of a 30,000-character text small.
	 */
	elevenLabs?: Partial<Pick<ElevenLabsState, 'secondsPerCharacter'>>;
}

export interface SandboxFixture {
	/** The file's sandbox. It starts in beforeAll: call this in hooks and tests, not at load. */
	get(): Sandbox;
	/** Credentials for the in-process harness pointing at the sandbox (standard keys unless given). */
	credentials(keys?: {
		elevenlabs?: string;
		heygen?: string;
	}): ReturnType<typeof sandboxCredentials>;
}

/** One sandbox for the test file (see the top of this file). Call it once per sandbox you need. */
export function useSandbox(options: UseSandboxOptions = {}): SandboxFixture {
	const {
		elevenLabsKeys = {},
		heyGenKeys = {},
		reset = true,
		elevenLabs = {},
		...sandboxOptions
	} = options;
	let sandbox: Sandbox | undefined;
	const get = (): Sandbox => {
		if (!sandbox)
			throw new Error('useSandbox(): the sandbox starts in beforeAll; use it in a hook or test');
		return sandbox;
	};

	beforeAll(async () => {
		sandbox = await startSandbox(sandboxOptions);
		for (const [key, settings] of Object.entries(elevenLabsKeys))
			sandbox.elevenlabs.keys.set(key, settings);
		for (const [key, settings] of Object.entries(heyGenKeys))
			sandbox.heygen.keys.set(key, settings);
		Object.assign(sandbox.elevenlabs, elevenLabs);
	});
	afterAll(async () => {
		await sandbox?.stop();
	});
	if (reset) {
		beforeEach(() => {
			const s = get();
			s.elevenlabs.reset();
			s.server.log.length = 0;
			s.server.clearFaults();
			Object.assign(s.elevenlabs, elevenLabs);
		});
	}

	return { get, credentials: (keys) => sandboxCredentials(get(), keys) };
}
