"""Two people edit the same report: the second save, based on an old version, is refused."""
from isvimed_planning.workflow import DomainError
from monitoring import services
from tests.monitoring.builders import edit_data, report, reporting_project

import pytest

STALE = "Otra persona modificó este reporte mientras usted lo editaba. Revise los cambios y vuelva a intentarlo."


def test_stale_save_is_refused_and_the_first_one_kept(login, planner, lead):
    rep = report(reporting_project(lead=lead), state="pending")
    stale_form = edit_data(rep, achievements="Versión del responsable")
    first = login(planner).post(f"/seguimiento/reportes/{rep.pk}/editar/", edit_data(rep, achievements="Versión de Planeación"))
    assert first.status_code == 302
    second = login(lead).post(f"/seguimiento/reportes/{rep.pk}/editar/", stale_form)
    assert second.status_code == 200
    assert STALE in second.content.decode()
    assert 'Versión del responsable' in second.content.decode()  # what was typed is shown again
    rep.refresh_from_db()
    assert rep.achievements == "Versión de Planeación" and rep.version == 2


def test_stale_transition_is_refused(planner, lead):
    rep = report(reporting_project(lead=lead), state="submitted")
    with pytest.raises(DomainError) as exc:
        services.report_approve(report=rep, by=planner, version=rep.version - 1 if rep.version > 1 else 99)
    assert exc.value.message == STALE
    rep.refresh_from_db()
    assert rep.state == "submitted"


def test_stale_evidence_upload_is_refused(lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.monitoring.builders import small_pdf

    rep = report(reporting_project(lead=lead), state="pending")
    with pytest.raises(DomainError) as exc:
        services.evidence_add(report=rep, by=lead, upload=SimpleUploadedFile("a.pdf", small_pdf()), version=rep.version + 5)
    assert exc.value.message == STALE
    assert rep.evidence.count() == 1
