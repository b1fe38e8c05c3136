/**
 * HeyGen v3 API sandbox, mounted under /heygen (plus its file host under /files and presigned
 * uploads under /uploads). Contracts: test/fixtures/contracts/heygen-v3-endpoints.json and
 * heygen-v3-translate-lipsync.json.
 *
 * Every JSON request body is validated against the contract's (closed) request schema and every
 * response is built in the contract's response shape (the tests prove it with validateHeyGen).
 * One module per resource, each registering its routes through api.ts's `route` (which checks
 * the key, the query names and the body first):
 *   users.ts           GET /v3/users/me
 *   assets.ts          POST /v3/assets (multipart ≤ 32 MB), GET/DELETE /v3/assets/{asset_id}
 *   direct-uploads.ts  POST /v3/assets/direct-uploads → presigned PUT under /uploads → complete
 *   videos.ts          create (Idempotency-Key replay), list, bulk statuses, get, delete
 *   video-checks.ts    what a create is checked for beyond the schema (incl. URL downloads)
 *   render.ts          the pending → processing → completed/failed progression, callback_url
 *   avatars.ts         avatar looks and voices listings (cursor pagination)
 *   templates.ts       templates list, get, generate
 *   webhooks.ts        webhook endpoints and signed event delivery
 *   translations.ts    video translations: create, languages, statuses, list, get, delete
 *   lipsyncs.ts        lip-syncs: create, statuses, list, get, delete
 *   jobs.ts            what both share: progression, outputs under /files/jobs/, callbacks
 *   photo-avatars.ts   POST /v3/avatars (photo type)
 *   files.ts           /files: public files, asset bytes, presigned expiring video URLs
 * Shared: state.ts (HeyGenState: data and test knobs), catalog.ts (voices, looks, templates),
 * api.ts (errors, auth, pagination, `route`), idempotency.ts.
 *
 * Behaviour is configurable on the returned HeyGenState (render timing, URL expiry, failures,
 * lost responses, in-flight delays) so tests stay fast and deterministic.
 */
import type { SandboxServer } from '../server';
import { heyGenApi } from './api';
import { installAssets } from './assets';
import { installAvatars } from './avatars';
import { installDirectUploads } from './direct-uploads';
import { installFiles } from './files';
import { installJobFiles } from './jobs';
import { installLipsyncs } from './lipsyncs';
import { installPhotoAvatars } from './photo-avatars';
import { HeyGenState } from './state';
import { installTemplates } from './templates';
import { installTranslations } from './translations';
import { installUsers } from './users';
import { installVideos } from './videos';
import { installWebhooks, type HeyGenWebhookState } from './webhooks';

export * from './state';
export type { LookRecord, TemplateRecord, VoiceRecord } from './catalog';
export { checkAuth, heyGenError } from './api';
export { SIMPLE_UPLOAD_LIMIT, sniffSandbox } from './assets';
export { EVENT_TYPES, HeyGenWebhookState } from './webhooks';
export { JobsState, TRANSLATION_LANGUAGES } from './jobs';
export type { JobKind, SandboxJob, TranslationLanguage } from './jobs';
export type { Delivery, DeliveryOptions, WebhookEndpoint } from './webhooks';

/** Mounts the HeyGen routes on `server`; returns the API's state and the webhook state. */
export function installHeyGen(server: SandboxServer): {
	heygen: HeyGenState;
	webhooks: HeyGenWebhookState;
} {
	const heygen = new HeyGenState();
	heygen.server = server;
	const api = heyGenApi(server, heygen);
	installUsers(api);
	installAssets(api);
	installDirectUploads(api);
	installFiles(server, heygen);
	installVideos(api);
	installAvatars(api);
	installTemplates(api);
	installTranslations(api);
	installLipsyncs(api);
	installPhotoAvatars(api);
	installJobFiles(server, heygen);
	const webhooks = installWebhooks(api);
	return { heygen, webhooks };
}
