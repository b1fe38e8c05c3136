#!/usr/bin/env bash
# The real-n8n end-to-end phase of `npm test` (after lint, build and the in-process suites):
#   1. installs Node 24 + n8n 2.41.1 into the cache dir (scripts/n8n/install.sh; reused when cached),
#   2. installs Chromium for the editor check when missing (scripts/ci-install-chromium.sh), and
#      Redis + PostgreSQL for the queue-mode test when missing (scripts/ci-install-queue-deps.sh),
#   3. runs `npm run test:e2e` (jest; its totals reporter appends to $TEST_TOTALS_FILE).
# Every n8n / sandbox / browser process the suite starts is stopped by the suite itself.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p artifacts
# a few progress lines here; npm's own output goes to artifacts/n8n-install.log (its tail is shown on failure)
if ! N8N_INSTALL_LOG="$PWD/artifacts/n8n-install.log" timeout 2400 bash scripts/n8n/install.sh; then
	echo "n8n runtime install failed"
	# no jest run will report: count the phase as one failure in CI's totals
	if [[ -n "${TEST_TOTALS_FILE:-}" ]]; then echo '{"failed":1}' >> "$TEST_TOTALS_FILE"; fi
	exit 1
fi

if [[ "${E2E_SKIP_EDITOR:-}" != "1" ]]; then
	bash scripts/ci-install-chromium.sh || echo "chromium install failed: the editor check will fail"
fi
# Redis + PostgreSQL for the queue-mode test (test/e2e/queue-mode.e2e.test.ts) when missing
bash scripts/ci-install-queue-deps.sh || echo "redis/postgresql install failed: the queue-mode test will fail"

npm run test:e2e
