#!/usr/bin/env bash
# Refreshes docs/screenshots: starts the portal on a fresh demonstration database on a loopback
# port and photographs its pages with headless Chromium (light, dark and phone-sized).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${PORT:-5099}"
data="$(mktemp -d)"
out="docs/screenshots"
chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
mkdir -p "$out"

dotnet build Portal.Web -v q -nologo >/dev/null
Portal__RequireTwoFactorForAdmins=false dotnet Portal.Web/bin/Debug/net10.0/Portal.Web.dll --urls "http://127.0.0.1:${port}" \
    --Portal:DataFolder="$data" --contentRoot "$PWD/Portal.Web" >"$data/portal.log" 2>&1 &
portal=$!
trap 'kill "$portal" 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done

if [[ ! -d scripts/node_modules/playwright-core ]]; then
    npm install --prefix scripts --no-audit --no-fund --silent
fi
password="$(grep -o 'One-time password: [^ ]*' "$data/portal.log" | head -n 1 | cut -d' ' -f3)"
CHROMIUM_PATH="$chromium_bin" node scripts/screenshots.mjs "http://127.0.0.1:${port}" "$out" "$password"
