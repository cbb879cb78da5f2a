"""Addresses typed by hand never give a server error: an unknown action name or an id too large
for the database is a 404 with a Spanish page, whoever asks (the read-only role included)."""
from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # wider than a 64-bit integer
NOT_FOUND = "La página que busca no existe o usted no tiene acceso a ella."


def test_an_unknown_action_on_an_accountability_report_is_a_spanish_404_for_a_reader(login, reader, planner):
    from tests.accountability.builders import report

    rep = report(by=planner)
    browser = login(reader)
    for method in ("get", "post"):
        response = getattr(browser, method)(f"/rendicion/informes/{rep.pk}/foo/")
        assert response.status_code == 404, method
        assert NOT_FOUND in response.content.decode()


def test_an_unknown_action_is_a_404_on_every_workflow(login, planner, lead):
    from tests.accountability.builders import report
    from tests.action_plan.builders import year_with_projects
    from tests.monitoring.builders import report as progress_report
    from tests.monitoring.builders import reporting_project

    project = factories.project(lead=lead)
    progress = progress_report(reporting_project(lead=lead), evidence=False)
    year_with_projects(lead, n=1)
    rep = report(by=planner)
    browser = login(planner)
    for url in (f"/proyectos/{project.pk}/accion/foo/", f"/seguimiento/reportes/{progress.pk}/accion/foo/",
                "/plan-accion/2026/accion/foo/", f"/rendicion/informes/{rep.pk}/foo/"):
        response = browser.post(url)
        assert response.status_code == 404, url
        assert NOT_FOUND in response.content.decode(), url


def _routes(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:  # a regex pattern (the admin's): not typed by users of the application
            continue
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _filled(route: str) -> str:
    route = re.sub(r"<int:\w+>", HUGE, route)
    return "/" + re.sub(r"<(?:str|slug):\w+>", "foo", route)


def test_every_address_with_an_id_too_large_for_the_database_is_not_a_server_error(login, planner, reader):
    routes = sorted({_filled(r) for r in _routes(get_resolver()) if "<int:" in r})
    assert len(routes) > 60, "the URL patterns were not read"
    failures = []
    for persona in (planner, reader):
        browser = login(persona)
        for url in routes:
            status = browser.get(url).status_code
            if status >= 500:
                failures.append((persona.username, url, status))
    assert not failures


def test_a_huge_id_in_a_multiple_choice_is_refused_next_to_the_field(login, planner):
    from projects.models import ParticipatoryMeeting

    response = login(planner).post("/proyectos/presupuesto-participativo/nueva/", {
        "territory": 3, "date": "2024-05-10", "kind": "housing_commission", "attendees": "Edil, JAL",
        "projects": [HUGE],
    })
    assert response.status_code in (200, 400)
    assert f"Escoja una opción válida. {HUGE} no es una de las opciones disponibles." in response.content.decode()
    assert 'value="Edil, JAL"' in response.content.decode() or "Edil, JAL</textarea>" in response.content.decode()
    assert not ParticipatoryMeeting.objects.exists()


@pytest.mark.parametrize("year", ["0", "10000", "99999", HUGE])
def test_an_impossible_year_or_month_in_an_address_is_a_404(year, login, planner, lead):
    from tests.budget.builders import fiscal_year, funded_project
    from tests.monitoring.builders import reporting_project

    fiscal_year(2026)
    _, product = funded_project(lead)
    project = reporting_project(lead=lead)
    browser = login(planner)
    for method, url in (("get", f"/presupuesto/reprogramaciones/nueva/{product.pk}/{year}/"),
                        ("post", f"/seguimiento/reportes/nuevo/{project.pk}/{year}/3/"),
                        ("post", f"/seguimiento/reportes/nuevo/{project.pk}/2026/{year}/")):
        response = getattr(browser, method)(url)
        assert response.status_code == 404, url
        assert NOT_FOUND in response.content.decode(), url


@pytest.mark.parametrize("version", [HUGE, "²"], ids=["huge", "superscript"])
def test_a_posted_version_that_is_not_a_number_the_database_holds_is_refused_as_stale(version, login, lead):
    from monitoring.models import Evidence
    from projects.models import Risk
    from tests.monitoring.builders import add_evidence, report, reporting_project

    rep = report(reporting_project(lead=lead), evidence=False)
    evidence = add_evidence(rep, by=lead)
    project = factories.project(lead=lead)
    risk = Risk.objects.create(project=project, description="Lluvias", probability="medium", impact="medium")
    browser = login(lead)
    for url in (f"/seguimiento/evidencias/{evidence.pk}/eliminar/", f"/proyectos/{project.pk}/eliminar/riesgo/{risk.pk}/"):
        response = browser.post(url, {"version": version}, follow=True)
        assert response.status_code in (200, 404), url
    assert Evidence.objects.filter(pk=evidence.pk).exists() and Risk.objects.filter(pk=risk.pk).exists()
