#!/usr/bin/env bash
# Prints a connection URL for the tests' PostgreSQL. With TEST_DATABASE_URL set, prints it and
# touches nothing. Otherwise: installs PostgreSQL from Debian's packages when absent, creates a
# private cluster (port METROLOGY_PG_PORT, default 54329, loopback only) once, starts it when it
# is not running, and creates the role `metrology` (allowed to create the tests' databases) and
# the database `metrology_test`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "$TEST_DATABASE_URL"
  exit 0
fi

PORT="${METROLOGY_PG_PORT:-54329}"
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

BIN="$(pg_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing PostgreSQL from Debian's packages"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2 || die "apt-get could not install postgresql"
  BIN="$(pg_bin)"
  [ -n "$BIN" ] || die "PostgreSQL installed but no /usr/lib/postgresql/*/bin found"
fi

if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the `postgres` user the package created.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  BASE="/var/tmp/metrology-postgres"
  AS=(runuser -u postgres --)
else
  BASE="$CACHE_DIR/postgres"
  AS=()
fi
DATA="$BASE/data"
mkdir -p "$BASE"
[ "$(id -u)" -ne 0 ] || chown postgres "$BASE"

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a PostgreSQL cluster for the tests in $DATA"
  "${AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --no-locale -E UTF8 >"$BASE/initdb.log" 2>&1 ||
    die "initdb failed; see $BASE/initdb.log"
fi
if ! "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  "${AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$BASE/postgres.log" -w -t 60 \
    -o "-p $PORT -k $BASE -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
    die "PostgreSQL did not start; see $BASE/postgres.log"
fi

psql_admin() { "${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'metrology'")" != "1" ]; then
  psql_admin -c "CREATE ROLE metrology LOGIN CREATEDB PASSWORD 'metrology'" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'metrology_test'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE metrology_test OWNER metrology" >/dev/null
fi
echo "postgres://metrology:metrology@127.0.0.1:$PORT/metrology_test"
