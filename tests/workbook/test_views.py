"""The import in the browser (server side): upload → dry-run preview → confirm; who may do it."""
from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from isvimed_planning.workbook.models import ImportJob
from projects.models import Project
from tests.workbook.builders import HEADERS, base_data, db_state, write

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(data, name="plan.xlsx"):
    return SimpleUploadedFile(name, write(data).getvalue(), content_type=XLSX)


def test_planner_previews_then_confirms_the_import(login, planner):
    client = login(planner)
    before = db_state()
    response = client.post("/libro/", {"file": upload(base_data())}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "La validación no encontró errores. Nada se ha guardado todavía." in page
    assert "Confirmar importación" in page
    assert "<td>proyectos</td><td class=\"num\">2</td>" in page
    assert db_state() == before
    job = ImportJob.objects.get()
    assert job.state == "checked"
    response = client.post(f"/libro/importaciones/{job.pk}/confirmar/", follow=True)
    page = response.content.decode()
    assert "Libro importado: los cambios quedaron guardados con el historial «Importado de plan.xlsx por planeador»." in page
    project = Project.objects.get(bank_code="2024050010001")
    assert project.history.get().history_user == planner
    # A confirmed job cannot be confirmed again.
    response = client.post(f"/libro/importaciones/{job.pk}/confirmar/", follow=True)
    assert "Esta importación ya no se puede confirmar." in response.content.decode()


def test_preview_lists_every_error_and_warning_and_offers_no_confirm(login, planner):
    data = base_data()
    data["proyectos"][0][6] = 13
    data["metas_anuales"][0][2] = "x"
    data["indicadores"][1][10] = 10
    response = login(planner).post("/libro/", {"file": upload(data)}, follow=True)
    page = response.content.decode()
    assert "El libro tiene 2 errores: no se guardó nada." in page
    assert "<td>proyectos</td><td class=\"num\">2</td><td>codigo_territorio</td><td>un proyecto ordinario no lleva codigo_territorio</td>" in page
    assert "<td>metas_anuales</td><td class=\"num\">2</td><td>meta</td><td>«x» no es un número</td>" in page
    assert "las ponderaciones de los indicadores del programa 4.3.1 suman 70, no 100" in page
    assert "Confirmar importación" not in page
    assert ImportJob.objects.get().state == "invalid"


def test_a_file_that_is_not_xlsx_is_refused_with_a_clear_message(login, planner):
    fake = SimpleUploadedFile("plan.xlsx", b"codigo;nombre\nSUB;Vivienda\n", content_type=XLSX)
    response = login(planner).post("/libro/", {"file": fake})
    assert response.status_code == 200
    assert "El archivo no es un libro de Excel .xlsx válido. Guárdelo desde Excel como «Libro de Excel (.xlsx)»." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_docx_renamed_xlsx_is_refused(login, planner):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    fake = SimpleUploadedFile("plan.xlsx", buffer.getvalue(), content_type=XLSX)
    response = login(planner).post("/libro/", {"file": fake})
    assert "El archivo no es un libro de Excel .xlsx válido." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_progress_json_for_the_page_script(login, planner):
    login(planner).post("/libro/", {"file": upload(base_data())})
    job = ImportJob.objects.get()
    data = login(planner).get(f"/libro/importaciones/{job.pk}/progreso/").json()
    assert data == {"progress": 100, "state": "checked", "label": "Validado, por confirmar", "done_url": f"/libro/importaciones/{job.pk}/"}
    ImportJob.objects.filter(pk=job.pk).update(state="importing", progress=40, label="Leyendo la hoja avance_fisico")
    data = login(planner).get(f"/libro/importaciones/{job.pk}/progreso/").json()
    assert data == {"progress": 40, "state": "importing", "label": "Leyendo la hoja avance_fisico", "done_url": None}


def test_only_planning_and_admin_import(login, lead, reader, finance, sysadmin):
    assert login(lead).get("/libro/").status_code == 403
    assert login(reader).post("/libro/", {"file": upload(base_data())}).status_code == 403
    assert login(finance).post("/libro/", {"file": upload(base_data())}).status_code == 403
    assert not ImportJob.objects.exists()
    assert "Importar un libro" not in login(reader).get("/libro/").content.decode()
    response = login(sysadmin).post("/libro/", {"file": upload(base_data())}, follow=True)
    assert "Confirmar importación" in response.content.decode()
    job = ImportJob.objects.get()
    assert login(reader).get(f"/libro/importaciones/{job.pk}/").status_code == 403
    assert login(reader).post(f"/libro/importaciones/{job.pk}/confirmar/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/libro/")
    assert response.status_code == 302
    assert "/cuenta/ingresar/" in response["Location"]


def test_empty_template_has_every_sheet_with_its_headers(login, reader):
    response = login(reader).get("/libro/plantilla/")
    assert response["Content-Type"] == XLSX
    assert 'filename="plantilla-libro-planeacion.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == list(HEADERS)
    for name, headers in HEADERS.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert rows == [tuple(headers)]


def test_export_download_holds_the_data(login, planner):
    client = login(planner)
    client.post("/libro/", {"file": upload(base_data())})
    client.post(f"/libro/importaciones/{ImportJob.objects.get().pk}/confirmar/")
    response = client.get("/libro/exportar/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [r[0] for r in book["proyectos"].iter_rows(min_row=2, values_only=True)] == ["2024050010001", "2024050010002"]


def test_a_large_file_with_the_broker_down_fails_visibly(
    login, planner, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from isvimed_planning.workbook import tasks

    settings.WORKBOOK_SYNC_MAX_BYTES = 0

    def broker_down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.process_import_job, "delay", broker_down)
    client = login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/libro/", {"file": upload(base_data())})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.state == "failed"
    page = client.get(f"/libro/importaciones/{job.pk}/").content.decode()
    assert "No se pudo poner en cola: el servicio de tareas en segundo plano no responde. Intente más tarde." in page
