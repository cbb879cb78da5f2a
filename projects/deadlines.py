"""ANS of step 4.2: one clock per project, from the start of formulation to its registration."""
from __future__ import annotations

import datetime as dt

from isvimed_planning.deadlines.registry import Item, as_date, link, register

from .models import Project


@register("project", watch=(Project,))
def projects(*, today: dt.date):
    for project in Project.objects.select_related("lead").only(
        "id", "name", "bank_code", "lead", "formulation_started_on", "created_at", "registered_on"
    ):
        start = project.formulation_started_on or as_date(project.created_at)
        completed = project.registered_on
        yield Item(
            obj=project, title=f"Proyecto {project.name}", start=start,
            completed_on=max(completed, start) if completed else None, responsible=project.lead,
            url=link("projects:detail", project.pk),
        )
