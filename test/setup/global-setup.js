// The in-process harness loads the compiled package from dist/ exactly as n8n does.
const fs = require('node:fs');
const path = require('node:path');
module.exports = async () => {
	const pkg = require('../../package.json');
	const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
		(f) => !fs.existsSync(path.join(__dirname, '..', '..', f)),
	);
	if (missing.length) {
		throw new Error(
			`dist/ is missing ${missing.join(', ')}: run "npm run build" (npm test does it)`,
		);
	}
};
