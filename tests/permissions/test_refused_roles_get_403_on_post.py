"""Regression: a role that may not act got a form page (400) or a redirect with a message when it
POSTed; now it is refused (403) like the GET, and nothing changes."""
from __future__ import annotations

from action_plan.models import ActionPlan
from budget.models import FiscalYear
from monitoring.models import Evidence, ProgressReport
from projects.models import ProjectTransition
from tests import factories
from tests.monitoring.builders import period, report, reporting_project


def test_reader_posting_a_project_transition_is_refused(login, lead, reader):
    project = factories.project(lead=lead)
    response = login(reader).post(f"/proyectos/{project.pk}/accion/submit/", {"version": project.version})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.state == "formulation"
    assert not ProjectTransition.objects.filter(project=project).exists()


def test_planner_cannot_approve_the_action_plan(login, planner):
    plan = ActionPlan.objects.create(fiscal_year=FiscalYear.objects.create(year=2026, global_ceiling=1000))
    assert login(planner).post("/plan-accion/2026/accion/approve/").status_code == 403
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_an_unknown_action_plan_transition_does_not_exist(login, director):
    ActionPlan.objects.create(fiscal_year=FiscalYear.objects.create(year=2026, global_ceiling=1000))
    assert login(director).post("/plan-accion/2026/accion/borrar/").status_code == 404


def test_director_cannot_start_a_report_for_a_lead(login, lead, director):
    project = reporting_project(lead=lead)
    period(month=4)
    assert login(director).post(f"/seguimiento/reportes/nuevo/{project.pk}/2025/4/").status_code == 403
    assert not ProgressReport.objects.filter(project=project).exists()


def test_reader_cannot_delete_evidence(login, lead, reader):
    rep = report(reporting_project(lead=lead))
    evidence = rep.evidence.get()
    assert login(reader).post(f"/seguimiento/evidencias/{evidence.pk}/eliminar/").status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()
