"""Invalid input is refused with a Spanish message next to the field, and nothing is saved."""
from decimal import Decimal

import pytest
from django.urls import reverse

from isvimed_planning.workflow import DomainError
from strategy import services
from strategy.models import AnnualTarget, Indicator, StrategicLine
from tests import factories
from tests.strategy.builders import indicator_data, indicator_post


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def _create_url(program):
    return reverse("strategy:indicator_create", args=[program.plan_id]) + f"?programa={program.pk}"


@pytest.mark.django_db
def test_duplicate_indicator_code_is_refused_next_to_the_code(planner, login):
    program = factories.program("4.2.1")
    factories.indicator("4.2.1.1", the_program=program)
    response = login(planner).post(_create_url(program), indicator_post(program, code="4.2.1.1"))
    assert response.status_code == 200
    assert _field_errors(response, "code") == ["Ya existe un indicador con el código «4.2.1.1» en este plan."]
    assert 'id="id_code_error"' in response.content.decode()
    assert Indicator.objects.count() == 1


@pytest.mark.django_db
def test_same_code_in_another_plan_is_accepted(planner, login):
    other = factories.program("4.2.1", the_plan=factories.plan(2020))
    factories.indicator("4.2.1.1", the_program=other)
    program = factories.program("4.2.1")
    response = login(planner).post(_create_url(program), indicator_post(program, code="4.2.1.1"))
    assert response.status_code == 302
    assert Indicator.objects.filter(code="4.2.1.1").count() == 2


@pytest.mark.django_db
def test_duplicate_line_code_is_refused(planner, login):
    plan = factories.plan()
    StrategicLine.objects.create(plan=plan, code="4", name="Vivienda")
    response = login(planner).post(reverse("strategy:line_create", args=[plan.pk]), {"code": "4", "name": "Otra"})
    assert _field_errors(response, "code") == ["Ya existe una línea con el código «4» en este plan."]
    assert StrategicLine.objects.count() == 1


@pytest.mark.django_db
def test_reduction_target_above_baseline_is_refused(planner, login):
    program = factories.program()
    body = indicator_post(program, direction="reduce", baseline="50", period_target="60")
    for year in program.plan.years:
        body[f"target_{year}"] = "40"
    response = login(planner).post(_create_url(program), body)
    assert _field_errors(response, "period_target") == [
        "En un indicador de reducción la meta del cuatrienio debe ser menor que la línea base (50)."
    ]
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_reduction_annual_target_above_baseline_is_refused(planner, login):
    program = factories.program()
    body = indicator_post(program, direction="reduce", baseline="50", period_target="30", target_2025="55")
    response = login(planner).post(_create_url(program), body)
    assert _field_errors(response, "target_2025") == [
        "En un indicador de reducción la meta de 2025 debe ser menor que la línea base (50)."
    ]
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_letter_in_a_number_is_refused_and_what_was_typed_is_shown(planner, login):
    program = factories.program()
    body = indicator_post(program, baseline="12a", target_2026="1O0")
    response = login(planner).post(_create_url(program), body)
    assert _field_errors(response, "baseline") == ["Escriba un número, p. ej. 1.234,5."]
    assert _field_errors(response, "target_2026") == ["Escriba un número, p. ej. 1.234,5."]
    html = response.content.decode()
    assert 'value="12a"' in html and 'value="1O0"' in html
    assert not Indicator.objects.exists() and not AnnualTarget.objects.exists()


@pytest.mark.django_db
def test_weight_over_100_is_refused(planner, login):
    program = factories.program()
    response = login(planner).post(_create_url(program), indicator_post(program, weight="120"))
    assert _field_errors(response, "weight") == ["La ponderación debe estar entre 0 y 100."]
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_target_outside_the_period_is_refused_by_the_service(planner):
    program = factories.program()
    data = indicator_data(program, targets={2024: Decimal("10"), 2028: Decimal("10")})
    with pytest.raises(DomainError) as info:
        services.indicator_save(by=planner, **data)
    assert info.value.message == "El año 2028 está fuera del periodo del plan (2024–2027)."
    assert not Indicator.objects.exists() and not AnnualTarget.objects.exists()


@pytest.mark.django_db
def test_target_outside_the_period_is_refused_in_the_admin_form(login):
    from tests.conftest import make_user

    admin_user = make_user("raiz", is_staff=True, is_superuser=True)
    ind = factories.indicator()
    response = login(admin_user).post(
        reverse("admin:strategy_annualtarget_add"), {"indicator": ind.pk, "year": "2030", "value": "5"}
    )
    assert response.status_code == 200
    assert "El año 2030 está fuera del periodo del plan (2024–2027)." in response.content.decode()
    assert not AnnualTarget.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_one_target_input_per_plan_year_only(planner, login):
    program = factories.program()
    response = login(planner).get(_create_url(program))
    html = response.content.decode()
    for year in (2024, 2025, 2026, 2027):
        assert f'name="target_{year}"' in html
    assert 'name="target_2023"' not in html and 'name="target_2028"' not in html
    # A forged extra year is ignored, not saved.
    login(planner).post(_create_url(program), indicator_post(program, target_2030="9"))
    assert sorted(AnnualTarget.objects.values_list("year", flat=True)) == [2024, 2025, 2026, 2027]
