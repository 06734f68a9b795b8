"""Log lines as JSON, one object a line, each naming the request and the login it served.

Every line has ``time`` (ISO 8601 with its offset, in the site's time zone),
``level``, ``logger`` and ``message``; lines written while a request is served
add ``request_id`` and ``user_id``. The request id comes from the proxy's
``X-Request-ID`` header when it is a plain token (nginx's ``$request_id``), or
is made up here, and goes back in the response's ``X-Request-ID``, so a user's
report, nginx's log and ours meet. The user is named by id only, and only once
the page has looked the login up (logging never costs a query): never a name,
a phone or a query string, which carry households' names and phones.

gunicorn's access lines (config/gunicorn.conf.py) go through the same formatter,
with the method, path, status, size and duration as fields.
"""

import contextvars
import datetime
import json
import logging
import logging.config
import re
import uuid
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id looks like (nginx: 32 hex digits; others: a UUID).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# Where gunicorn's access line finds them: the request's WSGI environ.
ENVIRON_REQUEST_ID = "gzz.request_id"
ENVIRON_USER_ID = "gzz.user_id"

_request = contextvars.ContextVar("request", default=None)


def logging_setting(*, form, level):
    """The LOGGING setting: every line through one handler on stderr, as JSON or as text."""
    if form not in ("json", "text"):
        raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request": {"()": RequestContextFilter},
            # An outage is one line, not a traceback per request (config/unavailable.py).
            "outage": {"()": "config.unavailable.OutageLogFilter"},
        },
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {
                "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user_id)s] "
                "%(message)s"
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["outage", "request"],
                "formatter": form,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's loggers write through ours only (its own console handler would
        # repeat every line in DEBUG, and runserver's has a format of its own).
        "loggers": {
            "django": {"level": "INFO", "propagate": True},
            "django.server": {"level": "INFO", "propagate": True},
        },
    }


def configure(config):
    """LOGGING_CONFIG: Django's dictConfig, and Python's warnings logged like the rest."""
    logging.config.dictConfig(config)
    logging.captureWarnings(True)


class RequestContextMiddleware:
    """First of all middleware: gives each request its id and answers with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.META[ENVIRON_REQUEST_ID] = request.request_id
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
            request.META[ENVIRON_USER_ID] = str(user_id(request) or "-")
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def user_id(request):
    """The id of the request's login, if the page has looked it up; None otherwise."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None  # not looked up: looking it up here would cost a query
    if user is None or not user.is_authenticated:
        return None
    return user.pk


def current_ids():
    """The request id and user id of the request being served (None outside one)."""
    request = _request.get()
    if request is None:
        return {"request_id": None, "user_id": None}
    return {"request_id": request.request_id, "user_id": user_id(request)}


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user_id`` (None outside a request) to every record."""

    def filter(self, record):
        # Django logs a 4xx or 5xx answer after the middleware, naming its request.
        request = _request.get() or getattr(record, "request", None)
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self._time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(_access_fields(record.args))
        elif record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            # runserver's request line ("GET /path?q=… HTTP/1.1"): the query string goes.
            entry["message"] = record.msg % (_without_query(record.args[0]), *record.args[1:])
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def _time(self, record):
        moment = datetime.datetime.fromtimestamp(record.created, tz=_zone())
        return moment.isoformat(timespec="milliseconds")


def _zone():
    """The site's time zone; the machine's before Django's settings are loaded."""
    try:
        return ZoneInfo(settings.TIME_ZONE)
    except ImproperlyConfigured:
        return datetime.datetime.now().astimezone().tzinfo


def _access_fields(atoms):
    """gunicorn's access atoms as fields; no query string (searches carry names, phones)."""
    fields = {
        "method": atoms["m"],
        "path": atoms["U"],
        "status": _number(atoms["s"]),
        "bytes": _number(atoms["B"]),
        "duration_ms": _number(atoms["M"]),
        # The browser's address as nginx saw it; gunicorn's peer is nginx itself.
        "remote_addr": atoms["{x-real-ip}i"] if atoms["{x-real-ip}i"] != "-" else atoms["h"],
    }
    fields["message"] = f"{fields['method']} {fields['path']} {atoms['s']}"
    request_id, user = atoms[f"{{{ENVIRON_REQUEST_ID}}}e"], atoms[f"{{{ENVIRON_USER_ID}}}e"]
    fields["request_id"] = None if request_id == "-" else request_id
    fields["user_id"] = None if user == "-" else _number(user)
    return fields


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _without_query(request_line):
    method, _, rest = str(request_line).partition(" ")
    target, _, protocol = rest.partition(" ")
    return f"{method} {target.partition('?')[0]} {protocol}".strip()
