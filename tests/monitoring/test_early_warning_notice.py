"""The early-warning notice of the daily monthly cycle: when a project's year-end projection falls
below «Satisfactorio», its lead and planeación are told once per cutoff, from
EARLY_WARNING_BUSINESS_DAYS business days before the next cutoff. The matrices' data set and
plan (projections hand-computed in test_projection.py, at the cutoff 30/06/2025): A physical
90,9 % Sobresaliente, financial 60,6 % Medio; C physical 50,0 % Bajo, financial 25,0 % Crítico;
B has no entry in the plan (Sin dato). The next cutoff is 31/07/2025, a Thursday."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from action_plan.models import FinancialMonthlyTarget
from isvimed_planning.models import NonWorkingDay, Notice
from monitoring import monthly_cycle
from monitoring.models import ReportingPeriod
from tests.deadlines.builders import notices
from tests.matrices.builders import dataset
from tests.matrices.test_plan_accion_programming import program


@pytest.fixture
def data(db, lead, lead2, planner):
    data = dataset(lead=lead, lead2=lead2)
    program(data)
    return data


def warned() -> list[tuple[str, str]]:
    return sorted(Notice.objects.filter(kind="early_warning").values_list("recipient__username", "title"))


def test_five_business_days_before_the_next_cutoff_leads_and_planeacion_are_warned_once(data):
    # 5 business days before Thursday 31/07/2025: 30, 29, 28, (weekend), 25, 24/07.
    monthly_cycle.run(today=dt.date(2025, 7, 23))
    assert ReportingPeriod.objects.get().cutoff == dt.date(2025, 7, 31)  # the cycle opened July
    assert notices("early_warning") == []  # before the window
    result = monthly_cycle.run(today=dt.date(2025, 7, 24))
    assert result["warned"] == 4
    assert warned() == [
        ("lider1", "Alerta temprana: 20250010 Proyecto A"),
        ("planeador", "Alerta temprana: 20250010 Proyecto A"),
        ("planeador", "Alerta temprana: 2025009 Proyecto C"),
        ("sinnombre", "Alerta temprana: 2025009 Proyecto C"),
    ]
    # The sweep runs again (the next day, or twice the same day): nothing more.
    assert monthly_cycle.run(today=dt.date(2025, 7, 24))["warned"] == 0
    assert monthly_cycle.run(today=dt.date(2025, 7, 25))["warned"] == 0
    assert len(warned()) == 4
    notice = Notice.objects.get(kind="early_warning", recipient=data.a.lead)
    assert notice.body == (
        "Con los reportes aprobados al 30/06/2025, la proyección al cierre de 2025 del proyecto 20250010 Proyecto A "
        "queda por debajo de «Satisfactorio»:\n"
        "- física: 90,9 % (Sobresaliente)\n"
        "- financiera: 60,6 % (Medio)\n"
        "El próximo corte es el 31/07/2025. Revise el avance frente a lo programado en la página del proyecto."
    )
    assert notice.url == f"/proyectos/{data.a.pk}/"
    c = Notice.objects.get(kind="early_warning", recipient__username="sinnombre")
    assert "- física: 50,0 % (Bajo)\n- financiera: 25,0 % (Crítico)\n" in c.body


def test_an_institutional_day_off_moves_the_window_earlier(data):
    NonWorkingDay.objects.create(date=dt.date(2025, 7, 28), description="Día de la familia")
    # 30, 29, (28 off), (weekend), 25, 24, 23/07.
    assert monthly_cycle.run(today=dt.date(2025, 7, 22))["warned"] == 0
    assert monthly_cycle.run(today=dt.date(2025, 7, 23))["warned"] == 4


def test_the_number_of_business_days_is_configurable(data, settings):
    settings.EARLY_WARNING_BUSINESS_DAYS = 2  # 30 and 29/07
    assert monthly_cycle.run(today=dt.date(2025, 7, 28))["warned"] == 0
    assert monthly_cycle.run(today=dt.date(2025, 7, 29))["warned"] == 4


def test_a_projection_satisfactory_or_above_is_not_warned(data):
    # A's July programming becomes 800 M: 500 M + 800 M × 1 = 1.300 M of 1.650 M = 78,8 %,
    # Satisfactorio, and its physical 90,9 % is Sobresaliente: only C is warned.
    FinancialMonthlyTarget.objects.filter(entry__project=data.a, month=7).update(amount=Decimal("800000000"))
    monthly_cycle.run(today=dt.date(2025, 7, 24))
    assert warned() == [
        ("planeador", "Alerta temprana: 2025009 Proyecto C"),
        ("sinnombre", "Alerta temprana: 2025009 Proyecto C"),
    ]


def test_the_command_says_how_many_warnings_it_sent(data, capsys):
    call_command("monthly_cycle", "--date", "2025-07-24")
    assert "  4 alertas tempranas enviadas." in capsys.readouterr().out


def test_a_january_cutoff_warns_nobody(data):
    # The period of January 2026 has no earlier month of its year to project from.
    assert monthly_cycle.run(today=dt.date(2026, 1, 27))["warned"] == 0
