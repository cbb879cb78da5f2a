"""Running a data migration in a test: back to the migration before it, data written with that
state's models, forward again to the latest migrations."""
from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets=None) -> MigrationExecutor:
    """Migrates the test database to `targets` (every app's latest migration when None)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@contextmanager
def at_migration(targets):
    """The apps registry as of `targets` (e.g. [("budget", "0004_…")]); forward again on exit."""
    executor = migrate(targets)
    try:
        yield executor.loader.project_state(targets).apps
    finally:
        migrate()
