#!/usr/bin/env bash
# `npm run bench -- <name>` (default: event-store): builds, provisions the PostgreSQL of
# scripts/ensure-postgres.sh unless BENCH_DATABASE_URL is set (and the Temporal CLI for the
# assessment benchmark), then runs dist/bench/<name>.bench.js.
# Each benchmark creates and drops its own database there; results go to bench/results/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

NAME="${1:-event-store}"
[ "$#" -eq 0 ] || shift
known() { for f in bench/*.bench.ts; do [ -e "$f" ] && basename "$f" .bench.ts; done; }
if [[ ! "$NAME" =~ ^[a-z0-9][a-z0-9-]*$ ]] || [ ! -f "bench/$NAME.bench.ts" ]; then
  die "unknown benchmark \"$NAME\"; known: $(known | paste -sd ' ' -)"
fi

ensure_node_deps
log "building"
npm run -s build
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  BENCH_DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
fi
export BENCH_DATABASE_URL
# The assessment benchmark runs the whole system, with a Temporal dev server.
if [ "$NAME" = "assessment" ]; then
  TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal-cli.sh)"
  export TEMPORAL_CLI_PATH
fi
log "benchmark $NAME on PostgreSQL ${BENCH_DATABASE_URL%%:*}://…@${BENCH_DATABASE_URL#*@}"
exec node "dist/bench/$NAME.bench.js" "$@"
