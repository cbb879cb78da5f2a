"""Every form not already covered by an app's tests, through its real view, as a user allowed to
use it: the Spanish message is next to the field, what was typed is shown again, nothing is saved.

The table is (case id → builder); each builder prepares the data the view needs and returns a
Case(url, persona, post data, field, expected message, what must be kept)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from strategy.models import Component, StrategicLine
from tests import factories
from tests.bad_input.builders import Case, assert_refused_keeping_input, db_counts, typed_input, typed_textarea

pytestmark = pytest.mark.django_db

REQUIRED = "Este campo es obligatorio."
BAD_DATE = "Escriba la fecha como dd/mm/aaaa, por ejemplo 31/03/2026."
BAD_CHOICE = "Escoja una opción válida. {} no es una de las opciones disponibles."


# --- strategy ---------------------------------------------------------------------------------

def component_create(p):
    plan = factories.plan()
    line = StrategicLine.objects.create(plan=plan, code="4", name="Infraestructura")
    return Case(f"/estrategia/planes/{plan.pk}/componentes/nuevo/", "planner",
                {"line": line.pk, "code": "", "name": "Vivienda y hábitat"}, "code", REQUIRED,
                [typed_input("Vivienda y hábitat")])


def program_create(p):
    program = factories.program("4.2.1")
    return Case(f"/estrategia/planes/{program.plan_id}/programas/nuevo/", "planner",
                {"component": program.component_id, "code": "4.2.2", "name": "x" * 301}, "name",
                "Asegúrese de que este valor tenga como máximo 300 caracteres (tiene 301).",
                [typed_input("4.2.2")])


def component_edit(p):
    plan = factories.plan()
    line = StrategicLine.objects.create(plan=plan, code="4", name="Infraestructura")
    component = Component.objects.create(plan=plan, line=line, code="4.2", name="Vivienda")
    return Case(f"/estrategia/componentes/{component.pk}/editar/", "planner",
                {"line": line.pk, "code": "4.2", "name": "", "version": component.version}, "name", REQUIRED,
                [typed_input("4.2")],
                watch=lambda: Component.objects.filter(pk=component.pk).values().get())


# --- projects ---------------------------------------------------------------------------------

def project_mga(p):
    project = factories.project(lead=p.lead)
    return Case(f"/proyectos/{project.pk}/mga/", "lead",
                {"version": project.version, "problem": "Hacinamiento crítico", "affected_population": "100",
                 "target_population": "250"},
                "target_population", "La población objetivo no puede ser mayor que la población afectada.",
                [typed_textarea("Hacinamiento crítico"), typed_input("250")])


def deliverable_create(p):
    project = factories.project(lead=p.lead)
    return Case(f"/proyectos/{project.pk}/entregables/nuevo/", "lead",
                {"version": project.version, "name": "Acta de entrega", "product": "", "due_date": "31/02/2025"},
                "due_date", BAD_DATE, [typed_input("Acta de entrega"), typed_input("31/02/2025")])


def risk_create(p):
    project = factories.project(lead=p.lead)
    return Case(f"/proyectos/{project.pk}/riesgos/nuevo/", "lead",
                {"version": project.version, "description": "", "probability": "medium", "impact": "medium",
                 "mitigation": "Contratos con pólizas"},
                "description", REQUIRED, [typed_textarea("Contratos con pólizas")])


def funding_create(p):
    project = factories.project(lead=p.lead)
    source = factories.funding_source("Recursos propios")
    return Case(f"/proyectos/{project.pk}/financiacion/nueva/", "lead",
                {"version": project.version, "source": source.pk, "year": "2025", "amount": "cien"},
                "amount", "Escriba un valor en pesos, p. ej. 1.234.567,50.",
                [f'<option value="{source.pk}" selected>01 Recursos propios</option>', typed_input("cien")])


# --- budget -----------------------------------------------------------------------------------

def fiscal_year_create(p):
    return Case("/presupuesto/", "finance", {"year": "dos mil", "global_ceiling": "10.000.000.000"}, "year",
                "Ingrese un número entero.", [typed_input("dos mil"), typed_input("10.000.000.000")])


def ceiling_update(p):
    from tests.budget.builders import fiscal_year

    fy = fiscal_year(2026)
    return Case("/presupuesto/2026/tope/", "finance", {"global_ceiling": "diez mil millones", "version": fy.version},
                "global_ceiling",
                "Escriba un valor en pesos, por ejemplo 1.234.567,50.", [typed_input("diez mil millones")],
                watch=lambda: type(fy).objects.filter(pk=fy.pk).values().get())


def allocation_amount(p):
    from tests.budget.builders import allocate, fiscal_year, funded_project

    fy = fiscal_year(2026)
    project, _ = funded_project(p.lead)
    allocation = allocate(fy, project, "1000000")
    return Case(f"/presupuesto/2026/techos/{allocation.pk}/", "finance", {"amount": "-5.000", "version": allocation.version},
                "amount",
                "El valor no puede ser negativo.", [typed_input("-5.000")],
                watch=lambda: type(allocation).objects.filter(pk=allocation.pk).values().get())


def modification_create(p):
    from tests.budget.builders import allocate, fiscal_year, funded_project

    fy = fiscal_year(2026)
    project, _ = funded_project(p.lead)
    allocate(fy, project, "1000000")
    return Case("/presupuesto/2026/modificaciones/nueva/", "finance",
                {"project": project.pk, "kind": "addition", "date": "2026-13-45", "act_number": "Res. 12",
                 "amount": "1.000.000"},
                "date", BAD_DATE, [typed_input("2026-13-45"), typed_input("Res. 12")])


def unit_cost(p):
    from tests.budget.builders import allocate, fiscal_year, funded_project

    fy = fiscal_year(2026)
    project, product = funded_project(p.lead)
    allocate(fy, project, "1000000")
    return Case("/presupuesto/2026/costos-unitarios/", "finance", {"product": product.pk, "amount": "0"}, "amount",
                "El valor debe ser mayor que cero.", [typed_input("0")])


def reprogramming_new(p):
    from tests.budget.builders import fiscal_year, funded_project

    fiscal_year(2026)
    _, product = funded_project(p.lead)
    return Case(f"/presupuesto/reprogramaciones/nueva/{product.pk}/2026/", "planner",
                {"new_goal": "muchas", "effective_date": "2026-05-01", "justification": "Subió el costo unitario"},
                "new_goal", "Escriba una cantidad, por ejemplo 1.234,5.", [typed_input("muchas"), typed_textarea("Subió el costo unitario")])


# --- action plan ------------------------------------------------------------------------------

def action_plan_entry(p):
    from action_plan import services
    from tests.action_plan.builders import year_with_projects

    fy, projects = year_with_projects(p.lead, n=1)
    plan = services.plan_build(by=p.planner, fiscal_year=fy)
    entry = plan.entries.get()
    product = projects[0][1]
    data = {"responsible": p.lead.pk, "version": entry.version, **{f"fin_{m}": "" for m in range(1, 13)},
            **{f"phys_{product.pk}_{m}": "" for m in range(1, 13)}}
    data["fin_3"] = "2.500.000"
    data["fin_4"] = "dos millones"
    return Case(f"/plan-accion/2026/proyectos/{entry.pk}/", "planner", data, "fin_4", "Escriba un valor en pesos, por ejemplo 1.234.567,50.",
                [typed_input("2.500.000"), typed_input("dos millones")],
                watch=lambda: sorted(map(str, entry.__class__.objects.filter(pk=entry.pk).values().get().items())))


# --- accountability ---------------------------------------------------------------------------

def accountability_report_create(p):
    return Case("/rendicion/informes/nuevo/", "planner",
                {"year": "1999", "title": "Informe de rendición de cuentas 1999", "introduction": "Presentación"},
                "year", "Asegúrese de que este valor sea mayor o igual a 2000.",
                [typed_input("1999"), typed_input("Informe de rendición de cuentas 1999"), typed_textarea("Presentación")])


def accountability_report_edit(p):
    from tests.accountability.builders import report

    rep = report(by=p.planner)
    return Case(f"/rendicion/informes/{rep.pk}/editar/", "planner",
                {"title": "", "introduction": "Nueva presentación", "version": rep.version},
                "title", REQUIRED, [typed_textarea("Nueva presentación")],
                watch=lambda: type(rep).objects.filter(pk=rep.pk).values("title", "introduction", "state").get())


def request_answer(p):
    from tests.accountability.builders import info_request

    req = info_request(received_on=dt.date.today() - dt.timedelta(days=3))
    return Case(f"/rendicion/solicitudes/{req.pk}/responder/", "planner",
                {"answered_on": "ayer", "answer": "Se entregan las cifras pedidas.", "version": req.version},
                "answered_on", BAD_DATE,
                [typed_input("ayer"), typed_textarea("Se entregan las cifras pedidas.")],
                watch=lambda: type(req).objects.filter(pk=req.pk).values().get())


def commitment_create(p):
    from accountability.models import CouncilSession

    session = CouncilSession.objects.create(kind="accidental", date=dt.date(2026, 9, 10), subject="Vivienda")
    return Case(f"/rendicion/concejo/{session.pk}/compromisos/nuevo/", "planner",
                {"description": "Enviar el informe de mejoramientos", "due_date": "pronto"}, "due_date", BAD_DATE,
                [typed_textarea("Enviar el informe de mejoramientos"), typed_input("pronto")])


def _open_hearing():
    """A hearing whose question window is open now (the table runs at the real time)."""
    from django.utils import timezone

    from tests.accountability.builders import hearing

    now = timezone.now()
    return hearing(questions_open_at=now - dt.timedelta(days=1), questions_close_at=now + dt.timedelta(days=1),
                   starts_at=now + dt.timedelta(days=2))


def hearing_create(p):
    return Case("/rendicion/audiencias/nueva/", "planner",
                {"title": "Audiencia 2026", "starts_at": "15/10/2026 a las tres", "place": "Teatro Lido", "link": "",
                 "report": "", "questions_open_at": "15/09/2026 00:00", "questions_close_at": "10/10/2026 18:00",
                 "state": "scheduled"},
                "starts_at", "Escriba la fecha y la hora como dd/mm/aaaa hh:mm, por ejemplo 31/03/2026 09:30.",
                [typed_input("15/10/2026 a las tres"), typed_input("Teatro Lido"), typed_input("10/10/2026 18:00")])


def hearing_question(p):
    _open_hearing()
    from accountability.models import PublicHearing

    h = PublicHearing.objects.get()
    return Case(f"/rendicion/publico/audiencias/{h.pk}/preguntar/", None,
                {"name": "Luz Marina", "email": "luz@example.com", "territory": "", "text": "", "sitio_web": ""},
                "text", REQUIRED, [typed_input("Luz Marina"), typed_input("luz@example.com")])


def question_answer(p):
    from accountability.models import HearingQuestion

    q = HearingQuestion.objects.create(hearing=_open_hearing(), text="¿Cuándo empiezan las obras?")
    return Case(f"/rendicion/audiencias/preguntas/{q.pk}/answer/", "planner", {"answer": "   ", "version": q.version},
                "answer", "Escriba la respuesta a la pregunta.", [],
                watch=lambda: type(q).objects.filter(pk=q.pk).values().get())


def hearing_commitment_create(p):
    h = _open_hearing()
    return Case(f"/rendicion/audiencias/{h.pk}/compromisos/nuevo/", "director",
                {"description": "Publicar el cronograma de obras", "due_date": "pronto", "responsible_name": "Planeación"},
                "due_date", BAD_DATE,
                [typed_textarea("Publicar el cronograma de obras"), typed_input("pronto"), typed_input("Planeación")])


def commitment_follow_up(p):
    from accountability.models import HearingCommitment

    c = HearingCommitment.objects.create(hearing=_open_hearing(), description="Publicar el cronograma",
                                         due_date=dt.date(2026, 12, 1), responsible_name="Planeación")
    return Case(f"/rendicion/compromisos/audiencia/{c.pk}/seguimiento/", "planner",
                {"status": "done", "delivered_on": "", "evidence_note": "Cronograma en el sitio web", "version": c.version},
                "delivered_on", "Escriba la fecha en que se cumplió el compromiso.",
                [typed_textarea("Cronograma en el sitio web")],
                watch=lambda: type(c).objects.filter(pk=c.pk).values().get())


def figures_get(p):
    from tests.accountability.builders import info_request

    req = info_request(received_on=dt.date.today() - dt.timedelta(days=3))
    return Case(f"/rendicion/solicitudes/{req.pk}/responder/", "planner", {"vigencia": "2025", "corte": "2024-12-31"}, "corte",
                "La fecha de corte debe estar dentro de la vigencia.", [typed_input("2024-12-31")], method="get")


def _done_snapshot(p):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from monitoring.models import MatrixSnapshot

    snapshot = MatrixSnapshot(kind="plan-accion", year=2025, cutoff=dt.date(2025, 6, 30), state="done", progress=100,
                              finished_at=timezone.now() - dt.timedelta(hours=1), data_as_of=timezone.now() - dt.timedelta(hours=1),
                              data_marks={"monitoring.ProgressReport": 0}, data_version="0" * 16)
    snapshot.file.save("m.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    snapshot.save()
    return snapshot


def submission_send(p):
    snapshot = _done_snapshot(p)
    return Case(f"/seguimiento/matrices/{snapshot.pk}/enviar/", "planner",
                {"recipient": "   ", "channel": "email", "sent_date": "30/06/2025", "sent_time": "10:15",
                 "note": "Radicado 2025-123"},
                "recipient", "Indique a quién se envió la matriz.", [typed_input("10:15"), "Radicado 2025-123"])


def submission_verify_hash(p):
    return Case("/seguimiento/enviados/publico/", None, {"sha256": "abc123-no-es-un-hash"}, "sha256",
                "Escriba los 64 caracteres hexadecimales del SHA-256 (0-9, a-f).", [typed_input("abc123-no-es-un-hash")],
                method="get")


# --- deadlines --------------------------------------------------------------------------------

def ans_configuration(p):
    from isvimed_planning.deadlines.forms import PolicyFormSet
    from isvimed_planning.deadlines.models import AnsPolicy, CycleSettings
    from isvimed_planning.deadlines.services import ensure_policies

    ensure_policies()
    cycle = CycleSettings.load()
    formset = PolicyFormSet(queryset=AnsPolicy.objects.order_by("id"), prefix="ans")
    data = {f"ans-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, bound in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            data[f"{form.prefix}-{name}"] = value.pk if hasattr(value, "pk") else value
    first = formset.forms[0].prefix
    data[f"{first}-at_risk_percent"] = "150"
    data.update({
        "ciclo-report_deadline_business_day": cycle.report_deadline_business_day,
        "ciclo-reminder_business_days": cycle.reminder_business_days,
        "ciclo-action_plan_start_month": cycle.action_plan_start_month,
        "ciclo-action_plan_start_day": cycle.action_plan_start_day,
        "ciclo-version": cycle.version,
    })
    return Case("/ans/configuracion/", "sysadmin", data, f"{first}-at_risk_percent", "Use un porcentaje entre 1 y 99.",
                [typed_input("150")], watch=lambda: list(AnsPolicy.objects.order_by("id").values()))


def cycle_settings(p):
    case = ans_configuration(p)
    case.data[case.field] = "80"
    case.data["ciclo-reminder_business_days"] = "tres"
    case.field, case.message, case.kept = "ciclo-reminder_business_days", "Ingrese un número entero.", [
        typed_input("tres")]
    return case


# --- accounts ---------------------------------------------------------------------------------

def password_change(p):
    return Case("/cuenta/contrasena/cambiar/", "planner",
                {"old_password": "no-es-la-clave", "new_password1": "Nueva-clave-9876", "new_password2": "Nueva-clave-9876"},
                "old_password",
                "Su contraseña antigua es incorrecta. Por favor, vuelva a introducirla.", [],
                watch=lambda: type(p.planner).objects.filter(pk=p.planner.pk).values("password").get())


def password_reset(p):
    return Case("/cuenta/contrasena/recuperar/", None, {"email": "planeador-en-isvimed"}, "email",
                "Ingrese una dirección de correo electrónico válida.", [typed_input("planeador-en-isvimed")])


# --- decisions that need a comment, filters, the rest ------------------------------------------

NEEDS_COMMENT = "Escriba un comentario que explique la decisión."


def project_return(p):
    from projects.models import Project

    project = factories.project(lead=p.lead, state="in_review")
    return Case(f"/proyectos/{project.pk}/accion/return/", "planner", {"version": project.version, "comment": "  "},
                "comment", NEEDS_COMMENT, [f'name="version" value="{project.version}"'],
                watch=lambda: Project.objects.filter(pk=project.pk).values("state", "version").get())


def project_register(p):
    from projects.models import Project

    project = factories.project(lead=p.lead, state="approved")
    return Case(f"/proyectos/{project.pk}/accion/register/", "planner",
                {"version": project.version, "bank_code": "2025050010099", "registered_on": "ayer", "comment": "Inscrito"},
                "registered_on", BAD_DATE,
                [typed_input("2025050010099"), typed_input("ayer"), typed_textarea("Inscrito")],
                watch=lambda: Project.objects.filter(pk=project.pk).values("state", "bank_code", "version").get())


def monitoring_return(p):
    from tests.monitoring.builders import report, reporting_project

    rep = report(reporting_project(lead=p.lead), state="submitted", evidence=False)
    return Case(f"/seguimiento/reportes/{rep.pk}/accion/return/", "planner", {"version": rep.version, "comment": ""},
                "comment", NEEDS_COMMENT, [f'value="{rep.version}"'],
                watch=lambda: type(rep).objects.filter(pk=rep.pk).values("state", "version").get())


def action_plan_return(p):
    from action_plan import services
    from tests.action_plan.builders import year_with_projects

    fy, _ = year_with_projects(p.lead, n=1)
    plan = services.plan_build(by=p.planner, fiscal_year=fy)
    type(plan).objects.filter(pk=plan.pk).update(state="approved")
    return Case("/plan-accion/2026/accion/return/", "director", {"comment": ""}, "comment", NEEDS_COMMENT, [], flash=True,
                watch=lambda: type(plan).objects.filter(pk=plan.pk).values("state").get())


def accountability_reopen(p):
    from tests.accountability.builders import report

    rep = report(by=p.planner)
    type(rep).objects.filter(pk=rep.pk).update(state="approved")
    return Case(f"/rendicion/informes/{rep.pk}/reopen/", "director", {"comment": ""}, "comment", NEEDS_COMMENT, [],
                watch=lambda: type(rep).objects.filter(pk=rep.pk).values("state").get())


def reprogramming_reject(p):
    from budget import services
    from tests.budget.builders import fiscal_year, funded_project

    fiscal_year(2026)
    _, product = funded_project(p.lead, goal="100")
    r = services.reprogramming_request(by=p.planner, product=product, year=2026, new_goal=Decimal("90"),
                                       effective_date=dt.date(2026, 3, 1), justification="Ajuste")
    return Case(f"/presupuesto/reprogramaciones/{r.pk}/", "director", {"decision": "reject", "comment": ""}, "comment",
                "Escriba un comentario que explique el rechazo.", [],
                watch=lambda: type(r).objects.filter(pk=r.pk).values("state").get())


def request_assign(p):
    from tests.accountability.builders import info_request

    req = info_request(received_on=dt.date.today() - dt.timedelta(days=3))
    return Case(f"/rendicion/solicitudes/{req.pk}/asignar/", "planner", {"assignee": "999999"}, "assignee",
                "Elija a quién asignar la solicitud.", [], flash=True,
                watch=lambda: type(req).objects.filter(pk=req.pk).values("assignee_id").get())


def platform_item(p):
    plan = factories.plan()
    p.login(p.planner).post(f"/estrategia/planes/{plan.pk}/plataforma/nueva-version/")
    platform = plan.platforms.get()
    return Case(f"/estrategia/plataforma/{platform.pk}/retos/nuevo/", "planner",
                {"name": "", "detail": "Suelo urbanizable escaso"}, "name", REQUIRED,
                [typed_textarea("Suelo urbanizable escaso")])


def ans_period_get(p):
    return Case("/ans/", "planner", {"desde": "2025-05-01", "hasta": "2025-01-31"}, "hasta",
                "La fecha final debe ser posterior a la inicial.", [typed_input("2025-05-01"), typed_input("2025-01-31")],
                method="get")


def agenda_window_get(p):
    return Case("/agenda/", "lead", {"desde": "2026-05-01", "hasta": "2026-01-31"}, "hasta",
                "La fecha final debe ser posterior a la inicial.", [typed_input("2026-05-01"), typed_input("2026-01-31")],
                method="get")


def project_filter_get(p):
    factories.project(lead=p.lead)
    return Case("/proyectos/", "planner", {"q": "vivienda", "state": "inventado"}, "state",
                BAD_CHOICE.format("inventado"), [typed_input("vivienda")], method="get")


def request_filter_get(p):
    return Case("/rendicion/solicitudes/", "planner", {"q": "concejal", "vista": "todas-las-vencidas"}, "vista",
                BAD_CHOICE.format("todas-las-vencidas"), [typed_input("concejal")], method="get")


def month_get(p):
    return Case("/seguimiento/", "planner", {"anio": "dos mil", "mes": "3"}, "anio", "Ingrese un número entero.",
                [typed_input("dos mil")], method="get")


def platform_compare_get(p):
    plan = factories.plan()
    p.login(p.planner).post(f"/estrategia/planes/{plan.pk}/plataforma/nueva-version/")
    platform = plan.platforms.get()
    return Case(f"/estrategia/planes/{plan.pk}/plataforma/comparar/", "planner", {"a": platform.pk, "b": "999999"}, "b",
                "Escoja una opción válida. Esa opción no está entre las disponibles.", [], method="get")


def project_comment(p):
    project = factories.project(lead=p.lead, state="in_review")
    return Case(f"/proyectos/{project.pk}/conversacion/", "planner", {"text": "x" * 4001}, "text",
                "El comentario puede tener hasta 4.000 caracteres (tiene 4001).", [typed_textarea("x" * 4001)])


def report_comment(p):
    from tests.monitoring.builders import report, reporting_project

    rep = report(reporting_project(lead=p.lead), state="submitted", evidence=False)
    return Case(f"/seguimiento/reportes/{rep.pk}/conversacion/", "lead", {"text": " \n "}, "text",
                "Escriba el comentario antes de publicarlo.", [])


def password_reset_confirm(p):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = p.planner
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = p.client.get(f"/cuenta/contrasena/nueva/{uid}/{token}/")  # keeps the token in the session
    assert response.status_code == 302
    return Case(response.url, None, {"new_password1": "Clave-nueva-2026", "new_password2": "Clave-distinta-2026"},
                "new_password2", "Los dos campos de contraseña no coinciden.", [],
                watch=lambda: type(user).objects.filter(pk=user.pk).values("password").get())


CASES = {
    "strategy.ComponentForm (create)": component_create,
    "strategy.ComponentForm (edit)": component_edit,
    "strategy.ProgramForm": program_create,
    "projects.ProjectMgaForm": project_mga,
    "projects.DeliverableForm": deliverable_create,
    "projects.RiskForm": risk_create,
    "projects.FundingForm": funding_create,
    "budget.FiscalYearForm": fiscal_year_create,
    "budget.CeilingForm": ceiling_update,
    "budget.AllocationAmountForm": allocation_amount,
    "budget.ModificationForm": modification_create,
    "budget.UnitCostForm": unit_cost,
    "budget.ReprogrammingForm": reprogramming_new,
    "action_plan.EntryForm": action_plan_entry,
    "accountability.ReportForm": accountability_report_create,
    "accountability.ReportEditForm": accountability_report_edit,
    "accountability.AnswerForm": request_answer,
    "accountability.CommitmentForm": commitment_create,
    "accountability.FiguresForm": figures_get,
    "accountability.HearingForm": hearing_create,
    "accountability.QuestionForm": hearing_question,
    "accountability.ModerationForm": question_answer,
    "accountability.HearingCommitmentForm": hearing_commitment_create,
    "accountability.FollowUpForm": commitment_follow_up,
    "deadlines.PolicyForm": ans_configuration,
    "deadlines.CycleSettingsForm": cycle_settings,
    "auth.PasswordChangeForm": password_change,
    "projects.TransitionForm": project_return,
    "projects.RegisterForm": project_register,
    "monitoring.TransitionForm": monitoring_return,
    "monitoring.SubmissionForm": submission_send,
    "monitoring.VerifyHashForm (GET)": submission_verify_hash,
    "action_plan.CommentForm": action_plan_return,
    "accountability.TransitionForm": accountability_reopen,
    "budget.DecisionForm": reprogramming_reject,
    "accountability.AssignForm": request_assign,
    "strategy.PlatformItemForm": platform_item,
    "deadlines.PeriodForm (GET)": ans_period_get,
    "agenda.WindowForm (GET)": agenda_window_get,
    "strategy.CompareForm (GET)": platform_compare_get,
    "auth.PasswordResetForm": password_reset,
    "auth.SetPasswordForm": password_reset_confirm,
    "comments.CommentForm (project)": project_comment,
    "comments.CommentForm (report)": report_comment,
}


class Personas:
    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_next_to_the_field_kept_and_not_saved(name, request, client, login):
    p = Personas(request)
    case = CASES[name](p)
    browser = login(getattr(p, case.persona)) if case.persona else client
    watched = case.watch() if case.watch else None
    before = db_counts()
    response = getattr(browser, case.method)(case.url, case.data, follow=case.flash)
    page = response.content.decode()
    assert response.status_code in (200, 400), f"{name}: the form must be shown again ({response.status_code})"
    if case.flash:
        assert [str(m) for m in response.context["messages"]] == [case.message], name
        for typed in case.kept:
            assert typed in page, f"{name}: what was typed is not shown again: {typed}"
        assert db_counts() == before, f"{name}: something was saved"
        if case.watch:
            assert case.watch() == watched, f"{name}: the edited object changed"
    else:
        assert_refused_keeping_input(name, case, page, before=before, watched=watched)
