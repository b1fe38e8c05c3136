/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// transpile-only: tsconfig.test.json sets isolatedModules, so ts-jest compiles each file on its own
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/setup/global-setup.js',
	setupFiles: ['<rootDir>/test/setup/env.js'],
	testTimeout: 60000,
	reporters: ['default', '<rootDir>/test/setup/totals-reporter.js'],
	// e2e suites (real n8n server) run via `npm run test:e2e`
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
};
