"""The plan tree and the indicator page show the DNP codes a program and an indicator carry, so a
planner reads them where the plan is kept, not only in the matrices."""
import pytest

from strategy.models import Indicator, Program
from tests import factories

pytestmark = pytest.mark.django_db


def _plan_with_codes():
    program = factories.program("4.2.1", name="Vivienda nueva")
    Program.objects.filter(pk=program.pk).update(budget_program_code="4001")
    coded = factories.indicator("4.2.1.1", the_program=program, name="Viviendas nuevas entregadas", weight="60")
    Indicator.objects.filter(pk=coded.pk).update(mga_indicator_code="400101800")
    factories.indicator("4.2.1.2", the_program=program, name="Hogares acompañados", weight="40")
    return program, coded


def test_the_plan_tree_shows_the_budget_program_code_and_the_mga_indicator_code(login, reader):
    program, coded = _plan_with_codes()
    page = login(reader).get(f"/estrategia/?plan={program.plan_id}").content.decode()
    assert "Programa presupuestal DNP 4001" in page
    assert "MGA 400101800" in page
    assert page.count("MGA 4") == 1  # the indicator without a code shows none


def test_the_indicator_page_shows_both_codes(login, reader):
    _program, coded = _plan_with_codes()
    page = login(reader).get(f"/estrategia/indicadores/{coded.pk}/").content.decode()
    assert "<dt>Código indicador MGA (DNP)</dt><dd>400101800</dd>" in page
    assert "<dt>Programa presupuestal (DNP)</dt><dd>4001</dd>" in page
