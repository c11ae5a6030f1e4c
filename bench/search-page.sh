#!/usr/bin/env bash
# Search page and search API throughput against the daily page, served by the same process, in one run.
#   [SEARCH_BENCH_DATA=FOLDER] bench/search-page.sh [seconds=10] [threads=2] [connections=32] [papers=234]
# Builds Release, publishes to a scratch folder, starts the app on a fresh SQLite file with the demo catalogue
# (234 papers) or, with papers > 234, the demo plus real arXiv papers from shared/data/arxiv-daily and varied
# copies of them up to that size, with vectors read from $SEARCH_BENCH_VECTORS (.f32/.ids; default
# /work/helpers/cache/arxiv-daily-minilm-256) instead of embedded (DailyPapers.SearchBench catalogue). Waits until
# every paper is indexed and embedded (and the HNSW graph is built at 20,000 papers and more), then runs wrk
# against the daily page, /search and /api/papers/search:
#   - "repeated": 300 queries of one to three words cut from the demo's titles (seeded), each asked once by
#     every target before timing, then cycled: popular queries, served from the query-vector and result caches;
#   - "fresh": queries asked for the first time (distinct 1–3-word pieces of titles, then pairs of title words),
#     a separate list for the page and the API, so each request ranks (embedding its query when the vectors can
#     change the ranking), highlights and loads its cards; 400 other fresh queries warm the ranking code first.
# Prints req/s, latency percentiles and the server's CPU a request (from /proc) of each, the load average, and the
# ratios the issue sets as goals.
set -euo pipefail
DURATION=${1:-10}; THREADS=${2:-2}; CONNECTIONS=${3:-32}; PAPERS=${4:-234}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VECTORS=${SEARCH_BENCH_VECTORS:-/work/helpers/cache/arxiv-daily-minilm-256}
# ../shared/data from the repository or any folder above it (a worktree sits deeper than the main checkout).
DATA=""; dir=$ROOT; while [ "$dir" != / ]; do dir=$(dirname "$dir"); [ -d "$dir/shared/data" ] && { DATA="$dir/shared/data"; break; }; done
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

publish_app "$ROOT"
# $SEARCH_BENCH_DATA: a folder kept between runs for the database, the keyword index and the vectors (with the
# HNSW graph), filled on the first run and reused after (one catalogue size per folder; one run at a time on it).
if [ -n "${SEARCH_BENCH_DATA:-}" ]; then
  mkdir -p "$SEARCH_BENCH_DATA"
  if [ -f "$SEARCH_BENCH_DATA/papers" ] && [ "$(cat "$SEARCH_BENCH_DATA/papers")" != "$PAPERS" ]; then
    echo "$SEARCH_BENCH_DATA holds a catalogue of $(cat "$SEARCH_BENCH_DATA/papers") papers, not $PAPERS" >&2; exit 2
  fi
  ln -s "$(cd "$SEARCH_BENCH_DATA" && pwd)" "$WORK/data"
fi
if [ ! -f "$WORK/data/papers" ]; then
  if [ "$PAPERS" -gt 234 ]; then
    (cd "$WORK" && Demo__NewPapers=false dotnet app/DailyPapers.dll migrate >/dev/null)
    dotnet run -c Release --project "$ROOT/bench/DailyPapers.SearchBench" -- catalogue "$WORK/data/dailypapers.db" \
      --size "$PAPERS" --vectors "$VECTORS" --data "$DATA"
  fi
  mkdir -p "$WORK/data" && echo "$PAPERS" > "$WORK/data/papers"
fi
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
# The per-client search budget (RateLimits:Search, 60 a minute) is lifted: wrk is one client.
(cd "$WORK" && exec dotnet app/DailyPapers.dll --urls "$URL" --Logging:LogLevel:Default=Warning --Harvest:Enabled=false --Demo:NewPapers=false \
    --Logging:LogLevel:DailyPapers.Search.SearchIndexes=Information \
    --Search:EmbeddingInterval=00:00:01 --Search:EmbeddingBatchSize=32 --RateLimits:Search:PermitLimit=100000000) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 300); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
# Every paper indexed and embedded: the page stops saying the index is building and "Semantic results cover N of M papers".
for _ in $(seq 1 1800); do
  page=$(curl -fs "$URL/search?q=learning" || true)
  [[ "$page" == *"result"* && "$page" != *"Semantic results cover"* && "$page" != *"still building its search index"* ]] && break
  sleep 1
done
if [ "$PAPERS" -ge 20000 ]; then
  # Built now, or loaded from a kept folder.
  for _ in $(seq 1 900); do grep -q "Built the HNSW vector index\|graph loaded" "$WORK/app.log" && break; sleep 1; done
  grep "Built the HNSW vector index\|graph loaded" "$WORK/app.log" | sed 's/^ *//' || echo "warning: no HNSW graph yet" >&2
fi

python3 - "$ROOT/src/DailyPapers/Demo/Data" "$WORK" "$THREADS" <<'PY'
import json, random, re, sys, urllib.parse, glob
data, work, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
titles = []
for path in sorted(glob.glob(data + "/*.jsonl")):
    for line in open(path):
        titles.append(json.loads(line)["title"])
