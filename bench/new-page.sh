#!/usr/bin/env bash
# /new against the daily page, rendered afresh (not from the render cache), in one run.
#   bench/new-page.sh [seconds=10] [threads=2] [connections=16]
# Builds Release, publishes to a scratch folder, starts the app on a fresh SQLite file with the demo and its month of
# new papers (harvest off), waits until the month is loaded, then runs wrk against the daily page of 2025-12-11 (34
# cards) and /new on the month's biggest day, 2026-06-02 (675 papers in the followed categories; 50 cards a page): its
# first page in the community's order, its last page in arXiv's order, and the API's last 100. Each address carries a
# parameter no page reads (x=1), so the render cache answers none of them from a stored page: every request reads and
# ranks the whole day and renders its page. Prints each rate and its ratio to the daily page's.
set -euo pipefail
DURATION=${1:-10}; THREADS=${2:-2}; CONNECTIONS=${3:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

publish_app "$ROOT"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
(cd "$WORK" && exec dotnet app/DailyPapers.dll --urls "$URL" --Harvest:Enabled=false --Search:EmbedInBackground=false \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:DailyPapers.Demo=Information) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do grep -q "month of new arXiv papers" "$WORK/app.log" 2>/dev/null && break; sleep 0.2; done
grep -o "Loaded the demo's month.*" "$WORK/app.log" || { echo "the demo's month did not load"; cat "$WORK/app.log"; exit 1; }

run() {
  curl -fs "$URL$1" -o /dev/null   # warm up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$URL$1" | awk '/Requests\/sec/ {print $2}'
}
BASE=$(run "/papers/date/2025-12-11?x=1")
echo "daily page, 34 cards:                                $BASE req/s"
for page in "/new?date=2026-06-02&x=1" "/new?date=2026-06-02&sort=arxiv&p=13&x=1" "/api/papers/new?date=2026-06-02&sort=arxiv&limit=100&p=6&x=1"; do
  RATE=$(run "$page")
  python3 -c "print(f'{\"$page\":52} $RATE req/s, ratio to the daily page {float($RATE)/float($BASE):.2f}')"
done
