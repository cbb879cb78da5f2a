"""Use cases of the ANS: synchronise the instances from every app, update their states and
warn the people concerned (once each, even when the sweep runs twice or is retried)."""
from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from isvimed_planning import roles
from isvimed_planning.calendar import add_business_days
from isvimed_planning.notices import notify

from . import live
from .models import AnsPolicy, DeadlineInstance, DeadlineState, DurationUnit, Step
from .registry import Item, providers

log = logging.getLogger(__name__)

# Defaults of the procedure (DOMAIN.md); an administrator changes them in AnsPolicy.
DEFAULT_POLICIES: dict[str, tuple[int, str]] = {
    Step.STRATEGY: (7, DurationUnit.MONTHS),
    Step.PROJECT: (1, DurationUnit.MONTHS),
    Step.BUDGET: (4, DurationUnit.MONTHS),
    Step.ACTION_PLAN: (4, DurationUnit.MONTHS),
    Step.ACTION_PLAN_LEGAL: (0, DurationUnit.FROM_OBJECT),
    Step.MONITORING: (3, DurationUnit.MONTHS),
    Step.ACCOUNTABILITY_REPORT: (1, DurationUnit.MONTHS),
    Step.INFORMATION_REQUEST: (0, DurationUnit.FROM_OBJECT),
    Step.COUNCIL_COMMITMENT: (0, DurationUnit.FROM_OBJECT),
}

NOTICE_AT_RISK = "ans_at_risk"
NOTICE_OVERDUE = "ans_overdue"


def ensure_policies() -> dict[str, AnsPolicy]:
    """The policy of every step, creating the missing ones with the procedure's defaults."""
    existing = {p.step: p for p in AnsPolicy.objects.all()}
    for step, (duration, unit) in DEFAULT_POLICIES.items():
        if step not in existing:
            existing[step] = AnsPolicy.objects.get_or_create(step=step, defaults={"duration": duration, "unit": unit})[0]
    return existing


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_for(policy: AnsPolicy, start: dt.date) -> dt.date:
    if policy.unit == DurationUnit.MONTHS:
        return add_months(start, policy.duration)
    if policy.unit == DurationUnit.BUSINESS_DAYS:
        return add_business_days(start, policy.duration)
    return start + dt.timedelta(days=policy.duration)


def compute_state(*, start: dt.date, due: dt.date, completed_on: dt.date | None, today: dt.date, share: Decimal) -> str:
    """on_time / at_risk (less than `share` of the allowed time left) / overdue / done_*."""
    if completed_on is not None:
        return DeadlineState.DONE_ON_TIME if completed_on <= due else DeadlineState.DONE_LATE
    if today > due:
        return DeadlineState.OVERDUE
    total = (due - start).days
    left = (due - today).days
    if left < Decimal(share) * total or total <= 0:
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TIME


def planners():
    return list(roles.users_with_role(roles.PLANEACION))


# --- synchronisation -------------------------------------------------------------------------


def _due_of(item: Item, policy: AnsPolicy) -> dt.date:
    due = item.due or due_for(policy, item.start)
    return max(due, item.start)


