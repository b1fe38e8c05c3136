// n8n's community-node lint set (the same config `n8n-node lint` uses: @n8n/eslint-plugin-community-nodes
// recommended + eslint-plugin-n8n-nodes-base community/credentials/nodes rules), applied to the whole repo.
// Test, tooling and benchmark code is not shipped (package.json "files": ["dist"]) and runs in Node/Jest,
// so it may use node:* modules and process/timers; everything under nodes/ and credentials/ may not.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'output/**', '.cache/**'] },
	...config,
	{
		files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/missing-paired-item': 'off',
			// the sandbox's fake API keys are test fixtures, not secrets
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			// tooling starts n8n, the sandbox and npm as child processes
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'no-console': 'off',
		},
	},
];
