#!/usr/bin/env bash
# Runs the portal as two nodes behind nginx on one machine, on PostgreSQL, from Debian's packages
# (postgresql and nginx are installed with apt-get when missing). See docs/multi-node.md.
#
#   scripts/two-nodes.sh     publishes Portal.Web (Release), starts a PostgreSQL 15 cluster of its own,
#                            node a and node b on free 127.0.0.1 ports and nginx in front of them on
#                            another free port; prints the addresses; Ctrl-C stops everything
#   TWO_NODES_DIR=/srv/try scripts/two-nodes.sh   keeps the cluster, logs and data there (default: a
#                            temporary folder, deleted at the end)
#   PORT=8080 NODE_PORTS="5101 5102" PG_PORT=5433 scripts/two-nodes.sh   fixed ports instead of free ones
#
# When everything serves it writes $TWO_NODES_DIR/two-nodes.env (the addresses, the nodes' process ids,
# the connection string) and prints "two-nodes: ready"; the load tool's --two-nodes mode reads both.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
as_root=()
[[ "$(id -u)" -ne 0 ]] && as_root=(sudo)

need=()
[[ -x "$PG_BIN/initdb" ]] || need+=(postgresql)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
if [[ ${#need[@]} -gt 0 ]]; then
    echo "two-nodes: installing Debian's ${need[*]} with apt-get"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

PORT="${PORT:-$(free_port)}"
if [[ -n "${NODE_PORTS:-}" ]]; then
    read -r -a node_ports <<<"$NODE_PORTS"
else
    node_ports=("$(free_port)" "$(free_port)")
fi

keep=true
if [[ -z "${TWO_NODES_DIR:-}" ]]; then
    TWO_NODES_DIR="$(mktemp -d -t portal-two-nodes-XXXXXX)"
    keep=false
fi
mkdir -p "$TWO_NODES_DIR"
TWO_NODES_DIR="$(cd "$TWO_NODES_DIR" && pwd)"
# PostgreSQL runs as the postgres user, who must be able to reach its folder inside this one.
chmod 755 "$TWO_NODES_DIR"
rm -f "$TWO_NODES_DIR/two-nodes.env"
pids=()
stopped=false

as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
    $stopped && return
    stopped=true
    set +e
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    [[ -f "$TWO_NODES_DIR/nginx.pid" ]] && "$NGINX" -p "$TWO_NODES_DIR" -c "$TWO_NODES_DIR/nginx.conf" -s stop 2>/dev/null
    [[ -f "$TWO_NODES_DIR/pg/data/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$TWO_NODES_DIR/pg/data" -m fast -w stop >/dev/null 2>&1
    rm -f "$TWO_NODES_DIR/two-nodes.env"
    if ! $keep; then rm -rf "$TWO_NODES_DIR"; fi
    echo "two-nodes: stopped"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# PostgreSQL: a cluster of its own in the folder, as the postgres user (PostgreSQL refuses to run as root).
if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    echo "two-nodes: running as root but there is no 'postgres' user to run PostgreSQL as (the postgresql package creates it)" >&2
    exit 1
fi
mkdir -p "$TWO_NODES_DIR/pg"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$TWO_NODES_DIR/pg"
chmod 700 "$TWO_NODES_DIR/pg"
if [[ ! -d "$TWO_NODES_DIR/pg/data" ]]; then
    if ! as_postgres "$PG_BIN/initdb" -D "$TWO_NODES_DIR/pg/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$TWO_NODES_DIR/pg/initdb.log" 2>&1; then
        echo "two-nodes: initdb failed:" >&2
        cat "$TWO_NODES_DIR/pg/initdb.log" >&2
        exit 1
    fi
fi
pg_started=false
for attempt in 1 2 3; do
    pg_port="${PG_PORT:-$(free_port)}"
    if as_postgres "$PG_BIN/pg_ctl" -D "$TWO_NODES_DIR/pg/data" -l "$TWO_NODES_DIR/pg/server.log" -w -t 30 start \
        -o "-p $pg_port -k $TWO_NODES_DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null 2>&1; then
        pg_started=true
        break
    fi
done
if ! $pg_started; then
    echo "two-nodes: PostgreSQL did not start; its log says:" >&2
    tail -n 20 "$TWO_NODES_DIR/pg/server.log" >&2 2>/dev/null
    exit 1
fi
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=portal"
echo "two-nodes: PostgreSQL 15 on 127.0.0.1:$pg_port"

# Published, not just built: a published portal serves its static files (MudBlazor's among them)
# compressed and fingerprinted, as a deployment does.
echo "two-nodes: publishing Portal.Web (Release) to $TWO_NODES_DIR/app"
if ! dotnet publish "$repo/Portal.Web" -c Release -o "$TWO_NODES_DIR/app" -v quiet -nologo >"$TWO_NODES_DIR/publish.log" 2>&1; then
    echo "two-nodes: publishing failed:" >&2
    tail -n 30 "$TWO_NODES_DIR/publish.log" >&2
    exit 1
fi

node_env() {
    local name="$1" port="$2"
    export ASPNETCORE_ENVIRONMENT=Production
    export ASPNETCORE_URLS="http://127.0.0.1:$port"
    export Portal__Database__Provider=PostgreSQL
    export ConnectionStrings__Portal="$connection"
    export Portal__Consumers__NodeId="node-$name"
    export Portal__DataFolder="$TWO_NODES_DIR/node-$name/data"
    export Portal__PublicAddress="http://127.0.0.1:$PORT"
    export Portal__ReverseProxy__KnownProxies__0=127.0.0.1
    # A trial on one machine: the first administrator signs in without setting up two-factor first.
    export Portal__RequireTwoFactorForAdmins="${TWO_NODES_REQUIRE_TWO_FACTOR:-false}"
    # Two allocator arenas for the process, as docs/operations.md recommends: otherwise glibc keeps one
    # per thread that allocates natively, and what is freed in them stays resident.
    export MALLOC_ARENA_MAX=2
}

# The first node creates the database and applies the migrations; the second starts once it serves.
node_names=(a b)
for i in 0 1; do
    name="${node_names[$i]}"
    mkdir -p "$TWO_NODES_DIR/node-$name"
    (
        cd "$TWO_NODES_DIR/node-$name"
        node_env "$name" "${node_ports[$i]}"
        # The content root is the published folder (its wwwroot), not the node's working folder.
        exec dotnet "$TWO_NODES_DIR/app/Portal.Web.dll" --contentRoot "$TWO_NODES_DIR/app"
    ) >"$TWO_NODES_DIR/node-$name.log" 2>&1 &
    pids+=($!)
    up=false
    for _ in $(seq 1 480); do
        if curl -fsS "http://127.0.0.1:${node_ports[$i]}/healthz" >/dev/null 2>&1; then up=true; break; fi
        if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
        sleep 0.5
    done
    if ! $up; then
        echo "two-nodes: node $name did not start; its log:" >&2
        tail -n 20 "$TWO_NODES_DIR/node-$name.log" >&2
        exit 1
    fi
    echo "two-nodes: node $name on http://127.0.0.1:${node_ports[$i]} (log: $TWO_NODES_DIR/node-$name.log)"
done

sed -e "s/__PORT__/$PORT/" -e "s/__NODE_A__/127.0.0.1:${node_ports[0]}/" -e "s/__NODE_B__/127.0.0.1:${node_ports[1]}/" \
    -e "s#__DIR__#$TWO_NODES_DIR#g" docs/multi-node.nginx.conf >"$TWO_NODES_DIR/nginx.conf"
if ! "$NGINX" -p "$TWO_NODES_DIR" -c "$TWO_NODES_DIR/nginx.conf" 2>"$TWO_NODES_DIR/nginx-start.log"; then
    echo "two-nodes: nginx did not start:" >&2
    cat "$TWO_NODES_DIR/nginx-start.log" "$TWO_NODES_DIR/nginx-error.log" >&2 2>/dev/null
    exit 1
fi
for _ in $(seq 1 40); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.25
done
echo "two-nodes: nginx on http://127.0.0.1:$PORT"

cat >"$TWO_NODES_DIR/two-nodes.env" <<EOF
PORTAL_URL=http://127.0.0.1:$PORT
NODE_A_URL=http://127.0.0.1:${node_ports[0]}
NODE_B_URL=http://127.0.0.1:${node_ports[1]}
NODE_A_PID=${pids[0]}
NODE_B_PID=${pids[1]}
PORTAL_APP=$TWO_NODES_DIR/app/Portal.Web.dll
CONNECTION_STRING=$connection
EOF

password="$(grep -ho 'One-time password: [^ ]*' "$TWO_NODES_DIR"/node-a.log "$TWO_NODES_DIR"/node-b.log 2>/dev/null | head -n 1 | cut -d' ' -f3 || true)"
echo
echo "  the portal, through nginx:  http://127.0.0.1:$PORT"
echo "  node a:                     http://127.0.0.1:${node_ports[0]}"
echo "  node b:                     http://127.0.0.1:${node_ports[1]}"
if [[ -n "$password" ]]; then
    echo "  sign in at /account/login as admin@localhost with the one-time password $password"
fi
echo "  logs and data:              $TWO_NODES_DIR$($keep || echo ' (deleted when this stops)')"
echo
echo "two-nodes: ready; Ctrl-C stops everything"

# A node that dies (or is killed) leaves the others running; the script ends when all have ended,
# or on Ctrl-C.
wait "${pids[@]}" || true
