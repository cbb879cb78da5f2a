"""Creating a project and editing its general data."""
from isvimed_planning.models import Notice
from projects import services
from projects import workflow as wf
from projects.models import Project
from tests import factories
from tests.projects.builders import complete_project, set_territories


def _general(program, unit, **extra):
    return {"name": "Titulación", "program": program.pk, "org_unit": unit.pk, "funding_kind": "ordinary",
            "start_date": "2025-01-01", "end_date": "2026-12-31", **extra}


def test_a_lead_always_creates_their_own_project(login, lead, lead2):
    response = login(lead).post("/proyectos/nuevo/", _general(factories.program(), factories.org_unit(), lead=lead2.pk))
    assert response.status_code == 302
    assert Project.objects.get().lead == lead


def test_a_planner_creates_a_project_for_a_lead(login, planner, lead2):
    response = login(planner).post("/proyectos/nuevo/", _general(factories.program(), factories.org_unit(), lead=lead2.pk))
    assert response.status_code == 302
    assert Project.objects.get().lead == lead2


def test_a_participatory_project_is_created_bound_to_its_comuna(login, lead):
    data = _general(factories.program(), factories.org_unit(), funding_kind="participatory", territory=60)
    assert login(lead).post("/proyectos/nuevo/", data).status_code == 302
    assert list(Project.objects.get().territories.values_list("territory_id", "share")) == [(60, 100)]


def test_switching_to_participatory_with_two_territories_is_refused(login, planner, lead):
    project = complete_project(lead=lead)
    set_territories(project, {1: "50", 2: "50"})
    response = login(planner).post(f"/proyectos/{project.pk}/datos-generales/", {
        "version": project.version, "name": project.name, "program": project.program_id,
        "org_unit": project.org_unit_id, "lead": lead.pk, "funding_kind": "participatory",
        "start_date": "2024-01-15", "end_date": "2027-12-31",
    })
    assert "Un proyecto de presupuesto participativo debe estar en exactamente una comuna o corregimiento." in response.content.decode()
    project.refresh_from_db()
    assert project.funding_kind == "ordinary"


def test_years_are_shown_without_thousand_separators(login, lead):
    project = complete_project(lead=lead)
    page = login(lead).get(f"/proyectos/{project.pk}/").content.decode()
    assert '<th class="num">2024</th>' in page and "2.024" not in page


def test_registration_tells_the_lead_and_the_director(planner, lead, director):
    import datetime as dt

    project = complete_project(lead=lead, state="approved", name="Reasentamiento")
    services.project_transition(name=wf.REGISTER, project=project, by=planner, bank_code="2024050010900", registered_on=dt.date(2024, 5, 2))
    title = "Proyecto «Reasentamiento» inscrito en el banco con el código 2024050010900"
    assert set(Notice.objects.filter(title=title).values_list("recipient__username", flat=True)) == {"lider1", "director"}
    services.project_transition(name=wf.VIABLE, project=project, by=director)
    assert set(Notice.objects.filter(title="Proyecto «Reasentamiento» declarado viable")
               .values_list("recipient__username", flat=True)) == {"lider1", "planeador"}
