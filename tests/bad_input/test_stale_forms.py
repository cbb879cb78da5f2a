"""Every form that edits an existing object refuses to save over someone else's change.

For each edit form (table below): the user opens the edit page; another session saves a change;
the user then saves the page they had open. The save is refused with the Spanish "Otra persona
modificó…" message, the form comes back with what the user typed, and the other session's change
is still there."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

import pytest
from django.utils import timezone
from django.utils.html import escape

from tests import factories
from tests.bad_input.stale import form_data

pytestmark = pytest.mark.django_db

STALE = "Otra persona modificó {} mientras usted {} editaba. Revise los cambios y vuelva a intentarlo."


@dataclass
class Stale:
    page: str  # the edit page, as the user opens it
    persona: str
    theirs: dict[str, Any] | Callable[[], Any]  # the other session's change: fields it types, or a service call
    mine: dict[str, Any]  # what the user types into the page they opened before
    watch: Callable[[], Any]  # the value the other session changed, read again
    message: str
    action: str | None = None  # the form's action when the page has several forms
    flash: bool = False  # an inline form: the refusal comes back as a message on the object's page
    kept: list[str] | None = None  # as it must appear in the page; default: the typed strings of `mine`
    theirs_persona: str | None = None

    @property
    def post_url(self) -> str:
        return self.action or self.page


# --- strategy ---------------------------------------------------------------------------------

def plan_edit(p):
    plan = factories.plan()
    return Stale(f"/estrategia/planes/{plan.pk}/editar/", "planner",
                 {"name": "Medellín Te Quiere (ajustado)"}, {"agreement": "Acuerdo 01 de 2024"},
                 lambda: type(plan).objects.get(pk=plan.pk).name, STALE.format("este plan", "lo"))


def line_edit(p):
    from strategy.models import StrategicLine

    line = StrategicLine.objects.create(plan=factories.plan(), code="4", name="Infraestructura")
    return Stale(f"/estrategia/lineas/{line.pk}/editar/", "planner", {"name": "Infraestructura social"},
                 {"name": "Vivienda y hábitat"}, lambda: StrategicLine.objects.get(pk=line.pk).name,
                 STALE.format("esta línea", "la"))


def component_edit(p):
    from strategy.models import Component, StrategicLine

    plan = factories.plan()
    line = StrategicLine.objects.create(plan=plan, code="4", name="Infraestructura")
    comp = Component.objects.create(plan=plan, line=line, code="4.2", name="Vivienda")
    return Stale(f"/estrategia/componentes/{comp.pk}/editar/", "planner", {"name": "Vivienda y hábitat"},
                 {"code": "4.3"}, lambda: Component.objects.get(pk=comp.pk).name,
                 STALE.format("este componente", "lo"))


def program_edit(p):
    program = factories.program("4.2.1")
    return Stale(f"/estrategia/programas/{program.pk}/editar/", "planner", {"name": "Vivienda nueva urbana"},
                 {"name": "Vivienda nueva rural"}, lambda: type(program).objects.get(pk=program.pk).name,
                 STALE.format("este programa", "lo"))


def indicator_edit(p):
    ind = factories.indicator(unit="Viviendas", targets={2024: "25", 2025: "25", 2026: "25", 2027: "25"})
    # The reported loss: the other session changed the unit, the stale form put the old one back.
    return Stale(f"/estrategia/indicadores/{ind.pk}/editar/", "planner", {"unit": "Hogares"},
                 {"name": "Viviendas nuevas entregadas"},
                 lambda: type(ind).objects.get(pk=ind.pk).unit, STALE.format("este indicador", "lo"))


def _draft_platform(p):
    plan = factories.plan()
    p.login(p.planner).post(f"/estrategia/planes/{plan.pk}/plataforma/nueva-version/")
    return plan.platforms.get()


def platform_edit(p):
    platform = _draft_platform(p)
    return Stale(f"/estrategia/plataforma/{platform.pk}/editar/", "planner", {"mission": "Misión de Planeación"},
                 {"vision": "Visión del equipo directivo"}, lambda: type(platform).objects.get(pk=platform.pk).mission,
                 STALE.format("esta plataforma", "la"))


def platform_item_edit(p):
    from strategy.models import Challenge

    platform = _draft_platform(p)
    item = Challenge.objects.create(platform=platform, name="Suelo", description="Poco suelo urbanizable")
    return Stale(f"/estrategia/plataforma/{platform.pk}/retos/{item.pk}/editar/", "planner",
                 {"name": "Suelo urbanizable"}, {"detail": "Suelo escaso en las laderas"},
                 lambda: Challenge.objects.get(pk=item.pk).name, STALE.format("este reto", "lo"))


def instrument_edit(p):
    from strategy.models import PlanningInstrument

    instrument = PlanningInstrument.objects.create(plan=factories.plan(), kind="pdm", reference="Acuerdo 01 de 2024")
    return Stale(f"/estrategia/instrumentos/{instrument.pk}/editar/", "planner", {"reference": "Acuerdo 02 de 2024"},
                 {"url": "https://www.medellin.gov.co/acuerdo-01"},
                 lambda: PlanningInstrument.objects.get(pk=instrument.pk).reference,
                 STALE.format("este instrumento", "lo"))


# --- projects ---------------------------------------------------------------------------------

def project_mga(p):
    project = factories.project(lead=p.lead)
    return Stale(f"/proyectos/{project.pk}/mga/", "lead", {"problem": "Texto de Planeación"},
                 {"problem": "Texto del líder"}, lambda: type(project).objects.get(pk=project.pk).problem,
                 STALE.format("este proyecto", "lo"), theirs_persona="planner")


def pp_meeting_edit(p):
    from projects import services
    from tests.projects.builders import territory

    meeting = services.meeting_save(by=p.planner, territory=territory(10), date=dt.date(2025, 3, 1),
                                    kind="housing_commission", attendees="JAL de la comuna 10")
    return Stale(f"/proyectos/presupuesto-participativo/{meeting.pk}/editar/", "planner",
                 {"attendees": "JAL y comisión de vivienda de la comuna 10"}, {"agreements": "Priorizar mejoramientos"},
                 lambda: type(meeting).objects.get(pk=meeting.pk).attendees, STALE.format("esta reunión", "la"))


# --- budget -----------------------------------------------------------------------------------

def budget_ceiling(p):
    from tests.budget.builders import fiscal_year

    fy = fiscal_year(2026)
    return Stale("/presupuesto/2026/", "finance", {"global_ceiling": "12.000.000.000"},
                 {"global_ceiling": "11.000.000.000"}, lambda: type(fy).objects.get(pk=fy.pk).global_ceiling,
                 STALE.format("esta vigencia", "la"), action="/presupuesto/2026/tope/")


def project_ceiling(p):
    from tests.budget.builders import allocate, fiscal_year, funded_project

    fy = fiscal_year(2026)
    project, _ = funded_project(p.lead)
    allocation = allocate(fy, project, "1000000")
    return Stale(f"/presupuesto/2026/techos/{allocation.pk}/", "finance", {"amount": "2.000.000"},
                 {"amount": "3.000.000"}, lambda: type(allocation).objects.get(pk=allocation.pk).amount,
                 STALE.format("este techo", "lo"))


def unit_cost(p):
    from budget.models import UnitCost
    from tests.budget.builders import allocate, fiscal_year, funded_project

    fy = fiscal_year(2026)
    project, product = funded_project(p.lead, unit_cost="1000")
    allocate(fy, project, "1000000")
    return Stale(f"/presupuesto/2026/costos-unitarios/?producto={product.pk}", "finance", {"amount": "2.000"},
                 {"amount": "3.000"}, lambda: UnitCost.objects.get(product=product, year=2026).amount,
                 STALE.format("este costo unitario", "lo"))


# --- action plan ------------------------------------------------------------------------------

def action_plan_line(p):
    from action_plan import services
    from action_plan.models import FinancialMonthlyTarget
    from tests.action_plan.builders import year_with_projects

    fy, [(_, product)] = year_with_projects(p.lead, n=1, amount="12000000", goal="12")
    entry = services.plan_build(by=p.planner, fiscal_year=fy).entries.get()

    def split(first_month: int) -> dict:  # the year's money and goal in the six months from `first_month`
        data = {}
        for m in range(1, 13):
            inside = first_month <= m < first_month + 6
            data[f"fin_{m}"] = "2.000.000" if inside else "0"
            data[f"phys_{product.pk}_{m}"] = "2" if inside else "0"
        return data

    # The reported loss: a stale form silently overwrote another session's monthly split.
    return Stale(f"/plan-accion/2026/proyectos/{entry.pk}/", "planner", split(1), split(7),
                 lambda: [t.amount for t in FinancialMonthlyTarget.objects.filter(entry=entry).order_by("month")],
                 STALE.format("esta línea del plan de acción", "la"),
                 kept=['value="2.000.000"'])


# --- monitoring -------------------------------------------------------------------------------

def reporting_period(p):
    from tests.monitoring.builders import period

    per = period(2025, 3)
    return Stale(f"/seguimiento/periodos/{per.pk}/editar/", "planner", {"report_deadline": "2025-04-10"},
                 {"report_deadline": "2025-04-15"}, lambda: type(per).objects.get(pk=per.pk).report_deadline,
                 STALE.format("este periodo", "lo"))


def _result_indicator():
    return factories.indicator(kind="result", unit="Hogares", targets={2025: "10"})


def measurements(p):
    from monitoring.models import IndicatorMeasurement

    ind = _result_indicator()
    IndicatorMeasurement.objects.create(indicator=ind, year=2025, month=3, value=Decimal("5"), recorded_by=p.planner)
    return Stale("/seguimiento/indicadores/?anio=2025&mes=3", "planner", {f"value_{ind.pk}": "6"},
                 {f"value_{ind.pk}": "7,5"}, lambda: IndicatorMeasurement.objects.get(indicator=ind).value,
                 STALE.format("estos valores", "los"))


def measurements_first_value(p):
    from monitoring.models import IndicatorMeasurement

    ind = _result_indicator()
    return Stale("/seguimiento/indicadores/?anio=2025&mes=3", "planner", {f"value_{ind.pk}": "6"},
                 {f"value_{ind.pk}": "7,5"}, lambda: IndicatorMeasurement.objects.get(indicator=ind).value,
                 STALE.format("estos valores", "los"))


# --- accountability ---------------------------------------------------------------------------

def _request():
    from tests.accountability.builders import info_request

    return info_request(received_on=timezone.localdate() - dt.timedelta(days=10))


def _days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def request_answer(p):
    from accountability import services

    req = _request()
    # (Had the other session answered, the refusal would say so: «La solicitud ya fue respondida.»)
    return Stale(f"/rendicion/solicitudes/{req.pk}/responder/", "planner",
                 lambda: services.request_assign(by=p.planner, request=req, assignee=p.director),
                 {"answered_on": _days_ago(1), "answer": "Respuesta del director"},
                 lambda: type(req).objects.get(pk=req.pk).assignee_id, STALE.format("esta solicitud", "la"))


def request_extension(p):
    from accountability import services

    req = _request()
    return Stale(f"/rendicion/solicitudes/{req.pk}/prorrogar/", "planner",
                 lambda: services.request_assign(by=p.planner, request=req, assignee=p.director),
                 {"new_due_date": (req.due_date + dt.timedelta(days=3)).isoformat(), "notified_on": _days_ago(9),
                  "notice": "Se necesitan datos de otra dependencia."},
                 lambda: type(req).objects.get(pk=req.pk).assignee_id, STALE.format("esta solicitud", "la"))


def request_assignment(p):
    req = _request()
    return Stale(f"/rendicion/solicitudes/{req.pk}/", "planner", {"assignee": p.director.pk},
                 {"assignee": p.planner.pk}, lambda: type(req).objects.get(pk=req.pk).assignee_id,
                 STALE.format("esta solicitud", "la"), action=f"/rendicion/solicitudes/{req.pk}/asignar/", flash=True)


def _session():
    from accountability.models import CouncilSession

    return CouncilSession.objects.create(kind="accidental", date=dt.date(2026, 9, 10), subject="Vivienda")


def concejo_session(p):
    session = _session()
    return Stale(f"/rendicion/concejo/{session.pk}/editar/", "planner", {"subject": "Vivienda y hábitat"},
                 {"attendees": "Comisión primera del Concejo"}, lambda: type(session).objects.get(pk=session.pk).subject,
                 STALE.format("esta sesión", "la"))


def commitment_delivery(p):
    from accountability.models import CouncilCommitment

    commitment = CouncilCommitment.objects.create(session=_session(), description="Informe de mejoramientos",
                                                  due_date=dt.date(2026, 10, 1))
    return Stale(f"/rendicion/concejo/compromisos/{commitment.pk}/entrega/", "planner",
                 {"delivered_on": "2026-09-20"}, {"delivered_on": "2026-09-25"},
                 lambda: CouncilCommitment.objects.get(pk=commitment.pk).delivered_on,
                 STALE.format("este compromiso", "lo"))


def accountability_report(p):
    from tests.accountability.builders import report

    rep = report(by=p.planner)
    return Stale(f"/rendicion/informes/{rep.pk}/editar/", "planner", {"title": "Rendición de cuentas 2025 (revisado)"},
                 {"introduction": "Presentación del equipo directivo"},
                 lambda: type(rep).objects.get(pk=rep.pk).title, STALE.format("este informe", "lo"))


# --- deadlines (model forms) ------------------------------------------------------------------

def ans_configuration(p):
    from isvimed_planning.deadlines.models import CycleSettings
    from isvimed_planning.deadlines.services import ensure_policies

    ensure_policies()
    CycleSettings.load()
    return Stale("/ans/configuracion/", "sysadmin", {"ciclo-reminder_business_days": "3"},
                 {"ans-0-duration": "4", "ciclo-report_deadline_business_day": "6"},
                 lambda: CycleSettings.load().reminder_business_days, STALE.format("esta configuración", "la"))


CASES = {
    "plan": plan_edit,
    "strategic line": line_edit,
    "component": component_edit,
    "program": program_edit,
    "indicator": indicator_edit,
    "platform": platform_edit,
    "platform item": platform_item_edit,
    "planning instrument": instrument_edit,
    "project (MGA)": project_mga,
    "PP meeting": pp_meeting_edit,
    "budget ceiling": budget_ceiling,
    "project ceiling": project_ceiling,
    "unit cost": unit_cost,
    "action-plan line": action_plan_line,
    "reporting period": reporting_period,
    "indicator measurements": measurements,
    "indicator measurements (first value)": measurements_first_value,
    "request answer": request_answer,
    "request extension": request_extension,
    "request assignment": request_assignment,
    "Concejo session": concejo_session,
    "commitment delivery": commitment_delivery,
    "accountability report": accountability_report,
    "ANS configuration": ans_configuration,
}


class Personas:
    def __init__(self, request):
        self._request = request
        self.login = request.getfixturevalue("login")

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.mark.parametrize("name", list(CASES))
def test_a_stale_form_is_refused_keeps_what_was_typed_and_the_other_change(name, request):
    p = Personas(request)
    case = CASES[name](p)
    user = p.login(getattr(p, case.persona))
    opened = user.get(case.page)
    assert opened.status_code == 200, name
    stale = form_data(opened.content.decode(), action=case.action)

    # Another session saves a change after the page was opened.
    if callable(case.theirs):
        case.theirs()
    else:
        other = p.login(getattr(p, case.theirs_persona or case.persona))
        fresh = form_data(other.get(case.page).content.decode(), action=case.action)
        saved = other.post(case.post_url, {**fresh, **case.theirs})
        assert saved.status_code == 302, (
            f"{name}: the other session's save failed: {saved.context and saved.context.get('form').errors}")
    theirs = case.watch()

    response = user.post(case.post_url, {**stale, **case.mine}, follow=case.flash)
    page = response.content.decode()
    if case.flash:
        assert [str(m) for m in response.context["messages"]] == [case.message], name
    else:
        assert response.status_code in (200, 400), f"{name}: the form must be shown again ({response.status_code})"
        assert escape(case.message) in page, f"{name}: no stale message"
        kept = case.kept if case.kept is not None else [escape(v) for v in case.mine.values() if isinstance(v, str)]
        for typed in kept:
            assert typed in page, f"{name}: what was typed is not shown again: {typed}"
    assert case.watch() == theirs, f"{name}: the other session's change was overwritten"


def test_an_edit_without_its_version_is_refused_in_spanish_and_saves_nothing(login, planner):
    from strategy.models import StrategicLine

    line = StrategicLine.objects.create(plan=factories.plan(), code="4", name="Infraestructura")
    response = login(planner).post(f"/estrategia/lineas/{line.pk}/editar/", {"code": "4", "name": "Vivienda"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vuelva a abrir el formulario: le falta la versión de los datos que está editando." in page
    assert 'value="Vivienda"' in page
    line.refresh_from_db()
    assert (line.name, line.version) == ("Infraestructura", 1)
