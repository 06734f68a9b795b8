"""A database out of reach: 503 with Retry-After and a page that says so, one log line.

The database is made unreachable for real: the app's connection is pointed at
a place where no database is (a closed loopback port for PostgreSQL, a file in
a folder that does not exist for SQLite) and the next query has to connect
there. The test's own connection is put back afterwards, so the test's data
and transaction are as they were.
"""

import contextlib
import socket

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.test_logs import log_lines as log_lines  # a fixture
from visits.models import Visit

pytestmark = pytest.mark.django_db


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free, and nobody listens once closed


# What a failed connect() resets on the connection wrapper: the test's transaction state.
STATE = (
    "connection",
    "autocommit",
    "in_atomic_block",
    "savepoint_state",
    "savepoint_ids",
    "atomic_blocks",
    "commit_on_exit",
    "needs_rollback",
    "closed_in_transaction",
    "run_on_commit",
    "run_commit_hooks_on_set_autocommit_on",
    "errors_occurred",
    "health_check_done",
)


@contextlib.contextmanager
def database_away():
    saved_settings = dict(connection.settings_dict)
    saved = {name: getattr(connection, name) for name in STATE}
    saved = {k: list(v) if isinstance(v, list) else v for k, v in saved.items()}
    connection.connection = None  # the next query connects anew: to nowhere
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/gzz.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved_settings)
        for name, value in saved.items():
            setattr(connection, name, value)


@pytest.fixture
def visitor():
    # As a browser meets the server: an error is an answer, not an exception in the test.
    return Client(raise_request_exception=False)


def test_a_database_away_answers_503_with_retry_after(visitor, cadre_user, log_lines):
    visitor.force_login(cadre_user)
    with database_away():
        pages = [visitor.get(reverse("visits:today")) for _ in range(3)]
        posted = visitor.post(reverse("visits:visit_new"), {"kind": "home"})
    for response in [*pages, posted]:
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert "no-store" in response["Cache-Control"]
        text = response.content.decode()
        assert "系统暂时无法使用" in text
        assert "没有保存" not in text.split("没有保存的再提交")[0]  # claims nothing it cannot know
    # One line for the outage, no traceback per request.
    errors = [e for e in log_lines.entries() if e["level"] == "ERROR"]
    assert [e["logger"] for e in errors] == ["config.unavailable"]
    assert "database unavailable (OperationalError)" in errors[0]["message"]
    assert "Traceback" not in log_lines.text()

    # Back: the next page is served, and the log says how long it lasted.
    assert visitor.get(reverse("visits:today")).status_code == 200
    (back,) = [e for e in log_lines.entries() if e["level"] == "WARNING"]
    assert (
        "available again after" in back["message"]
        and "(4 requests answered 503)" in back["message"]
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a SQLite connection is always usable"
)
def test_an_answer_that_never_asked_the_dead_connection_does_not_end_the_outage(
    visitor, cadre_user, log_lines
):
    """A thread that still holds the connection the server's crash killed, serving a
    request that never queries (an anonymous page's redirect), is not the database
    back: the outage goes on, with one line, until a page is served for real."""
    import psycopg

    visitor.force_login(cadre_user)
    dead = psycopg.connect(**connection.get_connection_params())
    dead.close()  # what a thread holds after the server went away
    with database_away():
        assert visitor.get(reverse("visits:today")).status_code == 503
        connection.connection = dead
        assert Client().get(reverse("home")).status_code == 302  # to the login page
        assert visitor.get(reverse("visits:today")).status_code == 503
    assert visitor.get(reverse("visits:today")).status_code == 200
    lines = [(e["level"], e["message"]) for e in log_lines.entries() if e["level"] != "INFO"]
    assert [level for level, _message in lines] == ["ERROR", "WARNING"], lines
    assert "(2 requests answered 503)" in lines[1][1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's driver's own error")
def test_the_drivers_own_error_from_a_cursor_closed_on_a_dead_connection_is_a_503(
    visitor, settings, log_lines
):
    """Seen under load in the crash fault: a form's choices read in full, and the server
    gone before their cursor was closed. The driver's error, which Django does not wrap,
    is the outage too: 503, one line, no traceback."""
    settings.ROOT_URLCONF = "tests.failing_urls"
    response = visitor.get("/cursor-closed/")
    assert response.status_code == 503 and response["Retry-After"] == "10"
    errors = [e for e in log_lines.entries() if e["level"] == "ERROR"]
    assert [e["logger"] for e in errors] == ["config.unavailable"]
    assert "Traceback" not in log_lines.text()


def test_health_says_the_database_is_down(visitor):
    with database_away():
        response = visitor.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_any_other_error_is_still_the_500_page_that_points_to_the_records(
    visitor, settings, cadre_user
):
    settings.ROOT_URLCONF = "tests.failing_urls"
    response = visitor.post("/fail/", {"head_name": "王秀英"})
    assert response.status_code == 500
    text = response.content.decode()
    assert "不一定保存了" in text and 'href="/visits/mine/"' in text
    assert "Retry-After" not in response
    assert Visit.objects.count() == 0
