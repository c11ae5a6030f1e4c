#!/usr/bin/env bash
# Search page and search API throughput against the daily page, served by the same process, in one run.
#   bench/search-page.sh [seconds=10] [threads=2] [connections=32]
# Builds Release, publishes to a scratch folder, starts the app on a fresh SQLite file with the demo catalogue
# (234 papers), waits until every paper is indexed and embedded, then runs wrk against the daily page, /search
# and /api/papers/search. Queries vary: 300 of one to three words taken from the demo's titles, cycled by a wrk
# script (so after the first round each query's vector comes from the query-embedding cache, as a popular query's
# would). Prints req/s and latency percentiles of each and the ratios the issue sets as goals.
set -euo pipefail
DURATION=${1:-10}; THREADS=${2:-2}; CONNECTIONS=${3:-32}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

WORK=$(mktemp -d)
APP_PID=""
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet publish "$ROOT/src/DailyPapers" -c Release -o "$WORK/app" --nologo -v quiet >/dev/null
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
# The per-client search budget (RateLimits:Search, 60 a minute) is lifted: wrk is one client.
(cd "$WORK" && exec dotnet app/DailyPapers.dll --urls "$URL" --Logging:LogLevel:Default=Warning --Harvest:Enabled=false --Demo:NewPapers=false \
    --Search:EmbeddingInterval=00:00:01 --Search:EmbeddingBatchSize=32 --RateLimits:Search:PermitLimit=100000000) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Every paper embedded: the page stops saying "Semantic results cover N of M papers".
for _ in $(seq 1 900); do
  page=$(curl -fs "$URL/search?q=learning" || true)
  [[ "$page" == *"result"* && "$page" != *"Semantic results cover"* ]] && break
  sleep 1
done

python3 - "$ROOT/src/DailyPapers/Demo/Data" > "$WORK/queries.lua" <<'PY'
import json, random, re, sys, urllib.parse, glob
titles = []
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    for line in open(path):
        titles.append(json.loads(line)["title"])
random.seed(17)
queries = []
while len(queries) < 300:
    words = re.findall(r"[A-Za-z]{3,}", random.choice(titles))
    if words:
        n = random.randint(1, min(3, len(words)))
        start = random.randint(0, len(words) - n)
        queries.append(" ".join(words[start:start + n]).lower())
print("local queries = {" + ",".join('"%s"' % urllib.parse.quote(q) for q in queries) + "}")
print("""
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", string.format(PATH, queries[(i %% #queries) + 1]))
end""".replace("%%", "%"))
PY
sed 's|PATH|"/search?q=%s"|' "$WORK/queries.lua" > "$WORK/page.lua"
sed 's|PATH|"/api/papers/search?q=%s\&limit=20"|' "$WORK/queries.lua" > "$WORK/api.lua"

run() { # name, wrk args...
  local name=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rate p50 p99
  rate=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")
  if grep -q "Non-2xx" "$WORK/$name.txt"; then
    echo "warning: $name had $(awk '/Non-2xx/ {print $5}' "$WORK/$name.txt") non-2xx answers" >&2
  fi
  echo "$name $rate $p50 $p99"
}
curl -fs "$URL/papers/date/2025-12-11" -o /dev/null
curl -fs "$URL/search?q=warm" -o /dev/null
DAILY=$(run daily "$URL/papers/date/2025-12-11")
PAGE=$(run page -s "$WORK/page.lua" "$URL")
API=$(run api -s "$WORK/api.lua" "$URL")
printf '%-8s %10s %8s %8s\n' target req/s p50 p99
for line in "$DAILY" "$PAGE" "$API"; do printf '%-8s %10s %8s %8s\n' $line; done
python3 - "$DAILY" "$PAGE" "$API" <<'PY'
import sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
daily, page, api = (l.split() for l in sys.argv[1:])
print(f"search page rate / daily page rate: {float(page[1]) / float(daily[1]):.2f} (goal >= 0.2)")
print(f"search page p50 / API p50: {ms(page[2]) / ms(api[2]):.2f} (goal <= 2)")
PY
