#!/usr/bin/env bash
# /new (or the personal rankings) against the daily page, rendered afresh (not from the render cache), in one run.
#   bench/new-page.sh [seconds=10] [threads=2] [connections=16] [new|for-you=new]
# Builds Release, publishes to a scratch folder, starts the app on a fresh SQLite file with the demo and its month of
# new papers (harvest off), waits until the month is loaded, then runs wrk against the daily page of 2025-12-11 (34
# cards) and, one after the other:
#   new      /new on the month's biggest day, 2026-06-02 (675 papers in the followed categories; 50 cards a page): its
#            first page in the community's order, its last page in arXiv's order, and the API's last 100;
#   for-you  a reader signed in over HTTP (the sign-in link from the mail pickup folder, by DailyPapers.Bench's voters
#            with no voters) who upvoted five cs.CL papers of 2026-06-01: /for-you (the month's last week, ranked for
#            the reader, 30 cards) and /new on 2026-06-02 in the reader's order (sort=for-you), with the reader's cookie.
# Each address carries a parameter no page reads (x=1), so the render cache answers none of them from a stored page
# (signed-in pages it never does): every request reads and ranks and renders its page. Prints each rate and its ratio to
# the daily page's. SOURCE=DIR publishes the site (and the bench) from another checkout, e.g. a baseline's.
set -euo pipefail
DURATION=${1:-10}; THREADS=${2:-2}; CONNECTIONS=${3:-16}; MODE=${4:-new}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SOURCE=${SOURCE:-$ROOT}
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

publish_app "$SOURCE"
[ "$MODE" = for-you ] && dotnet publish "$SOURCE/bench/DailyPapers.Bench" -c Release -o "$WORK/bench" --nologo -v quiet >/dev/null
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
(cd "$WORK" && exec dotnet app/DailyPapers.dll --urls "$URL" --Harvest:Enabled=false --Search:EmbedInBackground=false \
  --Mail:PickupDirectory="$WORK/mail" --Logging:LogLevel:Default=Warning --Logging:LogLevel:DailyPapers.Demo=Information) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do grep -q "month of new arXiv papers" "$WORK/app.log" 2>/dev/null && break; sleep 0.2; done
grep -o "Loaded the demo's month.*" "$WORK/app.log" || { echo "the demo's month did not load"; cat "$WORK/app.log"; exit 1; }

HEADERS=()
if [ "$MODE" = for-you ]; then
  PAPERS=$(curl -fs "$URL/api/papers/new?date=2026-06-01&cat=cs.CL&sort=arxiv&limit=5" | python3 -c 'import json,sys; print(",".join(i["paper"]["id"] for i in json.load(sys.stdin)))')
  dotnet "$WORK/bench/DailyPapers.Bench.dll" voters --url "$URL" --pickup "$WORK/mail" --count 0 --papers "$PAPERS" \
    --ready "$WORK/ready" --stop "$WORK/stop" --reader-cookie "$WORK/reader-cookie" >/dev/null
  HEADERS=(-H "Cookie: $(cat "$WORK/reader-cookie")")
  echo "reader upvoted $PAPERS"
  PAGES=("/for-you?x=1" "/new?date=2026-06-02&sort=for-you&x=1")
else
  PAGES=("/new?date=2026-06-02&x=1" "/new?date=2026-06-02&sort=arxiv&p=13&x=1" "/api/papers/new?date=2026-06-02&sort=arxiv&limit=100&p=6&x=1")
fi

# run PATH [wrk options]: the page's rate after one request to warm it (a request may take up to a minute: a slow page's
# requests count, not time out).
run() {
  local page=$1; shift
  curl -fs "$@" "$URL$page" -o /dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s "$@" "$URL$page" | awk '/Requests\/sec/ {print $2}'
}
BASE=$(run "/papers/date/2025-12-11?x=1")
echo "daily page, 34 cards:                                $BASE req/s"
for page in "${PAGES[@]}"; do
  RATE=$(run "$page" "${HEADERS[@]}")
  python3 -c "print(f'{\"$page\":52} $RATE req/s, ratio to the daily page {float($RATE)/float($BASE):.2f}')"
done
