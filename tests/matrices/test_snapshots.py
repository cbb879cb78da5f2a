"""Snapshots: requested, generated once, regenerated cleanly after a crash, scheduled idempotently."""
import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from isvimed_planning.workflow import DomainError
from monitoring.matrix_services import scheduled_snapshot, snapshot_generate, snapshot_request
from monitoring.models import MatrixSnapshot
from tests.matrices.builders import CUTOFF, load


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in (media / "matrices").rglob("*") if p.is_file())


def test_request_keeps_a_queued_snapshot_and_queues_the_job_on_commit(data, planner, django_capture_on_commit_callbacks):
    with mock.patch("monitoring.tasks.generate_matrix_snapshot.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            snapshot = snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
    snapshot.refresh_from_db()
    assert (snapshot.state, snapshot.kind, snapshot.year, snapshot.cutoff) == ("queued", "plan-accion", 2025, CUTOFF)
    assert snapshot.requested_by == planner
    delay.assert_called_once_with(snapshot.pk)


def test_request_fails_cleanly_when_the_broker_is_down(data, planner, django_capture_on_commit_callbacks):
    with mock.patch("monitoring.tasks.generate_matrix_snapshot.delay", side_effect=OperationalError("down")):
        with pytest.raises(DomainError) as exc:
            with django_capture_on_commit_callbacks(execute=True):
                snapshot_request(kind="plan-accion", year=2025, cutoff=CUTOFF, by=planner)
    assert exc.value.message == "No se pudo poner en cola la generación. Intente de nuevo en unos minutos."
    snapshot = MatrixSnapshot.objects.get()
    assert snapshot.state == "failed"
    assert snapshot.error == "No se pudo poner en cola la generación. Intente de nuevo en unos minutos."


def test_request_refuses_a_cutoff_outside_the_year(db, planner):
    with pytest.raises(DomainError) as exc:
        snapshot_request(kind="plan-accion", year=2025, cutoff=dt.date(2026, 1, 31), by=planner)
    assert exc.value.message == "La fecha de corte debe estar dentro de la vigencia 2025."
    assert not MatrixSnapshot.objects.exists()


def test_generate_writes_the_file_once_and_a_second_run_changes_nothing(data, planner, media):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    snapshot_generate(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert (snapshot.state, snapshot.progress) == ("done", 100)
    assert snapshot.finished_at is not None
    with snapshot.file.open("rb") as f:
        wb = load(f.read())
    assert wb["Proyectos"]["L7"].value == 500000000
    first = snapshot.file.name
    snapshot_generate(snapshot_id=snapshot.pk)  # a duplicate delivery of the job
    snapshot.refresh_from_db()
    assert snapshot.file.name == first
    assert len(stored_files(media)) == 1


def test_generate_after_a_crash_starts_over_and_leaves_one_file(data, planner, media):
    # The crashed run wrote into an anonymous temporary file of its own process: gone with it.
    snapshot = MatrixSnapshot.objects.create(kind="georreferenciacion", year=2025, cutoff=CUTOFF, state="running", progress=40)
    snapshot_generate(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.state == "done"
    files = stored_files(media)
    assert files == [media / snapshot.file.name]
    with snapshot.file.open("rb") as f:
        assert load(f.read())["Georreferenciación"]["I7"].value == 100000000


def test_scheduled_snapshot_run_twice_keeps_one_snapshot_and_one_file(data, media):
    first = scheduled_snapshot(kind="plan-indicativo", year=2025, cutoff=CUTOFF, schedule_key="corte-2025-06")
    second = scheduled_snapshot(kind="plan-indicativo", year=2025, cutoff=CUTOFF, schedule_key="corte-2025-06")
    assert first.pk == second.pk
    assert second.state == "done"
    assert MatrixSnapshot.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_the_requester_is_told_when_the_matrix_is_ready(data, planner):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    snapshot_generate(snapshot_id=snapshot.pk)
    notice = planner.notices.get()
    assert notice.title == "La matriz Plan de Acción 2025 está lista"
    assert notice.url == f"/seguimiento/matrices/{snapshot.pk}/"


def test_a_job_that_fails_marks_the_snapshot_failed_and_the_page_says_so(data, planner, login):
    from monitoring.tasks import generate_matrix_snapshot

    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    with mock.patch("monitoring.matrix_services.compute", side_effect=ValueError("bug")):
        generate_matrix_snapshot.apply(args=[snapshot.pk])
    snapshot.refresh_from_db()
    message = "La tarea falló por un error inesperado; no se guardó nada. Puede reintentarla."
    assert (snapshot.state, snapshot.error) == ("failed", message)
    page = login(planner).get(f"/seguimiento/matrices/{snapshot.pk}/").content.decode()
    assert message in page
    assert "Reintentar la generación" in page
    assert "data-progress-url" not in page


def test_a_job_that_keeps_hitting_a_transient_error_gives_up_after_its_retries(data, planner):
    from monitoring.tasks import generate_matrix_snapshot

    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    with mock.patch("monitoring.matrix_services.compute", side_effect=OSError("disk")) as compute:
        generate_matrix_snapshot.apply(args=[snapshot.pk])
    assert compute.call_count == 1 + generate_matrix_snapshot.max_retries
    snapshot.refresh_from_db()
    assert snapshot.state == "failed"
