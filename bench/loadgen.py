"""The load generator of bench/loadtest.sh (threads + requests), able to split the users between
several hosts: users go round the hosts (lead and planner pairs), as a load balancer would spread
them. Ours rather than locust so that it needs nothing beyond the application's own dependencies.

    python bench/loadgen.py --hosts http://127.0.0.1:18711,http://127.0.0.1:18712 --users 50 --duration 60

Inputs: $BENCH_REPORTS, $BENCH_SESSIONS, $BENCH_PAGES (JSON files written by bench/loadtest.sh before
the run). Half the users are leads (each a distinct `lider..`, editing and saving their pending
report, reading the dashboard, the report and the project list, weights 3:2:1:1), half are
planners reading the busiest pages; each waits 1–3 s between tasks. Random choices come from a
generator seeded per user (the same sequence on every run). Prints one "LOADTEST" line per host
and one for all.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy

import requests

INPUT = re.compile(r'<input[^>]*name="([^"]+)"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
# Production settings mark the cookies Secure; this is plain HTTP on loopback (what a TLS proxy
# in front makes transparent), so this process sends Secure cookies over it .
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True  # type: ignore[method-assign]


WARM_UP = 15.0  # seconds


@dataclass
class Sample:
    host: str
    name: str
    method: str
    ms: float
    ok: bool
    started: float


class Recorder:
    def __init__(self):
        self.samples: list[Sample] = []
        self.lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def fields_of(html: str) -> dict[str, str]:
    fields = {}
    for match in INPUT.finditer(html):
        value = VALUE.search(match.group(0))
        fields[match.group(1)] = value.group(1) if value else ""
    return fields


class User(threading.Thread):
    def __init__(self, index, host, username, session_key, reports, pages, recorder, stop_at):
        super().__init__(daemon=True)
        self.host, self.username, self.reports, self.pages = host, username, reports, pages
        self.recorder, self.stop_at = recorder, stop_at
        self.rng = random.Random(index)
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")

    def call(self, method: str, path: str, name: str, expect, **kwargs):
        started = time.monotonic()
        try:
            response = self.http.request(method, self.host + path, allow_redirects=False, timeout=60, **kwargs)
            ok = expect(response)
        except requests.RequestException:
            response, ok = None, False
        self.recorder.add(Sample(self.host, name, method, (time.monotonic() - started) * 1000, ok, started))
        return response

    def get(self, path: str, name: str):
        return self.call("GET", path, name, lambda r: r.status_code == 200)

    def edit_report(self):
        pk = self.rng.choice(self.reports)
        form = self.get(f"/seguimiento/reportes/{pk}/editar/", "report form (GET)")
        if form is None or form.status_code != 200:
            return
        fields = fields_of(form.text)
        committed = self.rng.randint(1, 900) * 1_000_000
        obligated = committed * self.rng.randint(50, 100) // 100
        paid = obligated * self.rng.randint(50, 100) // 100
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""), "version": fields.get("version", ""),
            "committed": committed, "obligated": obligated, "paid": paid,
            "achievements": "Avance del mes registrado en la prueba de carga.",
        }
        territories = [name for name in fields if name.startswith("terr_committed_")]
        for name in fields:
            if name.startswith("qty_"):
                data[name] = self.rng.randint(0, 20)
        for i, name in enumerate(territories):
            data[name] = committed if i == 0 else 0
            data[name.replace("committed", "beneficiaries")] = self.rng.randint(0, 50)
        self.call(
            "POST", f"/seguimiento/reportes/{pk}/editar/", "report form (POST)",
            lambda r: r.status_code == 302 and "/seguimiento/reportes/" in r.headers.get("Location", ""), data=data,
        )

    def lead_task(self):
        task = self.rng.choices(("edit", "dashboard", "report", "projects"), weights=(3, 2, 1, 1))[0]
        if task == "edit":
            self.edit_report()
        elif task == "dashboard":
            self.get("/seguimiento/", "follow-up dashboard")
        elif task == "report":
            self.get(f"/seguimiento/reportes/{self.rng.choice(self.reports)}/", "report page")
        else:
            self.get("/proyectos/", "project list")

    def planner_task(self):
        label, url = self.rng.choice(sorted(self.pages.items()))
        self.get(url, label)

    def run(self):
        task = self.lead_task if self.reports else self.planner_task
        while time.monotonic() < self.stop_at:
            task()
            pause = self.rng.uniform(1, 3)
            if time.monotonic() + pause >= self.stop_at:
                break
            time.sleep(pause)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(label: str, samples: list[Sample], seconds: float) -> str:
    times = [s.ms for s in samples]
    errors = sum(not s.ok for s in samples)
    saves = sum(s.method == "POST" and s.ok for s in samples)
    return (
        f"LOADTEST {label}: requests={len(samples)} errors={errors} p50={percentile(times, 0.5):.0f}ms "
        f"p95={percentile(times, 0.95):.0f}ms p99={percentile(times, 0.99):.0f}ms "
        f"mean={statistics.fmean(times) if times else 0:.0f}ms saves={saves} rps={len(samples) / seconds:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", required=True, help="comma-separated base URLs; users are spread over them")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--spawn-seconds", type=float, default=5.0, help="all users start within this time")
    args = parser.parse_args()
    hosts = [h.rstrip("/") for h in args.hosts.split(",") if h]
    reports: dict[str, list[int]] = json.load(open(os.environ["BENCH_REPORTS"]))
    sessions: dict[str, list[str]] = json.load(open(os.environ["BENCH_SESSIONS"]))
    pages: dict[str, str] = json.load(open(os.environ["BENCH_PAGES"]))
    leads = sorted(reports)
    recorder = Recorder()
    start = time.monotonic()
    stop_at = start + args.spawn_seconds + args.duration
    users = []
    for i in range(args.users):
        # Pairs (a lead, a planner) go round the hosts, so each host gets both kinds of user.
        host = hosts[(i // 2) % len(hosts)]
        if i % 2 == 0:  # half leads, each a distinct one
            username = leads[(i // 2) % len(leads)]
            user = User(i, host, username, sessions[username][0], reports[username], pages, recorder, stop_at)
        else:
            key = sessions["planeador"][(i // 2) % len(sessions["planeador"])]
            user = User(i, host, "planeador", key, [], pages, recorder, stop_at)
        users.append(user)
    for i, user in enumerate(users):
        time.sleep(max(0.0, start + args.spawn_seconds * i / max(1, len(users)) - time.monotonic()))
        user.start()
    for user in users:
        user.join(timeout=args.spawn_seconds + args.duration + 120)
    seconds = time.monotonic() - start
    samples = recorder.samples
    by_name: dict[str, list[Sample]] = {}
    for s in samples:
        by_name.setdefault(f"{s.method} {s.name}", []).append(s)
    for name, group in sorted(by_name.items()):
        times = [s.ms for s in group]
        print(f"  {name:<45} n={len(group):>5} errors={sum(not s.ok for s in group):>3} "
              f"p50={percentile(times, 0.5):>6.0f}ms p95={percentile(times, 0.95):>6.0f}ms")
    if len(hosts) > 1:
        for host in hosts:
            print(summary(host, [s for s in samples if s.host == host], seconds))
    print(summary("all", samples, seconds))
    # The run starts cold (the shared cache emptied): the first requests compute what the rest
    # read. The same figures without the requests sent in the first WARM_UP seconds tell the two apart.
    warm = [s for s in samples if s.started >= start + WARM_UP]
    if warm:
        print(summary(f"after the first {WARM_UP:.0f} s", warm, seconds - WARM_UP))
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"CPU load generator: {usage.ru_utime + usage.ru_stime:.1f} s")
    return 1 if any(not s.ok for s in samples) else 0


if __name__ == "__main__":
    raise SystemExit(main())
