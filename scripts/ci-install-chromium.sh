#!/usr/bin/env bash
# Installs Debian's Chromium for the editor check (test/e2e/editor.e2e.test.ts, driven by
# playwright-core with executablePath /usr/bin/chromium, or $CHROMIUM_PATH). Needs root (CI runs as
# root); no-op when Chromium is already there or CHROMIUM_PATH names a browser (Chrome on GitHub's
# runners). Log: artifacts/apt-chromium.log
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -n "${CHROMIUM_PATH:-}" && -x "${CHROMIUM_PATH}" ]]; then
	echo "browser given by CHROMIUM_PATH: $("$CHROMIUM_PATH" --version 2>/dev/null || true)"
	exit 0
fi
if command -v chromium >/dev/null 2>&1; then
	echo "chromium present: $(chromium --version 2>/dev/null || true)"
	exit 0
fi
mkdir -p artifacts
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
echo "installing chromium (apt; log: artifacts/apt-chromium.log)"
if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium; } >artifacts/apt-chromium.log 2>&1; then
	tail -n 30 artifacts/apt-chromium.log
	exit 1
fi
echo "chromium installed: $(chromium --version 2>/dev/null || true)"
