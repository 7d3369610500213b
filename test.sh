#!/usr/bin/env bash
# Runs the whole test suite: domain, Core use cases over real SQLite files, bUnit components,
# the web host through WebApplicationFactory, the status hub through the .NET and JavaScript
# SignalR clients (the latter installed with npm ci), and real-browser tests in headless Chromium.
# Installs Debian's chromium with apt-get when it is missing (never Playwright's own download).
#
# Starts a throwaway PostgreSQL 15 (scripts/test-postgres.sh) for the tests of two nodes on one database,
# then runs the Core feature tests and the leak test a second time with the portal on PostgreSQL; the run
# fails, saying why, if PostgreSQL cannot start. It is stopped and deleted at the end, whatever happens.
#
#   ./test.sh          everything (what CI runs)
#   ./test.sh --fast   everything but the Browser and Node kinds (docs/testing.md): no chromium, no npm
# Other arguments go to dotnet test; a --filter is combined with --fast's and with the PostgreSQL pass's.
set -euo pipefail
cd "$(dirname "$0")"

# What runs a second time with the portal on PostgreSQL (PORTAL_TEST_DATABASE=PostgreSQL): the Core feature
# tests, the event consumers (cursors, leases and their takeover) and the leak test.
postgres_pass="FullyQualifiedName~Portal.Tests.Features.|FullyQualifiedName~Portal.Tests.Events.EventConsumerRunnerTests|FullyQualifiedName~Portal.Tests.Isolation.AudienceIsolationTests"

fast=false
filter=""
user_filtered=false
passed_on=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --fast) fast=true ;;
        --filter) filter="$2"; user_filtered=true; shift ;;
        --filter=*) filter="${1#--filter=}"; user_filtered=true ;;
        *) passed_on+=("$1") ;;
    esac
    shift
done

if $fast; then
    filter="${filter:+($filter)&}Kind!=Browser&Kind!=Node"
fi
postgres_filter="${filter:+($filter)&}($postgres_pass)"
if [[ -n "$filter" ]]; then
    passed_on+=(--filter "$filter")
fi

# The browser and JavaScript client tests need chromium, node and npm; --fast leaves them out.
if ! $fast; then
    if [[ -z "${CHROMIUM_PATH:-}" && ! -x /usr/bin/chromium ]]; then
        echo "test.sh: installing Debian's chromium for the browser tests"
        as_root=()
        [[ "$(id -u)" -ne 0 ]] && as_root=(sudo)
        "${as_root[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    fi

    if ! command -v npm >/dev/null; then
        echo "test.sh: installing Debian's nodejs and npm for the JavaScript client test"
        as_root=()
        [[ "$(id -u)" -ne 0 ]] && as_root=(sudo)
        "${as_root[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi

    # The JavaScript client test runs the official @microsoft/signalr package, pinned in its package-lock.json.
    (cd Portal.Tests/Hubs/js && npm ci --no-audit --no-fund --silent)
fi

# The PostgreSQL pass and the two-node tests need Debian's PostgreSQL 15 server binaries.
if [[ ! -x "${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ]]; then
    echo "test.sh: installing Debian's postgresql for the PostgreSQL provider's tests"
    as_root=()
    [[ "$(id -u)" -ne 0 ]] && as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# TEST_RESULTS=folder keeps each pass's trx file (per-test durations) there; otherwise they are deleted.
if [[ -n "${TEST_RESULTS:-}" ]]; then
    results="$TEST_RESULTS"
    mkdir -p "$results"
    keep_results=true
else
    results="$(mktemp -d)"
    keep_results=false
fi
source scripts/test-postgres.sh
trap 'stop_test_postgres; $keep_results || rm -rf "$results"' EXIT
started=$SECONDS
if ! start_test_postgres; then
    echo "test.sh: PostgreSQL could not start (see above); the tests of the PostgreSQL provider and of several nodes need it" >&2
    exit 1
fi

echo "test.sh: PostgreSQL started in $((SECONDS - started)) s"

status=0
started=$SECONDS
dotnet test Portal.sln --logger "trx;LogFileName=sqlite.trx" --results-directory "$results" ${passed_on[@]+"${passed_on[@]}"} || status=$?

sqlite_seconds=$((SECONDS - started))

# The same build, the Core feature tests and the leak test again, with the portal on PostgreSQL.
passed_on_without_filter=()
skip_next=false
for argument in ${passed_on[@]+"${passed_on[@]}"}; do
    if $skip_next; then skip_next=false; continue; fi
    if [[ "$argument" == "--filter" ]]; then skip_next=true; continue; fi
    passed_on_without_filter+=("$argument")
done
PORTAL_TEST_DATABASE=PostgreSQL dotnet test Portal.sln --no-build --logger "trx;LogFileName=postgresql.trx" --results-directory "$results" \
    --filter "$postgres_filter" ${passed_on_without_filter[@]+"${passed_on_without_filter[@]}"} || status=$?
postgresql_seconds=$((SECONDS - started - sqlite_seconds))

# One plain closing line per pass, whatever the runner printed above.
for pass in sqlite postgresql; do
    if counters=$(grep -o '<Counters [^>]*>' "$results"/$pass.trx 2>/dev/null | head -n 1) && [[ -n "$counters" ]]; then
        passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
        failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
        seconds_var="${pass}_seconds"
        echo "tests ($pass): ${passed} passed, ${failed} failed, ${!seconds_var} s"
        # A filter of the caller's may leave nothing for the PostgreSQL pass; with none, both passes must run tests.
        if [[ "$passed" -eq 0 ]] && [[ "$pass" == sqlite || "$user_filtered" == false ]]; then
            echo "test.sh: no test ran on $pass" >&2
            status=1
        fi
    elif [[ "$pass" == sqlite || "$user_filtered" == false ]]; then
        echo "test.sh: no results from the $pass pass" >&2
        status=1
    fi
done
exit "$status"
