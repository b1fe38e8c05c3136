/**
 * Other community packages beside ours in one real n8n (test/e2e/coexistence.e2e.test.ts):
 * `installCommunityPackage()` installs a package from the npm registry (`name@version`) or a
 * local folder (a test fixture) into `<userFolder>/.n8n/nodes` the way n8n 2.41's
 * community-packages service does (CommunityPackagesService.downloadPackage): `npm pack` →
 * untar into nodes/node_modules/<name> → drop dev/peer/optional dependencies → install runtime
 * dependencies, if any → add it to nodes/package.json. n8n finds every `n8n-nodes-*` and
 * `@scope/n8n-nodes-*` folder there at start-up (n8n-core's scanDirectoryForPackages).
 *
 * Call it after n8n.ts's installPackage() (which writes nodes/package.json with ours only) and
 * before n8n starts, e.g. startStack({ workDir, skipPackageInstall: true }).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { run } from './processes';

export interface InstalledCommunityPackage {
	name: string;
	version: string;
	/** The package folder inside nodes/node_modules. */
	dir: string;
	/** package.json "n8n" block as installed. */
	n8n: { credentials?: string[]; nodes?: string[] };
}

/**
 * npm settings a caller's `npm run` exports (npm_config_local_prefix, npm_config_ignore_scripts
 * from this repo's .npmrc, ...) must not steer the nested npm; where the registry and cache are
 * is kept (as scripts/n8n/install.sh does).
 */
function npmEnv(): NodeJS.ProcessEnv {
	const keep = new Set([
		'npm_config_cache',
		'npm_config_registry',
		'npm_config_cafile',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_strict_ssl',
	]);
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(npm_|init_cwd$)/i.test(k) && !keep.has(k.toLowerCase())) continue;
		env[k] = v;
	}
	return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
}

/**
 * Installs `spec` (`@scope/name@1.2.3` from the registry, or an absolute folder path) into
 * `<userFolder>/.n8n/nodes`. The npm cache makes repeated registry installs fast.
 */
export async function installCommunityPackage(
	userFolder: string,
	spec: string,
): Promise<InstalledCommunityPackage> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const packDir = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-npm-pack-'));
	try {
		const { stdout } = await run(
			'npm',
			['pack', spec, '--json', '--ignore-scripts', '--pack-destination', packDir],
			{ cwd: packDir, env: npmEnv(), quiet: true, timeoutMs: 5 * 60_000 },
		);
		const [info] = JSON.parse(stdout) as Array<{ name: string; filename: string }>;
		// npm names a scoped package's tarball "scope-name-1.2.3.tgz"
		const tgz = path.join(packDir, info.filename.replace(/^@/, '').replace(/\//, '-'));

		const target = path.join(nodesDir, 'node_modules', ...info.name.split('/'));
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		await run('tar', ['xzf', tgz, '-C', target, '--strip-components=1'], { quiet: true });

		const pkgFile = path.join(target, 'package.json');
		const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
		const dependencies = (pkg.dependencies ?? {}) as Record<string, string>;
		if (Object.keys(dependencies).length) {
			await run(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: target, env: npmEnv(), quiet: true, timeoutMs: 5 * 60_000 },
			);
		}

		const version = String(pkg.version);
		const listFile = path.join(nodesDir, 'package.json');
		let list: { name: string; private: boolean; dependencies: Record<string, string> };
		try {
			list = JSON.parse(readFileSync(listFile, 'utf8')) as typeof list;
		} catch {
			list = { name: 'installed-nodes', private: true, dependencies: {} };
		}
		list.dependencies = { ...(list.dependencies ?? {}), [info.name]: version };
		writeFileSync(listFile, JSON.stringify(list, null, 2));

		return {
			name: info.name,
			version,
			dir: target,
			n8n: (pkg.n8n ?? {}) as InstalledCommunityPackage['n8n'],
		};
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}
