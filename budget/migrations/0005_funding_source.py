"""Allocations and modifications name a FundingSource instead of free text.

Each free-text source becomes a FundingSource (matched by name, ignoring case and surrounding
spaces; new codes continue the numbering 01, 02, …), and every allocation, current or historical,
points at it. Two allocations of one project and year whose texts name the same source are merged
(their sum is kept, so the year's allocated total does not change). Existing modifications keep no
source: where the project has a single source that year it is that one; where it has several,
the follow-up dashboard lists them for planning to assign.
"""
import django.db.models.deletion
from django.db import migrations, models

from projects.migrations._free_text_sources import sources_from_text as free_text_sources


def sources_from_text(apps, schema_editor):
    free_text_sources(apps, schema_editor, model="budget.ProjectAllocation", historical="budget.HistoricalProjectAllocation", group=("fiscal_year_id", "project_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("budget", "0004_edit_version_optimistic_lock"),
        ("projects", "0007_funding_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectallocation",
            name="source_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="projects.fundingsource"
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectallocation",
            name="source_ref",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="projects.fundingsource",
            ),
        ),
        migrations.RunPython(sources_from_text, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="projectallocation", name="allocation_unique"),
        migrations.RemoveField(model_name="projectallocation", name="source"),
        migrations.RemoveField(model_name="historicalprojectallocation", name="source"),
        migrations.RenameField(model_name="projectallocation", old_name="source_ref", new_name="source"),
        migrations.RenameField(model_name="historicalprojectallocation", old_name="source_ref", new_name="source"),
        migrations.AlterField(
            model_name="projectallocation",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="allocations", to="projects.fundingsource",
                verbose_name="fuente",
            ),
        ),
        migrations.AlterField(
            model_name="historicalprojectallocation",
            name="source",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="projects.fundingsource", verbose_name="fuente",
            ),
        ),
        migrations.AlterModelOptions(
            name="projectallocation",
            options={
                "ordering": ["fiscal_year", "project", "source__code"],
                "verbose_name": "techo presupuestal",
                "verbose_name_plural": "techos presupuestales",
            },
        ),
        migrations.AddConstraint(
            model_name="projectallocation",
            constraint=models.UniqueConstraint(fields=("fiscal_year", "project", "source"), name="allocation_unique"),
        ),
        migrations.AddField(
            model_name="budgetmodification",
            name="source",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="modifications",
                to="projects.fundingsource", verbose_name="fuente",
            ),
        ),
        migrations.AddField(
            model_name="historicalbudgetmodification",
            name="source",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="projects.fundingsource", verbose_name="fuente",
            ),
        ),
    ]
