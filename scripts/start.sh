#!/usr/bin/env bash
# `npm start`: the whole system on one machine. Installs npm dependencies when absent, builds,
# starts the Temporal dev server (state in DATA_DIR/temporal.db) unless TEMPORAL_ADDRESS points at
# a cluster, then the worker and the API on the event store of EVENT_STORE_URL (default: SQLite in
# DATA_DIR). Ctrl-C (SIGINT) or SIGTERM stops every process it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# A port already taken would let another program answer in the API's or Temporal's place, or make
# a process die at start; say so before building anything.
PORT="${PORT:-3000}"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free "$PORT" || die "port $PORT is already in use by another program; stop it or choose another port with PORT=<port> npm start"
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  for pair in "TEMPORAL_DEV_PORT:${TEMPORAL_DEV_PORT:-7233}" "TEMPORAL_UI_PORT:${TEMPORAL_UI_PORT:-8233}"; do
    port_free "${pair#*:}" || die "port ${pair#*:} (${pair%%:*}) is already in use by another program (another Temporal server?); stop it, choose another port with ${pair%%:*}=<port>, or point TEMPORAL_ADDRESS at a running cluster"
  done
fi

ensure_node_deps
log "building (the API, the worker and the web console)"
npm run -s build

export DATA_DIR="${DATA_DIR:-$ROOT/data}"
mkdir -p "$DATA_DIR"
if [ -z "${JWT_SECRET:-}" ]; then
  if [ ! -s "$DATA_DIR/jwt-secret" ]; then
    (umask 077 && node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url'))" >"$DATA_DIR/jwt-secret")
    log "generated a development JWT secret in $DATA_DIR/jwt-secret"
  fi
  JWT_SECRET="$(cat "$DATA_DIR/jwt-secret")"
  export JWT_SECRET
fi

PIDS=()
TEMPORAL_PID=""
# Waits up to 10 s for the given processes to finish, then kills what is left.
stop_processes() {
  [ "$#" -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for _ in $(seq 1 20); do
    local alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 1 ] || return 0
    sleep 0.5
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "process $pid ($(ps -o args= -p "$pid" 2>/dev/null | cut -c1-60)) did not stop within 10 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}
stop_all() {
  # Ignore further signals while stopping: npm forwards the terminal's Ctrl-C a second time, and
  # dying halfway would leave processes behind.
  trap '' INT TERM
  trap - EXIT
  log "stopping"
  # The API and the worker first, while Temporal still answers their last calls; Temporal last.
  stop_processes "${PIDS[@]}"
  stop_processes ${TEMPORAL_PID:+"$TEMPORAL_PID"}
  log "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

TEMPORAL_UI=""
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  TPORT="${TEMPORAL_DEV_PORT:-7233}"
  UIPORT="${TEMPORAL_UI_PORT:-8233}"
  CLI="$(bash "$ROOT/scripts/ensure-temporal-cli.sh")"
  log "starting the Temporal dev server on 127.0.0.1:$TPORT (state: $DATA_DIR/temporal.db, log: $DATA_DIR/temporal.log)"
  # The dev server draws its HTTP, metrics and cluster ports at random and releases them before
  # binding them; when another process takes one in between, it exits at once. Such an early exit
  # is retried with a fresh draw, up to three starts; each waits up to 120 s, never longer than the
  # server lives, and its last words say why it ended.
  started=0
  for attempt in 1 2 3; do
    if [ -n "$CLI" ]; then
      "$CLI" server start-dev --ip 127.0.0.1 --port "$TPORT" --ui-port "$UIPORT" \
        --db-filename "$DATA_DIR/temporal.db" --log-level warn >"$DATA_DIR/temporal.log" 2>&1 &
    else
      node "$ROOT/scripts/dev-server-download.mjs" "$TPORT" "$UIPORT" "$DATA_DIR/temporal.db" >"$DATA_DIR/temporal.log" 2>&1 &
    fi
    TEMPORAL_PID=$!
    outcome=0
    wait_for_port 127.0.0.1 "$TPORT" 120 "$TEMPORAL_PID" || outcome=$?
    if [ "$outcome" -eq 0 ]; then started=1; break; fi
    tail -n 20 "$DATA_DIR/temporal.log" >&2 || true
    [ "$outcome" -eq 1 ] && die "the Temporal dev server did not answer on 127.0.0.1:$TPORT within 120 s (its log above; all of it in $DATA_DIR/temporal.log)"
    TEMPORAL_PID=""
    [ "$attempt" -lt 3 ] && log "the Temporal dev server exited while starting (attempt $attempt of 3; its log above); starting it again"
  done
  [ "$started" -eq 1 ] || die "the Temporal dev server exited while starting, three times (its log above; all of it in $DATA_DIR/temporal.log)"
  export TEMPORAL_ADDRESS="127.0.0.1:$TPORT"
  TEMPORAL_UI="http://localhost:$UIPORT"
fi

node dist/src/worker.js &
PIDS+=($!)
node dist/src/main.js &
API_PID=$!
PIDS+=("$API_PID")

# Healthy means this API answers: its process is alive and /health gives its own report.
healthy=0
for _ in $(seq 1 90); do
  kill -0 "$API_PID" 2>/dev/null || die "the API exited before it became healthy; its error is above"
  health="$(curl -fs "http://127.0.0.1:$PORT/health" 2>/dev/null || true)"
  if [[ "$health" == *'"checks"'* ]]; then healthy=1; break; fi
  sleep 1
done
[ "$healthy" -eq 1 ] || die "the API did not become healthy within 90 s; http://127.0.0.1:$PORT/health says: $(curl -s "http://127.0.0.1:$PORT/health" 2>&1 | cut -c1-300)"
cat >&2 <<INFO

  Console      http://localhost:$PORT/         (sign-in: the demo users, or OIDC_ISSUER's provider)
  API          http://localhost:$PORT          (health: /health)
  Swagger UI   http://localhost:$PORT/api/docs (OpenAPI: /api/docs-json)
  Temporal UI  ${TEMPORAL_UI:-"(external cluster at $TEMPORAL_ADDRESS)"}
  Data         $DATA_DIR
  A token:     npm run token -- --role institution --institution <id>
  Ctrl-C stops everything.

INFO

# If any process ends on its own, stop the others: a half-running system is worse than none.
set +e
wait -n "${PIDS[@]}" ${TEMPORAL_PID:+"$TEMPORAL_PID"}
status=$?
log "a process exited with status $status; stopping the others"
exit "$status"
