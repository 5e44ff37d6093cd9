#!/usr/bin/env bash
# Prints the path of a Temporal CLI (for `temporal server start-dev`), building it when needed:
# TEMPORAL_CLI_PATH if set; else the cached build; else `go install` of v1.5.1 (the newest tag whose
# module has no replace directive) into the cache; else a `temporal` on PATH. Prints nothing when
# none can be had, and callers then fall back to the download that @temporalio/testing performs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=v1.5.1
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || die "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"
  echo "$TEMPORAL_CLI_PATH"
  exit 0
fi

BIN_DIR="$CACHE_DIR/temporal-cli/$VERSION"
if [ -x "$BIN_DIR/temporal" ]; then
  echo "$BIN_DIR/temporal"
  exit 0
fi

GO="$(command -v go || true)"
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; } || true
if [ -n "$GO" ]; then
  log "building the Temporal CLI $VERSION with go install (first time only; a few minutes)"
  mkdir -p "$BIN_DIR"
  start=$(date +%s)
  # -v names each package as it is compiled: print a progress line every 100 of them.
  if GOBIN="$BIN_DIR.tmp" GOFLAGS="${GOFLAGS:-} -buildvcs=false" "$GO" install -v "github.com/temporalio/cli/cmd/temporal@$VERSION" 2>&1 |
    awk '/^go: downloading/ { d++; if (d % 50 == 0) { printf "  ... %d modules downloaded\n", d > "/dev/stderr" } next }
         { n++; if (n % 100 == 0) printf "  ... %d packages compiled\n", n > "/dev/stderr" }
         /error|cannot/ { print > "/dev/stderr" }'; then
    if [ -x "$BIN_DIR.tmp/temporal" ]; then
      mv "$BIN_DIR.tmp/temporal" "$BIN_DIR/temporal"
      rmdir "$BIN_DIR.tmp" 2>/dev/null || true
      log "Temporal CLI built in $(( $(date +%s) - start )) s: $BIN_DIR/temporal"
      echo "$BIN_DIR/temporal"
      exit 0
    fi
  fi
  log "go install of the Temporal CLI failed"
fi

if command -v temporal >/dev/null 2>&1; then
  command -v temporal
  exit 0
fi
log "no Temporal CLI could be built or found; falling back to the download of @temporalio/testing"
