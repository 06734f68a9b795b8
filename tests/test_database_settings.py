"""The database connection's own settings, on the server the suite runs against."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting"),
]


def test_postgresql_jit_is_off_for_the_apps_connections():
    # JIT compiling cost the county overview a second on the city seed (README).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
