"""The BPIN as the national project bank writes it: 13 digits (year, DANE code 05001, consecutive),
refused otherwise with the format in the message — at registration, in the workbook, in the admin —
and corrected by Planeación with the change in the project's history."""
from __future__ import annotations

import datetime as dt

import pytest

from isvimed_planning.workflow import DomainError
from projects import services
from projects import workflow as wf
from projects.models import Project
from tests.projects.builders import complete_project
from tests.workbook.builders import base_data, db_state, make_leads, run_import

MESSAGE = (
    "El BPIN debe tener 13 dígitos: el año (4), el código DANE del municipio (05001) y un consecutivo (4); "
    "ej. 2024050010003."
)
BAD = [
    "abc", "202405001000", "20240500100031", "2024050020003", "2024-05001-0003", "2024O50010003",
    "2024050010٠٠3",  # Arabic-Indic digits: Python's \d takes them, the bank does not
]


def _register(project, planner, code):
    return services.project_transition(
        project=project, by=planner, name=wf.REGISTER, bank_code=code, registered_on=dt.date(2024, 3, 1),
    )


@pytest.mark.parametrize("code", BAD)
def test_registration_refuses_a_code_that_is_not_a_bpin(planner, lead, code):
    project = complete_project(lead=lead, state="approved")
    with pytest.raises(DomainError) as exc:
        _register(project, planner, code)
    assert (exc.value.message, exc.value.field) == (MESSAGE, "bank_code")
    project.refresh_from_db()
    assert (project.state, project.bank_code) == ("approved", None)


