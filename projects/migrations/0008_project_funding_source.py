"""The formulation's funding names a FundingSource instead of free text, as the budget does.

Each free-text source becomes a FundingSource by the budget's rule (budget 0005): matched by name
ignoring case and spaces, named as first typed, new codes continuing the numbering 01, 02, …; every
funding row, current or historical, points at it. Two rows of one project and year whose texts
name the same source are merged (their sum is kept).
"""
import django.db.models.deletion
from django.db import migrations, models

from projects.migrations._free_text_sources import sources_from_text as free_text_sources


def sources_from_text(apps, schema_editor):
    free_text_sources(apps, schema_editor, model="projects.ProjectFunding", historical="projects.HistoricalProjectFunding", group=("project_id", "year"))


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0007_funding_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectfunding",
            name="source_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="projects.fundingsource"
            ),
        ),
        migrations.AddField(
            model_name="historicalprojectfunding",
            name="source_ref",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="projects.fundingsource",
            ),
        ),
        migrations.RunPython(sources_from_text, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="projectfunding", name="project_funding_unique"),
        migrations.RemoveField(model_name="projectfunding", name="source"),
        migrations.RemoveField(model_name="historicalprojectfunding", name="source"),
        migrations.RenameField(model_name="projectfunding", old_name="source_ref", new_name="source"),
        migrations.RenameField(model_name="historicalprojectfunding", old_name="source_ref", new_name="source"),
        migrations.AlterField(
            model_name="projectfunding",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="project_funding", to="projects.fundingsource",
                verbose_name="fuente",
            ),
        ),
        migrations.AlterField(
            model_name="historicalprojectfunding",
            name="source",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="projects.fundingsource", verbose_name="fuente",
            ),
        ),
        migrations.AlterModelOptions(name="projectfunding", options={"ordering": ["project", "year", "source__code"]}),
        migrations.AddConstraint(
            model_name="projectfunding",
            constraint=models.UniqueConstraint(fields=("project", "source", "year"), name="project_funding_unique"),
        ),
    ]
