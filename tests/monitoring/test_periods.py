"""The reporting calendar: planning staff set each month's cutoff and deadline; open → closed."""
from monitoring.models import ReportingPeriod
from tests.monitoring.builders import allocate, period, reporting_project


def test_planner_adds_a_period_and_sees_it_in_the_calendar(login, planner):
    client = login(planner)
    response = client.post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "30/04/2025", "report_deadline": "2025-05-09"}
    )
    assert response.status_code == 302
    p = ReportingPeriod.objects.get(year=2025, month=4)
    assert (str(p.cutoff), str(p.report_deadline), p.state) == ("2025-04-30", "2025-05-09", "open")
    page = client.get("/seguimiento/periodos/").content.decode()
    assert "04/2025" in page and "30/04/2025" in page and "09/05/2025" in page


def test_deadline_before_cutoff_is_refused(login, planner):
    response = login(planner).post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "2025-04-30", "report_deadline": "2025-04-20"}
    )
    assert response.context["form"].errors["report_deadline"] == [
        "La fecha límite de reporte no puede ser anterior a la fecha de corte."
    ]
    assert not ReportingPeriod.objects.exists()


def test_cutoff_before_the_month_is_refused(login, planner):
    response = login(planner).post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "2025-03-31", "report_deadline": "2025-04-10"}
    )
    assert response.context["form"].errors["cutoff"] == [
        "La fecha de corte no puede ser anterior al mes que se reporta (abril de 2025)."
    ]


def test_a_month_has_one_period(login, planner):
    period(month=4)
    response = login(planner).post(
        "/seguimiento/periodos/nuevo/", {"year": "2025", "month": "4", "cutoff": "2025-04-30", "report_deadline": "2025-05-10"}
    )
    assert response.context["form"].errors["month"] == ["Ya existe el periodo 04/2025."]


def test_planner_closes_a_period_and_no_report_can_be_opened_in_it(login, planner, lead):
    p = period(month=3)
    assert login(planner).post(f"/seguimiento/periodos/{p.pk}/cerrar/").status_code == 302
    p.refresh_from_db()
    assert p.state == "closed"
    project = allocate(reporting_project(lead=lead)).project
    response = login(lead).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/3/", follow=True)
    assert "El periodo 03/2025 está cerrado; ya no se pueden abrir reportes en él." in response.content.decode()
    assert not project.reports.exists()


def test_lead_opens_the_report_of_an_open_period(login, lead):
    period(month=3)
    project = allocate(reporting_project(lead=lead)).project
    response = login(lead).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/3/")
    rep = project.reports.get()
    assert response["Location"] == f"/seguimiento/reportes/{rep.pk}/editar/"
    assert (rep.year, rep.month, rep.state) == (2025, 3, "pending")


def test_only_planning_staff_edit_the_calendar(login, lead, reader):
    p = period(month=3)
    for user in (lead, reader):
        client = login(user)
        assert client.get("/seguimiento/periodos/nuevo/").status_code == 403
        assert client.post(f"/seguimiento/periodos/{p.pk}/cerrar/").status_code == 403
        assert "Nuevo periodo" not in client.get("/seguimiento/periodos/").content.decode()
    p.refresh_from_db()
    assert p.state == "open"


def test_a_project_not_yet_registered_does_not_report(login, lead):
    from tests import factories

    period(month=3)
    project = factories.project(lead=lead, state="formulation")
    response = login(lead).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/3/", follow=True)
    assert (
        "El proyecto está «en formulación»: solo se reportan proyectos inscritos, viables o en ejecución."
        in response.content.decode()
    )
    assert not project.reports.exists()


def test_a_month_without_period_cannot_be_reported(login, lead):
    project = allocate(reporting_project(lead=lead)).project
    response = login(lead).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/5/", follow=True)
    assert "No hay periodo de reporte para mayo de 2025 en el calendario." in response.content.decode()