def test_the_registration_page_shows_the_format_and_keeps_what_was_typed(login, planner, lead):
    project = complete_project(lead=lead, state="approved")
    response = login(planner).post(
        f"/proyectos/{project.pk}/accion/register/",
        {"version": project.version, "bank_code": "abc", "registered_on": "2024-03-01", "comment": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html and 'value="abc"' in html
    project.refresh_from_db()
    assert (project.state, project.bank_code) == ("approved", None)


def test_a_valid_bpin_registers(planner, lead):
    project = complete_project(lead=lead, state="approved")
    _register(project, planner, " 2024050010321 ")
    project.refresh_from_db()
    assert (project.state, project.bank_code) == ("registered", "2024050010321")


def test_a_duplicate_bpin_is_refused(planner, lead):
    complete_project(lead=lead, state="registered", bank_code="2024050010100")
    project = complete_project(lead=lead, state="approved")
    with pytest.raises(DomainError) as exc:
        _register(project, planner, "2024050010100")
    assert exc.value.message == "Ya existe un proyecto con el código BPIN «2024050010100»."


def test_the_dane_code_is_a_setting(settings, planner, lead):
    settings.DANE_MUNICIPALITY_CODE = "76001"
    project = complete_project(lead=lead, state="approved")
    with pytest.raises(DomainError) as exc:
        _register(project, planner, "2024050010003")
    assert exc.value.message == (
        "El BPIN debe tener 13 dígitos: el año (4), el código DANE del municipio (76001) y un consecutivo (4); "
        "ej. 2024760010003."
    )
    _register(project, planner, "2024760010003")
    assert project.bank_code == "2024760010003"


def test_the_model_field_refuses_a_bad_bpin_for_the_admin(lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010200")
    field = Project._meta.get_field("bank_code")
    with pytest.raises(Exception) as exc:
        field.run_validators("abc")
    assert exc.value.messages == [MESSAGE]
    assert field.run_validators(project.bank_code) is None


def test_the_admin_import_refuses_a_bad_bpin(lead):
    import tablib

    from projects.resources import ProjectResource

    project = complete_project(lead=lead, state="registered", bank_code="2024050010201")
    dataset = tablib.Dataset(headers=["id", "bank_code", "name"])
    dataset.append([project.pk, "abc", project.name])
    result = ProjectResource().import_data(dataset, dry_run=True)
    assert result.has_validation_errors()
    assert result.invalid_rows[0].error_dict == {"bank_code": [MESSAGE]}
    project.refresh_from_db()
    assert project.bank_code == "2024050010201"


# --- The workbook: all or nothing, hoja:fila:columna: mensaje ----------------------------


def test_the_importer_refuses_bad_bpins_and_writes_nothing(db, tmp_path):
    make_leads()
    data = base_data()
    data["proyectos"][0][0] = "abc"
    data["proyectos"][1][0] = "2024050020002"
    for sheet in ("productos", "metas_producto", "reprogramaciones", "asignaciones", "modificaciones",
                  "avance_fisico", "ejecucion_financiera", "distribucion_territorial"):
        del data[sheet]
    before = db_state()
    code, out, err = run_import(data, tmp_path)
    assert code == 1
    assert err == [f"proyectos:2:bpin: {MESSAGE}", f"proyectos:3:bpin: {MESSAGE}", "2 errores: no se importó nada."]
    assert db_state() == before


def test_the_sample_style_workbook_still_imports(db, tmp_path):
    make_leads()
    code, out, err = run_import(base_data(), tmp_path)
    assert (code, err) == (0, [])


# --- Correction by Planeación ------------------------------------------------------------


def test_the_planner_corrects_a_bpin_and_the_history_shows_it(login, planner, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010300")
    Project.objects.filter(pk=project.pk).update(bank_code="abc")  # accepted before the format was checked
    project.refresh_from_db()
    client = login(planner)
    page = client.get(f"/proyectos/{project.pk}/").content.decode()
    assert f'href="/proyectos/{project.pk}/bpin/"' in page
    response = client.post(
        f"/proyectos/{project.pk}/bpin/",
        {"version": project.version, "bank_code": "2024050010301", "reason": "Error de digitación"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.bank_code == "2024050010301"
    latest = project.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("BPIN abc → 2024050010301: Error de digitación", planner)
    page = client.get(f"/proyectos/{project.pk}/").content.decode()
    assert "BPIN abc → 2024050010301: Error de digitación" in page


def test_the_correction_is_checked_like_the_registration(login, planner, lead):
    complete_project(lead=lead, state="registered", bank_code="2024050010400")
    project = complete_project(lead=lead, state="registered", bank_code="2024050010401")
    client = login(planner)
    for code, message in (("abc", MESSAGE), ("2024050010400", "Ya existe un proyecto con el código BPIN «2024050010400».")):
        response = client.post(
            f"/proyectos/{project.pk}/bpin/", {"version": project.version, "bank_code": code, "reason": "Corrección"},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    with pytest.raises(DomainError) as exc:
        services.project_bpin_correct(project=project, by=planner, bank_code="2024050010402", reason=" ")
    assert exc.value.message == "Explique por qué se corrige el BPIN."
    project.refresh_from_db()
    assert project.bank_code == "2024050010401"


def test_a_project_without_bpin_has_nothing_to_correct(planner, lead):
    project = complete_project(lead=lead, state="approved")
    with pytest.raises(DomainError) as exc:
        services.project_bpin_correct(project=project, by=planner, bank_code="2024050010500", reason="Corrección")
    assert exc.value.message == services.NO_BANK_CODE


def test_a_lead_cannot_correct_the_bpin(login, lead):
    project = complete_project(lead=lead, state="registered", bank_code="2024050010600")
    with pytest.raises(DomainError) as exc:
        services.project_bpin_correct(project=project, by=lead, bank_code="2024050010601", reason="Corrección")
    assert exc.value.message == "Solo la Subdirección de Planeación corrige el código BPIN."
    client = login(lead)
    assert 'bpin/"' not in client.get(f"/proyectos/{project.pk}/").content.decode()
    response = client.post(
        f"/proyectos/{project.pk}/bpin/", {"version": project.version, "bank_code": "2024050010601", "reason": "x"},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.bank_code == "2024050010600"
