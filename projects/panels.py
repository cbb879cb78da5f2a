"""The projects app's card of the home page (isvimed_planning.panels, page "home"): the projects
waiting for the user's decision, each count linking to the project list filtered by that state.

Planeación reviews the projects sent for review and registers the approved ones in the bank; the
Director decides the viability of the registered ones; a lead corrects their returned projects.
One query whatever the number of projects."""
from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from isvimed_planning import roles
from isvimed_planning.panels import QueueItem, queue_card
from isvimed_planning.roles import has_role

from .models import Project, ProjectState as S


def list_url(state: str) -> str:
    return f"{reverse('projects:index')}?state={state}"


def home_projects_card(request, user) -> dict | None:
    planner, director, lead = (has_role(user, r) for r in (roles.PLANEACION, roles.DIRECCION, roles.RESPONSABLE))
    if not (planner or director or lead):
        return None
    wanted: dict[str, Q] = {}
    if planner:
        wanted[S.IN_REVIEW] = Q(state=S.IN_REVIEW)
        wanted[S.APPROVED] = Q(state=S.APPROVED)
    if director:
        wanted[S.REGISTERED] = Q(state=S.REGISTERED)
    if lead and not planner:  # a lead's own projects returned with observations
        wanted[S.RETURNED] = Q(state=S.RETURNED, lead=user)
    counts = Project.objects.aggregate(**{str(state): Count("pk", filter=q) for state, q in wanted.items()})
    items = []
    if planner:
        items.append(QueueItem(counts[S.IN_REVIEW], "proyecto por revisar", "proyectos por revisar",
                               list_url(S.IN_REVIEW), "No tiene proyectos por revisar."))
        items.append(QueueItem(counts[S.APPROVED], "proyecto aprobado por inscribir en el banco",
                               "proyectos aprobados por inscribir en el banco",
                               list_url(S.APPROVED), "No tiene proyectos por inscribir en el banco."))
    if director:
        items.append(QueueItem(counts[S.REGISTERED], "proyecto inscrito por decidir su viabilidad",
                               "proyectos inscritos por decidir su viabilidad",
                               list_url(S.REGISTERED), "No tiene proyectos por decidir su viabilidad."))
    if S.RETURNED in counts:
        items.append(QueueItem(counts[S.RETURNED], "proyecto devuelto para corregir", "proyectos devueltos para corregir",
                               list_url(S.RETURNED), "No tiene proyectos devueltos para corregir.", urgent=True))
    return queue_card(key="projects", title="Proyectos", items=items)
