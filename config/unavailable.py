"""When the database cannot be reached: 503 with ``Retry-After``, one log line per outage.

A database that is restarting, crashed or out of connections raises
``OperationalError`` (or ``InterfaceError`` on a connection that died) from
whatever touched it first: the session, the login, the view. Django turns an
uncaught exception into its ``handler500``; ours tells this case apart and
answers **503** with ``Retry-After`` and a page that says the system is briefly
unavailable, rather than a 500 that claims to know what was saved (an error
after the commit would make "nothing was saved" false). The phone's outbox
sends an unanswered visit again by itself (``static/js/``).

Logging: the first such answer of an outage logs one error line (which error
reporting picks up once); the requests after it log nothing, and the first
request served with the database again logs how long the outage lasted. Each
process keeps its own count: an outage is a few lines per server, not a
traceback per request. Django's own "Service Unavailable" line with its
traceback is left out by ``OutageLogFilter``.
"""

import logging
import os
import sys
import threading
import time

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def _driver_errors():
    """The driver's own classes of the same errors. Django wraps what a query, a fetch or
    a commit raises, not all: closing a server-side cursor (a form's choices, read in
    chunks) on a connection the crash killed raises psycopg's ``OperationalError`` bare,
    which was a 500 with a traceback in the log."""
    driver = connections["default"].Database
    return (driver.OperationalError, driver.InterfaceError)


def is_database_unavailable(error):
    """Whether ``error`` (or what it was raised from) says the database is out of reach."""
    unavailable = DATABASE_ERRORS + _driver_errors()
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, unavailable):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class _Outage:
    """This process's view of the database being away: since when, how many answers."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since = None
        self.answers = 0

    def begin(self, error):
        with self._lock:
            self.answers += 1
            if self.since is not None:
                return
            self.since = time.monotonic()
        # The exception's class only: its message may quote the server's address. The
        # process: each counts its own outage, so a server's lines are told apart.
        logger.error(
            "database unavailable (%s): answering 503 until it is back (process %d)",
            type(error).__name__,
            os.getpid(),
        )

    def end(self):
        with self._lock:
            if self.since is None:
                return
            lasted, answers = time.monotonic() - self.since, self.answers
            self.since, self.answers = None, 0
        logger.warning(
            "database available again after %.1f s (%d requests answered 503)", lasted, answers
        )


outage = _Outage()


def unavailable_response():
    # Rendered without a request or context processors: they would ask the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.database_unavailable = True
    return response


def server_error(request):
    """``handler500``: a 503 when the database is out of reach, else Django's 500 page."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        outage.begin(error)
        return unavailable_response()
    return defaults.server_error(request)


class OutageMiddleware:
    """Notes the end of an outage: the first answer served with a live connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            outage.since is not None
            and not getattr(response, "database_unavailable", False)
            and response.status_code < 500
            and _database_answers()
        ):
            outage.end()
        return response


def _database_answers():
    """Whether this thread's connection reaches the database now (asked only in an outage).

    A static file or a redirect that never asked the database says nothing, and a
    thread may still hold the connection that died with the server: treating such
    an answer as the end logged a second outage when the next request failed (four
    lines for three gunicorn workers under load). ``is_usable`` asks the server.
    """
    connection = connections["default"]
    return connection.connection is not None and connection.is_usable()


class OutageLogFilter(logging.Filter):
    """Leaves out Django's per-request error line (with its traceback) for an outage's 503s."""

    def filter(self, record):
        if record.name != "django.request" or not record.exc_info:
            return True
        return not is_database_unavailable(record.exc_info[1])
