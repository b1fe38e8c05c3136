/**
 * End-to-end suite against a real `n8n start` (n8n 2.41.1 on Node 24, see scripts/n8n/) with the
 * built package installed as a community package and the offline sandbox as the API backend.
 * Run `npm run build` first (npm test does), then `npm run test:e2e`.
 */
/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// transpile-only: tsconfig.test.json sets isolatedModules, so ts-jest compiles each file on its own
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// checks dist/, installs/reuses the n8n runtime, packs the package once for all files
	globalSetup: '<rootDir>/test/e2e/setup/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/setup/global-teardown.ts',
	// the first run installs Node 24 + n8n (~5 min); one n8n server per test file
	testTimeout: 10 * 60_000,
	maxWorkers: 1,
	verbose: true,
	reporters: ['default', '<rootDir>/test/setup/totals-reporter.js'],
};
