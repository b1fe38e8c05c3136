/**
 * Shared helpers of the workflow tests of the operations that take or give audio files (Speech to
 * Text, Speech to Speech, Sound Effect, Isolate Voice): input binaries, the sandbox's audio log, and
 * checks that an output binary is real, decodable audio.
 */
import { createHash } from 'node:crypto';
import * as mm from 'music-metadata';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { readBinary, storeBinary } from '../harness';
import { mp3OfDuration, pcm16, wav } from '../sandbox/media';
import { SANDBOX_ELEVENLABS_KEY, type Sandbox } from '../sandbox';
import { FAST_RETRY, runTts } from './setup';

export { FAST_RETRY, RACHEL } from './setup';

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
