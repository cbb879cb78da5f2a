"""An administrator sets the time allowed per step and the at-risk share; the clocks follow."""
import datetime as dt
from decimal import Decimal

import time_machine

from isvimed_planning.deadlines.models import AnsPolicy, CycleSettings, DeadlineInstance
from isvimed_planning.deadlines.services import ensure_policies, sweep
from isvimed_planning.models import Notice

from .builders import formulating_project


def _post(client, changes: dict, cycle: dict | None = None):
    policies = list(AnsPolicy.objects.order_by("id"))
    data = {"ans-TOTAL_FORMS": str(len(policies)), "ans-INITIAL_FORMS": str(len(policies))}
    for i, p in enumerate(policies):
        row = {"id": p.pk, "duration": p.duration, "unit": p.unit, "at_risk_percent": int(p.at_risk_share * 100), "active": "on",
               "version": p.version}
        row.update(changes.get(p.step, {}))
        data.update({f"ans-{i}-{k}": v for k, v in row.items() if v is not None})
    data.update({
        "ciclo-report_deadline_business_day": 5, "ciclo-reminder_business_days": 2,
        "ciclo-action_plan_start_month": 10, "ciclo-action_plan_start_day": 1, "ciclo-version": CycleSettings.load().version,
        **(cycle or {}),
    })
    return client.post("/ans/configuracion/", data, follow=True)


def test_the_default_policies_are_those_of_the_procedure(db):
    policies = {s: (p.duration, p.unit, p.at_risk_share) for s, p in ensure_policies().items()}
    assert policies["strategy"] == (7, "months", Decimal("0.20"))
    assert policies["project"] == (1, "months", Decimal("0.20"))
    assert policies["budget"] == (4, "months", Decimal("0.20"))
    assert policies["action_plan"] == (4, "months", Decimal("0.20"))
    assert policies["monitoring"] == (3, "months", Decimal("0.20"))
    assert policies["accountability_report"] == (1, "months", Decimal("0.20"))
    assert policies["information_request"][1] == "object"


def test_an_administrator_gives_projects_two_months_and_warns_at_half_the_time(sysadmin, lead, login):
    client = login(sysadmin)
    assert client.get("/ans/configuracion/").status_code == 200
    response = _post(client, {"project": {"duration": 2, "at_risk_percent": 50}}, {"ciclo-reminder_business_days": 3})
    assert "Configuración de los ANS guardada." in response.content.decode()
    assert (AnsPolicy.objects.get(step="project").duration, AnsPolicy.objects.get(step="project").at_risk_share) == (2, Decimal("0.50"))
    assert CycleSettings.load().reminder_business_days == 3

    formulating_project(lead=lead, started=dt.date(2025, 3, 1))
    with time_machine.travel(dt.datetime(2025, 4, 5, 12), tick=False):  # 26 of 61 days left: under half
        sweep()
    clock = DeadlineInstance.objects.get(step="project")
    assert (clock.due, clock.state) == (dt.date(2025, 5, 1), "at_risk")


def test_an_impossible_share_is_refused_next_to_the_field_and_nothing_is_saved(sysadmin, login):
    client = login(sysadmin)
    client.get("/ans/configuracion/")
    response = _post(client, {"budget": {"at_risk_percent": 0, "duration": 9}})
    assert "Use un porcentaje entre 1 y 99." in response.content.decode()
    assert AnsPolicy.objects.get(step="budget").duration == 4


def test_only_the_admin_role_configures_the_ans(planner, director, login):
    assert login(planner).get("/ans/configuracion/").status_code == 403
    assert login(director).get("/ans/configuracion/").status_code == 403


def test_a_step_no_longer_watched_sends_no_notices(sysadmin, lead, planner, login):
    ensure_policies()
    formulating_project(lead=lead, started=dt.date(2025, 3, 1))
    with time_machine.travel(dt.datetime(2025, 3, 10, 12), tick=False):
        sweep()
    _post(login(sysadmin), {"project": {"active": None}})
    assert AnsPolicy.objects.get(step="project").active is False
    with time_machine.travel(dt.datetime(2025, 5, 10, 12), tick=False):
        sweep()
    assert not Notice.objects.exists()
