#!/usr/bin/env bash
# Load test: 50 users for 60 s against gunicorn (4 workers) + PostgreSQL + Redis on loopback (port 18710).
#
#   createdb -h 127.0.0.1 -U postgres isv_perf
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/isv_perf DEBUG=1 .venv/bin/python manage.py migrate
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/isv_perf DEBUG=1 .venv/bin/python manage.py seed_scale
#   bench/loadtest.sh                      # USERS=50 DURATION=60s WORKERS=4 PORT=8010 to change
#
# Needs the bench extra: .venv/bin/pip install -e '.[bench]'. Prints locust's summary and one line
# "LOADTEST requests=… errors=… p50=…ms p95=…ms"; exits non-zero if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/isv_perf}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/10}"
# The workers share computed figures through Redis, as in production (docker-compose.yml).
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/9}"
$PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$CACHE_URL"  # start cold
# Production-like settings, loopback only.
export DEBUG=0 SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')" \
       ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 STATIC_MANIFEST=0 \
       EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend LOG_LEVEL=WARNING
USERS="${USERS:-50}" DURATION="${DURATION:-60s}" WORKERS="${WORKERS:-4}" PORT="${PORT:-18710}"
RUN_DIR="$(mktemp -d)"
export BENCH_REPORTS="$RUN_DIR/reports.json" BENCH_PAGES="$RUN_DIR/pages.json" BENCH_SESSIONS="$RUN_DIR/sessions.json"

# The pending reports of each lead and the planner's pages, for the locust users.
$PY manage.py shell -v0 -c "
import json
from monitoring.models import ProgressReport
from tooling.management.commands.benchmark import busy_pages
reports = {}
for pk, username in ProgressReport.objects.filter(state='pending', project__lead__username__startswith='lider').values_list('pk', 'project__lead__username'):
    reports.setdefault(username, []).append(pk)
assert reports, 'No hay reportes pendientes: ejecute seed_scale primero.'
json.dump(reports, open('$BENCH_REPORTS', 'w'))
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from isvimed_planning.models import User
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
sessions['planeador'] = [session(users['planeador']) for _ in range(${USERS:-50})]
json.dump(sessions, open('$BENCH_SESSIONS', 'w'))
json.dump({label: url for label, url in busy_pages(year=${BENCH_YEAR:-2026}) if 'editar' not in url}, open('$BENCH_PAGES', 'w'))
"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is already in use: set PORT=… to a free port." >&2; exit 2
fi
.venv/bin/gunicorn isvimed_planning.wsgi:application --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$RUN_DIR/gunicorn.log" --pid "$RUN_DIR/gunicorn.pid" --daemon
trap 'kill "$(cat "$RUN_DIR/gunicorn.pid")" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "gunicorn did not start:" >&2; cat "$RUN_DIR/gunicorn.log" >&2; exit 2; }

status=0
.venv/bin/locust -f bench/locustfile.py --headless --users "$USERS" --spawn-rate "$USERS" --run-time "$DURATION" \
  --host "http://127.0.0.1:$PORT" --only-summary --stop-timeout 5 2>&1 | tee "$RUN_DIR/locust.log" || status=$?
echo "gunicorn errors logged: $(grep -c -E 'Traceback|ERROR' "$RUN_DIR/gunicorn.log" || true) (log: $RUN_DIR/gunicorn.log)"
exit $status
