from django.utils import timezone

from action_plan.models import ActionPlan
from budget.models import FiscalYear


def test_anonymous_citizen_finds_only_published_action_plans(client, db):
    published = ActionPlan.objects.create(
        fiscal_year=FiscalYear.objects.create(year=2026, global_ceiling=1000), state="published", published_at=timezone.now()
    )
    ActionPlan.objects.create(fiscal_year=FiscalYear.objects.create(year=2027, global_ceiling=1000), state="approved")
    html = client.get("/plan-accion/publico/").content.decode()
    assert f'href="/plan-accion/publico/{published.fiscal_year.year}/"' in html
    assert "Plan de acción 2026" in html
    assert "Plan de acción 2027" not in html
