/**
 * The offline sandbox: contract mock servers for ElevenLabs and HeyGen v3 on one loopback port.
 * Used by the in-process tests, the real-n8n e2e suite and `npm run demo` (via ./cli.ts).
 */
import { installElevenLabs, type ElevenLabsState } from './elevenlabs';
import { installHeyGen, type HeyGenState, type HeyGenWebhookState } from './heygen';
import { installControl } from './control';
import { SandboxServer } from './server';

export { SandboxServer } from './server';

/** Keys every sandbox accepts: full access on both services. Tests add scoped keys as needed. */
export const SANDBOX_ELEVENLABS_KEY = 'sk_sandbox_elevenlabs_0123456789abcdef';
export const SANDBOX_HEYGEN_KEY = 'hg_sandbox_0123456789abcdef';

export interface Sandbox {
	server: SandboxServer;
	baseUrl: string;
	/** Base URL to put in the ElevenLabs credential (region "custom"). */
	elevenLabsUrl: string;
	/** Base URL to put in the HeyGen credential. */
	heyGenUrl: string;
	elevenlabs: ElevenLabsState;
	heygen: HeyGenState;
	/** Registered webhook endpoints and signed event delivery. */
	webhooks: HeyGenWebhookState;
	stop(): Promise<void>;
}

export interface SandboxOptions {
	port?: number;
	host?: string;
	latencyMs?: number;
	/** Region the ElevenLabs side impersonates (keys of other regions are rejected). */
	elevenLabsRegion?: string;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const server = new SandboxServer();
	server.latencyMs = options.latencyMs ?? 0;
	const elevenlabs = installElevenLabs(server);
	const { heygen, webhooks } = installHeyGen(server);
	installControl(server, { elevenlabs, heygen, webhooks });
	if (options.elevenLabsRegion) elevenlabs.region = options.elevenLabsRegion;
	// The standard key is a default-region key: a sandbox impersonating another region rejects it, as a residency host does.
	elevenlabs.keys.set(SANDBOX_ELEVENLABS_KEY, { region: 'default' });
	heygen.keys.set(SANDBOX_HEYGEN_KEY, {});
	const baseUrl = await server.start(options.port ?? 0, options.host ?? '127.0.0.1');
	return {
		server,
		baseUrl,
		elevenLabsUrl: server.url('elevenlabs'),
		heyGenUrl: server.url('heygen'),
		elevenlabs,
		heygen,
		webhooks,
		stop: () => server.stop(),
	};
}

/** Credentials objects for the in-process harness, pointing at a sandbox. */
export function sandboxCredentials(
	sandbox: Sandbox,
	keys: { elevenlabs?: string; heygen?: string } = {},
) {
	return {
		heygenElevenlabsElevenLabsApi: {
			apiKey: keys.elevenlabs ?? SANDBOX_ELEVENLABS_KEY,
			region: 'custom',
			baseUrl: sandbox.elevenLabsUrl,
		},
		heygenElevenlabsHeyGenApi: {
			apiKey: keys.heygen ?? SANDBOX_HEYGEN_KEY,
			baseUrl: sandbox.heyGenUrl,
		},
	};
}
