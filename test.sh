#!/usr/bin/env bash
# Runs the whole DailyPapers test suite on a fresh machine (this is what CI runs, via .ci/run).
#
#   ./test.sh                       # everything
#   ./test.sh --filter Name~Feed    # any extra arguments go straight to `dotnet test`
#
# What it does, in order:
#   1. installs what the tests need and the machine lacks (Debian chromium + fonts, the PostgreSQL
#      server, Python packages for Hugging Face's client, nginx with its brotli module), with apt-get
#      as root or through sudo;
#   2. starts a throwaway PostgreSQL cluster on a free loopback port and exports
#      DAILYPAPERS_TEST_POSTGRES (the tests create their own databases on it), and a maildev SMTP
#      receiver (npm, cached in ~/.cache/dailypapers) exported as DAILYPAPERS_TEST_SMTP(_API);
#   3. runs `dotnet test DailyPapers.slnx` in the Debug configuration (see TEST_CONFIGURATION below)
#      with a console logger that prints failures and a TRX logger into a temporary folder;
#   4. stops every service it started (also on failure, Ctrl-C or kill) and prints, as its very
#      last line, "N passed, N failed, N skipped" totalled over all test projects from the TRX files.
# It exits non-zero if a test failed, if `dotnet test` failed, or if no test ran at all.
#
# Environment it reads (all optional):
#   TEST_CONFIGURATION=Release      build configuration (default Debug: the same output as a plain
#                                   `dotnet build`, so the IDE's and this script's builds are shared)
#   DAILYPAPERS_TEST_POSTGRES=...   use this server instead of starting a throwaway one
#   DAILYPAPERS_TEST_SMTP=host:port and DAILYPAPERS_TEST_SMTP_API=http://...   use this maildev
#                                   instead of starting one (the end-to-end mail tests read its REST API)
#   DAILYPAPERS_TEST_HANG_TIMEOUT   per-test-host hang timeout for --blame-hang (default 15m)
#   DAILYPAPERS_TEST_SH_DEBUG=1     after starting PostgreSQL, run psql against it to show it works
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO_ROOT"

# ----------------------------------------------------------------------------------------------
# Environment for the build and the tests.
# ----------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
# Without this, MSBuild leaves worker nodes running for minutes after the build.
export MSBUILDDISABLENODEREUSE=1
# The browser tests launch Debian's Chromium (Playwright's own browser download is not reachable).
export DAILYPAPERS_CHROMIUM=/usr/bin/chromium
# CI (CI=true) is passed through untouched.

TEST_CONFIGURATION="${TEST_CONFIGURATION:-Debug}"
HANG_TIMEOUT="${DAILYPAPERS_TEST_HANG_TIMEOUT:-15m}"

log() { printf 'test.sh: %s\n' "$*" >&2; }
now() { printf '%s' "$EPOCHREALTIME"; }
elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# ----------------------------------------------------------------------------------------------
# 1. System packages
# ----------------------------------------------------------------------------------------------

# Runs a command as root: directly when we are root (as in CI), through sudo otherwise.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

can_be_root() { [[ $EUID -eq 0 ]] || command -v sudo >/dev/null 2>&1; }

deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

# The newest installed server version, e.g. /usr/lib/postgresql/15/bin ("" when none).
find_pg_bin() {
    local d newest=""
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/initdb" ]] && newest="$(printf '%s\n%s\n' "$newest" "$d" | sort -V | tail -n 1)"
    done
    printf '%s' "$newest"
}

