"""/healthz: what a load balancer asks before it sends a server requests.

In process on the suite's database (SQLite, then PostgreSQL), and through
gunicorn with production settings: over plain HTTP it answers rather than
redirecting, and a database that is away gives 503 within seconds.
"""

import json
import socket
import time

import pytest
from django.db import connection

from tests import servers as srv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def worker_stopped():
    return False, "no heartbeat for 300 s"


def broken_check():
    raise RuntimeError("could not reach 10.0.0.3 as gzz_admin")


def _answer(client, **kwargs):
    response = client.get("/healthz", **kwargs)
    return response, json.loads(response.content)


def test_a_healthy_server_answers_200_with_each_check(client, settings):
    response, body = _answer(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage"}
    # The workers and the connection budget are reported, never failing the probe
    # (tests/test_jobs.py, tests/test_connection_budget.py).
    assert set(body["reports"]) == {"workers", "budget"}
    assert all(check["ok"] is True for check in body["checks"].values())
    assert body["checks"]["database"]["detail"].endswith(" ms")
    assert body["checks"]["storage"]["detail"].endswith(" ms")
    # The storage's probe file is gone again.
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT / "healthz").iterdir())


def test_it_is_never_cached_and_sets_no_cookie(client):
    response, _body = _answer(client)
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_logged_in_user_gets_the_same_answer_without_personal_data(client, cadre_user):
    _response, anonymous = _answer(client)
    client.force_login(cadre_user)
    _response, logged_in = _answer(client)
    assert set(logged_in) == {"status", "checks", "reports"}
    assert {k: c["ok"] for k, c in logged_in["checks"].items()} == {
        k: c["ok"] for k, c in anonymous["checks"].items()
    }
    assert cadre_user.username not in json.dumps(logged_in)


def test_a_failing_check_of_the_settings_gives_503(client, settings):
    settings.HEALTH_CHECKS = [*settings.HEALTH_CHECKS, "tests.test_health.worker_stopped"]
    response, body = _answer(client)
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["worker_stopped"] == {"ok": False, "detail": "no heartbeat for 300 s"}
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]


def test_a_check_that_raises_has_failed_and_its_message_stays_in_the_log(client, settings, caplog):
    settings.HEALTH_CHECKS = ["tests.test_health.broken_check"]
    response, body = _answer(client)
    assert response.status_code == 503
    assert body["checks"]["broken_check"] == {"ok": False, "detail": "RuntimeError"}
    assert "10.0.0.3" not in response.content.decode()
    assert "10.0.0.3" in caplog.text


def test_storage_that_cannot_take_a_file_gives_503(client, settings, tmp_path):
    # A regular file where the storage expects its directory (a full or broken disk).
    (tmp_path / "not-a-directory").write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "not-a-directory" / "media"},
        },
    }
    response, body = _answer(client)
    assert response.status_code == 503
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_head_is_answered_and_post_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


# Through gunicorn, with production settings ---------------------------------------------


@pytest.fixture(scope="module")
def database_url(tmp_path_factory, django_db_setup, django_db_blocker):
    """The suite's own PostgreSQL database; on the SQLite run, a copy of its database
    (made before any test holds it in a transaction)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    path = tmp_path_factory.mktemp("health") / "db.sqlite3"
    with django_db_blocker.unblock():
        srv.copy_test_database(path)
    return f"sqlite:///{path}"


def _gunicorn(tmp_path, **env):
    port = srv.free_port()
    defaults = {"MEDIA_ROOT": str(tmp_path / "media"), "GUNICORN_WORKERS": "1"}
    environment = srv.production_env(**defaults | env)
    return srv.start_gunicorn(
        environment, port, tmp_path / "server.log"
    ), f"http://127.0.0.1:{port}"


@pytest.fixture
def production(tmp_path, database_url):
    server, url = _gunicorn(tmp_path, DATABASE_URL=database_url, PROXY_COUNT="1")
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_plain_http_reaches_healthz_in_production_settings(production):
    # What the proxy sends to the app server: plain HTTP, no X-Forwarded-Proto.
    status, headers, body = srv.get(f"{production}/healthz")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    assert "Set-Cookie" not in headers
    # Every other page is still sent to HTTPS.
    status, headers, _body = srv.get(f"{production}/login/")
    assert status == 301 and headers["Location"].startswith("https://")


@pytest.fixture
def silent_port():
    """A port that takes the connection and then never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port():
    return srv.free_port()


@pytest.mark.parametrize("away", ["closed_port", "silent_port"])
def test_a_database_that_is_away_gives_503_within_seconds(tmp_path, away, request):
    port = request.getfixturevalue(away)
    server, url = _gunicorn(
        tmp_path,
        DATABASE_URL=f"postgres://gzz@127.0.0.1:{port}/gzz",
        DATABASE_CONNECT_TIMEOUT="2",
        SECURE_SSL_REDIRECT="false",
    )
    try:
        started = time.monotonic()
        status, _headers, body = srv.get(f"{url}/healthz")
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"] == {"ok": False, "detail": "OperationalError"}
    assert checks["storage"]["ok"] is True
    # The reports read the database too: not asked again, so the probe stays quick.
    assert json.loads(body)["reports"]["workers"] == {"ok": False, "detail": "database unavailable"}
    assert took < 5
