#!/usr/bin/env bash
# Prints the path of a launcher for the Java time-skipping test server (io.temporal:temporal-test-server
# from Maven Central). TestWorkflowEnvironment.createTimeSkipping starts it as an existing executable
# with the port as its argument: `launcher <port>` runs `io.temporal.testserver.TestServer <port>`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POM="$ROOT/scripts/temporal-test-server/pom.xml"
VERSION="$(sed -n 's:.*<temporal.version>\(.*\)</temporal.version>.*:\1:p' "$POM")"
DIR="$CACHE_DIR/temporal-test-server/$VERSION"
LAUNCHER="$DIR/temporal-test-server"

if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || die "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file"
  echo "$TEMPORAL_TEST_SERVER_PATH"
  exit 0
fi
if [ -x "$LAUNCHER" ] && [ -f "$DIR/.complete" ]; then
  echo "$LAUNCHER"
  exit 0
fi

JAVA="$(command -v java || true)"
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && JAVA="$JAVA_HOME/bin/java"
[ -n "$JAVA" ] || die "Java 17+ is needed for the Temporal time-skipping test server"
command -v mvn >/dev/null || die "Maven is needed to fetch the Temporal test server from Maven Central"

log "fetching io.temporal:temporal-test-server:$VERSION from Maven Central (first time only)"
rm -rf "$DIR"
mkdir -p "$DIR"
mvn -B -q -f "$POM" dependency:copy-dependencies -DoutputDirectory="$DIR/lib" -DincludeScope=runtime >&2 ||
  die "Maven could not resolve the Temporal test server"
cat > "$LAUNCHER" <<LAUNCH
#!/bin/sh
# Starts the Temporal Java test server: $LAUNCHER <port>
exec "$JAVA" -Xms64m -cp "$DIR/lib/*" io.temporal.testserver.TestServer "\$@"
LAUNCH
chmod +x "$LAUNCHER"
touch "$DIR/.complete"
echo "$LAUNCHER"
