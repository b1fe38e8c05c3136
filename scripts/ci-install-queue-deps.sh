#!/usr/bin/env bash
# Installs Debian's Redis and PostgreSQL server for the queue-mode e2e test
# (test/e2e/queue-mode.e2e.test.ts, scripts/n8n/queue.ts), which starts its own loopback instances
# of both. Needs root (CI runs as root); no-op when redis-server and the PostgreSQL server binaries
# are already there. apt is kept from starting the system services (port 6379 / 5432) with a
# temporary /usr/sbin/policy-rc.d when the machine has none. Log: artifacts/apt-queue-deps.log
set -euo pipefail
cd "$(dirname "$0")/.."

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || command -v postgres >/dev/null 2>&1; }
packages=()
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
have_postgres || packages+=(postgresql)
if [[ ${#packages[@]} -eq 0 ]]; then
	echo "queue-mode deps present: $(redis-server --version | cut -d' ' -f1-3), postgres $(ls /usr/lib/postgresql 2>/dev/null | tr '\n' ' ')"
	exit 0
fi

mkdir -p artifacts
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
POLICY=/usr/sbin/policy-rc.d
if [[ ! -e "$POLICY" ]]; then
	printf '#!/bin/sh\n# temporary, scripts/ci-install-queue-deps.sh: do not start services\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
	$SUDO chmod 755 "$POLICY"
	trap '$SUDO rm -f "$POLICY"' EXIT
fi
echo "installing ${packages[*]} (apt; log: artifacts/apt-queue-deps.log)"
if ! { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${packages[@]}"; } >artifacts/apt-queue-deps.log 2>&1; then
	tail -n 30 artifacts/apt-queue-deps.log
	exit 1
fi
echo "installed: $(redis-server --version | cut -d' ' -f1-3), postgres $(ls /usr/lib/postgresql 2>/dev/null | tr '\n' ' ')"
