"""The demo data fills the citizens' pages: projects in execution, public and private evidence,
and comunas with investment."""
from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from monitoring.models import Evidence
from projects.models import Project


def test_the_demo_has_public_projects_evidence_and_comunas(db, client, time_machine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(dt.datetime(2026, 11, 24, 9, 0))
    call_command("load_demo", verbosity=0)
    assert Evidence.objects.filter(is_public=True, report__state="approved").count() == 12
    assert Evidence.objects.filter(is_public=False).count() == 12
    public = Evidence.objects.filter(is_public=True).select_related("report__project").first()
    html = client.get(f"/ciudadania/proyectos/{public.report.project_id}/").content.decode()
    assert public.original_name in html
    assert client.get(f"/ciudadania/evidencias/{public.pk}/").status_code == 200
    listed = client.get("/ciudadania/proyectos/").context["page"].paginator.count
    assert listed == Project.objects.filter(state__in=("in_execution", "closed")).count() > 0
    comuna = client.get("/ciudadania/comunas/1/").context["t"]
    assert comuna.projects and comuna.committed > 0
