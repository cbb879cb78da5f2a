"""Every table the four matrices read is rewound by the as-of recomputation: it keeps history
(monitoring.matrices.asof.SEALED_MODELS), its rows are copied into the snapshot (REFERENCE) or it
only sums rewound rows and is recomputed from them (DERIVED: monitoring.totals)."""
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.matrices import KINDS, compute
from monitoring.matrices.asof import DERIVED, REFERENCE, SEALED_MODELS
from tests.matrices.builders import CUTOFF, YEAR, scaled

TABLE = re.compile(r'(?:FROM|JOIN)\s+"([A-Za-z0-9_]+)"')


def test_every_table_the_matrices_read_is_rewound(data, lead):
    scaled(2, lead=lead)  # the action plan's programming and the split by source too
    with CaptureQueriesContext(connection) as ctx:
        for kind in KINDS:
            compute(kind, year=YEAR, cutoff=CUTOFF)
    read = {t for q in ctx.captured_queries for t in TABLE.findall(q["sql"])}
    by_table = {m._meta.db_table: m for m in apps.get_models()}
    models = {by_table[t] for t in read}
    assert len(models) >= 20, "the queries were not read"
    assert models - set(SEALED_MODELS) - set(REFERENCE) - set(DERIVED) == set()
    assert all(hasattr(m, "history") for m in SEALED_MODELS)
    assert not any(hasattr(m, "history") for m in REFERENCE)
