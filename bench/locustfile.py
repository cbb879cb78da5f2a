"""Load test: project leads editing their monthly report while planners read the busiest pages.

Run through bench/loadtest.sh (it starts gunicorn, runs locust headless, stops gunicorn).
Users: `lider01`… (seed_scale leads) and `planeador`, password $BENCH_PASSWORD. Each lead user
takes a distinct lead, so two virtual users never edit the same report (no version conflicts).
The pending reports of each lead (January 2027, seeded by seed_scale) are listed in
$BENCH_REPORTS (JSON {username: [report ids]}), written by loadtest.sh before the run.

Users start already logged in: loadtest.sh opens one session per virtual user beforehand
($BENCH_SESSIONS, {username: [session keys]}), so the run measures steady-state work and not 50
password hashes at once (PBKDF2 with 1,000,000 iterations costs ~0.3–0.5 s of CPU each, by
design). Set BENCH_LOGIN=1 to log in through the login form instead (those requests are then
reported as "login" and left out of the "without-login" line).

The production settings mark the session and CSRF cookies Secure; locust speaks plain HTTP on
loopback, so this process's cookie policy sends Secure cookies over loopback HTTP too (what a
TLS-terminating proxy in front of gunicorn makes transparent). requests copies each session's
jar into a new one per request, so the policy is patched on the class, in this process only.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from http.cookiejar import DefaultCookiePolicy

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-clave-2026")
YEAR = int(os.environ.get("BENCH_YEAR", "2026"))
REPORTS: dict[str, list[int]] = json.load(open(os.environ["BENCH_REPORTS"])) if os.environ.get("BENCH_REPORTS") else {}
SESSIONS: dict[str, list[str]] = (
    json.load(open(os.environ["BENCH_SESSIONS"])) if os.environ.get("BENCH_SESSIONS") else {}
)
FORM_LOGIN = os.environ.get("BENCH_LOGIN") == "1"
PAGES = json.load(open(os.environ["BENCH_PAGES"])) if os.environ.get("BENCH_PAGES") else {}
_leads = itertools.cycle(sorted(REPORTS))
_lock = threading.Lock()
INPUT = re.compile(r'<input[^>]*name="([^"]+)"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


def _login(user, username: str) -> None:
    if not FORM_LOGIN and SESSIONS.get(username):
        with _lock:
            key = SESSIONS[username].pop()
        user.client.cookies.set("sessionid", key, domain="127.0.0.1", path="/")
        return
    page = user.client.get("/cuenta/ingresar/", name="login form")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    with user.client.post(
        "/cuenta/ingresar/", data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="login", catch_response=True, allow_redirects=False,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login of {username} refused ({response.status_code})")


def _fields(html: str) -> dict[str, str]:
    fields = {}
    for match in INPUT.finditer(html):
        tag = match.group(0)
        value = VALUE.search(tag)
        fields[match.group(1)] = value.group(1) if value else ""
    return fields


def _get(user, url: str, name: str):
    """A page that must answer 200 itself (a redirect to the login page is a failure)."""
    with user.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{url} answered {response.status_code}")
    return response


class Lead(HttpUser):
    """A project lead: reads the dashboard and their report, edits and saves the month's report."""

    wait_time = between(1, 3)
    weight = 1

    def on_start(self):
        with _lock:
            self.username = next(_leads)
        self.reports = REPORTS[self.username]
        _login(self, self.username)

    @task(3)
    def edit_report(self):
        pk = random.choice(self.reports)
        form = _get(self, f"/seguimiento/reportes/{pk}/editar/", "report form (GET)")
        fields = _fields(form.text)
        committed = random.randint(1, 900) * 1_000_000
        obligated = committed * random.randint(50, 100) // 100
        paid = obligated * random.randint(50, 100) // 100
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""), "version": fields.get("version", ""),
            "committed": committed, "obligated": obligated, "paid": paid,
            "achievements": "Avance del mes registrado en la prueba de carga.",
        }
        territory_fields = [name for name in fields if name.startswith("terr_committed_")]
        for name in fields:
            if name.startswith("qty_"):
                data[name] = random.randint(0, 20)
        for i, name in enumerate(territory_fields):
            data[name] = committed if i == 0 else 0
            data[name.replace("committed", "beneficiaries")] = random.randint(0, 50)
        with self.client.post(f"/seguimiento/reportes/{pk}/editar/", data=data, name="report form (POST)",
                              catch_response=True, allow_redirects=False) as response:
            if response.status_code != 302 or "/seguimiento/reportes/" not in response.headers.get("Location", ""):
                response.failure(f"report {pk} not saved ({response.status_code})")

    @task(2)
    def dashboard(self):
        _get(self, "/seguimiento/", "follow-up dashboard")

    @task(1)
    def report_detail(self):
        _get(self, f"/seguimiento/reportes/{random.choice(self.reports)}/", "report page")

    @task(1)
    def my_projects(self):
        _get(self, "/proyectos/", "project list")


class Planner(HttpUser):
    """Planning staff: reads the busiest pages."""

    wait_time = between(1, 3)
    weight = 1

    def on_start(self):
        _login(self, "planeador")

    @task
    def read(self):
        label, url = random.choice(list(PAGES.items()))
        _get(self, url, label)


@events.quitting.add_listener
def _summary(environment, **kwargs):
    """One line for the whole run and one without the logins (one PBKDF2 hash each, once per user)."""
    from locust.stats import StatsEntry

    total = environment.stats.total
    work = StatsEntry(environment.stats, "without login", "", use_response_times_cache=False)
    for (name, _method), entry in environment.stats.entries.items():
        if not name.startswith("login"):
            work.extend(entry)
    writes = sum(e.num_requests for (name, method), e in environment.stats.entries.items() if method == "POST"
                 and not name.startswith("login"))
    for label, s in (("all", total), ("without-login", work)):
        print(
            f"LOADTEST {label}: requests={s.num_requests} errors={s.num_failures} "
            f"p50={s.get_response_time_percentile(0.5):.0f}ms p95={s.get_response_time_percentile(0.95):.0f}ms"
        )
    print(f"LOADTEST report saves (POST)={writes}")
