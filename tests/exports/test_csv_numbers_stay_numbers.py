"""Escaping formulas in a CSV leaves numbers alone: a negative amount is still a number for the
spreadsheet (no leading quote), while `-2+3` is text."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from accountability import services
from budget.models import BudgetModification
from isvimed_planning.safe_export import csv_cell
from tests.accountability.builders import execution, report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "written"), [
    (Decimal("-150000000.00"), Decimal("-150000000.00")),
    (-3, -3),
    (-0.5, -0.5),
    ("-150000000.00", "-150000000.00"),
    ("-7", "-7"),
    ("-2+3", "'-2+3"),
    ("-", "'-"),
    ("+57 604 000", "'+57 604 000"),
    ("=1+1", "'=1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Vivienda = hogar", "Vivienda = hogar"),
    (None, ""),
])
def test_a_cell_is_escaped_only_when_a_spreadsheet_would_run_it(db, value, written):
    assert csv_cell(value) == written


def test_a_reduction_is_a_negative_number_in_the_public_csv(client, planner, director, lead):
    d = execution(lead=lead)
    BudgetModification.objects.create(fiscal_year=d.fy, project=d.a, date=dt.date(2025, 2, 1), kind="reduction",
                                      amount=Decimal("150000000"))
    rep = report(by=planner)
    services.report_transition(by=planner, report=rep, name="send")
    services.report_transition(by=director, report=rep, name="approve")
    response = client.get(f"/rendicion/publico/{rep.pk}/proyectos.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert [r["modificaciones"] for r in rows] == ["-150000000.00", "0.00", "-150000000.00"]
