/**
 * Shared helpers of the workflow tests of the operations that take or give audio files (Speech to
 * Text, Speech to Speech, Sound Effect, Isolate Voice): input binaries, the sandbox's audio log, and
 * checks that an output binary is real, decodable audio.
 */
import { createHash } from 'node:crypto';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import * as mm from 'music-metadata';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { readBinary, storeBinary } from '../harness';
import { mp3OfDuration, pcm16, wav } from '../sandbox/media';
import type { ElevenLabsKey } from '../sandbox/elevenlabs';
import { SANDBOX_ELEVENLABS_KEY, type Sandbox } from '../sandbox';
import { useSandbox, type SandboxFixture } from '../setup/sandbox';
import { FAST_RETRY, runTts } from './setup';

export { FAST_RETRY, RACHEL } from './setup';

/** A key the sandbox accepts with the text_to_speech permission only (for the missing-permission tests). */
export const TTS_ONLY_KEY = 'sk_tts_only';

/** The file's sandbox (see useSandbox), accepting TTS_ONLY_KEY and `keys` besides the standard key. */
export function useSpeechSandbox(keys: Record<string, ElevenLabsKey> = {}): SandboxFixture {
	return useSandbox({
		elevenLabsKeys: { [TTS_ONLY_KEY]: { permissions: ['text_to_speech'] }, ...keys },
	});
}

/** Runs the ElevenLabs node once with these parameters (the runner is not TTS-specific). */
export const runNode = runTts;

/** `seconds` of MP3 speech stand-in (a 440 Hz tone, 44.1 kHz 128 kbps). */
export const mp3Audio = (seconds: number): Buffer => mp3OfDuration('mp3_44100_128', seconds);

/** `seconds` of 16 kHz mono WAV. */
export const wavAudio = (seconds: number): Buffer => wav(pcm16(16000, seconds), 16000);

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Input items with the file in the binary field `data`: stored in filesystem mode (it has an id). */
export async function fileInput(
	data: Buffer,
	meta: { mimeType: string; fileName?: string },
	json: IDataObject = {},
	field = 'data',
): Promise<INodeExecutionData[]> {
	return [{ json, binary: { [field]: await storeBinary(data, meta) } }];
}

/** One input item with `seconds` of MP3 (no file name) in its binary field `data`, filesystem mode. */
export const mp3Input = (seconds: number, json: IDataObject = {}): Promise<INodeExecutionData[]> =>
	fileInput(mp3Audio(seconds), { mimeType: 'audio/mpeg' }, json);

/** Input items with the file held in the item itself (base64, no binary id: in-memory mode). */
export function memoryInput(
	data: Buffer,
	meta: { mimeType: string; fileName?: string },
	json: IDataObject = {},
): INodeExecutionData[] {
	return [{ json, binary: { data: { data: data.toString('base64'), ...meta } as IBinaryData } }];
}

/** The options every test sends: fast retries. */
export function withRetry(options: IDataObject = {}): IDataObject {
	return { retry: FAST_RETRY, ...options };
}

/** Reads an output binary back and checks that music-metadata decodes it as `codec`. */
export async function decodedAudio(binary: IBinaryData, codec: RegExp) {
	const bytes = await readBinary(binary);
	const meta = await mm.parseBuffer(bytes, { mimeType: binary.mimeType }, { duration: true });
	expect(meta.format.codec ?? meta.format.container).toMatch(codec);
	return { bytes, duration: meta.format.duration ?? 0 };
}

/** The API key is nowhere in the run's data. */
export function expectNoKey(value: unknown, key = SANDBOX_ELEVENLABS_KEY): void {
	expect(JSON.stringify(value)).not.toContain(key);
}

/** The multipart requests the sandbox logged for a route template. */
export function calls(sandbox: Sandbox, template: string) {
	return sandbox.server.requests('elevenlabs', 'POST', template);
}

/**
 * Runs the node with TTS_ONLY_KEY, which lacks `permission`: the error is the API's
 * missing_permissions and names the permission. The run, for further checks.
 */
export async function expectPermissionNamed(
	sandbox: Sandbox,
	parameters: IDataObject,
	permission: string,
	input?: INodeExecutionData[],
) {
	const result = await runNode(sandbox, parameters, { input, apiKey: TTS_ONLY_KEY });
	expectMissingPermission(result.error, permission);
	return result;
}

/** The error of a key that lacks `permission`: the API's missing_permissions, the permission named. */
export function expectMissingPermission(
	error: { message: string; description?: string | null } | undefined,
	permission: string,
): void {
	expect(error?.message).toMatch(
		new RegExp(`missing the permission ${permission}.*\\[missing_permissions\\] \\(HTTP 401\\)`),
	);
	expect(error?.description).toMatch(`lacks the "${permission}" permission`);
}

/**
 * Runs the node over one stored file (filesystem mode) and expects no error: the result and the
 * one multipart request the sandbox logged for `template`.
 */
export async function runOnFile(
	sandbox: Sandbox,
	parameters: IDataObject,
	template: string,
	file: { data: Buffer; mimeType: string; fileName: string; json?: IDataObject },
) {
	const { data, json, ...meta } = file;
	const input = await fileInput(data, meta, json);
	const result = await runNode(sandbox, parameters, { input });
	expect(result.error).toBeUndefined();
	const [call] = calls(sandbox, template);
	return { ...result, call };
}

/** The official SDK pointed at the sandbox, without retries. */
export function sdkClient(sandbox: Sandbox): ElevenLabsClient {
	return new ElevenLabsClient({
		apiKey: SANDBOX_ELEVENLABS_KEY,
		baseUrl: sandbox.elevenLabsUrl,
		maxRetries: 0,
	});
}

/** All the bytes of an audio stream the SDK returned. */
export async function streamedBytes(stream: unknown): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}
