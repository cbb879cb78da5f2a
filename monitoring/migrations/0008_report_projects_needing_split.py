"""Says which projects need their execution split by funding source (issue 17).

Sources became a table in budget 0005 / projects 0007 / monitoring 0007: a project's existing
execution belongs to its single source of the year without any data change (monitoring.sources
gives it to that source), but a project with several sources in a year whose approved reports
carry amounts, or whose modifications carry no source, cannot be given to one: this migration
prints those projects (BPIN and year) so that planning reopens and splits them; the follow-up
dashboard lists them too. It writes nothing and prints nothing when there is nothing to split.

The rule is monitoring.sources.needs_split; a migration runs on the historical models, so it
repeats the rule's few lines here (tests/monitoring/test_migration_needs_split.py checks that both
name the same projects).
"""
from __future__ import annotations

import sys
from collections import defaultdict

from django.db import migrations


def projects_needing_split(apps) -> list[tuple[str, str, int, int, int]]:
    """(BPIN, name, year, approved reports with amounts and no split, modifications without a
    source) of each project's year with several sources that has any of them; by year, then BPIN."""
    allocation = apps.get_model("budget", "ProjectAllocation")
    modification = apps.get_model("budget", "BudgetModification")
    report = apps.get_model("monitoring", "ProgressReport")
    source_execution = apps.get_model("monitoring", "SourceExecution")
    project = apps.get_model("projects", "Project")
    sources: dict[tuple[int, int], set[int]] = defaultdict(set)
    for project_id, year, source_id in allocation.objects.values_list("project_id", "fiscal_year__year", "source_id"):
        sources[(project_id, year)].add(source_id)
    several = {pair for pair, found in sources.items() if len(found) > 1}
    split = set(source_execution.objects.values_list("report_id", flat=True))
    found: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for pk, project_id, year in (
        report.objects.filter(state="approved").exclude(committed=0, obligated=0, paid=0)
        .values_list("pk", "project_id", "year")
    ):
        if (project_id, year) in several and pk not in split:
            found[(project_id, year)][0] += 1
    for project_id, year in modification.objects.filter(source__isnull=True).values_list("project_id", "fiscal_year__year"):
        if (project_id, year) in several:
            found[(project_id, year)][1] += 1
    names = dict(
        (pk, (bpin or "sin BPIN", name))
        for pk, bpin, name in project.objects.filter(pk__in={pk for pk, _ in found}).values_list("pk", "bank_code", "name")
    )
    rows = [(*names[pk], year, reports, changes) for (pk, year), (reports, changes) in found.items()]
    return sorted(rows, key=lambda row: (row[2], row[0]))


def say_which_projects_need_a_split(apps, schema_editor, out=None) -> None:
    rows = projects_needing_split(apps)
    if not rows:
        return
    out = out or sys.stdout
    out.write("\nProyectos con varias fuentes de financiación cuya ejecución hay que repartir por fuente:\n")
    for bpin, name, year, reports, changes in rows:
        parts = []
        if reports:
            parts.append(f"{reports} reporte(s) aprobado(s) sin repartir")
        if changes:
            parts.append(f"{changes} modificación(es) sin fuente")
        out.write(f"  BPIN {bpin} ({name}), vigencia {year}: {', '.join(parts)}\n")
    out.write("Planeación debe reabrir esos reportes y repartirlos; el tablero de seguimiento los lista.\n")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_source_execution"),
        ("budget", "0005_funding_source"),
    ]

    operations = [migrations.RunPython(say_which_projects_need_a_split, migrations.RunPython.noop, elidable=True)]
