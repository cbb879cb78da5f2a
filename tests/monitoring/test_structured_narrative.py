"""The monthly report's structured narrative: logros, dificultades, acciones de mejora — typed in the
form, shown on the report and review pages, required (logros) to submit, and carried by the workbook."""
from __future__ import annotations

import io

import openpyxl
import pytest

from isvimed_planning.workflow import DomainError
from monitoring import services
from monitoring.models import ProgressReport
from tests.monitoring.builders import edit_data, report, reporting_project
from tests.workbook.builders import BPIN, HEADERS, base_data, make_leads, run_import

TEXTS = {
    "achievements": "Se entregaron 12 mejoramientos en Robledo.",
    "difficulties": "Las lluvias de abril retrasaron las obras.",
    "improvement_actions": "Turnos adicionales en mayo.",
}


@pytest.fixture
def project(lead):
    return reporting_project(lead=lead)


def test_the_form_shows_again_what_was_typed_when_it_is_refused(login, lead, project):
    rep = report(project, month=3, achievements="")
    response = login(lead).post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, committed="abc", **TEXTS))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escriba un valor en pesos, p. ej. 1.234.567,50." in html
    for text in TEXTS.values():
        assert text in html
    rep.refresh_from_db()
    assert (rep.achievements, rep.difficulties, rep.improvement_actions, rep.version) == ("", "", "", 1)


def test_the_three_texts_are_saved_and_shown_on_the_report_and_review_pages(login, lead, planner, project):
    rep = report(project, month=3)
    client = login(lead)
    assert client.post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, **TEXTS)).status_code == 302
    rep.refresh_from_db()
    assert {name: getattr(rep, name) for name in TEXTS} == TEXTS
    page = client.get(f"/seguimiento/reportes/{rep.pk}/").content.decode()
    for heading, text in zip(("Logros", "Dificultades", "Acciones de mejora"), TEXTS.values(), strict=True):
        assert f"<dt>{heading}</dt>" in page and text in page
    services.report_transition(report=rep, by=lead, name="submit")
    review = login(planner).get(f"/seguimiento/reportes/{rep.pk}/accion/approve/").content.decode()
    for text in TEXTS.values():
        assert text in review


def test_submitting_requires_the_achievements(login, lead, project):
    rep = report(project, month=3, achievements="  ", difficulties="Lluvias", improvement_actions="Turnos")
    with pytest.raises(DomainError) as exc:
        services.report_transition(report=rep, by=lead, name="submit")
    assert (exc.value.message, exc.value.field) == ("Escriba los logros del mes antes de enviar el reporte.", "achievements")
    rep.refresh_from_db()
    assert rep.state == "pending"
    ok = report(project, month=4, difficulties="", improvement_actions="")
    services.report_transition(report=ok, by=lead, name="submit")
    assert ok.state == "submitted"


# --- The workbook: ejecucion_financiera carries logros, dificultades, acciones_mejora -----


def _with_narrative(data):
    data["ejecucion_financiera"][0] += ["Logros de enero", "Dificultades de enero", "Acciones de enero"]
    data["ejecucion_financiera"][1] += ["Logros de febrero", None, None]
    return data


# The first edition of the workbook: ejecucion_financiera without the narrative.
FIRST_EDITION = {**HEADERS, "ejecucion_financiera": HEADERS["ejecucion_financiera"][:6]}


def _import(data, tmp_path, headers=None):
    from tests.workbook.builders import write

    path = tmp_path / "libro.xlsx"
    write(data, path, headers=headers)
    return run_import(path, tmp_path)


def _texts():
    return sorted(
        ProgressReport.objects.filter(project__bank_code=BPIN).values_list(
            "month", "achievements", "difficulties", "improvement_actions"
        )
    )


def test_the_workbook_imports_exports_and_reimports_the_narrative(db, tmp_path):
    from isvimed_planning.workbook.exporter import export_workbook

    make_leads()
    code, out, err = _import(_with_narrative(base_data()), tmp_path)
    assert (code, err) == (0, [])
    expected = [(1, "Logros de enero", "Dificultades de enero", "Acciones de enero"), (2, "Logros de febrero", "", "")]
    assert _texts() == expected
    buffer = io.BytesIO()
    export_workbook(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["ejecucion_financiera"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][-3:] == ["logros", "dificultades", "acciones_mejora"]
    assert [r[-3:] for r in rows[1:]] == [
        ["Logros de enero", "Dificultades de enero", "Acciones de enero"], ["Logros de febrero", None, None]
    ]
    path = tmp_path / "exportado.xlsx"
    path.write_bytes(buffer.getvalue())
    code, out, err = run_import(path, tmp_path)
    assert (code, err) == (0, [])
    assert "ejecucion_financiera: 0 creadas, 0 actualizadas, 2 sin cambios" in out
    assert _texts() == expected


def test_a_workbook_without_the_narrative_columns_keeps_the_texts(db, tmp_path):
    make_leads()
    assert _import(_with_narrative(base_data()), tmp_path)[0] == 0
    code, out, err = _import(base_data(), tmp_path, FIRST_EDITION)
    assert (code, err) == (0, [])
    assert _texts()[0] == (1, "Logros de enero", "Dificultades de enero", "Acciones de enero")
