#!/usr/bin/env bash
# Anonymous read throughput: the portal against a bare Kestrel app answering the same bytes, driven
# by wrk (installed from Debian's packages when missing). Arguments go to the load tool, e.g.
#   scripts/load-http.sh --seconds 5 --rounds 5 --connections 16
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "Installing wrk with apt-get ..."
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi
exec dotnet run -c Release --project Portal.LoadTest -- --http "$@"
