// n8n-core's DI services write <N8N_USER_FOLDER>/.n8n/config on load; keep that out of $HOME.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-jest-'));
}
