"""Running the migrations to a point and back, for the tests of a migration's data."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrates the test database to ``targets`` (``[(app, migration)]``); returns the
    models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's last migration: where a test puts the database back."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
