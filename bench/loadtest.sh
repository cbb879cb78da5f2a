#!/usr/bin/env bash
# Load test: simulated users against gunicorn + PostgreSQL + Redis on loopback, production-like
# settings, starting cold (the shared cache emptied before each run) but for the institute's
# figures, which the beat job computes in production (`manage.py refresh_figures`; COLD=1: not).
#
#   createdb -h 127.0.0.1 -U postgres isv_perf
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/isv_perf DEBUG=1 .venv/bin/python manage.py migrate
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/isv_perf DEBUG=1 .venv/bin/python manage.py seed_scale
#   bench/loadtest.sh                           # 50 users, 60 s, one gunicorn with 4 workers
#   USERS="25 50 75 100 150" bench/loadtest.sh  # one run per count; prints the saturation point
#                                               # (the fewest users whose p95 passes 1 s)
#   LAYOUTS=one,two bench/loadtest.sh           # one gunicorn (WORKERS workers, port PORT), then two
#                                               # (WORKERS/2 each, ports PORT+1 and PORT+2, users split)
#   COLD=1 bench/loadtest.sh                    # the institute's figures left to the first dashboard
#                                               # view (by default computed first, as the beat job does)
#   DURATION=60 WORKERS=4 PORT=18710 to change the rest.
#
# The load comes from bench/loadgen.py (threads + requests): half the users are leads editing and
# saving their pending report, half planners reading the busiest pages. Prints each run's
# "LOADTEST" lines, the load average before and after it and where the CPU went, writes them to
# var/loadtest-<date>.md, and exits non-zero if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
GUNICORN="${GUNICORN:-.venv/bin/gunicorn}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/isv_perf}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/10}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/9}"
export DEBUG=0 SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')" \
       ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 STATIC_MANIFEST=0 \
       EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend LOG_LEVEL=WARNING
USERS="${USERS:-50}" DURATION="${DURATION:-60}" WORKERS="${WORKERS:-4}" PORT="${PORT:-18710}" LAYOUTS="${LAYOUTS:-one}"
MAX_USERS=$(printf "%s\n" $USERS | sort -n | tail -1)
HALF=$(( WORKERS / 2 ))
RUN_DIR="$(mktemp -d)"
OUT="var/loadtest-$(date -u +%Y%m%dT%H%M).md"
mkdir -p var
export BENCH_REPORTS="$RUN_DIR/reports.json" BENCH_PAGES="$RUN_DIR/pages.json" BENCH_SESSIONS="$RUN_DIR/sessions.json"

# The pending reports of each lead, the planner's pages and one open session per simulated user:
# 50 PBKDF2 logins at once would measure the password hasher, not the application.
$PY manage.py shell -v0 -c "
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from isvimed_planning.models import User
from monitoring.models import ProgressReport
from tooling.management.commands.benchmark import busy_pages
reports = {}
for pk, username in ProgressReport.objects.filter(state='pending', project__lead__username__startswith='lider').values_list('pk', 'project__lead__username'):
    reports.setdefault(username, []).append(pk)
assert reports, 'No hay reportes pendientes: ejecute seed_scale primero.'
json.dump(reports, open('$BENCH_REPORTS', 'w'))
engine = import_module(settings.SESSION_ENGINE)
def session(user):
    store = engine.SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
users = {u.username: u for u in User.objects.filter(username__in=list(reports) + ['planeador'])}
sessions = {name: [session(users[name])] for name in reports}
sessions['planeador'] = [session(users['planeador']) for _ in range($MAX_USERS)]
json.dump(sessions, open('$BENCH_SESSIONS', 'w'))
json.dump({label: url for label, url in busy_pages(year=${BENCH_YEAR:-2026}) if 'editar' not in url}, open('$BENCH_PAGES', 'w'))
"

