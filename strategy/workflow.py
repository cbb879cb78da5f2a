"""The strategic platform workflow as data: a draft version is approved by the Director and
then read-only. (A platform keeps its approver and date on itself; there is no move log.)"""
from __future__ import annotations

from isvimed_planning import roles
from isvimed_planning.workflow import Transition, Workflow

from .models import PlatformState

PLATFORM_WORKFLOW = Workflow(
    [Transition("approve", "Aprobar", (PlatformState.DRAFT,), PlatformState.APPROVED, (roles.DIRECCION,))],
    dict(PlatformState.choices),
)
