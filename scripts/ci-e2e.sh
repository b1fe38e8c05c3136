#!/usr/bin/env bash
# The real-n8n end-to-end phase of `npm test` (after lint, build and the in-process suites):
#   1. installs Node 24 + n8n 2.41.1 into the cache dir (scripts/n8n/install.sh; reused when cached),
#   2. installs Chromium for the editor check when missing (scripts/ci-install-chromium.sh), and
#      Redis + PostgreSQL for the queue-mode test when missing (scripts/ci-install-queue-deps.sh),
#   3. runs `npm run test:e2e` (jest; its totals reporter appends to $TEST_TOTALS_FILE) on n8n 2.41.1,
#   4. the compatibility smoke (test/e2e/compat.e2e.test.ts) on every other n8n version with a
#      runtime in scripts/n8n/runtime/ (N8N_COMPAT_VERSIONS overrides the list; "" skips it), each
#      installed and cached like the pinned one.
# Every n8n / sandbox / browser process the suite starts is stopped by the suite itself.
set -uo pipefail
cd "$(dirname "$0")/.."

PINNED=2.41.1
mkdir -p artifacts
status=0

# no jest run will report for a failed install: count it as one failure in CI's totals
count_failure() {
	if [[ -n "${TEST_TOTALS_FILE:-}" ]]; then echo '{"failed":1}' >>"$TEST_TOTALS_FILE"; fi
	status=1
}

# a few progress lines; npm's own output goes to artifacts/n8n-install-<version>.log (tail shown on failure)
install_runtime() {
	local version="$1"
	N8N_INSTALL_LOG="$PWD/artifacts/n8n-install-$version.log" timeout 2400 bash scripts/n8n/install.sh --version "$version"
}

if ! install_runtime "$PINNED"; then
	echo "n8n $PINNED runtime install failed"
	count_failure
	exit 1
fi

if [[ "${E2E_SKIP_EDITOR:-}" != "1" ]]; then
	bash scripts/ci-install-chromium.sh || echo "chromium install failed: the editor check will fail"
fi
# Redis + PostgreSQL for the queue-mode test (test/e2e/queue-mode.e2e.test.ts) when missing
bash scripts/ci-install-queue-deps.sh || echo "redis/postgresql install failed: the queue-mode test will fail"

N8N_RUNTIME_VERSION="$PINNED" npm run test:e2e || status=1

if [[ -z "${N8N_COMPAT_VERSIONS+set}" ]]; then
	N8N_COMPAT_VERSIONS="$(find scripts/n8n/runtime -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | grep -vxF "$PINNED" | sort -V | tr '\n' ' ')"
fi
for version in $N8N_COMPAT_VERSIONS; do
	echo "---- compatibility smoke on n8n $version ----"
	started=$SECONDS
	if ! install_runtime "$version"; then
		echo "n8n $version runtime install failed"
		count_failure
		continue
	fi
	N8N_RUNTIME_VERSION="$version" npx jest --config jest.e2e.config.js test/e2e/compat.e2e.test.ts || status=1
	echo "---- n8n $version: $((SECONDS - started)) s (install + smoke) ----"
done
exit $status
