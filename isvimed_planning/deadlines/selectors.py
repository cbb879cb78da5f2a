"""Reads of the ANS dashboard: per-step figures over a period and each open instance's clock,
in a constant number of queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from .models import AnsPolicy, DeadlineInstance, DeadlineState, Step
from .services import DEFAULT_POLICIES, compute_state


@dataclass
class Clock:
    instance: DeadlineInstance
    state: str
    state_label: str
    total_days: int
    elapsed_days: int
    days_left: int  # negative when overdue

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def progress(self) -> int:
        """Share of the allowed time already used, 0..100 (capped)."""
        if self.total_days <= 0:
            return 100
        return max(0, min(100, round(100 * self.elapsed_days / self.total_days)))


@dataclass
class StepFigures:
    step: str
    label: str
    policy_label: str
    open: int = 0
    on_time: int = 0
    at_risk: int = 0
    overdue: int = 0
    done: int = 0
    done_on_time: int = 0
    durations: list[int] = field(default_factory=list)

    @property
    def on_time_ratio(self) -> Decimal | None:
        return Decimal(self.done_on_time) / Decimal(self.done) if self.done else None

    @property
    def average_days(self) -> Decimal | None:
        if not self.durations:
            return None
        return (Decimal(sum(self.durations)) / Decimal(len(self.durations))).quantize(Decimal("0.1"))


STATE_LABELS = dict(DeadlineState.choices)


def policies() -> dict[str, AnsPolicy]:
    found = {p.step: p for p in AnsPolicy.objects.all()}
    for step, (duration, unit) in DEFAULT_POLICIES.items():
        found.setdefault(step, AnsPolicy(step=step, duration=duration, unit=unit))
    return found


def clock(instance: DeadlineInstance, *, today: dt.date, share: Decimal) -> Clock:
    state = compute_state(start=instance.start, due=instance.due, completed_on=instance.completed_on, today=today, share=share)
    end = instance.completed_on or today
    return Clock(
        instance=instance, state=state, state_label=STATE_LABELS[state],
        total_days=(instance.due - instance.start).days, elapsed_days=(end - instance.start).days,
        days_left=(instance.due - end).days,
    )


def dashboard(*, today: dt.date, start: dt.date, end: dt.date, step: str = "") -> dict:
    """Figures per step (open / at risk / overdue now; done on time and average duration of the
    instances completed between `start` and `end`) and the clocks of the open instances."""
    pols = policies()
    rows = {
        s: StepFigures(step=s, label=label, policy_label=pols[s].duration_label) for s, label in Step.choices
    }
    qs = DeadlineInstance.objects.select_related("responsible").filter(
        Q(completed_on__isnull=True) | Q(completed_on__range=(start, end))
    )
    if step:
        qs = qs.filter(step=step)
    clocks: list[Clock] = []
    for instance in qs.order_by("due", "id"):
        policy = pols.get(instance.step)
        share = policy.at_risk_share if policy else Decimal("0.20")
        c = clock(instance, today=today, share=share)
        row = rows[instance.step]
        if instance.completed_on is None:
            row.open += 1
            setattr(row, c.state, getattr(row, c.state) + 1)
            clocks.append(c)
        else:
            row.done += 1
            row.done_on_time += c.state == DeadlineState.DONE_ON_TIME
            row.durations.append((instance.completed_on - instance.start).days)
    steps = [r for r in rows.values() if not step or r.step == step]
    totals = StepFigures(step="", label="Total", policy_label="")
    for r in steps:
        for name in ("open", "on_time", "at_risk", "overdue", "done", "done_on_time"):
            setattr(totals, name, getattr(totals, name) + getattr(r, name))
        totals.durations += r.durations
    return {"steps": steps, "totals": totals, "clocks": clocks}
