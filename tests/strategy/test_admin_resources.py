"""Administration pages and import/export resources of the plan."""
import pytest
import tablib
from django.urls import reverse

from strategy.models import AnnualTarget
from strategy.resources import AnnualTargetResource, IndicatorResource, StrategicLineResource
from tests import factories
from tests.conftest import make_user

MODELS = [
    "developmentplan", "strategicplatform", "strategicline", "component", "program", "indicator", "annualtarget",
    "planninginstrument",
]


@pytest.mark.django_db
def test_admin_lists_and_forms_open(login):
    admin_user = make_user("raiz", is_staff=True, is_superuser=True)
    factories.indicator(targets={2024: "5"})
    client = login(admin_user)
    for model in MODELS:
        assert client.get(reverse(f"admin:strategy_{model}_changelist")).status_code == 200, model
        assert client.get(reverse(f"admin:strategy_{model}_add")).status_code == 200, model


@pytest.mark.django_db
def test_indicators_export_with_their_unit_code():
    factories.indicator("4.2.1.7", name="Viviendas entregadas")
    dataset = IndicatorResource().export()
    row = dict(zip(dataset.headers, dataset[0]))
    assert row["code"] == "4.2.1.7" and row["name"] == "Viviendas entregadas" and row["org_unit"] == "SDV"


@pytest.mark.django_db
def test_lines_import_by_plan_and_code():
    plan = factories.plan()
    data = tablib.Dataset(headers=["id", "plan", "code", "name"])
    data.append(["", plan.pk, "7", "Gestión del suelo"])
    result = StrategicLineResource().import_data(data, dry_run=False)
    assert not result.has_errors() and plan.lines.get().name == "Gestión del suelo"


@pytest.mark.django_db
def test_importing_a_target_outside_the_period_is_refused():
    ind = factories.indicator()
    data = tablib.Dataset(headers=["id", "indicator", "year", "value"])
    data.append(["", ind.pk, 2031, "10"])
    result = AnnualTargetResource().import_data(data, dry_run=False)
    assert result.has_validation_errors()
    assert "El año 2031 está fuera del periodo del plan (2024–2027)." in str(result.invalid_rows[0].error_dict)
    assert not AnnualTarget.objects.exists()
