#!/usr/bin/env bash
# `npm run chaos`: the fault run (bench/chaos.ts). Builds; creates a PostgreSQL cluster for this run
# alone (initdb in a temporary folder, a free loopback port; the run restarts it, so it must not be
# the cluster other tests share) with a fresh database; provisions the Temporal CLI; runs
# dist/bench/chaos.js; removes the cluster at the end. Settings by environment: CHAOS_KILLS,
# CHAOS_DURATION_S, CHAOS_CASES, CHAOS_LANES, CHAOS_SEED. The last line of its output is one JSON
# object; the exit status is non-zero when anything was lost, doubled or inconsistent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_deps
if [ "${CHAOS_SKIP_BUILD:-}" != "1" ]; then
  log "building"
  npm run -s build
fi
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal-cli.sh)"
[ -n "$TEMPORAL_CLI_PATH" ] || die "the fault run needs the Temporal CLI (scripts/ensure-temporal-cli.sh found none)"
export TEMPORAL_CLI_PATH
# Installs PostgreSQL when absent (the shared test cluster it starts is not used by the run).
bash scripts/ensure-postgres.sh >/dev/null

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$BIN/initdb" ] || die "no PostgreSQL binaries under /usr/lib/postgresql"
if [ "$(id -u)" -eq 0 ]; then
  AS=(runuser -u postgres --)
  CHAOS_PG_USER=postgres
  BASE="$(mktemp -d /var/tmp/metrology-chaos-pg.XXXXXX)"
  chown postgres "$BASE"
else
  AS=()
  CHAOS_PG_USER=""
  BASE="$(mktemp -d "${TMPDIR:-/tmp}/metrology-chaos-pg.XXXXXX")"
fi
DATA="$BASE/data"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
stop_cluster() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$BASE"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "creating the run's PostgreSQL cluster on 127.0.0.1:$PORT ($DATA)"
"${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --no-locale -E UTF8 >"$BASE/initdb.log" 2>&1 || die "initdb failed; see $BASE/initdb.log"
"${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$BASE/postgres.log" -w -t 60 \
  -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null ||
  die "PostgreSQL did not start; see $BASE/postgres.log"
"${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA -c "CREATE DATABASE chaos" >/dev/null

export CHAOS_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/chaos"
export CHAOS_PG_BIN="$BIN" CHAOS_PG_DATA="$DATA" CHAOS_PG_USER
set +e
node dist/bench/chaos.js
status=$?
set -e
exit "$status"
