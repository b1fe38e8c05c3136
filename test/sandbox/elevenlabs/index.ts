/**
 * ElevenLabs API sandbox (mounted under /elevenlabs). Contract: the OpenAPI in test/fixtures/contracts
 * plus the official SDK's newer enums (contracts.ts); sources in test/fixtures/contracts/README.md.
 *
 * Every query and JSON body is validated against the OpenAPI (422 in FastAPI's shape when not),
 * and every key against its permissions and residency region. One module per resource, each
 * registering its routes through api.ts's `route`:
 *   tts.ts      POST /v1/text-to-speech/{voice_id} (+ /stream, /with-timestamps): character limits,
 *               request stitching, credits, concurrency, real audio of the right duration
 *   voices.ts   GET /v2/voices (paged, filtered; page 0 adds the default voices), GET /v1/voices/{id}
 *   account.ts  GET /v1/user, GET /v1/user/subscription, GET /v1/models
 *   speechToText.ts    POST /v1/speech-to-text (multipart, streamed; file or URL)
 *   speechToSpeech.ts  POST /v1/speech-to-speech/{voice_id} (multipart, streamed)
 *   soundEffects.ts    POST /v1/sound-generation
 *   isolation.ts       POST /v1/audio-isolation (multipart, streamed)
 *   voiceClone.ts  POST /v1/voices/add (multipart, streamed), DELETE /v1/voices/{id}, POST …/settings/edit
 *   voiceDesign.ts POST /v1/text-to-voice/design (previews), POST /v1/text-to-voice (save)
 *   history.ts  GET /v1/history (cursor pages, filters), GET/DELETE /v1/history/{id}, …/audio
 * Shared: state.ts (ElevenLabsState: keys, catalogue, credits, generations), catalog.ts (voices and
 * models), api.ts (error shapes, auth, contract checks, `route`), multipart.ts (streamed multipart
 * parsing and validation, uploaded-audio checks), audioJobs.ts (the audio routes' log and credits).
 */
import type { SandboxServer } from '../server';
import { installAccount } from './account';
import { elevenLabsApi } from './api';
import { ElevenLabsState } from './state';
import { installTextToSpeech } from './tts';
import { installVoices } from './voices';
import { installIsolation } from './isolation';
import { installSoundEffects } from './soundEffects';
import { installSpeechToSpeech } from './speechToSpeech';
import { installSpeechToText } from './speechToText';
import { installHistory } from './history';
import { installVoiceClone } from './voiceClone';
import { installVoiceDesign } from './voiceDesign';

export * from './catalog';
export * from './state';
export { checkAuth, elevenLabsError, elevenLabsErrorV2, validationError } from './api';
export { seedGeneration } from './history';

export function installElevenLabs(server: SandboxServer): ElevenLabsState {
	const state = new ElevenLabsState();
	const api = elevenLabsApi(server, state);
	installAccount(api);
	installVoices(api);
	installTextToSpeech(api);
	installSpeechToText(api);
	installSpeechToSpeech(api);
	installSoundEffects(api);
	installIsolation(api);
	installVoiceClone(api);
	installVoiceDesign(api);
	installHistory(api);
	return state;
}
