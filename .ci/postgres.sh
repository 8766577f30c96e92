#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests: initdb in a temporary folder, on a free
# loopback port, no system service. Sourced by test.sh; `postgres_start` sets CRMSAAS_TEST_POSTGRES
# and `postgres_stop` removes the cluster again.

postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Runs a PostgreSQL program as the postgres user when we are root (initdb refuses root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local bin port
  bin=$(postgres_bin)
  [ -n "$bin" ] || { echo "PostgreSQL's server programs are missing." >&2; return 1; }
  port=$(free_port) || { echo "No free port for PostgreSQL." >&2; return 1; }
  PG_TEST_DIR=$(mktemp -d /tmp/crmsaas-pg.XXXXXX)
  [ "$(id -u)" -ne 0 ] || chown postgres "$PG_TEST_DIR"
  as_postgres "$bin/initdb" -D "$PG_TEST_DIR/data" -U crmsaas -A trust -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
  # Durability is not what tests are about: no fsync, and room for every test app's connections.
  # PG_DURABLE=1 keeps PostgreSQL's durable defaults (for benchmarks, to compare fairly with SQLite).
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" != 1 ] || durability="-c shared_buffers=1GB"
  as_postgres "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w start \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 $durability -c max_connections=400" >/dev/null || { cat "$PG_TEST_DIR/log" >&2; return 1; }
  export CRMSAAS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=crmsaas"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port ($PG_TEST_DIR)"
}

postgres_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  as_postgres "$(postgres_bin)/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$PG_TEST_DIR"
}
