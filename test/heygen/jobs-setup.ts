/** Shared helpers of the video translation, lip-sync and photo avatar suites. */
import type { IDataObject, INodeExecutionData, INodeParameters, IRun } from 'n8n-workflow';

import { ttsParameters } from '../elevenlabs/setup';
import { runWorkflow, storeBinary } from '../harness';
import { sandboxCredentials, type Sandbox } from '../sandbox';
import { JobsState } from '../sandbox/heygen';
import { fixture } from '../sandbox/media';
import { FAST_RETRY, SANDBOX_HEYGEN_KEY } from './setup';

/** Publishes a fixture on the sandbox's public file host; returns its URL. */
export function publicFile(sandbox: Sandbox, name: string, fixtureName: string, type: string) {
	return sandbox.heygen.addPublicFile(name, { body: fixture(fixtureName), contentType: type });
}

export const publicVideo = (sandbox: Sandbox, name = 'presenter.mp4') =>
	publicFile(sandbox, name, 'video_16x9.mp4', 'video/mp4');

/** An input item with a fixture as binary field `field`. */
export async function binaryItem(
	fixtureName: string,
	mimeType: string,
	field = 'data',
	json: INodeExecutionData['json'] = {},
): Promise<INodeExecutionData> {
	const data = await storeBinary(fixture(fixtureName), { mimeType, fileName: fixtureName });
	return { json, binary: { [field]: data } };
}

/** Uploads a fixture straight to the sandbox API; returns its asset_id. */
export async function uploadAsset(sandbox: Sandbox, fixtureName: string): Promise<string> {
	const form = new FormData();
	form.append('file', new Blob([fixture(fixtureName)]), fixtureName);
	const res = await fetch(`${sandbox.heyGenUrl}/v3/assets`, {
		method: 'POST',
		headers: { 'x-api-key': SANDBOX_HEYGEN_KEY },
		body: form,
	});
	const body = (await res.json()) as { data: { asset_id: string } };
	return body.data.asset_id;
}

/** A request to the sandbox API with the standard key (JSON body, if any). */
export async function apiCall(
	sandbox: Sandbox,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; body: { data: IDataObject; error?: IDataObject } }> {
	const res = await fetch(`${sandbox.heyGenUrl}${path}`, {
		method,
		headers: { 'x-api-key': SANDBOX_HEYGEN_KEY, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as { data: IDataObject } };
}

export const apiGet = (sandbox: Sandbox, path: string) => apiCall(sandbox, 'GET', path);

/**
 * Fresh jobs and knobs, with the progression advanced by status checks (deterministic). The
 * harness's execution id is always 1, so the same parameters give the same Idempotency-Key in
 * every test: the stored replies are forgotten with the jobs they name.
 */
export function resetJobs(sandbox: Sandbox): JobsState {
	sandbox.heygen.jobs = new JobsState();
	sandbox.heygen.idempotency.clear();
	sandbox.heygen.createsByKey.clear();
	sandbox.heygen.jobs.timing.mode = 'polls';
	return sandbox.heygen.jobs;
}

/** The JSON bodies the sandbox received for `method template`, from request `since` on. */
export function sent(sandbox: Sandbox, method: string, template: string, since = 0): IDataObject[] {
	return sandbox.server
		.requests('heygen', method, template)
		.filter((r) => sandbox.server.log.indexOf(r) >= since)
		.map((r) => r.json as IDataObject);
}

/** ElevenLabs Text to Speech ("ElevenLabs") → a HeyGen node ("HeyGen") that takes its speech binary. */
export async function runSpeechInto(
	sandbox: Sandbox,
	text: string,
	parameters: INodeParameters,
): Promise<IRun> {
	return await runWorkflow({
		nodes: [
			{ name: 'ElevenLabs', type: 'elevenLabs', parameters: ttsParameters({ text }) as never },
			{ name: 'HeyGen', type: 'heyGen', parameters },
		],
		credentials: sandboxCredentials(sandbox),
	});
}

type Params = Record<string, unknown>;

/** Video Translation → Translate of the sandbox's public video into two languages (`extra` overrides). */
export const translateParameters = (sandbox: Sandbox, extra: Params = {}, options: Params = {}) =>
	({
		resource: 'videoTranslation',
		operation: 'translate',
		videoSource: 'url',
		videoUrl: publicVideo(sandbox),
		outputLanguages: ['Spanish (Spain)', 'German (Germany)'],
		...extra,
		options: { ...FAST_RETRY, ...options },
	}) as INodeParameters;

/** Lip Sync → Create of the sandbox's public video with the input's `data` audio (`extra` overrides). */
export const lipsyncParameters = (sandbox: Sandbox, extra: Params = {}, options: Params = {}) =>
	({
		resource: 'lipsync',
		operation: 'create',
		videoSource: 'url',
		videoUrl: publicVideo(sandbox),
		audioSource: 'binary',
		audioBinaryPropertyName: 'data',
		...extra,
		options: { ...FAST_RETRY, ...options },
	}) as INodeParameters;
