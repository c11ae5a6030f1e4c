#!/usr/bin/env bash
# Snapshot import throughput in one run: System.Text.Json alone, then our import into a fresh SQLite file and
# into a scratch PostgreSQL database (created and dropped), on records made from the 200 real snapshot lines.
#   bench/snapshot-import.sh [records=200000] [postgres-connection-string]
# The PostgreSQL server defaults to $DAILYPAPERS_BENCH_POSTGRES, else Host=127.0.0.1;Port=55432;Username=postgres.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECORDS=${1:-200000}
ARGS=(import --records "$RECORDS" --source "$ROOT/../shared/data/arxiv-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl")
[ -n "${2:-}" ] && ARGS+=(--postgres "$2")
cd "$ROOT"
dotnet run -c Release --project bench/DailyPapers.Bench -- "${ARGS[@]}"
