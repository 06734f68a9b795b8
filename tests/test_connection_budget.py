"""The connection budget (config/connections.py) against a real server's max_connections."""

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config import connections
from tests.private_postgres import available, private_postgres

pytestmark = pytest.mark.skipif(not available(), reason="needs Debian's PostgreSQL binaries")

SMALL = {"app_servers": 1, "web_processes": 1, "web_threads": 2, "task_workers": 0}
COUNTY = {"app_servers": 1, "web_processes": 3, "web_threads": 2, "task_workers": 1}


@pytest.fixture(scope="module")
def server():
    """A server with max_connections=8 (3 reserved for superusers) and the app's own role."""
    with private_postgres(max_connections=8) as (port, _pg_ctl):
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", autocommit=True) as db:
            db.execute("CREATE ROLE gzz LOGIN")
        yield port


def _as(role, port):
    return psycopg.connect(host="127.0.0.1", port=port, user=role, dbname="postgres")


def test_a_county_deployment_on_eight_connections_is_named_short(server):
    with _as("gzz", server) as db, db.cursor() as cursor:
        fits, detail = connections.report(cursor, COUNTY)
    assert not fits
    # 1 × 3 × 2 + 1 × 2 + 3 = 11 against 8 − 3 reserved = 5.
    assert detail.startswith("needs 11 (1 app server(s) × 3 gunicorn worker(s) × 2 thread(s)")
    assert "the server allows 5 (max_connections 8 − 3 reserved)" in detail
    assert detail.endswith("does NOT fit: 6 short")


def test_a_deployment_that_fits_says_so(server):
    with _as("gzz", server) as db, db.cursor() as cursor:
        fits, detail = connections.report(cursor, SMALL)
    assert fits and detail.startswith("needs 5 ") and detail.endswith(": fits")  # 2 + 0 + 3
    with _as("postgres", server) as db, db.cursor() as cursor:
        _fits, detail = connections.report(cursor, SMALL)
    assert "the server allows 8 (max_connections 8 (the app's role is a superuser))" in detail


@pytest.mark.django_db
def test_the_command_and_healthz_report_the_budget(client, settings):
    settings.CONNECTION_BUDGET = {**SMALL, "app_servers": 1000}
    response = client.get("/healthz")
    report = response.json()["reports"]["budget"]
    assert response.status_code == 200  # a report, never failing the probe
    from django.db import connection

    if connection.vendor != "postgresql":
        assert report == {"ok": True, "detail": "not PostgreSQL: no connection limit to check"}
        call_command("connection_budget")
        return
    assert report["ok"] is False and "does NOT fit" in report["detail"]
    assert response.json()["status"] == "ok"
    with pytest.raises(CommandError, match="does NOT fit"):
        call_command("connection_budget")