ensure_packages() {
    local missing=()
    # Browser tests: Chromium plus fonts, or screenshots show empty boxes instead of text
    # (fonts-liberation gives pages asking for Arial/Helvetica/Times metric-compatible faces).
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    deb_installed fonts-dejavu-core || missing+=(fonts-dejavu-core)
    deb_installed fonts-liberation || missing+=(fonts-liberation)
    # The storage tests need a PostgreSQL server (the machine image usually ships it).
    [[ -n "$(find_pg_bin)" ]] || missing+=(postgresql)
    # The operations tests run deploy/nginx.conf in Debian's nginx (as a process of theirs, never the system
    # service; the package's postinst may try to start it, which a container's policy-rc.d refuses), with brotli.
    [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    [[ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]] || missing+=(libnginx-mod-http-brotli-filter)
    # The end-to-end mail tests: maildev (an SMTP receiver with a REST API) comes from npm.
    command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    # The end-to-end test with Hugging Face's own client (../shared/clients/huggingface_hub) runs it from source
    # on Debian's Python with Debian's packages.
    local pkg
    for pkg in python3 python3-httpx python3-filelock python3-tqdm python3-yaml python3-packaging python3-fsspec \
               python3-typing-extensions python3-click python3-requests; do
        deb_installed "$pkg" || missing+=("$pkg")
    done

    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    if ! can_be_root; then
        log "WARNING: missing Debian packages: ${missing[*]}"
        log "  not root and no sudo, so not installing them; run as root:"
        log "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
        return 0
    fi

    local start apt_log
    start=$(now)
    apt_log=$(mktemp "${TMPDIR:-/tmp}/dailypapers-apt.XXXXXX")
    log "installing ${missing[*]} (apt-get; log in $apt_log)"
    # Lock timeout: another apt-get on the machine (e.g. a second checkout) waits instead of failing.
    local apt_opts=(-o DPkg::Lock::Timeout=600 -q)
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >"$apt_log" 2>&1 ||
       ! as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y \
           --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
        tail -n 30 "$apt_log" >&2
        log "ERROR: apt-get failed (full log: $apt_log)"
        exit 1
    fi
    rm -f "$apt_log"
    log "installed ${missing[*]} in $(elapsed_since "$start") s"
}

# ----------------------------------------------------------------------------------------------
# 2. Services: a throwaway PostgreSQL cluster (and, later, an SMTP receiver)
# ----------------------------------------------------------------------------------------------
PG_ROOT=""          # temp folder holding the data directory, log and Unix socket; "" = none started
PG_BIN=""
PG_AS_POSTGRES=0    # 1 when we are root: initdb refuses root, so the cluster runs as `postgres`

# Runs a PostgreSQL server binary as the cluster's owner. runuser takes argv as is (no shell
# re-quoting); the subshell's cd keeps postgres from complaining about an unreadable cwd.
pg_run() {
    if [[ $PG_AS_POSTGRES -eq 1 ]]; then
        (cd "$PG_ROOT" && runuser -u postgres -- "$@")
    else
        (cd "$PG_ROOT" && "$@")
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
    if [[ -n "${DAILYPAPERS_TEST_POSTGRES:-}" ]]; then
        log "using the PostgreSQL server given in DAILYPAPERS_TEST_POSTGRES"
        return 0
    fi
    PG_BIN="$(find_pg_bin)"
    if [[ -z "$PG_BIN" ]]; then
        log "ERROR: no PostgreSQL server in /usr/lib/postgresql/*/bin; install the Debian package"
        log "  postgresql as root, or set DAILYPAPERS_TEST_POSTGRES to a server's connection string"
        exit 1
    fi

    local start
    start=$(now)
    # Under /tmp rather than $TMPDIR: the postgres user must be able to reach it, and the Unix
    # socket path inside it must stay under the 107-byte limit.
    PG_ROOT="$(mktemp -d /tmp/dailypapers-pg.XXXXXX)"
    if [[ $EUID -eq 0 ]]; then
        PG_AS_POSTGRES=1
        chown postgres "$PG_ROOT"
    fi

    # --no-sync and fsync=off etc.: the data is thrown away, so durability only costs time.
    if ! pg_run "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
            --no-sync >"$PG_ROOT/initdb.log" 2>&1; then
        cat "$PG_ROOT/initdb.log" >&2
        log "ERROR: initdb failed"
        exit 1
    fi

    # The free port is found before postgres binds it, so another process may take it in between:
    # try a few ports before giving up.
    local port attempt
    for attempt in 1 2 3; do
        port="$(free_port)"
        if pg_run "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
                start >/dev/null; then
            break
        fi
        tail -n 20 "$PG_ROOT/server.log" >&2 || true
        if [[ $attempt -eq 3 ]]; then
            log "ERROR: PostgreSQL did not start (log above)"
            exit 1
        fi
        log "PostgreSQL did not start on port $port; trying another port"
    done

    export DAILYPAPERS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$port in $(elapsed_since "$start") s ($PG_ROOT)"

    if [[ "${DAILYPAPERS_TEST_SH_DEBUG:-}" == 1 ]]; then
        log "debug: psql against the cluster:"
        psql -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc \
            "select 'psql ok: ' || version(), current_setting('data_directory'), current_setting('fsync')" >&2
    fi
}

# Stops the cluster and removes its folder; safe to call twice or when nothing was started.
stop_postgres() {
    [[ -n "$PG_ROOT" ]] || return 0
    if [[ -f "$PG_ROOT/data/postmaster.pid" ]]; then
        pg_run "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            pg_run "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            log "WARNING: could not stop PostgreSQL in $PG_ROOT"
    fi
    rm -rf "$PG_ROOT"
    PG_ROOT=""
}

# A real SMTP receiver process for the end-to-end mail tests: maildev (npm), SMTP on one free
# loopback port and its REST API (/api/email, /api/email/{id}/source) on another. Installed once
# into a cache folder; exported as DAILYPAPERS_TEST_SMTP (host:port) and DAILYPAPERS_TEST_SMTP_API.
# Tests that need a receiver they can stop or slow down start their own in-process one.
MAILDEV_VERSION=3.0.0
SMTP_PID=""
SMTP_ROOT=""

start_smtp() {
    if [[ -n "${DAILYPAPERS_TEST_SMTP:-}" ]]; then
        log "using the SMTP receiver given in DAILYPAPERS_TEST_SMTP"
        return 0
    fi
    local start cache bin
    start=$(now)
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/dailypapers/maildev-$MAILDEV_VERSION"
    bin="$cache/node_modules/.bin/maildev"
    if [[ ! -x "$bin" ]]; then
        if ! command -v npm >/dev/null 2>&1; then
            log "ERROR: npm is needed to install the maildev SMTP receiver (apt-get install nodejs npm)"
            exit 1
        fi
        mkdir -p "$cache"
        log "installing maildev $MAILDEV_VERSION from npm into $cache"
        if ! npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >"$cache/npm.log" 2>&1; then
            tail -n 20 "$cache/npm.log" >&2
            log "ERROR: npm install maildev failed (log: $cache/npm.log)"
            exit 1
        fi
    fi
    SMTP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-smtp.XXXXXX")"
    local smtp_port web_port attempt _
    for attempt in 1 2 3; do
        smtp_port="$(free_port)"
        web_port="$(free_port)"
        setsid "$bin" --smtp "$smtp_port" --ip 127.0.0.1 --web "$web_port" --web-ip 127.0.0.1             --mail-directory "$SMTP_ROOT/mail" >"$SMTP_ROOT/maildev.log" 2>&1 &
        SMTP_PID=$!
        for _ in $(seq 1 100); do
            if curl -fs "http://127.0.0.1:$web_port/api/healthz" >/dev/null 2>&1; then
                export DAILYPAPERS_TEST_SMTP="127.0.0.1:$smtp_port"
                export DAILYPAPERS_TEST_SMTP_API="http://127.0.0.1:$web_port"
                log "maildev $MAILDEV_VERSION ready: SMTP 127.0.0.1:$smtp_port, API $DAILYPAPERS_TEST_SMTP_API, in $(elapsed_since "$start") s"
                return 0
            fi
            kill -0 "$SMTP_PID" 2>/dev/null || break
            sleep 0.1
        done
        tail -n 20 "$SMTP_ROOT/maildev.log" >&2 || true
        stop_smtp_process
        log "maildev did not start on ports $smtp_port/$web_port (attempt $attempt)"
    done
    log "ERROR: the SMTP receiver did not start"
    exit 1
}

stop_smtp_process() {
    [[ -n "$SMTP_PID" ]] || return 0
    kill -TERM -- "-$SMTP_PID" 2>/dev/null || kill -TERM "$SMTP_PID" 2>/dev/null || true
    wait "$SMTP_PID" 2>/dev/null || true
    SMTP_PID=""
}

stop_smtp() {
    stop_smtp_process
    [[ -n "$SMTP_ROOT" ]] && rm -rf "$SMTP_ROOT"
    SMTP_ROOT=""
}

# ----------------------------------------------------------------------------------------------
# Clean-up: runs on every exit, including failures, Ctrl-C (INT), kill (TERM) and hang-up.
# (SIGKILL cannot be trapped: then /tmp/dailypapers-pg.* and a postgres process are left behind.)
# ----------------------------------------------------------------------------------------------
DOTNET_PID=""

stop_dotnet() {
    [[ -n "$DOTNET_PID" ]] || return 0
    # dotnet test runs in its own process group (see run_tests): signal the whole group so the
    # test hosts and MSBuild nodes stop too, then force it after a grace period.
    kill -TERM -- "-$DOTNET_PID" 2>/dev/null || true
    local _
    for _ in $(seq 1 50); do
        kill -0 -- "-$DOTNET_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL -- "-$DOTNET_PID" 2>/dev/null || true
    DOTNET_PID=""
}

cleanup() {
    set +e
    trap '' INT TERM HUP   # a second Ctrl-C must not cut the clean-up short
    stop_dotnet
    stop_smtp
    stop_postgres
}

# shellcheck disable=SC2317  # called from the traps below
on_signal() {
    log "interrupted by SIG$1: stopping tests and services"
    exit "$2"   # runs the EXIT trap
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

# ----------------------------------------------------------------------------------------------
# 3. Tests
# ----------------------------------------------------------------------------------------------
RESULTS_DIR=""
DOTNET_RC=0

run_tests() {
    RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dailypapers-test-results.XXXXXX")"
    log "running dotnet test ($TEST_CONFIGURATION${*:+, extra args: $*}); TRX files in $RESULTS_DIR"
    # console;verbosity=minimal prints each failed (and skipped) test with its message and stack
    # trace plus one summary line per project, but not every passing test ("normal" does).
    # --blame-hang kills a test host stuck longer than $HANG_TIMEOUT, so CI's time limit is not
    # spent on one deadlock. Warnings are already errors (Directory.Build.props).
    #
    # Started in the background in its own session/process group: `wait` returns as soon as a
    # trapped signal arrives (a foreground command would delay the trap until it ended), and
    # stop_dotnet can then signal dotnet, its test hosts and build nodes together.
    setsid dotnet test DailyPapers.slnx \
        --configuration "$TEST_CONFIGURATION" \
        --logger "console;verbosity=minimal" \
        --logger "trx" \
        --results-directory "$RESULTS_DIR" \
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
        "$@" &
    DOTNET_PID=$!
    wait "$DOTNET_PID" || DOTNET_RC=$?
    DOTNET_PID=""
}

# Prints "passed failed skipped" totalled over every TRX file in $RESULTS_DIR. Outcomes other than
# Passed/NotExecuted (Failed, Error, Timeout, Aborted, ...) count as failed.
count_results() {
    python3 - "$RESULTS_DIR" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0

def count(result):
    global passed, failed, skipped
    inner = result.find(NS + "InnerResults")
    if inner is not None and len(inner):      # data-driven parent: count its rows instead
        for r in inner.findall(NS + "UnitTestResult"):
            count(r)
        return
    outcome = result.get("outcome", "")
    if outcome == "Passed":
        passed += 1
    elif outcome in ("NotExecuted", "Inconclusive"):
        skipped += 1
    else:
        failed += 1

for path in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:               # a test host that crashed mid-write
        print(f"test.sh: cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    results = root.find(NS + "Results")
    for r in (results if results is not None else []):
        if r.tag == NS + "UnitTestResult":
            count(r)
print(passed, failed, skipped)
PY
}

# ----------------------------------------------------------------------------------------------
main() {
    local setup_start
    setup_start=$(now)
    ensure_packages
    start_postgres
    start_smtp
    log "set-up done in $(elapsed_since "$setup_start") s"

    run_tests "$@"

    local counts passed failed skipped rc=0
    if ! counts="$(count_results)"; then
        log "FAILED: could not count the results in $RESULTS_DIR"
        counts="0 0 0"
        rc=1
    fi
    read -r passed failed skipped <<<"$counts"

    # Stop the services now rather than in the EXIT trap, so the summary stays the last line.
    cleanup

    if [[ $failed -ne 0 ]]; then
        log "FAILED: $failed test(s) failed (details above; TRX files in $RESULTS_DIR)"
        rc=1
    elif [[ $DOTNET_RC -ne 0 ]]; then
        log "FAILED: dotnet test exited with code $DOTNET_RC (build error or crashed test host; see above)"
        rc=1
    elif [[ $((passed + failed + skipped)) -eq 0 ]]; then
        log "FAILED: no test ran (no test found in DailyPapers.slnx${*:+ matching: $*}); a run without tests does not count as green"
        rc=1
    fi
    [[ $rc -ne 0 ]] || log "all tests passed"
    echo "$passed passed, $failed failed, $skipped skipped"
    exit "$rc"
}

main "$@"
