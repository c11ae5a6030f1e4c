#!/usr/bin/env bash
# The CPU a server process spends a request: wrk on URL for SECONDS, the process's user + system time over the run
# (from /proc/PID/stat) divided by the requests answered. Unlike a rate, it hardly moves with the machine's load.
#   bench/cpu-per-request.sh URL PID [seconds=10] [threads=2] [connections=16]
set -euo pipefail
URL=${1:?URL}; PID=${2:?PID of the server}; SECONDS_=${3:-10}; THREADS=${4:-2}; CONNECTIONS=${5:-16}
ticks() { python3 -c "s = open('/proc/$PID/stat').read(); f = s[s.rindex(')') + 2:].split(); print(int(f[11]) + int(f[12]))"; }
before=$(ticks)
out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_}s" "$URL")
after=$(ticks)
requests=$(echo "$out" | awk '/requests in/ {print $1}')
rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
hz=$(getconf CLK_TCK)
python3 -c "print(f'$URL: {float($rate):,.0f} req/s, {($after - $before) / $hz / $requests * 1e6:.1f} us of the server CPU a request ({$requests:,} requests)')"
