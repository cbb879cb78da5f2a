"""How a free-text funding source becomes a FundingSource, for the migrations that turn a text
column into a foreign key (projects 0008 for the formulation's funding, budget 0005 for the
allocations). Kept with the migrations and frozen like them: change it only with a new migration.

Texts are matched ignoring case and spaces; a source is named as it was first typed (the oldest
row, then the oldest history row, that spells it), so the name does not depend on a set's order;
new codes continue the numbering 01, 02, … in name order. Two rows of one group (e.g. project and
year) whose texts name the same source are merged, their sum kept. Every row, current or
historical, gets the source in `source_ref`.
"""


def _key(name):
    return " ".join((name or "").split()).casefold()


def sources_from_text(apps, schema_editor, *, model: str, historical: str, group: tuple[str, ...]):
    FundingSource = apps.get_model("projects", "FundingSource")
    Rows = apps.get_model(*model.split("."))
    History = apps.get_model(*historical.split("."))
    by_key = {_key(s.name): s for s in FundingSource.objects.all()}
    numbers = [int(s.code) for s in FundingSource.objects.all() if s.code.isdigit()]
    next_number = max(numbers, default=0) + 1
    spelling = {}
    for text in [
        *Rows.objects.order_by("id").values_list("source", flat=True),
        *History.objects.order_by("history_id").values_list("source", flat=True),
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
    for row in Rows.objects.order_by("id"):
        source = by_key.get(_key(row.source))
        if source is None:  # an empty text (the forms never allowed it): a source that says so
            fallback = fallback or FundingSource.objects.get_or_create(code="00", defaults={"name": "Sin fuente registrada"})[0]
            source = fallback
        key = (*(getattr(row, name) for name in group), source.pk)
        if key in kept:
            first = kept[key]
            first.amount += row.amount
            first.save(update_fields=["amount"])
            row.delete()
            continue
        row.source_ref = source
        row.save(update_fields=["source_ref"])
        kept[key] = row
    for old in History.objects.all():
        source = by_key.get(_key(old.source))
        if source is not None:
            old.source_ref = source
            old.save(update_fields=["source_ref"])
    if schema_editor.connection.vendor == "postgresql":
        # The rows just written leave deferred foreign-key checks pending, and PostgreSQL refuses to
        # ALTER a table with pending trigger events («cannot ALTER TABLE … because it has pending
        # trigger events») in the operations that follow in this transaction: run the checks now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")
