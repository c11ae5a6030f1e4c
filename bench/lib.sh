# Shared set-up of the wrk benches (sourced): wrk installed, a scratch folder removed on exit with the app stopped,
# the app published there in Release, a free loopback port. The caller sets APP_PID when it starts the app.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

WORK=$(mktemp -d)
APP_PID=""
cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# publish_app ROOT: the app in Release at $WORK/app.
publish_app() { dotnet publish "$1/src/DailyPapers" -c Release -o "$WORK/app" --nologo -v quiet >/dev/null; }

# free_port: a loopback port nobody listens on now.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
