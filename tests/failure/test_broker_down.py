"""Redis stops: the pages keep working, a matrix request says at once that it could not be queued,
a large workbook import says so on its page; Redis comes back and the work goes through.

The test runs its own redis-server on a free port (never the shared one) and points the app's
Celery at it."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import kombu.pools
import pytest

from isvimed_planning.celery import app
from isvimed_planning.workbook.models import ImportJob
from monitoring.models import MatrixSnapshot
from tests.matrices.builders import dataset
from tests.worker import running_worker, wait_for
from tests.workbook.builders import base_data, make_leads, write

pytestmark = pytest.mark.celery_worker

QUEUE_ERROR = "No se pudo poner en cola la generación. Intente de nuevo en unos minutos."
IMPORT_QUEUE_ERROR = "No se pudo poner en cola: el servicio de tareas en segundo plano no responde. Intente más tarde."
MATRICES = "/seguimiento/matrices/"
REQUEST = {"kind": "plan-accion", "year": "2025", "cutoff": "2025-06-30"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, port: int):
        self.port, self.proc = port, None

    def start(self):
        self.proc = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


def _point_celery_at(url: str, monkeypatch) -> None:
    """The broker URL the web process publishes to, with no connection kept to the old one."""
    # Celery reads the CELERY_BROKER_URL variable before its own setting (make test sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.broker_url = url
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools per connection in a global registry; drop the ones bound to the
    # closed pool, or the next publish fails with "Acquire on closed pool".
    kombu.pools.reset()


@pytest.fixture
def private_redis(settings, tmp_path, monkeypatch):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed")
    redis = PrivateRedis(_free_port())
    redis.start()
    url = f"redis://127.0.0.1:{redis.port}/0"
    original = app.conf.broker_url
    settings.CELERY_BROKER_URL = url  # what tests.worker gives the worker process
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    _point_celery_at(url, monkeypatch)
    try:
        yield redis
    finally:
        redis.stop()
        _point_celery_at(original, monkeypatch)


def _timed_post(client, url, data, **kw):
    started = time.monotonic()
    response = client.post(url, data, **kw)
    return response, time.monotonic() - started


def test_redis_down_pages_work_the_request_is_refused_at_once_and_goes_through_when_redis_is_back(
    transactional_db, private_redis, login, planner, lead, lead2
):
    dataset(lead=lead, lead2=lead2)
    client = login(planner)
    private_redis.stop()

    for url in ("/", "/proyectos/", MATRICES, "/presupuesto/", "/seguimiento/"):
        assert client.get(url).status_code == 200, url
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["broker"].startswith("error")

    response, seconds = _timed_post(client, MATRICES, REQUEST)
    assert seconds < 8, f"the request hung {seconds:.1f} s with Redis down"
    assert response.status_code == 400
    assert QUEUE_ERROR in response.content.decode()
    failed = MatrixSnapshot.objects.get()
    assert (failed.state, failed.error) == ("failed", QUEUE_ERROR)

    private_redis.start()
    assert client.get("/healthz").json()["broker"] == "ok"
    with running_worker():  # (it purges the queue when it starts: request once it runs)
        response, seconds = _timed_post(client, MATRICES, REQUEST)
        assert response.status_code == 302 and seconds < 8
        snapshot = MatrixSnapshot.objects.exclude(pk=failed.pk).get()
        done = wait_for(lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, state__in=["done", "failed"]).first(),
                        timeout=90)
    assert (done.state, done.progress, done.error) == ("done", 100, "")
    assert done.file
    page = client.get(f"/seguimiento/matrices/{done.pk}/").content.decode()
    assert QUEUE_ERROR not in page
    assert MatrixSnapshot.objects.get(pk=failed.pk).state == "failed", "the refused request stays failed"


def test_a_queued_workbook_import_with_redis_down_says_so_and_goes_through_when_redis_is_back(
    transactional_db, private_redis, login, planner, settings
):
    settings.WORKBOOK_SYNC_MAX_BYTES = 0  # every file goes to the worker
    make_leads()  # the workbook's responsables (an unknown one is an error)
    client = login(planner)
    private_redis.stop()
    upload = write(base_data())
    response, seconds = _timed_post(client, "/libro/", {"file": upload})
    assert seconds < 8, f"the upload hung {seconds:.1f} s with Redis down"
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == "failed"
    assert IMPORT_QUEUE_ERROR in client.get(f"/libro/importaciones/{job.pk}/").content.decode()

    private_redis.start()
    with running_worker():  # (it purges the queue when it starts: upload once it runs)
        response = client.post("/libro/", {"file": write(base_data())})
        assert response.status_code == 302
        again = ImportJob.objects.exclude(pk=job.pk).get()
        checked = wait_for(lambda: ImportJob.objects.filter(pk=again.pk).exclude(state="checking").first(), timeout=90)
    assert checked.state == "checked", (checked.preview or {}).get("errors", checked.error)
