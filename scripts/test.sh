#!/usr/bin/env bash
# `npm test`: provisions PostgreSQL, the Temporal dev server and the Java time-skipping test server
# (each cached after the first run) and Chromium, type-checks, builds the web console, then runs
# the unit, integration, end-to-end and browser suites. Exits non-zero on any failure. Extra
# arguments go to Jest (e.g. a path filter).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_deps
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal-cli.sh)"
TEMPORAL_TEST_SERVER_PATH="$(bash scripts/ensure-temporal-test-server.sh)"
TEST_DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
export TEMPORAL_CLI_PATH TEMPORAL_TEST_SERVER_PATH TEST_DATABASE_URL
log "Temporal CLI: ${TEMPORAL_CLI_PATH:-(downloaded by @temporalio/testing)}"
log "Temporal test server: $TEMPORAL_TEST_SERVER_PATH"
log "PostgreSQL: ${TEST_DATABASE_URL%%@*}@${TEST_DATABASE_URL#*@}" 

log "type-checking"
npx tsc -p tsconfig.json --noEmit
npx tsc -p src/console/web/tsconfig.json

# The browser tests (test/browser/) drive the machine's Chromium against the built console.
CHROMIUM_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROMIUM_PATH
log "Chromium: $CHROMIUM_PATH"
log "building the web console"
npm run -s build:console

RESULTS="$(mktemp)"
set +e
# --forceExit: a suite that fails half-way can leave a Temporal client retrying against a server
# already torn down; the failure is reported, but it must not keep CI waiting for ever.
node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --forceExit --json --outputFile="$RESULTS" "$@"
status=$?
# The fault run in a short setting (scripts/chaos.sh; README "Fault run" gives the full run), counted
# as one test. Skipped when arguments select part of the Jest suites.
CHAOS_PASSED=0
CHAOS_FAILED=0
if [ "$#" -eq 0 ]; then
  export CHAOS_KILLS="${CHAOS_KILLS:-6}" CHAOS_DURATION_S="${CHAOS_DURATION_S:-60}" CHAOS_CASES="${CHAOS_CASES:-120}"
  log "the fault run: $CHAOS_KILLS kills over $CHAOS_DURATION_S s"
  if bash scripts/chaos.sh; then
    CHAOS_PASSED=1
  else
    CHAOS_FAILED=1
    [ "$status" -ne 0 ] || status=1
  fi
fi
set -e
# One plain closing line that any reader of the log understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const [chaosPassed, chaosFailed] = [Number(process.argv[2]), Number(process.argv[3])];
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests + chaosPassed} passed, ${r.numFailedTests + chaosFailed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$RESULTS" "$CHAOS_PASSED" "$CHAOS_FAILED" 2>/dev/null || echo "tests: $CHAOS_PASSED passed, $((1 + CHAOS_FAILED)) failed"
rm -f "$RESULTS"
exit "$status"