@transaction.atomic
def sync_step(*, step: str, items: list[Item], policy: AnsPolicy, today: dt.date) -> dict[str, int]:
    """Create, update and delete the instances of one step so they match the app's data."""
    existing = {
        (i.content_type_id, i.object_id): i for i in DeadlineInstance.objects.select_for_update().filter(step=step)
    }
    content_types: dict[type, ContentType] = {}
    seen: set[tuple[int, int]] = set()
    to_create: list[DeadlineInstance] = []
    updated = 0
    fields = ("title", "url", "responsible_id", "start", "due", "completed_on", "state")
    for item in items:
        model = type(item.obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        key = (content_types[model].pk, item.obj.pk)
        if key in seen:
            continue
        seen.add(key)
        due = _due_of(item, policy)
        values = {
            "title": str(item.title)[:300],
            "url": (item.url or "")[:300],
            "responsible_id": getattr(item.responsible, "pk", item.responsible),
            "start": item.start,
            "due": due,
            "completed_on": item.completed_on,
            "state": compute_state(
                start=item.start, due=due, completed_on=item.completed_on, today=today, share=policy.at_risk_share
            ),
        }
        instance = existing.get(key)
        if instance is None:
            to_create.append(DeadlineInstance(step=step, content_type_id=key[0], object_id=key[1], **values))
            continue
        changed = [f for f in fields if getattr(instance, f) != values[f]]
        if not changed:
            continue
        if instance.due != due:  # a new term (e.g. an extension): warn again about the new one
            instance.at_risk_notified_at = None
            instance.overdue_notified_at = None
            changed += ["at_risk_notified_at", "overdue_notified_at"]
        for f in fields:
            setattr(instance, f, values[f])
        instance.save(update_fields=changed + ["updated_at"])
        updated += 1
    DeadlineInstance.objects.bulk_create(to_create, ignore_conflicts=True)
    gone = [i.pk for k, i in existing.items() if k not in seen]
    if gone:
        DeadlineInstance.objects.filter(pk__in=gone).delete()
    return {"created": len(to_create), "updated": updated, "deleted": len(gone)}


def sync_all(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    return sync_steps(steps=list(providers()), today=today)


def sync_steps(*, steps: Iterable[str], today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Synchronise the given steps (those of an active policy) with their apps' data."""
    with live.quiet():
        return _sync_steps(steps=steps, today=today or timezone.localdate())


def _sync_steps(*, steps: Iterable[str], today: dt.date) -> dict[str, dict[str, int]]:
    policies = ensure_policies()
    registered = providers()
    result = {}
    for step in steps:
        funcs = registered.get(step)
        policy = policies.get(step)
        if not funcs or policy is None or not policy.active:
            continue
        items: list[Item] = []
        for func in funcs:
            items.extend(func(today=today))
        result[step] = sync_step(step=step, items=items, policy=policy, today=today)
    return result


def refresh_states(*, today: dt.date | None = None) -> int:
    """Recompute the state of open instances (time passes even when no data changes)."""
    today = today or timezone.localdate()
    policies = ensure_policies()
    changed = 0
    for instance in DeadlineInstance.objects.filter(completed_on__isnull=True):
        share = policies[instance.step].at_risk_share if instance.step in policies else Decimal("0.20")
        state = compute_state(start=instance.start, due=instance.due, completed_on=None, today=today, share=share)
        if state != instance.state:
            changed += DeadlineInstance.objects.filter(pk=instance.pk, completed_on__isnull=True).update(state=state)
    return changed


# --- notices ---------------------------------------------------------------------------------


def _days(n: int) -> str:
    return "1 día" if n == 1 else f"{n} días"


def _link(instance: DeadlineInstance) -> str:
    return instance.url or "/ans/"


def notify_at_risk(instance: DeadlineInstance, *, today: dt.date) -> bool:
    """Warn the responsible person (planeación when nobody is) once per due date."""
    with transaction.atomic():
        claimed = DeadlineInstance.objects.filter(
            pk=instance.pk, state=DeadlineState.AT_RISK, at_risk_notified_at__isnull=True, overdue_notified_at__isnull=True
        ).update(at_risk_notified_at=timezone.now())
        if not claimed:
            return False
        left = (instance.due - today).days
        recipients = [instance.responsible] if instance.responsible_id else planners()
        notify(
            recipients=recipients, kind=NOTICE_AT_RISK, key=f"ans:{instance.pk}:at_risk:{instance.due:%Y%m%d}",
            title=f"ANS en riesgo: {instance.title}"[:200],
            body=(
                f"{instance.get_step_display()}. Vence el {instance.due:%d/%m/%Y}; quedan {_days(left)}. "
                "Complete el paso antes del vencimiento."
            ),
            url=_link(instance),
        )
        return True


def notify_overdue(instance: DeadlineInstance, *, today: dt.date) -> bool:
    """Escalate to the responsible person and to the Subdirección de Planeación, once per due date."""
    with transaction.atomic():
        now = timezone.now()
        claimed = DeadlineInstance.objects.filter(
            pk=instance.pk, state=DeadlineState.OVERDUE, overdue_notified_at__isnull=True
        ).update(overdue_notified_at=now, at_risk_notified_at=Coalesce("at_risk_notified_at", Value(now)))
        if not claimed:
            return False
        late = (today - instance.due).days
        recipients = ([instance.responsible] if instance.responsible_id else []) + planners()
        notify(
            recipients=recipients, kind=NOTICE_OVERDUE, key=f"ans:{instance.pk}:overdue:{instance.due:%Y%m%d}",
            title=f"ANS vencido: {instance.title}"[:200],
            body=(
                f"{instance.get_step_display()}. Venció el {instance.due:%d/%m/%Y} ({_days(late)} de retraso). "
                f"Responsable: {instance.responsible or 'Subdirección de Planeación'}."
            ),
            url=_link(instance),
        )
        return True


def send_due_notices(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    sent = {"at_risk": 0, "overdue": 0}
    watched = [step for step, policy in ensure_policies().items() if policy.active]
    base = DeadlineInstance.objects.select_related("responsible").filter(step__in=watched)
    for instance in base.filter(state=DeadlineState.OVERDUE, overdue_notified_at__isnull=True):
        sent["overdue"] += notify_overdue(instance, today=today)
    for instance in base.filter(
        state=DeadlineState.AT_RISK, at_risk_notified_at__isnull=True, overdue_notified_at__isnull=True
    ):
        sent["at_risk"] += notify_at_risk(instance, today=today)
    return sent


def sweep(*, today: dt.date | None = None) -> dict:
    """The daily job: synchronise, update states, send the notices that are due."""
    today = today or timezone.localdate()
    synced = sync_all(today=today)
    refreshed = refresh_states(today=today)
    sent = send_due_notices(today=today)
    return {"today": today.isoformat(), "synced": synced, "refreshed": refreshed, "sent": sent}
