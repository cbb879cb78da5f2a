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


def _key(name):
    return " ".join((name or "").split()).casefold()


def sources_from_text(apps, schema_editor):
    FundingSource = apps.get_model("projects", "FundingSource")
    Allocation = apps.get_model("budget", "ProjectAllocation")
    HistoricalAllocation = apps.get_model("budget", "HistoricalProjectAllocation")
    by_key = {_key(s.name): s for s in FundingSource.objects.all()}
    numbers = [int(s.code) for s in FundingSource.objects.all() if s.code.isdigit()]
    next_number = max(numbers, default=0) + 1
    # A source is named as it was first typed (the oldest allocation, then the oldest history row,
    # that spells it), so the name does not depend on the order of a set.
    spelling = {}
    for text in [
        *Allocation.objects.order_by("id").values_list("source", flat=True),
        *HistoricalAllocation.objects.order_by("history_id").values_list("source", flat=True),
    ]:
        spelling.setdefault(_key(text), " ".join((text or "").split()))
    for key in sorted(spelling):
        if key and key not in by_key:
            while FundingSource.objects.filter(code=f"{next_number:02d}").exists():
                next_number += 1
            by_key[key] = FundingSource.objects.create(code=f"{next_number:02d}", name=spelling[key])
            next_number += 1
    fallback = None
    kept = {}
    for allocation in Allocation.objects.order_by("id"):
        source = by_key.get(_key(allocation.source))
        if source is None:  # an empty text (the form never allowed it): a source that says so
            fallback = fallback or FundingSource.objects.get_or_create(code="00", defaults={"name": "Sin fuente registrada"})[0]
            source = fallback
        pair = (allocation.fiscal_year_id, allocation.project_id, source.pk)
        if pair in kept:
            first = kept[pair]
            first.amount += allocation.amount
            first.save(update_fields=["amount"])
            allocation.delete()
            continue
        allocation.source_ref = source
        allocation.save(update_fields=["source_ref"])
        kept[pair] = allocation
    for row in HistoricalAllocation.objects.all():
        source = by_key.get(_key(row.source))
        if source is not None:
            row.source_ref = source
            row.save(update_fields=["source_ref"])
    if schema_editor.connection.vendor == "postgresql":
        # The rows just written leave deferred foreign-key checks pending, and PostgreSQL refuses to
        # ALTER a table with pending trigger events («cannot ALTER TABLE … because it has pending
        # trigger events») in the operations that follow in this transaction: run the checks now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


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
