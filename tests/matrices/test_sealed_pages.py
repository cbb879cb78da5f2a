"""The pages of sealed submissions: mark as sent, the sent matrix's page with its check, and the
public list where anyone verifies a file by its SHA-256; each in a constant number of queries."""
import datetime as dt
import hashlib

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.matrix_services import snapshot_generate
from monitoring.models import MatrixSnapshot, MatrixSubmission, SubmissionCheck
from tests.matrices.builders import CUTOFF
from tests.matrices.sealed import sealed_submission

NOW = dt.datetime(2025, 7, 10, 21, 0, tzinfo=dt.UTC)  # 16:00 in Bogotá


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def generated(data, planner):
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
        snapshot_generate(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    return snapshot


def form(**changes):
    data = {"recipient": "DAP – Subdirección de Planeación", "channel": "portal", "sent_date": "10/07/2025",
            "sent_time": "15:30", "note": "Cargada en el portal"}
    data.update(changes)
    return data


def test_the_planner_marks_a_matrix_as_sent_and_sees_it_sealed(generated, planner, login):
    client = login(planner)
    with time_machine.travel(NOW, tick=False):
        assert "Marcar como enviada" in client.get(f"/seguimiento/matrices/{generated.pk}/").content.decode()
        response = client.post(f"/seguimiento/matrices/{generated.pk}/enviar/", form())
    submission = MatrixSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/seguimiento/matrices/enviadas/{submission.pk}/"
    assert submission.sent_at == dt.datetime(2025, 7, 10, 20, 30, tzinfo=dt.UTC)  # 15:30 in Bogotá
    assert (submission.recipient, submission.channel, submission.sent_by) == ("DAP – Subdirección de Planeación", "portal", planner)
    page = client.get(response["Location"]).content.decode()
    with generated.file.open("rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert submission.sha256 == digest and digest in page
    assert "Coincide con su SHA-256" in page and "Intacto" in page
    assert "SAP / portal de la Alcaldía" in page and "10/07/2025 15:30" in page
    download = client.get(f"/seguimiento/matrices/enviadas/{submission.pk}/descargar/")
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == digest


@pytest.mark.parametrize(("changes", "message"), [
    ({"sent_date": "11/07/2025", "sent_time": "09:00"}, "La fecha de envío no puede ser futura."),
    ({"sent_date": "10/07/2025", "sent_time": "08:00"},
     "La fecha de envío no puede ser anterior a la generación de la matriz (10/07/2025 14:00)."),
    ({"channel": "paloma"}, "Elija el medio de envío."),
    ({"sent_time": "25:99"}, "Escriba la hora como hh:mm, p. ej. 14:30."),
])
def test_bad_sending_data_is_refused_in_spanish_and_nothing_is_sealed(generated, planner, login, changes, message):
    with time_machine.travel(NOW, tick=False):
        response = login(planner).post(f"/seguimiento/matrices/{generated.pk}/enviar/", form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MatrixSubmission.objects.exists()


def test_a_matrix_not_generated_yet_cannot_be_marked_as_sent(db, planner, login):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, state="running")
    with time_machine.travel(NOW, tick=False):
        response = login(planner).post(f"/seguimiento/matrices/{snapshot.pk}/enviar/", form())
    assert response.status_code == 400
    assert "Solo se puede marcar como enviada una matriz ya generada." in response.content.decode()


def test_anyone_verifies_a_file_by_its_sha256_on_the_public_list(db, planner, client):
    snapshot = MatrixSnapshot.objects.create(kind="plan-indicativo", year=2025, cutoff=CUTOFF, state="done")
    submission = sealed_submission(snapshot, by=planner, sent_at=NOW)
    page = client.get("/seguimiento/enviados/publico/").content.decode()
    assert submission.sha256 in page and "Fecha de corte 30/06/2025" in page
    found = client.get("/seguimiento/enviados/publico/", {"sha256": submission.sha256.upper()}).content.decode()
    assert "Verificado" in found and "Plan Indicativo, vigencia 2025, fecha de corte 30/06/2025" in found
    other = client.get("/seguimiento/enviados/publico/", {"sha256": "0" * 64}).content.decode()
    assert "No encontrado" in other


def test_the_sent_matrix_page_shows_the_running_check_and_then_its_difference(db, planner, login):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, state="done")
    submission = sealed_submission(snapshot, by=planner, sent_at=NOW)
    client = login(planner)
    check = SubmissionCheck.objects.create(submission=submission, requested_by=planner, state="running", progress=40)
    page = client.get(f"/seguimiento/matrices/enviadas/{submission.pk}/").content.decode()
    assert "data-progress-url" in page and "Recalculando… 40 %" in page
    assert client.get(f"/seguimiento/matrices/enviadas/{submission.pk}/progreso/").json()["progress"] == 40
    _finish(check, changes=1)
    page = client.get(f"/seguimiento/matrices/enviadas/{submission.pk}/").content.decode()
    assert "Idéntica" in page
    assert "Comprometido" in page and "500.000.000" in page and "520.000.000" in page
    assert "Reporte mensual «20250010 Proyecto A 01/2025» modificado (comprometido) por Luisa Líder el 20/07/2025 09:00" in page


def _finish(check, *, changes: int):
    history = [{"model": "reporte mensual", "object": "20250010 Proyecto A 01/2025", "id": 2, "type": "modificado",
                "by": "Luisa Líder", "at": "2025-07-20T14:00:00+00:00", "fields": ["comprometido"],
                "subjects": {"bpin": "20250010"}}]
    rows = [{"sheet": "Proyectos", "cell": f"L{6 + i}", "row_label": "20250010", "header": "Comprometido",
             "old": 500000000, "new": 520000000, "change": "cambió", "subjects": {"bpin": "20250010"}, "causes": [0]}
            for i in range(changes)]
    SubmissionCheck.objects.filter(pk=check.pk).update(
        state="done", progress=100, finished_at=NOW,
        result={"same": True, "recompute_differences": [], "rewind": {"restored": 1, "removed": 0, "gaps": []},
                "changes": rows, "changes_total": changes, "history": history, "file_ok": True},
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_new_pages_run_the_same_number_of_queries_at_two_sizes(db, planner, login, client):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, state="done")
    first = sealed_submission(snapshot, by=planner, sent_at=NOW)
    _finish(SubmissionCheck.objects.create(submission=first, requested_by=planner), changes=2)
    staff = login(planner)
    pages = [f"/seguimiento/matrices/enviadas/{first.pk}/", f"/seguimiento/matrices/{snapshot.pk}/",
             f"/seguimiento/matrices/enviadas/{first.pk}/progreso/"]
    small = [_count(staff, url) for url in pages] + [_count(client, "/seguimiento/enviados/publico/")]
    for k in range(6):
        other = MatrixSnapshot.objects.create(kind="georreferenciacion", year=2025, cutoff=dt.date(2025, k + 1, 28), state="done")
        sealed_submission(other, by=planner, sent_at=NOW, recipient=f"Destinatario {k}")
        sealed_submission(snapshot, by=planner, sent_at=NOW, recipient=f"Otro {k}")
    _finish(SubmissionCheck.objects.create(submission=first, requested_by=planner), changes=40)
    large = [_count(staff, url) for url in pages] + [_count(client, "/seguimiento/enviados/publico/")]
    assert small == large


def test_asking_for_a_check_runs_it_in_the_background_and_the_page_shows_it(generated, planner, login,
                                                                            django_capture_on_commit_callbacks):
    from unittest import mock

    from monitoring.tasks import check_matrix_submission

    client = login(planner)
    with time_machine.travel(NOW, tick=False):
        client.post(f"/seguimiento/matrices/{generated.pk}/enviar/", form())
    submission = MatrixSubmission.objects.get()
    with mock.patch("monitoring.tasks.check_matrix_submission.delay",
                    side_effect=lambda pk: check_matrix_submission.apply(args=[pk])):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/seguimiento/matrices/enviadas/{submission.pk}/verificar/")
    assert response.status_code == 302
    assert SubmissionCheck.objects.get().state == "done"
    page = client.get(f"/seguimiento/matrices/enviadas/{submission.pk}/").content.decode()
    assert "Idéntica" in page and "Ninguna celda cambió desde el envío." in page
