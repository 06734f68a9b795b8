"""The connection budget: does this deployment fit in PostgreSQL's ``max_connections``?

Every gunicorn thread keeps its own connection open (``CONN_MAX_AGE``), every
background worker process holds two (the queue and its heartbeat), and a few
are needed for maintenance (the nightly backup, a migration, an
administrator's shell). When they add up to more than the server lets this
role open, the request that asks for one more fails; it is answered 503
(``config.unavailable``), but for as long as the setting stays. The budget,
from the settings the deployment is started with (README: "Connection
budget"):

    app servers × gunicorn workers × threads + task workers × 2 + maintenance
    ≤ max_connections − superuser_reserved_connections (− reserved_connections)

The reserved slots are left out unless the app's role is a superuser. The
figure is a report of ``/healthz`` (``connections.budget``), never failing the
probe: a monitor reads it; ``manage.py connection_budget`` prints it.
"""

from django.conf import settings
from django.db import connection

MAINTENANCE = 3  # the nightly backup, a migration, an administrator's shell


def needed(budget=None):
    """(connections, how they add up in words) for the configured deployment."""
    b = budget or settings.CONNECTION_BUDGET
    web = b["app_servers"] * b["web_processes"] * b["web_threads"]
    total = web + 2 * b["task_workers"] + MAINTENANCE
    words = (
        f"{b['app_servers']} app server(s) × {b['web_processes']} gunicorn worker(s) × "
        f"{b['web_threads']} thread(s) + {b['task_workers']} task worker(s) × 2 + "
        f"{MAINTENANCE} for maintenance"
    )
    return total, words


def allowed(cursor):
    """(connections this role may open, how that is worked out), read from the server."""

    def setting(name):
        cursor.execute("SELECT setting FROM pg_settings WHERE name = %s", [name])
        row = cursor.fetchone()
        return int(row[0]) if row else 0

    most = setting("max_connections")
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = bool(cursor.fetchone()[0])
    if superuser:
        return most, f"max_connections {most} (the app's role is a superuser)"
    reserved = setting("superuser_reserved_connections") + setting("reserved_connections")
    return most - reserved, f"max_connections {most} − {reserved} reserved"


def report(cursor, budget=None):
    """(fits, detail): the budget against what the server allows."""
    want, how = needed(budget)
    have, limit = allowed(cursor)
    fits = want <= have
    verdict = "fits" if fits else f"does NOT fit: {want - have} short"
    return fits, f"needs {want} ({how}); the server allows {have} ({limit}): {verdict}"


def budget():
    """The /healthz report; on SQLite there is no server to ask."""
    if connection.vendor != "postgresql":
        return True, "not PostgreSQL: no connection limit to check"
    with connection.cursor() as cursor:
        return report(cursor)
