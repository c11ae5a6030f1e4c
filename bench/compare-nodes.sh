#!/usr/bin/env bash
# The same pages from two running nodes, alternately, in one run: each page is measured on node A, then on node B,
# then on A and B again (wrk, SECONDS each), so both see the same machine; prints each rate and B/A per round.
#   bench/compare-nodes.sh URL_A URL_B [seconds=10] [threads=2] [connections=16] [rounds=2]
# The pages: the daily page of the demo's list, a paper page, the home page, /new of the demo's month and the search
# page for one query (answered from the caches after its first time); set PAGES="path path …" to choose others.
# Used for a node on the whole of arXiv against one on the demo catalogue (bench/README.md, issue 16).
set -euo pipefail
A=${1:?URL of node A}; B=${2:?URL of node B}
DURATION=${3:-10}; THREADS=${4:-2}; CONNECTIONS=${5:-16}; ROUNDS=${6:-2}
PAGES=${PAGES:-"/papers/date/2025-12-11 /papers/2310.06110 / /new?date=2026-06-02 /search?q=diffusion+models"}
rate() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {r=$2} /Non-2xx/ {n=$4} END {printf "%s%s", r, (n ? " (" n " non-2xx)" : "")}'; }
echo "A = $A, B = $B; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; load $(cut -d' ' -f1-3 /proc/loadavg)"
for page in $PAGES; do
  curl -fs -o /dev/null "$A$page" || echo "warning: $A$page did not answer 2xx"
  curl -fs -o /dev/null "$B$page" || echo "warning: $B$page did not answer 2xx"
  for round in $(seq 1 "$ROUNDS"); do
    ra=$(rate "$A$page"); rb=$(rate "$B$page")
    python3 -c "import sys; a=float('$ra'.split()[0]); b=float('$rb'.split()[0]); print(f'{sys.argv[1]:<32} round {sys.argv[2]}: A {sys.argv[3]:>10} req/s  B {sys.argv[4]:>10} req/s  B/A {b/a:.2f}')" \
      "$page" "$round" "$ra" "$rb"
  done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
