# Shared helpers for the project's scripts. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Built tools and servers are cached per user, outside the clone, so a fresh clone reuses them.
CACHE_DIR="${METROLOGY_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/metrology}"
mkdir -p "$CACHE_DIR"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Installs npm dependencies when node_modules is missing or older than the lockfile.
ensure_node_deps() {
  local marker="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$ROOT/package-lock.json" -nt "$marker" ]; then
    log "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

# Waits until host:port accepts TCP connections: returns 0 then, 1 after $3 seconds, 2 as soon as
# the optional process $4 (the server expected to listen there) has ended.
wait_for_port() {
  local host="$1" port="$2" timeout="${3:-60}" pid="${4:-}" waited=0
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    sleep 1
    waited=$((waited + 1))
    [ "$waited" -lt "$timeout" ] || return 1
  done
}
