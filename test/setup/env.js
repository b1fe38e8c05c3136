// Runs in every test file's environment before its modules load (jest `setupFiles`).
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

// n8n-core's DI services write <N8N_USER_FOLDER>/.n8n/config on load; keep that out of $HOME.
if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-jest-'));
}

// n8n's Logger (@n8n/backend-common, configured from N8N_LOG_LEVEL) writes through a winston
// console transport, and n8n-core's ErrorReporter logs every node error at level `error`: the
// errors the tests provoke on purpose ("HeyGen: Video not found [video_not_found] (HTTP 200)", …)
// would fill jest's output. Tests assert those errors themselves and jest reports every failure, so
// the log stays silent here; run with N8N_LOG_LEVEL=debug (or info, error) to see it.
process.env.N8N_LOG_LEVEL ??= 'silent';
