"""A real Celery worker over Redis generates a snapshot end to end, and recovers from a worker
killed half way through the job (the message is delivered again, as Redis does once the
visibility timeout passes)."""
import pytest

from monitoring.matrix_services import snapshot_request
from monitoring.models import MatrixSnapshot
from tests.job_hooks import BLOCK_AT
from tests.matrices.builders import CUTOFF, dataset, load
from tests.worker import forget_unacked, kill_worker, redeliver_unacked, running_worker, wait_for

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    """A private media folder, for this process and the worker's."""
    path = tmp_path / "media"
    settings.MEDIA_ROOT = path
    monkeypatch.setenv("MEDIA_ROOT", str(path))
    return path


def _finished(pk):
    snapshot = MatrixSnapshot.objects.get(pk=pk)
    return snapshot if snapshot.state in ("done", "failed") else None


def test_worker_generates_a_requested_snapshot(transactional_db, media, celery_worker, planner, lead, lead2):
    dataset(lead=lead, lead2=lead2)
    snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
    done = wait_for(lambda: _finished(snapshot.pk), timeout=60)
    assert (done.state, done.progress) == ("done", 100)
    with done.file.open("rb") as f:
        ws = load(f.read())["Proyectos"]
    assert [ws.cell(row=7, column=c).value for c in (4, 11, 12, 17)] == ["20250010", 1650000000, 500000000, 0.76]


def test_a_worker_killed_half_way_is_retried_and_leaves_exactly_one_complete_snapshot(
    transactional_db, media, planner, lead, lead2, monkeypatch
):
    dataset(lead=lead, lead2=lead2)
    forget_unacked()
    monkeypatch.setenv(BLOCK_AT, "40")  # the first worker stops at 40 %, after part of the file is written
    with running_worker(app_module="tests.job_hooks") as first:
        snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
        wait_for(lambda: MatrixSnapshot.objects.filter(pk=snapshot.pk, progress__gte=40).exists(), timeout=60)
        kill_worker(first)
    assert first.returncode == -9
    crashed = MatrixSnapshot.objects.get(pk=snapshot.pk)
    assert (crashed.state, crashed.progress, crashed.file.name) == ("running", 40, "")
    # The half-done work was in an anonymous temporary file of the killed worker: gone with it,
    # nothing under the media folder (which may be a bucket shared by every machine).
    assert [p for p in media.rglob("*") if p.is_file()] == []

    monkeypatch.delenv(BLOCK_AT)
    with running_worker():
        assert redeliver_unacked() == 1
        done = wait_for(lambda: _finished(snapshot.pk), timeout=60)
    assert (done.state, done.progress) == ("done", 100)
    assert MatrixSnapshot.objects.count() == 1
    files = [p for p in (media / "matrices").rglob("*") if p.is_file()]
    assert [p.name for p in files] == [done.file.name.rsplit("/", 1)[-1]]  # one file, no leftovers
    with done.file.open("rb") as f:
        wb = load(f.read())
    assert wb["Proyectos"]["L7"].value == 500000000
    assert wb["Productos"].max_row == 8
