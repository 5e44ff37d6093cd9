#!/usr/bin/env bash
# `npm run bench -- <name>`: builds, provisions the PostgreSQL of scripts/ensure-postgres.sh unless
# BENCH_DATABASE_URL is set (and the Temporal CLI for the benchmarks that run the whole system),
# then runs dist/bench/<name>.bench.js. Each benchmark creates and drops its own database there;
# results go to bench/results/. `npm run bench` with no name runs every suite, one after the other
# (the soak for BENCH_SOAK_S seconds, default 600), then writes bench/results/summary.md; it exits
# non-zero when a suite failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

known() { for f in bench/*.bench.ts; do [ -e "$f" ] && basename "$f" .bench.ts; done; }
ALL=0
if [ "$#" -eq 0 ]; then
  ALL=1
else
  NAME="$1"
  shift
  if [[ ! "$NAME" =~ ^[a-z0-9][a-z0-9-]*$ ]] || [ ! -f "bench/$NAME.bench.ts" ]; then
    die "unknown benchmark \"$NAME\"; known: $(known | paste -sd ' ' -)"
  fi
fi

ensure_node_deps
log "building"
npm run -s build
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  BENCH_DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
fi
export BENCH_DATABASE_URL
# The benchmarks that run the whole system need a Temporal dev server.
TEMPORAL_CLI_PATH="${TEMPORAL_CLI_PATH:-$(bash scripts/ensure-temporal-cli.sh)}"
export TEMPORAL_CLI_PATH

if [ "$ALL" -eq 0 ]; then
  log "benchmark $NAME on PostgreSQL ${BENCH_DATABASE_URL%%:*}://…@${BENCH_DATABASE_URL#*@}"
  status=0
  node "dist/bench/$NAME.bench.js" "$@" || status=$?
  # The summary shows every suite's latest results.
  [ "$status" -ne 0 ] || node dist/bench/summary.js >/dev/null
  exit "$status"
fi

failed=()
for name in $(known); do
  log "benchmark $name on PostgreSQL ${BENCH_DATABASE_URL%%:*}://…@${BENCH_DATABASE_URL#*@}"
  node "dist/bench/$name.bench.js" || failed+=("$name")
done
node dist/bench/summary.js >/dev/null
log "wrote bench/results/summary.md"
[ "${#failed[@]}" -eq 0 ] || die "benchmark(s) failed: ${failed[*]}"
