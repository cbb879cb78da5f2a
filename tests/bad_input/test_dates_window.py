"""Dates outside the window (01/01/2000–31/12/2050 by default) are refused wherever a date is
typed or imported, with a Spanish message naming the range; nothing is saved. A project saved
before the check with absurd dates (1900–9999) still opens with a bounded number of years."""
from __future__ import annotations

import datetime as dt
import inspect
import importlib

import pytest
from django import forms

from tests import factories
from tests.bad_input import test_every_form_refuses_bad_input as table
from tests.bad_input.builders import Case, assert_refused_keeping_input, db_counts, typed_input
from tests.bad_input.test_every_form_is_covered import MODULES
from tests.workbook.builders import base_data, db_state, run_import

pytestmark = pytest.mark.django_db

OUT_OF_WINDOW = "La fecha debe estar entre el 01/01/2000 y el 31/12/2050."
FAR = "31/12/9999"
OLD = "1900-01-01"


def test_every_date_field_of_every_form_checks_the_window():
    from isvimed_planning.dates import WindowValidator

    checked, missing = 0, []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name or not issubclass(cls, (forms.BaseForm, forms.BaseFormSet)):
                continue
            form_class = cls.form if issubclass(cls, forms.BaseFormSet) else cls
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField):
                    checked += 1
                    if not any(isinstance(v, WindowValidator) for v in field.validators):
                        missing.append(f"{module_name}.{cls.__name__}.{name}")
    assert checked >= 20, "the forms were not read"
    assert not missing


# --- every form with a date, through its view ------------------------------------------------

def _reuse(builder, field, value=FAR, **data):
    """A case of the bad-input table with only its date field wrong."""
    def build(p):
        case = builder(p)
        case.data.update(data)
        case.data[field] = value
        case.field, case.message, case.kept = field, OUT_OF_WINDOW, [typed_input(value)]
        case.flash = False
        return case
    return build


def project_create(p):
    program = factories.program()
    return Case("/proyectos/nuevo/", "lead",
                {"name": "Viviendas nuevas Comuna 8", "program": program.pk, "org_unit": factories.org_unit().pk,
                 "funding_kind": "ordinary", "start_date": OLD, "end_date": "2027-12-31"},
                "start_date", OUT_OF_WINDOW, [typed_input("Viviendas nuevas Comuna 8"), typed_input(OLD)])


def project_edit(p):
    project = factories.project(lead=p.lead)
    return Case(f"/proyectos/{project.pk}/datos-generales/", "lead",
                {"version": project.version, "name": project.name, "program": project.program_id,
                 "org_unit": project.org_unit_id, "funding_kind": "ordinary", "start_date": "2025-01-01",
                 "end_date": "9999-12-31"},
                "end_date", OUT_OF_WINDOW, [typed_input("9999-12-31")],
                watch=lambda: type(project).objects.filter(pk=project.pk).values().get())


def meeting_create(p):
    return Case("/proyectos/presupuesto-participativo/nueva/", "planner",
                {"territory": 3, "date": FAR, "kind": "housing_commission", "attendees": "Edil, JAL"},
                "date", OUT_OF_WINDOW, [typed_input(FAR)])


def fiscal_year_create(p):
    return Case("/presupuesto/", "finance", {"year": "2027", "global_ceiling": "10.000.000.000", "opened_on": FAR},
                "opened_on", OUT_OF_WINDOW, [typed_input(FAR)])


def period_create(p):
    return Case("/seguimiento/periodos/nuevo/", "planner",
                {"year": "2025", "month": "4", "cutoff": "2025-04-30", "report_deadline": "9999-12-31"},
                "report_deadline", OUT_OF_WINDOW, [typed_input("9999-12-31")])


def matrix_request(p):
    return Case("/seguimiento/matrices/", "planner", {"kind": "plan-accion", "year": "2025", "cutoff": FAR},
                "cutoff", OUT_OF_WINDOW, [typed_input(FAR)])


def submission_send(p):
    from tests.bad_input.test_every_form_refuses_bad_input import _done_snapshot

    snapshot = _done_snapshot(p)
    return Case(f"/seguimiento/matrices/{snapshot.pk}/enviar/", "planner",
                {"recipient": "DAP", "channel": "email", "sent_date": FAR, "sent_time": "10:15"},
                "sent_date", OUT_OF_WINDOW, [typed_input(FAR)])


def request_create(p):
    return Case("/rendicion/solicitudes/nueva/", "planner",
                {"filing_number": "RAD-2026-0777", "received_on": OLD, "kind": "general", "channel": "email",
                 "requester_name": "Ana Ruiz", "requester_kind": "citizen", "requester_email": "",
                 "subject": "Subsidio", "description": "", "assignee": ""},
                "received_on", OUT_OF_WINDOW, [typed_input("RAD-2026-0777"), typed_input(OLD)])


def request_extend(p):
    from tests.accountability.builders import info_request

    req = info_request(received_on=dt.date(2026, 3, 27), kind="general")
    return Case(f"/rendicion/solicitudes/{req.pk}/prorrogar/", "planner",
                {"new_due_date": FAR, "notified_on": "2026-04-20", "notice": "Responderemos en la nueva fecha."},
                "new_due_date", OUT_OF_WINDOW, [typed_input(FAR)],
                watch=lambda: type(req).objects.filter(pk=req.pk).values().get())


def session_create(p):
    return Case("/rendicion/concejo/nueva/", "planner",
                {"kind": "accidental", "date": FAR, "subject": "Avance del programa de mejoramiento de vivienda",
                 "questionnaire": "", "attendees": "", "delivered": ""},
                "date", OUT_OF_WINDOW, [typed_input(FAR)])