words = [re.findall(r"[A-Za-z]{3,}", t) for t in titles]
random.seed(17)
repeated = []
while len(repeated) < 300:
    w = random.choice(words)
    if w:
        n = random.randint(1, min(3, len(w)))
        start = random.randint(0, len(w) - n)
        repeated.append(" ".join(w[start:start + n]).lower())
taken = set(repeated)
pieces = sorted({" ".join(w[s:s + n]).lower() for w in words for n in (1, 2, 3) for s in range(len(w) - n + 1)} - taken)
random.shuffle(pieces)
vocabulary = sorted({x.lower() for w in words for x in w})
while len(pieces) < 16000:
    q = random.choice(vocabulary) + " " + random.choice(vocabulary)
    if q not in taken:
        taken.add(q)
        pieces.append(q)
# The first 400 warm the ranking code (compiled at full optimisation before timing, as on a server that has run a
# while; repeated queries are answered from the caches and never reach it); the rest are timed, each asked once.
warm_fresh, pieces = pieces[:400], pieces[400:]
fresh = {"page": pieces[0::2], "api": pieces[1::2]}

def script(name, queries, path):
    # Each wrk thread takes every threads-th query from its own start, so no query is asked twice across threads.
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("local queries = {" + ",".join('"%s"' % urllib.parse.quote(q) for q in queries) + "}\n")
        f.write("local n = 0\nlocal i = 0\n")
        f.write("function setup(thread) thread:set('id', n); n = n + 1 end\n")
        f.write("function request()\n  local q = queries[((i * %d + (id or 0)) %% #queries) + 1]\n  i = i + 1\n" % threads)
        f.write('  return wrk.format("GET", string.format("%s", q))\nend\n' % path)

for name, path in (("page", "/search?q=%s"), ("api", "/api/papers/search?q=%s&limit=20")):
    script(name + "-repeated", repeated, path)
    script(name + "-fresh", fresh[name], path)
with open(f"{work}/warm.txt", "w") as f:
    for q in repeated:
        f.write("/search?q=%s\n/api/papers/search?q=%s&limit=20\n" % (urllib.parse.quote(q), urllib.parse.quote(q)))
    for q in warm_fresh:
        f.write("/search?q=%s\n" % urllib.parse.quote(q))
PY

# The app's CPU time so far (user + system, in clock ticks: /proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN {print 1000 / hz}')
run() { # name, wrk args...
  local name=$1; shift
  local before after
  before=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  after=$(cpu_ticks)
  local rate p50 p99 requests cpu
  rate=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  requests=$(awk '/requests in/ {print $1}' "$WORK/$name.txt")
  # The server's CPU a request (ms): its CPU time over the run (background jobs included) over the answers.
  cpu=$(awk -v t=$((after - before)) -v ms="$TICK_MS" -v n="$requests" 'BEGIN {printf "%.3f", (n > 0 ? t * ms / n : 0)}')
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")
  if grep -q "Non-2xx" "$WORK/$name.txt"; then
    echo "warning: $name had $(awk '/Non-2xx/ {print $5}' "$WORK/$name.txt") non-2xx answers" >&2
  fi
  echo "$name $rate $p50 $p99 $cpu"
}
curl -fs "$URL/papers/date/2025-12-11" -o /dev/null
while read -r path; do curl -fs "$URL$path" -o /dev/null; done < "$WORK/warm.txt"
DAILY=$(run daily "$URL/papers/date/2025-12-11")
PAGE=$(run page-repeated -s "$WORK/page-repeated.lua" "$URL")
API=$(run api-repeated -s "$WORK/api-repeated.lua" "$URL")
PAGE_FRESH=$(run page-fresh -s "$WORK/page-fresh.lua" "$URL")
API_FRESH=$(run api-fresh -s "$WORK/api-fresh.lua" "$URL")
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); papers: $PAPERS"
printf '%-14s %10s %9s %9s %12s\n' target req/s p50 p99 cpu-ms/req
for line in "$DAILY" "$PAGE" "$API" "$PAGE_FRESH" "$API_FRESH"; do printf '%-14s %10s %9s %9s %12s\n' $line; done
python3 - "$DAILY" "$PAGE" "$API" "$PAGE_FRESH" "$API_FRESH" <<'PY'
import sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
daily, page, api, page_fresh, api_fresh = (l.split() for l in sys.argv[1:])
print(f"repeated queries: search page rate / daily page rate: {float(page[1]) / float(daily[1]):.2f} (goal >= 0.2); "
      f"search page p50 / API p50: {ms(page[2]) / ms(api[2]):.2f} (goal <= 2)")
print(f"fresh queries:    search page rate / daily page rate: {float(page_fresh[1]) / float(daily[1]):.3f}; "
      f"search page p50 / API p50: {ms(page_fresh[2]) / ms(api_fresh[2]):.2f}")
if float(daily[4]) > 0:
    print(f"CPU a request: fresh page {page_fresh[4]} ms, daily page {daily[4]} ms: a fresh page costs "
          f"{float(page_fresh[4]) / float(daily[4]):.0f} daily pages (the rate goal of 0.2 asks for <= 5)")
PY
