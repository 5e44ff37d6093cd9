#!/usr/bin/env bash
# `npm test`: provisions PostgreSQL, the Temporal dev server and the Java time-skipping test server
# (each cached after the first run), type-checks, then runs the unit, integration and end-to-end
# suites. Exits non-zero on any failure. Extra arguments go to Jest (e.g. a path filter).
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

RESULTS="$(mktemp)"
set +e
# --forceExit: a suite that fails half-way can leave a Temporal client retrying against a server
# already torn down; the failure is reported, but it must not keep CI waiting for ever.
node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand --forceExit --json --outputFile="$RESULTS" "$@"
status=$?
set -e
# One plain closing line that any reader of the log understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$RESULTS" 2>/dev/null || echo "tests: 0 passed, 1 failed"
rm -f "$RESULTS"
exit "$status"
