#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the tests, from Debian's `postgresql` package: a new cluster in a
# temporary folder (initdb as the `postgres` user, which PostgreSQL requires when run by root), listening
# on a free 127.0.0.1 port with its socket in that folder, fsync off. Sourced by test.sh:
#
#   source scripts/test-postgres.sh
#   start_test_postgres          # exports PORTAL_TEST_POSTGRES (a connection string to its `postgres` database)
#   stop_test_postgres           # stops it and deletes the folder (test.sh calls it from its EXIT trap)
#
# Fails, saying why, when PostgreSQL cannot start; nothing is skipped silently.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
TEST_PG_DIR=""

_as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

start_test_postgres() {
    if [[ ! -x "$PG_BIN/initdb" ]]; then
        echo "test-postgres: $PG_BIN/initdb is missing; install Debian's postgresql package (apt-get install postgresql)" >&2
        return 1
    fi
    if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "test-postgres: running as root but there is no 'postgres' user to run PostgreSQL as (the postgresql package creates it)" >&2
        return 1
    fi

    TEST_PG_DIR="$(mktemp -d -t portal-test-postgres-XXXXXX)"
    [[ "$(id -u)" -eq 0 ]] && chown postgres: "$TEST_PG_DIR"
    chmod 700 "$TEST_PG_DIR"

    if ! _as_postgres "$PG_BIN/initdb" -D "$TEST_PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$TEST_PG_DIR/initdb.log" 2>&1; then
        echo "test-postgres: initdb failed:" >&2
        cat "$TEST_PG_DIR/initdb.log" >&2
        return 1
    fi

    local port attempt
    for attempt in 1 2 3; do
        port="$(_free_port)"
        if _as_postgres "$PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w -t 30 start \
            -o "-p $port -k $TEST_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
            >/dev/null 2>&1; then
            export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
            echo "test-postgres: PostgreSQL 15 on 127.0.0.1:$port ($TEST_PG_DIR)"
            return 0
        fi
    done

    echo "test-postgres: PostgreSQL did not start; its log says:" >&2
    tail -n 20 "$TEST_PG_DIR/server.log" >&2 2>/dev/null
    return 1
}

stop_test_postgres() {
    if [[ -n "$TEST_PG_DIR" && -d "$TEST_PG_DIR" ]]; then
        _as_postgres "$PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$TEST_PG_DIR"
    fi
    TEST_PG_DIR=""
}
