#!/usr/bin/env bash
# The site under load, as issue 15 asks: wrk on seven targets one after the other (the daily page, the same signed in,
# /for-you for that signed-in reader with five upvotes (issue 13), paper pages, /search with varied queries,
# /api/daily_papers, the daily Atom feed), each SECONDS at CONNECTIONS connections, while VOTERS
# signed-in readers vote back to back the whole time (up, then remove: every vote writes, and moves the content version
# that the page cache follows). Two set-ups in one run:
#   single   one node on SQLite (the default install), straight to Kestrel;
#   cluster  deploy/nginx.conf (https, the shipped file with only addresses, ports, cache folder and a throwaway
#            certificate replaced) in front of two nodes on one PostgreSQL cluster started for the run.
#
#   bench/load.sh [seconds=60] [connections=64] [voters=20] [single|cluster|both=both]
#
# Installs what it lacks from Debian (wrk, nginx and its brotli module, postgresql, openssl); run it as root (CI's user;
# PostgreSQL then runs as `postgres`). Prints, per set-up: each target's req/s, p50, p99, socket errors and non-2xx
# answers, and its rate against the daily page's; the voters' votes, failures, rate, p50, p99; each node's resident
# memory before the first run and after the last; the load average (the machine may be shared: compare the ratios).
set -euo pipefail
DURATION=${1:-60}; CONNECTIONS=${2:-64}; VOTERS=${3:-20}; WHICH=${4:-both}
THREADS=2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DAY=2025-12-11
log() { printf 'load.sh: %s\n' "$*" >&2; }

# ---- what it needs ------------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v openssl >/dev/null || missing+=(openssl)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
[[ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]] || missing+=(libnginx-mod-http-brotli-filter)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq update
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

WORK=$(mktemp -d /tmp/dailypapers-load.XXXXXX)
chmod 755 "$WORK"
PIDS=()
PG_DATA=""
NGINX_CONF=""
# Kept after the run: each node's log, nginx's error log, PostgreSQL's log and wrk's outputs.
LOGS=$(mktemp -d /tmp/dailypapers-load-logs.XXXXXX)
cleanup() {
  set +e
  (cd "$WORK" && find . \( -name '*.log' -o -name 'wrk-*.txt' -o -name 'voters*.txt' \) -exec cp --parents {} "$LOGS" \;) 2>/dev/null
  log "logs kept in $LOGS"
  [[ -n "$NGINX_CONF" ]] && /usr/sbin/nginx -p "$WORK/nginx" -c "$NGINX_CONF" -s stop 2>/dev/null
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  [[ -n "$PG_DATA" ]] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

log "publishing Release builds of the site and the voters"
dotnet publish "$ROOT/src/DailyPapers" -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
dotnet publish "$ROOT/bench/DailyPapers.Bench" -c Release -o "$WORK/bench" --nologo -v quiet >/dev/null

# Settings every node gets: the per-client budgets lifted (wrk and the voters are a handful of clients at one address),
# mail to a pickup folder (the voters read their sign-in links there), the embedding job quick to finish before the runs.
COMMON=(
  Logging__LogLevel__Default=Warning
  Harvest__Enabled=false
  Demo__NewPapers=false
  Mail__PickupDirectory="$WORK/mail"
  Digest__Enabled=false
  RateLimits__Search__PermitLimit=100000000
  RateLimits__Votes__PermitLimit=100000000
  RateLimits__SignInPerIp__PermitLimit=100000
  RateLimits__SignInPerAddress__PermitLimit=100000
  Search__EmbeddingInterval=00:00:01
  Search__EmbeddingBatchSize=32
  DOTNET_gcServer=0
)

# start_node NAME PORT SETTINGS...: a node in its own working folder; NODE_PID is its pid once /healthz answers.
NODE_PID=""
start_node() {
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec env "${COMMON[@]}" "$@" dotnet "$WORK/app/DailyPapers.dll" --urls "http://127.0.0.1:$port") >"$WORK/$name/node.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { NODE_PID=$pid; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 30 "$WORK/$name/node.log" >&2
  log "node $name did not start"
  exit 1
}

# Every demo paper embedded (search pages stop saying "Semantic results cover N of M papers") on the node at $1. Straight
# to a node, X-Forwarded-Proto stands for nginx's (a node with an https public address redirects plain http).
wait_embedded() {
  for _ in $(seq 1 900); do
    local page
    page=$(curl -fs -H 'X-Forwarded-Proto: https' "$1/search?q=learning" || true)
    [[ "$page" == *"result"* && "$page" != *"Semantic results cover"* ]] && return 0
    sleep 1
  done
  log "warning: $1 did not finish embedding in 15 minutes"
}

