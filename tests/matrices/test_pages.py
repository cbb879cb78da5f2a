"""Matrices pages: who may use them, the request form, progress JSON, the list, the download."""
from unittest import mock

import pytest

from monitoring.matrix_services import snapshot_generate
from monitoring.models import MatrixSnapshot
from tests.matrices.builders import CUTOFF, load

URL = "/seguimiento/matrices/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_lead_cannot_open_the_matrices(login, lead):
    assert login(lead).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_planner_requests_a_matrix_and_follows_its_progress(data, planner, login, django_capture_on_commit_callbacks):
    client = login(planner)
    assert "Generar matriz" in client.get(URL).content.decode()
    with mock.patch("monitoring.tasks.generate_matrix_snapshot.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"kind": "plan-accion", "year": "2025", "cutoff": "2025-06-30"})
    snapshot = MatrixSnapshot.objects.get()
    delay.assert_called_once_with(snapshot.pk)
    assert response.status_code == 302 and response["Location"] == f"{URL}{snapshot.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f'data-progress-url="{URL}{snapshot.pk}/progreso/"' in page
    assert "Vigencia 2025 – Fecha de corte 30/06/2025" in page
    assert client.get(f"{URL}{snapshot.pk}/progreso/").json() == {
        "progress": 0, "state": "queued", "label": "En cola…", "done_url": None,
    }
    snapshot_generate(snapshot_id=snapshot.pk)
    assert client.get(f"{URL}{snapshot.pk}/progreso/").json() == {
        "progress": 100, "state": "done", "label": "Lista para descargar", "done_url": f"{URL}{snapshot.pk}/",
    }
    assert "Descargar matriz (.xlsx)" in client.get(f"{URL}{snapshot.pk}/").content.decode()


def test_invalid_request_shows_the_error_and_keeps_nothing(db, planner, login):
    response = login(planner).post(URL, {"kind": "plan-accion", "year": "2025", "cutoff": "2024-12-31"})
    assert response.status_code == 400
    assert "La fecha de corte debe estar dentro de la vigencia 2025." in response.content.decode()
    assert not MatrixSnapshot.objects.exists()


def test_reader_sees_the_list_and_downloads_but_cannot_generate(data, planner, reader, login):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    snapshot_generate(snapshot_id=snapshot.pk)
    client = login(reader)
    page = client.get(URL).content.decode()
    assert "Generar matriz" not in page
    assert "Plan de Acción" in page and "Paula Planeación" in page and "30/06/2025" in page
    assert client.post(URL, {"kind": "plan-accion", "year": "2025", "cutoff": "2025-06-30"}).status_code == 403
    response = client.get(f"{URL}{snapshot.pk}/descargar/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "plan-accion-2025-corte-2025-06-30.xlsx" in response["Content-Disposition"]
    wb = load(b"".join(response.streaming_content))
    assert wb["Proyectos"]["A3"].value == "Vigencia 2025 – Fecha de corte 30/06/2025"


def test_a_lead_cannot_download_a_snapshot(data, planner, lead, login):
    snapshot = MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    snapshot_generate(snapshot_id=snapshot.pk)
    assert login(lead).get(f"{URL}{snapshot.pk}/descargar/").status_code == 404


def test_list_page_queries_do_not_grow_with_snapshots(db, planner, login, django_assert_max_num_queries):
    client = login(planner)
    for i in range(3):
        MatrixSnapshot.objects.create(kind="plan-accion", year=2025, cutoff=CUTOFF, requested_by=planner)
    with django_assert_max_num_queries(12):
        client.get(URL)
    for i in range(20):
        MatrixSnapshot.objects.create(kind="georreferenciacion", year=2025, cutoff=CUTOFF, requested_by=planner)
    with django_assert_max_num_queries(12):
        assert client.get(URL).content.decode().count("Georreferenciación") >= 20
