"""Error reporting (config/errors.py): with SENTRY_DSN set, an exception in a view sends an
event to that address, and the event holds no personal data.

The "Sentry" is an HTTP listener on loopback that keeps what it is sent. A
subprocess starts Django with our settings and the DSN pointing at it (so the
settings' own switch is what turns reporting on), and sends one request
through Django's WSGI handler, as gunicorn would, to a view that fails while it
holds a household's name and phone (tests/failing_urls.py).
"""

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import sentry_sdk
from django.conf import settings

from tests import servers as srv

PERSONAL = {"name": "王秀英", "phone": "13912345678"}

# One request through Django's WSGI handler (as gunicorn calls it), then the events sent.
REQUEST = f"""
import io, urllib.parse, wsgiref.util
import django
django.setup()
import sentry_sdk
from django.core.wsgi import get_wsgi_application
from django.test import override_settings

body = urllib.parse.urlencode({{"head_name": "{PERSONAL["name"]}"}}).encode()
environ = {{
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/fail/",
    "QUERY_STRING": "q={PERSONAL["phone"]}",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
    "HTTP_HOST": "127.0.0.1",
    "HTTP_COOKIE": "visitor=a-cookie-that-must-stay-here",
    "HTTP_X_REAL_IP": "203.0.113.9",
    "HTTP_X_REQUEST_ID": "req-sentry-0001",
}}
wsgiref.util.setup_testing_defaults(environ)
with override_settings(ROOT_URLCONF="tests.failing_urls"):
    get_wsgi_application()(environ, lambda status, headers: print(status))
sentry_sdk.flush(timeout=10)
"""


class _Sentry(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.server.received.append((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Sentry)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _events(received):
    """The event items of the envelopes received (an envelope: a header line, then an
    item header line and its payload line, for each item)."""
    events = []
    for _path, envelope in received:
        lines = envelope.split("\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_exception_in_a_view_reaches_sentry_without_personal_data(sentry, tmp_path):
    port = sentry.server_address[1]
    result = subprocess.run(
        [sys.executable, "-c", REQUEST],
        cwd=settings.BASE_DIR,
        env=srv.production_env(
            SENTRY_DSN=f"http://public-key@127.0.0.1:{port}/42",
            SENTRY_ENVIRONMENT="test",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            SECURE_SSL_REDIRECT="false",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "500 Internal Server Error" in result.stdout
    assert {path for path, _body in sentry.received} == {"/api/42/envelope/"}
    (event,) = _events(sentry.received)
    # Where it failed and which request it was.
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "ZeroDivisionError"
    assert exception["stacktrace"]["frames"][-1]["function"] == "failing_view"
    assert event["environment"] == "test"
    assert event["request"]["method"] == "POST"
    assert event["request"]["url"] == "http://127.0.0.1/fail/"
    assert event["tags"]["request_id"] == "req-sentry-0001"
    # Whose data it was: nowhere in the event.
    text = json.dumps(event, ensure_ascii=False)
    for value in (*PERSONAL.values(), "a-cookie-that-must-stay-here", "203.0.113.9"):
        assert value not in text
    # The body and the IP header removed, the cookie filtered, the query string dropped.
    assert event["request"]["data"] == "" and event["request"]["headers"]["X-Real-Ip"] == ""
    assert event["request"]["headers"]["Cookie"] == "[Filtered]"
    assert "query_string" not in event["request"]
    assert "cookies" not in event["request"] and "user" not in event
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])


def test_without_a_dsn_nothing_is_reported():
    # The suite runs without SENTRY_DSN: settings left sentry-sdk uninitialised.
    assert not settings.SENTRY_DSN
    assert not sentry_sdk.get_client().is_active()
