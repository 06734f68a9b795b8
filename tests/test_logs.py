"""Log lines: one JSON object a line, with the request's id and the login's id, and never a
name, a phone or a query string.

In process through the configured handler, and through gunicorn (its access
lines and the app's, in one log).
"""

import datetime
import io
import json
import logging
import subprocess
import sys
import time
import urllib.parse

import pytest
from django.conf import settings

from config.logs import RequestContextFilter
from tests import factories as f
from tests import servers as srv

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as a list of lines filled as it writes."""
    handler = next(h for h in logging.getLogger().handlers if _is_ours(h))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    lines = _Lines(stream)
    yield lines
    handler.setStream(previous)


def _is_ours(handler):
    return any(isinstance(f, RequestContextFilter) for f in handler.filters)


class _Lines:
    def __init__(self, stream):
        self.stream = stream

    def text(self):
        return self.stream.getvalue()

    def entries(self):
        return [json.loads(line) for line in self.text().splitlines()]


def test_a_requests_log_line_is_json_with_time_level_logger_request_and_user(
    client, cadre_user, log_lines
):
    client.force_login(cadre_user)
    response = client.get("/visits/999999/", headers={"X-Request-ID": "req-20261205-0001"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-20261205-0001"
    (entry,) = [e for e in log_lines.entries() if e["logger"] == "django.request"]
    assert entry["level"] == "WARNING"
    assert entry["message"] == "Not Found: /visits/999999/"
    assert entry["request_id"] == "req-20261205-0001"
    assert entry["user_id"] == cadre_user.pk
    moment = datetime.datetime.fromisoformat(entry["time"])
    assert moment.utcoffset() == datetime.timedelta(hours=8)  # Asia/Shanghai
    assert abs(datetime.datetime.now(datetime.UTC) - moment) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    "given", ["", "short", "a b c d e f g h", "<script>alert(1)</script>", "x" * 200, "é" * 10]
)
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given} if given else {})
    made = response["X-Request-ID"]
    assert made != given
    assert len(made) == 32 and int(made, 16) >= 0


def test_each_request_gets_its_own_id(client):
    assert client.get("/login/")["X-Request-ID"] != client.get("/login/")["X-Request-ID"]


def test_an_anonymous_request_logs_no_user(client, log_lines):
    client.get("/nothing-here/")
    (entry,) = log_lines.entries()
    assert entry["user_id"] is None and len(entry["request_id"]) == 32


def test_a_searchs_names_and_phones_stay_out_of_the_log(client, cadre_user, log_lines):
    # Searches carry names and phones in the query string; paths carry only ids and keys.
    cadre = cadre_user.cadre
    household = f.HouseholdFactory(
        village=f.VillageFactory(), head_name="王秀英", phone="13912345678"
    )
    client.force_login(cadre_user)
    client.get("/visits/new/", {"q": household.head_name})
    client.get("/visits/households/", {"q": household.phone})
    client.get("/visits/999999/", {"q": household.phone})
    text = log_lines.text()
    assert "Not Found: /visits/999999/" in text
    for personal in (household.head_name, household.phone, cadre.name, cadre.phone):
        assert personal not in text


def test_runservers_request_lines_are_json_without_the_query_string(log_lines):
    # What `make demo`'s server logs for each request (django.core.servers.basehttp).
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /visits/households/?q=13912345678 HTTP/1.1", 200, 512
    )
    (entry,) = log_lines.entries()
    assert entry["logger"] == "django.server"
    assert entry["message"] == '"GET /visits/households/ HTTP/1.1" 200 512'


def test_a_bad_log_format_stops_the_server_from_starting():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=srv.production_env(LOG_FORMAT="xml"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr


# Through gunicorn --------------------------------------------------------------------------


def test_gunicorn_writes_every_line_as_json_and_its_access_line_names_request_and_user(
    sqlite_site,
):
    phone = srv.Browser(sqlite_site["url"], sqlite_site["cadre"])
    personal = sqlite_site["personal"]
    status, headers, _page = phone.request(f"/visits/new/?q={personal[3]}")
    assert status == 200
    request_id = headers["X-Request-ID"]
    phone.request(f"/visits/999999/?q={urllib.parse.quote(personal[2])}")
    _status, headers, _body = srv.get(f"{sqlite_site['url']}/healthz")
    text = _log_until(sqlite_site["log"], headers["X-Request-ID"])
    entries = [json.loads(line) for line in text.splitlines()]  # every line is JSON
    (access,) = [e for e in entries if e["request_id"] == request_id]
    assert access["logger"] == "gunicorn.access" and access["method"] == "GET"
    assert access["path"] == "/visits/new/" and access["status"] == 200
    assert access["user_id"] == sqlite_site["cadre_id"]
    assert isinstance(access["duration_ms"], int)
    (not_found,) = [e for e in entries if e["message"] == "Not Found: /visits/999999/"]
    assert not_found["user_id"] == sqlite_site["cadre_id"] and not_found["request_id"]
    for value in personal:
        assert value not in text


def _log_until(log, request_id):
    """The server's log once the access line of ``request_id`` is in it (gunicorn writes it
    after answering)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = log.read_text()
        if request_id in text and text.endswith("\n"):
            return text
        time.sleep(0.1)
    raise AssertionError(f"no line for {request_id} in the log")
