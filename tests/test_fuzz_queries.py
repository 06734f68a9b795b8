"""Junk in the address bar: every page answers it without an error page and writes nothing.

Filters, search boxes, months, cursors and tabs arrive in the query string,
where nothing stops a user (or a link pasted from a chat) from sending a NUL
byte, a superscript digit, a 30-digit id or a 13th month. Every readable route
of ``hardening_world`` is opened by the role that uses it with every query
parameter its page's GET forms send, plus the names the views read, all set
to one junk value: the answer is never a 500 and no table changes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.hardening_world import ROUTES, build_world, project_routes, url_of
from tests.html_forms import page_forms

pytestmark = pytest.mark.django_db

# What the views read from request.GET besides their filter forms' fields.
READ_BY_VIEWS = (
    "q",
    "after",
    "before",
    "page",
    "month",
    "year",
    "start",
    "end",
    "show",
    "tab",
    "table",
    "station",
    "village",
    "card",
    "issued_on",
    "part",
    "stale",
    "next",
)
JUNK = {
    "nul": "a\x00b",
    "superscript": "¹",
    "huge-number": "9" * 30,
    "negative": "-1",
    "bad-month": "2026-13",
    "markup": "<script>alert(1)</script>",
    "long": "长" * 3000,
}
# Downloads rendered by WeasyPrint take seconds each: their query strings are
# the same forms as their pages', attacked there.
SLOW = ("pdf",)
WRITES = ("INSERT", "UPDATE", "DELETE")
# Housekeeping a GET may write: the session, the login throttle, the access log, and a
# file asked of the background worker (a download link; as test_access allows).
HOUSEKEEPING = (
    "django_session",
    "axes_",
    "villages_accesslog",
    "villages_job",
    "django_tasks_database_",
)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _readable():
    return sorted(
        name
        for name, _route, methods in project_routes()
        if name in ROUTES
        and (methods is None or "GET" in methods)
        and not any(slow in name for slow in SLOW)
    )


def _parameters(client, url):
    """The names the page's GET forms send, and those the views read."""
    response = client.get(url)
    names = set(READ_BY_VIEWS)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        for form in page_forms(response.content.decode()):
            if form.method == "get":
                names |= set(form.fields)
    return sorted(names)


@pytest.mark.parametrize("junk", JUNK.values(), ids=JUNK.keys())
def test_junk_in_the_query_string_never_fails_nor_writes(client, world, junk):
    failed = {}
    for name in _readable():
        url = url_of(name, world)
        if url is None:
            continue
        client.force_login(world.user(ROUTES[name][0]))
        base, _sep, kept = url.partition("?")
        query = dict.fromkeys(_parameters(client, url), junk)
        # A query the route needs to find its object keeps its real value.
        for pair in filter(None, kept.split("&")):
            key, _eq, value = pair.partition("=")
            query[key] = value
        with CaptureQueriesContext(connection) as queries:
            try:
                response = client.get(base, query)
            except Exception as error:  # the test client re-raises what would be a 500
                failed[name] = repr(error)[:300]
                break  # on PostgreSQL the transaction is spoilt for the next routes
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES)
            and not any(table in q["sql"] for table in HOUSEKEEPING)
        ]
        if response.status_code >= 500 or writes:
            failed[name] = (response.status_code, writes[:2])
    assert not failed, failed