stop_all() {
  for f in "$RUN_DIR"/*.pid; do [ -f "$f" ] || continue; kill "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; done
  wait 2>/dev/null || true
}
trap stop_all EXIT

start_gunicorn() {  # port workers name
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then echo "Port $1 is already in use: set PORT=…" >&2; exit 2; fi
  # Each process its own temporary folder, as on a machine of its own.
  mkdir -p "$RUN_DIR/$3/tmp"
  # Not --daemon: a daemon starts a session of its own, and with the kernel's autogroup scheduling
  # (on here) each session gets an equal share of the CPU, so on a shared machine two daemons would
  # get twice the CPU of one. In the background they stay in this script's session, like the load.
  TMPDIR="$RUN_DIR/$3/tmp" MEDIA_ROOT="$RUN_DIR/$3/media" $GUNICORN isvimed_planning.wsgi:application \
    --workers "$2" --timeout 120 --bind "127.0.0.1:$1" --access-logfile /dev/null --error-logfile "$RUN_DIR/$3.log" \
    > /dev/null 2>&1 &
  echo $! > "$RUN_DIR/$3.pid"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "gunicorn $3 did not start:" >&2; cat "$RUN_DIR/$3.log" >&2; exit 2
}

cpu_seconds() {  # pids… -> their user+system CPU seconds so far
  local ticks=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && ticks=$(( ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc
}

# Where the CPU went during a run: the gunicorn processes, and the PostgreSQL backends of this
# database (persistent connections, DB_CONN_MAX_AGE), read just before the servers stop.
cpu_report() {
  local web=() f
  for f in "$RUN_DIR"/*.pid; do [ -f "$f" ] && web+=("$(cat "$f")" $(pgrep -P "$(cat "$f")")); done
  local db="${DATABASE_URL##*/}"
  local backends=($(ps -eo pid=,args= | awk -v db="$db" '$2 == "postgres:" && $5 == db {print $1}'))
  echo "CPU gunicorn: $(cpu_seconds "${web[@]}") s; PostgreSQL backends of $db: $(cpu_seconds "${backends[@]}") s"
}

run() {  # label hosts users
  $PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$CACHE_URL"  # each run starts cold
  # …but, as in production, with the institute's figures that the beat job keeps up to date
  # (monitoring.refresh_figures, every minute); COLD=1 leaves them to the first dashboard view.
  if [ "${COLD:-0}" != 1 ]; then $PY manage.py refresh_figures | tee -a "$OUT"; fi
  echo "### $1, $3 users" | tee -a "$OUT"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(date -u +%H:%M:%S) UTC)" | tee -a "$OUT"
  local status=0
  : > "$RUN_DIR/last.log"
  $PY bench/loadgen.py --hosts "$2" --users "$3" --duration "$DURATION" 2>&1 | tee -a "$OUT" "$RUN_DIR/last.log" || status=$?
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) ($(date -u +%H:%M:%S) UTC)" | tee -a "$OUT"
  cpu_report | tee -a "$OUT"
  echo "gunicorn errors logged: $(cat "$RUN_DIR"/*.log 2>/dev/null | grep -c -E 'Traceback|ERROR' || true)" | tee -a "$OUT"
  # The saturation point: the fewest users whose p95 (all hosts) passes one second.
  local p95; p95=$(sed -n 's/^LOADTEST all: .* p95=\([0-9]*\)ms.*/\1/p' "$RUN_DIR/last.log")
  if [ -n "$p95" ] && [ "$p95" -gt 1000 ] && [ -z "${SATURATED[$4]:-}" ]; then SATURATED[$4]=$3; fi
  echo | tee -a "$OUT"
  return $status
}
{ echo "## Load test — $(date -u '+%Y-%m-%d %H:%M UTC')"; echo
  echo "nproc $(nproc); users: $USERS; ${DURATION} s each run; $WORKERS gunicorn workers in total; $DATABASE_URL"; echo; } | tee "$OUT"
declare -A SATURATED=()
one() {  # users
  start_gunicorn "$PORT" "$WORKERS" one
  run "one gunicorn, $WORKERS workers (port $PORT)" "http://127.0.0.1:$PORT" "$1" one || status=$?
  stop_all; sleep 2
}
two() {  # users
  (( HALF >= 1 && HALF * 2 == WORKERS )) || { echo "WORKERS must be even to split them in two." >&2; exit 2; }
  start_gunicorn "$((PORT + 1))" "$HALF" web1
  start_gunicorn "$((PORT + 2))" "$HALF" web2
  run "two gunicorn, $HALF workers each (ports $((PORT + 1)), $((PORT + 2)))" \
    "http://127.0.0.1:$((PORT + 1)),http://127.0.0.1:$((PORT + 2))" "$1" two || status=$?
  stop_all; sleep 2
}
status=0
# LAYOUTS=two,one runs the two-process layout first (the first run meets colder database buffers).
for users in $USERS; do
  for layout in ${LAYOUTS//,/ }; do
    case "$layout" in one) one "$users" ;; two) two "$users" ;; *) echo "LAYOUTS: one or two, not $layout" >&2; exit 2 ;; esac
  done
done
if [ "$(wc -w <<< "$USERS")" -gt 1 ]; then
  for layout in ${LAYOUTS//,/ }; do
    echo "SATURATION $layout: ${SATURATED[$layout]:-not reached up to $MAX_USERS} users (p95 over 1 s)" | tee -a "$OUT"
  done
fi
echo "Written to $OUT"
exit $status