# The wrk scripts: each counts answers that are not 2xx (wrk itself only counts those outside 2xx and 3xx).
write_scripts() {
  local base=$1
  curl -fs -H 'X-Forwarded-Proto: https' "$base/api/daily_papers?date=$DAY" | python3 -c 'import json,sys; print(",".join(p["paper"]["id"] for p in json.load(sys.stdin)))' >"$WORK/papers.txt"
  python3 - "$ROOT/src/DailyPapers/Demo/Data" "$WORK" "$(cat "$WORK/papers.txt")" <<'PY'
import glob, json, random, re, sys, urllib.parse
data, work, papers = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
titles = [json.loads(line)["title"] for path in sorted(glob.glob(data + "/*.jsonl")) for line in open(path)]
random.seed(17)
queries = []
while len(queries) < 300:
    words = re.findall(r"[A-Za-z]{3,}", random.choice(titles))
    if words:
        n = random.randint(1, min(3, len(words)))
        start = random.randint(0, len(words) - n)
        queries.append("/search?q=" + urllib.parse.quote(" ".join(words[start:start + n]).lower()))
counting = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("not-2xx: %d\\n", total))
end
"""
def cycling(paths):
    return "local paths = {" + ",".join('"%s"' % p for p in paths) + "}\nlocal i = 0\n" + \
        "request = function() i = i + 1 return wrk.format('GET', paths[(i % #paths) + 1]) end\n" + counting
open(work + "/count.lua", "w").write(counting)
open(work + "/search.lua", "w").write(cycling(queries))
open(work + "/papers.lua", "w").write(cycling(["/papers/" + p for p in papers]))
PY
}

# run_targets BASE: the seven wrk runs, one line each: name req/s p50 p99 socket-errors not-2xx, and the machine's 1-minute
# load average as the run began and as it ended (on a shared machine each figure needs its own). dailyin and foryou go
# with the voters' extra reader's session cookie (a redirect to /signin would count as not 2xx); signed in, the daily
# page is rendered for the reader (their votes and collections on every card), never served from the page cache.
run_targets() {
  local base=$1 name path script load0
  for target in "daily /papers/date/$DAY count" "dailyin /papers/date/$DAY count" "foryou /for-you count" "paper / papers" "search / search" "api /api/daily_papers count" "atom /papers/date/$DAY.atom count"; do
    read -r name path script <<<"$target"
    load0=$(cut -d' ' -f1 /proc/loadavg)
    local headers=()
    [[ "$name" == dailyin || "$name" == foryou ]] && headers=(-H "Cookie: $(cat "$WORK/reader-cookie")")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency "${headers[@]}" -s "$WORK/$script.lua" "$base$path" >"$WORK/wrk-$SETUP-$name.txt" 2>&1
    python3 - "$name" "$WORK/wrk-$SETUP-$name.txt" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(\w+)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
bad = int(re.search(r"not-2xx: (\d+)", text).group(1))
print(f"{name} {rate:.1f} {p50:.1f} {p99:.1f} {errors} {bad}", end=" ")
PY
    echo "$load0->$(cut -d' ' -f1 /proc/loadavg)"
  done
}

# measure LABEL BASE PICKUP [CERT] PIDS...: voters, memory, the seven runs, the table.
measure() {
  local label=$1 base=$2 cert=$3; shift 3
  local pids=("$@") before=() after=() cert_args=()
  [[ -n "$cert" ]] && cert_args=(--certificate "$cert")
  rm -f "$WORK/ready" "$WORK/stop"
  dotnet "$WORK/bench/DailyPapers.Bench.dll" voters --url "$base" --pickup "$WORK/mail" --count "$VOTERS" \
    --papers "$(cat "$WORK/papers.txt")" --ready "$WORK/ready" --stop "$WORK/stop" --reader-cookie "$WORK/reader-cookie" "${cert_args[@]}" >"$WORK/voters.txt" 2>&1 &
  local voters=$!
  for _ in $(seq 1 600); do [[ -f "$WORK/ready" ]] && break; kill -0 "$voters" 2>/dev/null || break; sleep 0.5; done
  [[ -f "$WORK/ready" ]] || { cat "$WORK/voters.txt" >&2; log "the voters did not sign in"; exit 1; }
  for pid in "${pids[@]}"; do before+=("$(rss_mb "$pid")"); done
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  local results
  results=$(run_targets "$base")
  touch "$WORK/stop"
  wait "$voters" || true
  for pid in "${pids[@]}"; do after+=("$(rss_mb "$pid")"); done
  echo
  echo "== $label: $CONNECTIONS connections, ${DURATION} s per target, $VOTERS voters; $(nproc) cores; load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after; $(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '%-8s %10s %9s %9s %8s %8s %8s %12s\n' target req/s p50_ms p99_ms errors non-2xx vs_daily load
  local daily
  daily=$(awk '$1=="daily" {print $2}' <<<"$results")
  while read -r name rate p50 p99 errors bad load; do
    printf '%-8s %10s %9s %9s %8s %8s %8s %12s\n' "$name" "$rate" "$p50" "$p99" "$errors" "$bad" "$(python3 -c "print(f'{$rate/$daily:.2f}')")" "$load"
  done <<<"$results"
  echo "voters: $(cat "$WORK/voters.txt")"
  cp "$WORK/voters.txt" "$WORK/voters-$SETUP.txt"
  echo "resident memory (MB), per node, before -> after: $(paste -d' ' <(printf '%s\n' "${before[@]}") <(printf '%s\n' "${after[@]}") | awk '{printf "%s -> %s; ", $1, $2}')"
}

# ---- single: one node on SQLite -------------------------------------------------------------------------------------
if [[ "$WHICH" == single || "$WHICH" == both ]]; then
  port=$(free_port)
  log "single: one node on SQLite at http://127.0.0.1:$port"
  SETUP=single
  start_node single "$port"
  pid=$NODE_PID
  wait_embedded "http://127.0.0.1:$port"
  write_scripts "http://127.0.0.1:$port"
  measure "one node, SQLite, no proxy" "http://127.0.0.1:$port" "" "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi

# ---- cluster: nginx, two nodes, PostgreSQL --------------------------------------------------------------------------
if [[ "$WHICH" == cluster || "$WHICH" == both ]]; then
  SETUP=cluster
  PG_DATA="$WORK/pg/data"
  mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  pg_port=$(free_port)
  # PostgreSQL's own defaults (fsync on): the figures are those of a real install, not the test suite's throwaway one.
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $WORK/pg -c max_connections=300" start >/dev/null
  runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE dailypapers" >/dev/null
  https=$(free_port); http=$(free_port); port_a=$(free_port); port_b=$(free_port)
  CLUSTER=(
    Database__Provider=Postgres
    ConnectionStrings__Database="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=dailypapers"
    Site__BaseUrl="https://127.0.0.1:$https"
    DataProtection__KeyFile="$WORK/dailypapers.key"
  )
  log "cluster: PostgreSQL on $pg_port, nodes on $port_a and $port_b, nginx on https://127.0.0.1:$https"
  start_node a "$port_a" "${CLUSTER[@]}"
  pid_a=$NODE_PID
  start_node b "$port_b" "${CLUSTER[@]}" Search__EmbedInBackground=false
  pid_b=$NODE_PID

  mkdir -p "$WORK/nginx"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
  awk -v a="127.0.0.1:$port_a" -v b="127.0.0.1:$port_b" -v https="$https" -v http="$http" -v dir="$WORK/nginx" '
    /^ *server 10\.0\.0\.11:8080/ { sub(/10\.0\.0\.11:8080/, a) }
    /^ *server 10\.0\.0\.12:8080/ { sub(/10\.0\.0\.12:8080/, b) }
    /^ *listen \[::\]/ { next }
    /^ *listen 80;/ { sub(/80;/, "127.0.0.1:" http ";") }
    /^ *listen 443 ssl http2;/ { sub(/443/, "127.0.0.1:" https) }
    /^proxy_cache_path/ { sub(/\/var\/cache\/nginx\/dailypapers/, dir "/cache") }
    /^ *ssl_certificate / { $0 = "    ssl_certificate " dir "/cert.pem;" }
    /^ *ssl_certificate_key / { $0 = "    ssl_certificate_key " dir "/key.pem;" }
    { print }' "$ROOT/deploy/nginx.conf" >"$WORK/nginx/dailypapers.conf"
  NGINX_CONF="$WORK/nginx/nginx.conf"
  cat >"$NGINX_CONF" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
user root;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $WORK/nginx/dailypapers.conf;
}
EOF
  /usr/sbin/nginx -t -p "$WORK/nginx" -c "$NGINX_CONF" 2>/dev/null || { /usr/sbin/nginx -t -p "$WORK/nginx" -c "$NGINX_CONF"; exit 1; }
  /usr/sbin/nginx -p "$WORK/nginx" -c "$NGINX_CONF"
  wait_embedded "http://127.0.0.1:$port_a"
  wait_embedded "http://127.0.0.1:$port_b"
  write_scripts "http://127.0.0.1:$port_a"
  measure "nginx (https) in front of two nodes on PostgreSQL" "https://127.0.0.1:$https" "$WORK/nginx/cert.pem" "$pid_a" "$pid_b"
fi