def commitment_deliver(p):
    from accountability.models import CouncilCommitment, CouncilSession

    session = CouncilSession.objects.create(kind="ordinary", date=dt.date(2026, 9, 10), subject="Presupuesto 2027")
    commitment = CouncilCommitment.objects.create(session=session, description="Enviar POAI", due_date=dt.date(2026, 9, 30))
    return Case(f"/rendicion/concejo/compromisos/{commitment.pk}/entrega/", "planner", {"delivered_on": FAR},
                "delivered_on", OUT_OF_WINDOW, [typed_input(FAR)], flash=False,
                watch=lambda: CouncilCommitment.objects.filter(pk=commitment.pk).values().get())


def instrument_create(p):
    program = factories.program()
    return Case(f"/estrategia/planes/{program.plan_id}/instrumentos/nuevo/", "planner",
                {"kind": "law", "reference": "Ley 1537 de 2012", "date": FAR},
                "date", "La fecha debe estar entre el 01/01/1900 y el 31/12/2050.", [typed_input("Ley 1537 de 2012")])


CASES = {
    "projects.ProjectGeneralForm (create)": project_create,
    "projects.ProjectGeneralForm (edit)": project_edit,
    "projects.DeliverableForm": _reuse(table.deliverable_create, "due_date"),
    "projects.RegisterForm": _reuse(table.project_register, "registered_on", OLD),
    "projects.MeetingForm": meeting_create,
    "budget.FiscalYearForm": fiscal_year_create,
    "budget.ModificationForm": _reuse(table.modification_create, "date"),
    "budget.ReprogrammingForm": _reuse(table.reprogramming_new, "effective_date", new_goal="90"),
    "monitoring.PeriodForm": period_create,
    "monitoring.MatrixRequestForm": matrix_request,
    "monitoring.SubmissionForm": submission_send,
    "accountability.RequestForm": request_create,
    "accountability.ExtensionForm": request_extend,
    "accountability.AnswerForm": _reuse(table.request_answer, "answered_on"),
    "accountability.FiguresForm (GET)": _reuse(table.figures_get, "corte", "9999-12-31", vigencia="2025"),
    "accountability.SessionForm": session_create,
    "accountability.CommitmentForm": _reuse(table.commitment_create, "due_date"),
    "accountability.DeliverForm": commitment_deliver,
    "accountability.ReportForm": _reuse(table.accountability_report_create, "period_start", "2000-01-01",
                                        year="2026", title="Informe 2026", period_end="9999-12-31"),
    "strategy.InstrumentForm": instrument_create,
    "deadlines.PeriodForm (GET)": _reuse(table.ans_period_get, "hasta", "9999-12-31"),
    "agenda.WindowForm (GET)": _reuse(table.agenda_window_get, "hasta", "9999-12-31"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_date_outside_the_window_is_refused_next_to_the_field(name, request, login):
    p = table.Personas(request)
    case = CASES[name](p)
    if name == "accountability.ReportForm":  # the start is in the window (and the year): the end is not
        case.field, case.kept = "period_end", [typed_input("9999-12-31")]
    browser = login(getattr(p, case.persona))
    watched = case.watch() if case.watch else None
    before = db_counts()
    response = getattr(browser, case.method)(case.url, case.data)
    page = response.content.decode()
    assert response.status_code in (200, 400), f"{name}: {response.status_code}"
    assert_refused_keeping_input(name, case, page, before=before, watched=watched)


# --- the workbook import ----------------------------------------------------------------------

@pytest.mark.parametrize("sheet, row, column, name", [
    ("proyectos", 0, 7, "fecha_inicio"), ("proyectos", 0, 8, "fecha_fin"),
    ("reprogramaciones", 0, 3, "fecha"), ("modificaciones", 0, 2, "fecha"),
])
def test_an_imported_date_outside_the_window_is_an_error_on_its_cell(sheet, row, column, name, tmp_path):
    data = base_data()
    data[sheet][row][column] = dt.date(1900, 1, 1) if name == "fecha_inicio" else dt.date(9999, 12, 31)
    shown = "1900-01-01" if name == "fecha_inicio" else "9999-12-31"
    before = db_state()
    code, out, err = run_import(data, tmp_path)
    assert code == 1, out
    assert f"{sheet}:2:{name}: «{shown}»: {OUT_OF_WINDOW}" in err
    assert db_state() == before


def test_an_imported_date_typed_as_text_outside_the_window_is_an_error_too(tmp_path):
    data = base_data()
    data["proyectos"][0][8] = "9999-12-31"
    code, out, err = run_import(data, tmp_path)
    assert code == 1, out
    assert f"proyectos:2:fecha_fin: «9999-12-31»: {OUT_OF_WINDOW}" in err


# --- a project saved before the check ------------------------------------------------------------

def test_a_project_saved_with_absurd_dates_opens_with_the_years_of_the_window_only(login, lead):
    project = factories.project(lead=lead)
    factories.product(project, goals={2025: "10"})
    type(project).objects.filter(pk=project.pk).update(start_date=dt.date(1900, 1, 1), end_date=dt.date(9999, 12, 31))
    browser = login(lead)
    form_page = browser.get(f"/proyectos/{project.pk}/productos/nuevo/")
    assert form_page.status_code == 200
    assert form_page.content.decode().count('name="goal_') == 51  # 2000..2050
    detail = browser.get(f"/proyectos/{project.pk}/")
    assert detail.status_code == 200
    assert len(detail.content) < 400_000
    sheet = browser.get(f"/proyectos/{project.pk}/ficha.pdf")
    assert sheet.status_code == 200
