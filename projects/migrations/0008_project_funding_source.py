"""The formulation's funding names a FundingSource instead of free text, as the budget does.

Each free-text source becomes a FundingSource by the budget's rule (budget 0005): matched by name
ignoring case and spaces, named as first typed, new codes continuing the numbering 01, 02, …; every
funding row, current or historical, points at it. Two rows of one project and year whose texts
name the same source are merged (their sum is kept).
"""
import django.db.models.deletion
from django.db import migrations, models


def _key(name):
    return " ".join((name or "").split()).casefold()


def sources_from_text(apps, schema_editor):
    FundingSource = apps.get_model("projects", "FundingSource")
    Funding = apps.get_model("projects", "ProjectFunding")
    HistoricalFunding = apps.get_model("projects", "HistoricalProjectFunding")
    by_key = {_key(s.name): s for s in FundingSource.objects.all()}
    numbers = [int(s.code) for s in FundingSource.objects.all() if s.code.isdigit()]
    next_number = max(numbers, default=0) + 1
    spelling = {}
    for text in [
        *Funding.objects.order_by("id").values_list("source", flat=True),
        *HistoricalFunding.objects.order_by("history_id").values_list("source", flat=True),
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
    for funding in Funding.objects.order_by("id"):
        source = by_key.get(_key(funding.source))
        if source is None:  # an empty text (the form never allowed it): a source that says so
            fallback = fallback or FundingSource.objects.get_or_create(code="00", defaults={"name": "Sin fuente registrada"})[0]
            source = fallback
        triple = (funding.project_id, funding.year, source.pk)
        if triple in kept:
            first = kept[triple]
            first.amount += funding.amount
            first.save(update_fields=["amount"])
            funding.delete()
            continue
        funding.source_ref = source
        funding.save(update_fields=["source_ref"])
        kept[triple] = funding
    for row in HistoricalFunding.objects.all():
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
