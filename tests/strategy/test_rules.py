"""Rules of the plan structure kept by the services."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy.deadlines import plans as deadline_items
from strategy.models import DevelopmentPlan, Program, StrategicPlatform
from tests import factories
from tests.strategy.builders import approve, plan_with_platform


@pytest.mark.django_db
def test_a_program_with_indicators_cannot_be_deleted(planner, login):
    ind = factories.indicator()
    response = login(planner).post(reverse("strategy:node_delete", args=["programa", ind.program_id]), follow=True)
    assert "No se puede eliminar «4.2.1 Vivienda nueva»: tiene indicadores. Elimínelos o muévalos primero." in (
        response.content.decode()
    )
    assert Program.objects.filter(pk=ind.program_id).exists()


@pytest.mark.django_db
def test_plan_period_is_four_years_and_one_plan_per_period(planner, login):
    client = login(planner)
    response = client.post(reverse("strategy:plan_create"), {"name": "Plan", "first_year": "2024", "agreement": ""})
    plan = DevelopmentPlan.objects.get()
    assert response.status_code == 302 and (plan.first_year, plan.last_year) == (2024, 2027)
    assert StrategicPlatform.objects.get(plan=plan).state == "draft"
    again = client.post(reverse("strategy:plan_create"), {"name": "Otro", "first_year": "2024"})
    assert again.context["form"].errors["first_year"] == ["Ya existe un plan de desarrollo para el periodo 2024–2027."]
    letters = client.post(reverse("strategy:plan_create"), {"name": "Otro", "first_year": "dos mil"})
    assert letters.context["form"].errors["first_year"] == ["Escriba un año de cuatro cifras, p. ej. 2024."]
    assert DevelopmentPlan.objects.count() == 1


@pytest.mark.django_db
def test_a_plan_without_platform_gets_an_empty_first_version(planner, login):
    plan = factories.plan()
    client = login(planner)
    page = client.get(reverse("strategy:platform_index", args=[plan.pk])).content.decode()
    assert "aún no tiene plataforma estratégica" in page
    client.post(reverse("strategy:platform_new_version", args=[plan.pk]))
    assert StrategicPlatform.objects.get(plan=plan).version == 1


@pytest.mark.django_db
def test_ans_of_the_formulation_ends_at_the_first_approval(director):
    plan, platform = plan_with_platform(2024)
    today = timezone.localdate()
    [item] = list(deadline_items(today=today))
    assert item.start == max(dt.date(2024, 1, 1), today) and item.completed_on is None
    approve(platform, director)
    [item] = list(deadline_items(today=today))
    assert item.completed_on == today


@pytest.mark.django_db
def test_period_cannot_move_away_from_existing_targets(planner, login):
    ind = factories.indicator(targets={2024: "5", 2027: "9"})
    response = login(planner).post(
        reverse("strategy:plan_edit", args=[ind.plan_id]), {"name": "Plan", "first_year": "2025", "agreement": "", "version": ind.plan.version}
    )
    assert response.context["form"].errors["first_year"] == [
        "Hay metas anuales en 2024, fuera del nuevo periodo; corríjalas antes de cambiar el periodo."
    ]
    ind.plan.refresh_from_db()
    assert (ind.plan.first_year, ind.plan.last_year) == (2024, 2027)
