#!/usr/bin/env bash
# Daily page throughput against a static file of the same size, served by the same Kestrel process, in one run.
#   bench/daily-page.sh [seconds=10] [threads=2] [connections=32]
# Builds Release, publishes to a scratch folder, starts the app on a fresh SQLite file (demo content), saves the
# rendered daily page as a static file next to it, then runs wrk against both. Prints both rates and the ratio.
set -euo pipefail
DURATION=${1:-10}; THREADS=${2:-2}; CONNECTIONS=${3:-32}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

publish_app "$ROOT"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
(cd "$WORK" && exec dotnet app/DailyPapers.dll --urls "$URL" --Logging:LogLevel:Default=Warning --Harvest:Enabled=false --Demo:NewPapers=false) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do curl -fs "$URL/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

PAGE="/papers/date/2025-12-11"
curl -fs "$URL$PAGE" -o "$WORK/app/wwwroot/bench-static.html"
SIZE=$(stat -c %s "$WORK/app/wwwroot/bench-static.html")
curl -fs "$URL/bench-static.html" -o /dev/null   # warm both paths
run() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
DYNAMIC=$(run "$URL$PAGE")
STATIC=$(run "$URL/bench-static.html")
echo "daily page $PAGE ($SIZE bytes): $DYNAMIC req/s"
echo "static file of the same size:          $STATIC req/s"
python3 -c "print(f'ratio (daily page / static file): {float($DYNAMIC)/float($STATIC):.2f}')"
