#!/usr/bin/env bash
# Runs the portal as two nodes behind nginx on one machine, on PostgreSQL, from Debian's packages
# (postgresql and nginx are installed with apt-get when missing). See docs/multi-node.md.
#
#   scripts/two-nodes.sh            builds Portal.Web, starts PostgreSQL, node a (127.0.0.1:5101),
#                                   node b (127.0.0.1:5102) and nginx (http://127.0.0.1:8080); Ctrl-C stops all
#   TWO_NODES_DIR=/srv/try scripts/two-nodes.sh   keeps the cluster, logs and data there (default: a temporary folder, deleted at the end)
#   PORT=8080 NODE_PORTS="5101 5102" …            other ports
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
read -r -a node_ports <<<"${NODE_PORTS:-5101 5102}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
as_root=()
[[ "$(id -u)" -ne 0 ]] && as_root=(sudo)

need=()
[[ -x "$PG_BIN/initdb" ]] || need+=(postgresql)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if [[ ${#need[@]} -gt 0 ]]; then
    echo "two-nodes: installing ${need[*]} with apt-get"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

keep=true
if [[ -z "${TWO_NODES_DIR:-}" ]]; then
    TWO_NODES_DIR="$(mktemp -d -t portal-two-nodes-XXXXXX)"
    keep=false
fi
mkdir -p "$TWO_NODES_DIR"
TWO_NODES_DIR="$(cd "$TWO_NODES_DIR" && pwd)"
pids=()

as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
    set +e
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    [[ -f "$TWO_NODES_DIR/nginx.pid" ]] && kill "$(cat "$TWO_NODES_DIR/nginx.pid")" 2>/dev/null
    [[ -d "$TWO_NODES_DIR/pg/data" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$TWO_NODES_DIR/pg/data" -m fast -w stop >/dev/null 2>&1
    if ! $keep; then rm -rf "$TWO_NODES_DIR"; fi
    echo "two-nodes: stopped"
}
trap stop_all EXIT INT TERM

# PostgreSQL: a cluster of its own in the folder, as the postgres user (PostgreSQL refuses to run as root).
mkdir -p "$TWO_NODES_DIR/pg"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$TWO_NODES_DIR/pg"
if [[ ! -d "$TWO_NODES_DIR/pg/data" ]]; then
    as_postgres "$PG_BIN/initdb" -D "$TWO_NODES_DIR/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$TWO_NODES_DIR/initdb.log"
fi
pg_port="${PG_PORT:-5433}"
as_postgres "$PG_BIN/pg_ctl" -D "$TWO_NODES_DIR/pg/data" -l "$TWO_NODES_DIR/pg/server.log" -w start \
    -o "-p $pg_port -k $TWO_NODES_DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=portal"
echo "two-nodes: PostgreSQL on 127.0.0.1:$pg_port"

echo "two-nodes: building Portal.Web (Release)"
dotnet build Portal.Web -c Release -o "$TWO_NODES_DIR/app" -v quiet -nologo >/dev/null

# The first node creates the database and applies the migrations; the second starts once it serves.
node_names=(a b)
for i in 0 1; do
    name="${node_names[$i]}"
    mkdir -p "$TWO_NODES_DIR/node-$name"
    (
        cd "$TWO_NODES_DIR/node-$name"
        export ASPNETCORE_ENVIRONMENT=Production
        export ASPNETCORE_URLS="http://127.0.0.1:${node_ports[$i]}"
        export Portal__Database__Provider=PostgreSQL
        export ConnectionStrings__Portal="$connection"
        export Portal__Consumers__NodeId="node-$name"
        export Portal__DataFolder="$TWO_NODES_DIR/node-$name/data"
        export Portal__PublicAddress="http://127.0.0.1:$PORT"
        export Portal__ReverseProxy__KnownProxies__0=127.0.0.1
        exec dotnet "$TWO_NODES_DIR/app/Portal.Web.dll"
    ) >"$TWO_NODES_DIR/node-$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 240); do
        if curl -fsS "http://127.0.0.1:${node_ports[$i]}/healthz" >/dev/null 2>&1; then break; fi
        if ! kill -0 "${pids[-1]}" 2>/dev/null; then
            echo "two-nodes: node $name stopped; its log:" >&2
            tail -n 20 "$TWO_NODES_DIR/node-$name.log" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "two-nodes: node $name on http://127.0.0.1:${node_ports[$i]}"
done

sed -e "s/__PORT__/$PORT/" -e "s/__NODE_A__/127.0.0.1:${node_ports[0]}/" -e "s/__NODE_B__/127.0.0.1:${node_ports[1]}/" \
    -e "s#__DIR__#$TWO_NODES_DIR#g" docs/multi-node.nginx.conf >"$TWO_NODES_DIR/nginx.conf"
"$NGINX" -p "$TWO_NODES_DIR" -c "$TWO_NODES_DIR/nginx.conf" -g "pid $TWO_NODES_DIR/nginx.pid; error_log $TWO_NODES_DIR/nginx-error.log;"
echo "two-nodes: nginx on http://127.0.0.1:$PORT (logs and data in $TWO_NODES_DIR); Ctrl-C stops everything"
grep -h "password" "$TWO_NODES_DIR"/node-a.log | head -n 1 || true
wait "${pids[0]}" "${pids[1]}"
