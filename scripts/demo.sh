#!/usr/bin/env bash
# `npm run demo`: loads a realistic scenario (the Jinhua city plan's institutions, experts, cases in
# every state, a comparison, a specification project) into the system that `npm start` runs, through
# its HTTP API. DEMO_URL (default http://127.0.0.1:3000) names the system; tokens are signed with
# JWT_SECRET or DATA_DIR/jwt-secret. Safe to run again: a second run adds nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_deps
npm run -s build
exec node dist/src/demo/demo.cli.js "$@"
