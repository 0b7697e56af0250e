#!/bin/sh
# Starts a throwaway PostgreSQL on 127.0.0.1 for the shared-store tests (Debian's postgresql package).
# Prints the DATABASE_URL the tests use by default; running it twice reuses the running server.
# `start-postgres.sh stop` stops the server of the same KOTAE_PG_PORT / KOTAE_PG_DIR (as .ci/run does).
set -eu

PORT="${KOTAE_PG_PORT:-54329}"
DB=kotae_test
ROLE=kotae
PASSWORD=kotae
DATA_DIR="${KOTAE_PG_DIR:-${TMPDIR:-/tmp}/kotae-pg-$PORT}"
URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"

SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# The server refuses to run as root; it runs as the package's postgres user.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if [ "${1:-}" = stop ]; then
  if [ -n "$(bindir)" ] && [ -f "$DATA_DIR/postmaster.pid" ]; then
    as_postgres "$(bindir)/pg_ctl" -D "$DATA_DIR" stop -m fast >/dev/null
  fi
  exit 0
fi

if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
fi
BIN="$(bindir)"

if ! as_postgres "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    $SUDO mkdir -p "$DATA_DIR"
    $SUDO chown postgres:postgres "$DATA_DIR"
    $SUDO chmod 700 "$DATA_DIR"
    as_postgres "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # fsync off: a test cluster trades durability for speed; the socket stays inside the data dir.
  # A second try: after a killed server, its last backends may hold the data dir for a moment.
  for attempt in 1 2 3; do
    if as_postgres "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start \
      -o "-h 127.0.0.1 -p $PORT -k $DATA_DIR -c fsync=off -c max_connections=200" >/dev/null; then
      break
    fi
    if [ "$attempt" -eq 3 ]; then
      tail -n 20 "$DATA_DIR/server.log" >&2
      exit 1
    fi
    sleep 3
  done
fi

psql_admin() {
  as_postgres "$BIN/psql" -h "$DATA_DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi

echo "$URL"
