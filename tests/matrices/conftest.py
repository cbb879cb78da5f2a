import io

import pytest

from monitoring.matrices import compute, write_xlsx
from tests.matrices.builders import CUTOFF, YEAR, dataset, load


@pytest.fixture
def data(db, lead, lead2):
    return dataset(lead=lead, lead2=lead2)


@pytest.fixture
def workbook():
    """workbook(kind) → the openpyxl workbook produced for the data set's year and cutoff."""

    def produce(kind):
        buffer = io.BytesIO()
        write_xlsx(compute(kind, year=YEAR, cutoff=CUTOFF), buffer, year=YEAR, cutoff=CUTOFF)
        return load(buffer.getvalue())

    return produce


@pytest.fixture
def reference_data(transactional_db):
    """Roles and territories as the migration creates them: a transactional test flushes them
    at teardown, so tests that run after one need them back. Ask for it before the personas."""
    from django.apps import apps
    from django.db import connection

    migration = __import__("importlib").import_module("isvimed_planning.migrations.0002_roles_and_territories")
    migration.forwards(apps, connection.schema_editor)
