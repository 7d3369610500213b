#!/usr/bin/env bash
# Runs the whole test suite: domain, Core use cases over real SQLite files, bUnit components,
# the web host through WebApplicationFactory, the status hub through the .NET and JavaScript
# SignalR clients (the latter installed with npm ci), and real-browser tests in headless Chromium.
# Installs Debian's chromium with apt-get when it is missing (never Playwright's own download).
#
#   ./test.sh          everything (what CI runs)
#   ./test.sh --fast   everything but the Browser and Node kinds (docs/testing.md): no chromium, no npm
# Other arguments go to dotnet test; a --filter is combined with --fast's.
set -euo pipefail
cd "$(dirname "$0")"

fast=false
filter=""
passed_on=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --fast) fast=true ;;
        --filter) filter="$2"; shift ;;
        --filter=*) filter="${1#--filter=}" ;;
        *) passed_on+=("$1") ;;
    esac
    shift
done

if $fast; then
    filter="${filter:+($filter)&}Kind!=Browser&Kind!=Node"
fi
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

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

status=0
dotnet test Portal.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" ${passed_on[@]+"${passed_on[@]}"} || status=$?

# One plain closing line, whatever the runner printed above.
if counters=$(grep -o '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1) && [[ -n "$counters" ]]; then
    passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    echo "tests: ${passed} passed, ${failed} failed"
    if [[ "$passed" -eq 0 ]]; then
        echo "test.sh: no test ran" >&2
        status=1
    fi
fi
exit "$status"
