/**
 * Managing the account's voices: POST /v1/voices/add (instant voice cloning, multipart),
 * DELETE /v1/voices/{voice_id} and POST /v1/voices/{voice_id}/settings/edit. All need
 * `voices_write` (SDK PermissionType).
 *
 * Refusals of POST /v1/voices/add (streamed like the other uploads), after the OpenAPI's multipart
 * schema (multipart.ts), in order:
 *   - `labels` is not a JSON object of strings ("Serialized labels dictionary", OpenAPI) → 422
 *   - no instant voice cloning on the plan → 400, current error shape with code
 *     paid_plan_required and status can_not_use_instant_voice_cloning (as the API answered a
 *     free-tier key in field reports; ElevenLabs' own early Python SDK raised
 *     UnauthorizedVoiceCloningError on that status)
 *   - voice limit reached → 400 voice_limit_reached, legacy shape, with the message ElevenLabs sends
 *     ("You have reached your maximum amount of custom voices (10 / 10). …", receptron/mulmocast-app#1466)
 *   - a file that does not decode as audio → 400 invalid_content "File upload is corrupted. Please
 *     ensure it is playable audio." (reported for cloning in elevenlabs/elevenlabs-mcp#62 and for
 *     speech to text with the status)
 *   - the same file twice → 400 duplicate_files "You cannot upload the same file twice."
 *     (elevenlabs/elevenlabs-python#172, #203)
 * The answer is AddVoiceIVCResponseModel `{voice_id, requires_verification}`; the voice is then
 * listed, readable and usable for text to speech like any other.
 */
import { randomBytes } from 'node:crypto';

import { elevenLabsError, elevenLabsErrorV2, validationError, type ElevenLabsApi } from './api';
import { voice, type SandboxVoice } from './catalog';
import { isPlayableAudio } from './multipart';
import type { ElevenLabsState } from './state';

/** A 20-character id like the API's voice ids. */
export function newVoiceId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/** 400 voice_limit_reached when the plan's custom (cloned + generated) voices are used up. */
export function voiceLimitRefusal(state: ElevenLabsState) {
	if (state.voiceLimit === undefined) return undefined;
	const used = state.voices.filter((v) => v.category === 'cloned' || v.category === 'generated');
	if (used.length < state.voiceLimit) return undefined;
	return elevenLabsError(
		400,
		'voice_limit_reached',
		`You have reached your maximum amount of custom voices (${used.length} / ${state.voiceLimit}). You can upgrade your subscription to increase your custom voice limit.`,
	);
}

/** A new voice of the account, shaped like the catalogue's (VoiceResponseModel). */
export function addAccountVoice(
	state: ElevenLabsState,
	name: string,
	category: SandboxVoice['category'],
	labels: Record<string, string>,
	description: string | null,
): SandboxVoice {
	const created = voice(newVoiceId(), name, category, labels, Math.floor(Date.now() / 1000));
	created.description = description;
	state.voices.push(created);
	return created;
}

/** The `labels` form field: a serialized JSON object of strings; undefined when it is not one. */
function parseLabels(raw: string | undefined): Record<string, string> | undefined {
	if (!raw) return {};
	try {
		const parsed = JSON.parse(raw) as unknown;
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
		const values = Object.values(parsed as Record<string, unknown>);
		return values.every((v) => typeof v === 'string')
			? (parsed as Record<string, string>)
			: undefined;
	} catch {
		return undefined;
	}
}

function voiceNotFound(voiceId: string) {
	return elevenLabsError(
		400,
		'voice_not_found',
		`A voice with the voice_id ${voiceId} was not found.`,
	);
}

export function installVoiceClone({ route, state }: ElevenLabsApi): void {
	route(
		'POST',
		'/v1/voices/add',
		{ permission: 'voices_write', multipart: {} },
		async (req, values, parsed) => {
			const form = parsed!;
			const labels = parseLabels(form.fields.labels?.[0]);
			if (!labels)
				return validationError([
					{
						loc: ['body', 'labels'],
						msg: 'Labels must be a JSON object of strings',
						type: 'value_error',
					},
				]);
			if (!state.instantVoiceCloning)
				return elevenLabsErrorV2(
					400,
					'payment_required',
					'paid_plan_required',
					'Your subscription does not include instant voice cloning. Please upgrade your plan.',
				);
			const limited = voiceLimitRefusal(state);
			if (limited) return limited;
			const hashes = new Set<string>();
			for (const file of form.files) {
				if (!(await isPlayableAudio(file)))
					return elevenLabsError(
						400,
						'invalid_content',
						'File upload is corrupted. Please ensure it is playable audio.',
					);
				if (hashes.has(file.sha256))
					return elevenLabsError(400, 'duplicate_files', 'You cannot upload the same file twice.');
				hashes.add(file.sha256);
			}
			const name = form.fields.name[0];
			const description = form.fields.description?.[0] ?? null;
			const created = addAccountVoice(state, name, 'cloned', labels, description);
			const length = Number(req.headers['content-length']);
			state.clones.push({
				voiceId: created.voice_id,
				name,
				description,
				labels,
				removeBackgroundNoise: values.remove_background_noise === true,
				files: form.files.map((f) => ({
					filename: f.fileName,
					mimeType: f.mimeType,
					bytes: f.size,
					sha256: f.sha256,
				})),
				contentLength: Number.isFinite(length) ? length : null,
				chunked: /chunked/i.test(String(req.headers['transfer-encoding'] ?? '')),
			});
			return { body: { voice_id: created.voice_id, requires_verification: false } };
		},
	);

	route('DELETE', '/v1/voices/{voice_id}', { permission: 'voices_write' }, (req) => {
		const index = state.voices.findIndex((v) => v.voice_id === req.params.voice_id);
		if (index < 0) return voiceNotFound(req.params.voice_id);
		state.voices.splice(index, 1);
		return { body: { status: 'ok' } };
	});

	route(
		'POST',
		'/v1/voices/{voice_id}/settings/edit',
		{ permission: 'voices_write', body: true },
		(req, body) => {
			const found = state.voices.find((v) => v.voice_id === req.params.voice_id);
			if (!found) return voiceNotFound(req.params.voice_id);
			const settings = { ...(found.settings ?? {}) } as Record<string, unknown>;
			for (const [key, value] of Object.entries(body)) if (value !== null) settings[key] = value;
			found.settings = settings as SandboxVoice['settings'];
			return { body: { status: 'ok' } };
		},
	);
}
