import { rmSync } from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
	const tgz = process.env.N8N_E2E_PACKAGE_TGZ;
	if (tgz) rmSync(path.dirname(tgz), { recursive: true, force: true });
}
