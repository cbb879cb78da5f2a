"""DNP budget program codes and MGA indicator codes (MATRICES.md "DNP codes"): format and prefix
rules in the forms, the admin and the workbook, and the codes in the Plan Indicativo."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from projects.models import Product
from strategy.models import Indicator, Program
from tests import factories
from tests.strategy.builders import indicator_post
from tests.workbook.builders import base_data, make_leads, refused, run_import

pytestmark = pytest.mark.django_db


def _program_post(program, code: str) -> dict:
    return {
        "version": program.version, "component": program.component_id, "code": program.code, "name": program.name,
        "budget_program_code": code,
    }


@pytest.mark.parametrize(("code", "message"), [
    ("401", "El código de programa presupuestal debe tener 4 dígitos, no 3."),
    ("40011", "El código de programa presupuestal debe tener 4 dígitos, no 5."),
    ("40A1", "El código de programa presupuestal solo admite dígitos (0-9), no «40A1»."),
])
def test_program_form_refuses_a_wrong_budget_program_code(login, planner, code, message):
    program = factories.program()
    response = login(planner).post(f"/estrategia/programas/{program.pk}/editar/", _program_post(program, code))
    assert response.status_code == 200
    assert message in response.content.decode()
    program.refresh_from_db()
    assert program.budget_program_code == ""


def test_program_form_saves_a_budget_program_code_and_blank_is_allowed(login, planner):
    program = factories.program()
    client = login(planner)
    assert client.post(f"/estrategia/programas/{program.pk}/editar/", _program_post(program, "4001")).status_code == 302
    program.refresh_from_db()
    assert program.budget_program_code == "4001"
    assert client.post(f"/estrategia/programas/{program.pk}/editar/", _program_post(program, "")).status_code == 302
    program.refresh_from_db()
    assert program.budget_program_code == ""


def test_program_code_outside_its_products_codes_is_refused(login, planner, lead):
    program = factories.program()
    project = factories.project(lead=lead, the_program=program, bank_code="2024050010001")
    product = factories.product(project, code="P1")
    Product.objects.filter(pk=product.pk).update(mga_product_code="4001001")
    response = login(planner).post(f"/estrategia/programas/{program.pk}/editar/", _program_post(program, "4002"))
    assert (
        "El código de producto MGA 4001001 del producto P1 del proyecto 2024050010001 debe empezar por el código "
        "de programa presupuestal 4002 de su programa 4.2.1." in response.content.decode()
    )
    program.refresh_from_db()
    assert program.budget_program_code == ""


@pytest.mark.parametrize(("code", "message"), [
    ("40010010", "El código de indicador MGA debe tener 9 dígitos, no 8."),
    ("4001001O1", "El código de indicador MGA solo admite dígitos (0-9), no «4001001O1»."),
])
def test_indicator_form_refuses_a_wrong_mga_code(login, planner, code, message):
    program = factories.program()
    response = login(planner).post(
        f"/estrategia/planes/{program.plan_id}/indicadores/nuevo/", indicator_post(program, mga_indicator_code=code)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Indicator.objects.exists()


def test_only_a_product_indicator_carries_an_mga_code(login, planner):
    program = factories.program()
    response = login(planner).post(
        f"/estrategia/planes/{program.plan_id}/indicadores/nuevo/",
        indicator_post(program, kind="result", mga_indicator_code="400100100"),
    )
    assert "Solo un indicador de producto lleva código de indicador MGA." in response.content.decode()
    assert not Indicator.objects.exists()


def test_indicator_form_saves_an_mga_code(login, planner):
    program = factories.program()
    response = login(planner).post(
        f"/estrategia/planes/{program.plan_id}/indicadores/nuevo/", indicator_post(program, mga_indicator_code="400100100")
    )
    assert response.status_code == 302
    assert Indicator.objects.get().mga_indicator_code == "400100100"


def test_indicator_code_outside_its_products_code_is_refused(login, planner, lead):
    program = factories.program()
    indicator = factories.indicator("4.2.1.1", the_program=program)
    project = factories.project(lead=lead, the_program=program, bank_code="2024050010001")
    product = factories.product(project, code="P1", the_indicator=indicator)
    Product.objects.filter(pk=product.pk).update(mga_product_code="4001001")
    response = login(planner).post(
        f"/estrategia/indicadores/{indicator.pk}/editar/",
        indicator_post(program, code="4.2.1.1", mga_indicator_code="400200100", version=indicator.version),
    )
    assert (
        "El código de indicador MGA 400200100 del indicador 4.2.1.1 debe empezar por el código de producto MGA "
        "4001001 del producto P1 del proyecto 2024050010001." in response.content.decode()
    )
    indicator.refresh_from_db()
    assert indicator.mga_indicator_code == ""


def test_the_admin_validates_the_codes_as_the_forms():
    program = factories.program()
    program.budget_program_code = "40A1"
    with pytest.raises(ValidationError) as exc:
        program.full_clean()
    assert exc.value.message_dict["budget_program_code"] == [
        "El código de programa presupuestal solo admite dígitos (0-9), no «40A1»."
    ]
    indicator = factories.indicator(the_program=program, kind="result")
    indicator.mga_indicator_code = "400100100"
    with pytest.raises(ValidationError) as exc:
        indicator.full_clean()
    assert exc.value.message_dict["mga_indicator_code"] == ["Solo un indicador de producto lleva código de indicador MGA."]


def _refused(data, tmp_path, *lines):
    make_leads()
    refused(data, tmp_path, *lines)


def test_workbook_refuses_wrong_codes_of_programs_and_indicators(tmp_path):
    data = base_data()
    data["estructura"][2].append("401")
    data["estructura"][1].append("4001")
    data["indicadores"][0].append("4001001AB")
    data["indicadores"][1].append("400100100")
    _refused(
        data, tmp_path,
        "estructura:4:codigo_programa_presupuestal: el código de programa presupuestal debe tener 4 dígitos, no 3",
        "estructura:3:codigo_programa_presupuestal: solo un programa lleva código de programa presupuestal",
        "indicadores:2:codigo_indicador_mga: el código de indicador MGA solo admite dígitos (0-9), no «4001001AB»",
        "indicadores:3:codigo_indicador_mga: solo un indicador de producto lleva código de indicador MGA",
    )


def test_workbook_imports_and_exports_the_codes(tmp_path):
    data = base_data()
    data["estructura"][2].append("4001")
    data["indicadores"][0].append("400100100")
    make_leads()
    code, out, err = run_import(data, tmp_path)
    assert code == 0, err
    assert Program.objects.get(code="4.3.1").budget_program_code == "4001"
    assert Indicator.objects.get(code="4.3.1.1").mga_indicator_code == "400100100"
    assert Indicator.objects.get(code="4.3.1.2").mga_indicator_code == ""


def test_plan_indicativo_holds_the_codes(lead):
    import datetime as dt

    from monitoring.matrices.compute import compute

    program = factories.program()
    Program.objects.filter(pk=program.pk).update(budget_program_code="4001")
    indicator = factories.indicator("4.2.1.1", the_program=program, targets={2025: "10"})
    Indicator.objects.filter(pk=indicator.pk).update(mga_indicator_code="400100100")
    factories.indicator("4.2.1.2", the_program=program, kind="result")
    sheet = compute("plan-indicativo", year=2025, cutoff=dt.date(2025, 6, 30)).sheets[0]
    headers = [c.header for c in sheet.columns]
    assert headers[23:] == ["Código programa presupuestal", "Código indicador MGA"]
    assert [row[23:] for row in sheet.rows] == [["4001", "400100100"], ["4001", None]]
