"""Builders for strategy tests (on top of tests/factories.py)."""
from __future__ import annotations

from decimal import Decimal

from strategy import services
from strategy.models import StrategicPlatform
from tests import factories


def plan_with_platform(first_year: int = 2024, **texts):
    plan = factories.plan(first_year)
    platform = StrategicPlatform.objects.filter(plan=plan).first() or StrategicPlatform.objects.create(plan=plan, version=1)
    for name, value in texts.items():
        setattr(platform, name, value)
    platform.save()
    return plan, platform


def indicator_data(program, **overrides) -> dict:
    """Keyword arguments for services.indicator_save with sensible defaults."""
    plan = program.plan
    data = dict(
        program=program, code=f"{program.code}.1", name="Viviendas nuevas entregadas", kind="product",
        unit="Viviendas", direction="increase", accumulation="cumulative", baseline=Decimal("0"),
        baseline_year=plan.first_year - 1, period_target=Decimal("400"), weight=Decimal("100"),
        org_unit=factories.org_unit(), targets={y: Decimal("100") for y in plan.years},
    )
    data.update(overrides)
    return data


def indicator_post(program, **overrides) -> dict:
    """The POST body of the indicator form."""
    plan = program.plan
    data = {
        "program": program.pk, "code": f"{program.code}.1", "name": "Viviendas nuevas entregadas", "kind": "product",
        "unit": "Viviendas", "direction": "increase", "accumulation": "cumulative", "baseline": "0",
        "baseline_year": str(plan.first_year - 1), "period_target": "400", "weight": "100",
        "org_unit": factories.org_unit().pk,
    }
    for year in plan.years:
        data[f"target_{year}"] = "100"
    data.update(overrides)
    return data


def approve(platform, director):
    return services.platform_approve(platform=platform, by=director)
