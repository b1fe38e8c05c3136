/**
 * Once per `npm run test:e2e`: checks dist/ is built, installs (or reuses) the n8n runtime and
 * packs the package once, so every test file installs the same tarball into its own n8n (and a
 * concurrent `npm run build` cannot pull dist/ away halfway through the run).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ensureRuntime, packPackage } from '../../../scripts/n8n/n8n';

export default async function globalSetup(): Promise<void> {
	const log = (m: string) => process.stderr.write(`[n8n-e2e] ${m}\n`);
	process.stderr.write('\n');
	await ensureRuntime(log);
	const dir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-pack-'));
	const { tgz, version } = await packPackage(dir);
	process.env.N8N_E2E_PACKAGE_TGZ = tgz;
	log(`packed n8n-nodes-heygen-elevenlabs@${version} → ${tgz}`);
}
