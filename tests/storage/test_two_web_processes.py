"""Two machines' worth of processes on one: two web processes (gunicorn, each on its own port with
its own MEDIA_ROOT and TMPDIR) and a Celery worker (its own folders too), sharing only the
database, Redis and an S3 server. A lead's evidence uploaded through one web process is
downloaded by the planner through the other; a matrix the worker generates is downloaded through
the second web process. Nothing lands on any process's local disk."""
from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import boto3
import pytest
import redis
import requests
from django.core.management import call_command

from isvimed_planning.storage_config import S3_BACKEND, default_storage_from_env
from monitoring.models import Evidence, MatrixSnapshot
from tests.conftest import PASSWORD
from tests.matrices.builders import dataset, load
from tests.monitoring.builders import report, reporting_project, small_pdf
from tests.s3_server import free_port, s3_server
from tests.worker import ROOT, running_worker, wait_for, worker_env

pytestmark = pytest.mark.celery_worker

BUCKET = "isvimed-compartido"
REGION = "us-east-1"


class Forms(HTMLParser):
    """The forms of a page: action -> its named inputs' values (hidden ones included)."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._current: dict[str, str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = self.forms.setdefault(attrs.get("action") or "", {})
        elif tag == "input" and self._current is not None and attrs.get("name"):
            self._current[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_on(session: requests.Session, page_url: str, action: str) -> dict[str, str]:
    page = session.get(page_url, timeout=20)
    assert page.status_code == 200, page.text[:500]
    forms = Forms(page.text).forms
    assert action in forms, f"no form posting to {action} on {page_url}: {list(forms)}"
    return forms[action]


def log_in(session: requests.Session, base: str, username: str) -> None:
    """Through the real login form: its CSRF token, then the POST."""
    fields = form_on(session, f"{base}/cuenta/ingresar/", "")
    fields.update(username=username, password=PASSWORD)
    answer = session.post(f"{base}/cuenta/ingresar/", data=fields, allow_redirects=False, timeout=20)
    assert answer.status_code == 302, answer.text[:1000]


@pytest.fixture
def shared_bucket(settings, monkeypatch):
    """An S3 server on loopback, its bucket created by `manage.py ensure_storage_bucket`, and
    this process's STORAGES["default"] pointing to it (the child processes get the same through
    tests.worker.storage_env)."""
    with s3_server() as endpoint:
        for name, value in {
            "STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": REGION, "AWS_ACCESS_KEY_ID": "clave-de-prueba",
            "AWS_SECRET_ACCESS_KEY": "secreto-de-prueba", "AWS_S3_ADDRESSING_STYLE": "path",
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("AWS_LOCATION", raising=False)
        default = default_storage_from_env()
        assert default["BACKEND"] == S3_BACKEND
        settings.STORAGES = {**settings.STORAGES, "default": default}
        call_command("ensure_storage_bucket", "--wait", "10", stdout=open("/dev/null", "w"))
        yield boto3.client(
            "s3", endpoint_url=endpoint, region_name=REGION,
            aws_access_key_id="clave-de-prueba", aws_secret_access_key="secreto-de-prueba",
        )


@pytest.fixture
def shared_cache(settings):
    """The web processes' cache: the suite's Redis (its broker's database), as production shares
    one; their keys are removed afterwards so that no later test reads them."""
    yield settings.CELERY_BROKER_URL
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    for key in client.scan_iter(match="isvimed:*"):
        client.delete(key)


def local_folders(tmp_path: Path, name: str) -> dict[str, str]:
    """A process's own MEDIA_ROOT and TMPDIR, as on a machine of its own."""
    media, tmp = tmp_path / name / "media", tmp_path / name / "tmp"
    media.mkdir(parents=True)
    tmp.mkdir(parents=True)
    return {"MEDIA_ROOT": str(media), "TMPDIR": str(tmp)}


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@contextlib.contextmanager
def web_process(name: str, env: dict[str, str], log_dir: Path):
    """`gunicorn` (one worker) on a free loopback port; yields its base URL once /healthz answers."""
    port = free_port()
    log = log_dir / f"{name}.log"
    cmd = [
        sys.executable, "-m", "gunicorn", "isvimed_planning.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--timeout", "60", "--error-logfile", "-",
    ]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} (gunicorn) did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_evidence_and_a_matrix_cross_from_one_web_process_to_the_other_through_the_bucket(
    transactional_db, settings, shared_bucket, shared_cache, tmp_path, planner, lead, lead2
):
    pending = report(reporting_project(lead=lead, name="Mejoramiento de vivienda Moravia"), evidence=False)
    dataset(lead=lead, lead2=lead2)
    # The test process's own MEDIA_ROOT must stay empty too (worker_env passes the bucket's options).
    settings.MEDIA_ROOT = tmp_path / "test-process" / "media"
    worker_folders = local_folders(tmp_path, "worker")
    # Production-like: the versioned cache in the same Redis for both web processes.
    shared = {**worker_env(), "CACHE_URL": shared_cache}
    web1_folders, web2_folders = local_folders(tmp_path, "web1"), local_folders(tmp_path, "web2")
    log_dir = tmp_path
    with (
        web_process("web1", {**shared, **web1_folders}, log_dir) as web1,
        web_process("web2", {**shared, **web2_folders}, log_dir) as web2,
        running_worker(extra_env=worker_folders),
    ):
        assert web1 != web2
        # The lead uploads evidence through web 1, with the report page's upload form.
        as_lead = requests.Session()
        log_in(as_lead, web1, lead.username)
        content = small_pdf("Acta de entrega Moravia")
        upload = f"/seguimiento/reportes/{pending.pk}/evidencias/"
        fields = form_on(as_lead, f"{web1}/seguimiento/reportes/{pending.pk}/", upload)
        fields["description"] = "Acta firmada"
        answer = as_lead.post(
            f"{web1}{upload}", data=fields, allow_redirects=False, timeout=30,
            files={"file": ("Acta de entrega Moravia.pdf", content, "application/pdf")},
        )
        assert answer.status_code == 302, answer.text[:1000]
        evidence = Evidence.objects.get(report=pending)

        # The planner, logged in through web 2, downloads the same bytes from it.
        as_planner = requests.Session()
        log_in(as_planner, web2, planner.username)
        download = as_planner.get(f"{web2}/seguimiento/evidencias/{evidence.pk}/descargar/", timeout=30)
        assert download.status_code == 200
        assert download.headers["Content-Disposition"] == 'attachment; filename="Acta de entrega Moravia.pdf"'
        assert download.content == content

        # The planner asks for a matrix through web 1 (the session is in the database, so the
        # same cookie is good on both), the worker writes it to the bucket, web 2 serves it.
        matrices = "/seguimiento/matrices/"
        fields = form_on(as_planner, f"{web1}{matrices}", "")  # the request form posts to its page
        fields.update(kind="plan-accion", year="2025", cutoff="30/06/2025")
        answer = as_planner.post(f"{web1}{matrices}", data=fields, allow_redirects=False, timeout=30)
        assert answer.status_code == 302, answer.text[:1000]
        snapshot = MatrixSnapshot.objects.get()
        done = wait_for(
            lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, state__in=("done", "failed")).first(), timeout=45
        )
        assert done.state == "done", done.error
        download = as_planner.get(f"{web2}{matrices}{done.pk}/descargar/", timeout=30)
        assert download.status_code == 200
        assert download.headers["Content-Disposition"] == 'attachment; filename="plan-accion-2025-corte-2025-06-30.xlsx"'
        assert load(download.content)["Proyectos"]["L7"].value == 500000000

    stored = sorted(item["Key"] for item in shared_bucket.list_objects_v2(Bucket=BUCKET).get("Contents", []))
    assert stored == sorted([evidence.file.name, done.file.name])
    assert shared_bucket.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read() == content
    assert re.fullmatch(r"matrices/2025/.+\.xlsx", done.file.name)
    for folders in (web1_folders, web2_folders, worker_folders):
        assert files_under(Path(folders["MEDIA_ROOT"])) == []
    assert files_under(Path(settings.MEDIA_ROOT)) == []
