"""Sessions: cookie flags, a new session key at login, idle and absolute timeouts,
and the settings behind them read from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres import session_timeout
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

IDLE, ABSOLUTE = 600, 1800


@pytest.fixture
def clock(monkeypatch):
    """The sessions' wall clock, moved by hand; starts at the real time."""
    now = [session_timeout.wall_clock()]
    monkeypatch.setattr(session_timeout, "wall_clock", lambda: now[0])
    return now


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_TIMEOUT = IDLE
    settings.SESSION_ABSOLUTE_TIMEOUT = ABSOLUTE


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_login_sets_a_secure_httponly_samesite_session_cookie(client, cadre_user):
    response = client.post(reverse("login"), {"username": "cadre", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True  # DEBUG is off in the tests, as in production
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == django_settings.SESSION_COOKIE_AGE


def test_the_csrf_cookie_is_secure_httponly_and_samesite(client):
    response = client.get(reverse("login"))
    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_logging_in_gives_a_new_session_key(client, cadre_user):
    before = client.session  # an anonymous session someone may have planted
    before["planted"] = "x"
    before.save()
    old_key = before.session_key
    client.post(reverse("login"), {"username": "cadre", "password": PASSWORD})
    assert _logged_in(client)
    assert client.session.session_key != old_key
    # The old key no longer names any session.
    assert not before.exists(old_key)


def test_logging_out_ends_the_session_on_the_server(client, cadre_user):
    client.post(reverse("login"), {"username": "cadre", "password": PASSWORD})
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not client.session.exists(key)


def test_an_idle_login_is_ended_and_the_user_asked_to_log_in_again(
    client, cadre_user, clock, short_sessions
):
    client.force_login(cadre_user)
    assert client.get(reverse("visits:today")).status_code == 200
    clock[0] += IDLE + 1
    response = client.get(reverse("visits:today"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not _logged_in(client)
    page = client.get(response.url)
    texts = [str(m) for m in get_messages(page.wsgi_request)] or [
        str(m) for m in page.context["messages"]
    ]
    assert len(texts) == 1
    assert "长时间未操作" in texts[0] or "long pause" in texts[0]


def test_activity_keeps_a_login_alive_until_the_absolute_limit(
    client, cadre_user, clock, short_sessions
):
    client.force_login(cadre_user)
    started = clock[0]
    for elapsed in (IDLE - 100, 2 * IDLE - 200, 3 * IDLE - 300):  # never idle for long
        clock[0] = started + elapsed
        assert client.get(reverse("visits:today")).status_code == 200, elapsed
    clock[0] = started + ABSOLUTE + 1  # busy, but the login is too old
    response = client.get(reverse("visits:today"))
    assert response.status_code == 302
    assert not _logged_in(client)


def test_a_busy_user_costs_no_session_write_per_request(client, cadre_user, clock):
    client.force_login(cadre_user)
    client.get(reverse("visits:today"))
    clock[0] += 30
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("visits:today")).status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    clock[0] += session_timeout.REFRESH_SECONDS + 1
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("visits:today"))
    assert any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)


def test_a_session_without_a_login_stamp_is_not_trusted(client, cadre_user):
    client.force_login(cadre_user)
    session = client.session
    del session[session_timeout.LOGIN_AT]
    session.save()
    assert client.get(reverse("visits:today")).status_code == 302
    assert not _logged_in(client)


def _settings_from(env):
    """Settings as a fresh process reads them from ``env`` (nothing else set)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: str(getattr(s, k)) for k in ("
        "'SESSION_IDLE_TIMEOUT', 'SESSION_ABSOLUTE_TIMEOUT', 'SESSION_COOKIE_AGE', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'AXES_FAILURE_LIMIT', "
        "'AXES_COOLOFF_TIME', 'DEMO_MODE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS')}))"
    )
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=base | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_timeouts_and_throttling_come_from_the_environment():
    values = _settings_from(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "SESSION_IDLE_MINUTES": "30",
            "SESSION_MAX_HOURS": "8",
            "LOGIN_FAILURE_LIMIT": "4",
            "LOGIN_COOLOFF_MINUTES": "45",
        }
    )
    assert values["SESSION_IDLE_TIMEOUT"] == "1800"
    assert values["SESSION_ABSOLUTE_TIMEOUT"] == values["SESSION_COOKIE_AGE"] == "28800"
    assert values["AXES_FAILURE_LIMIT"] == "4"
    assert values["AXES_COOLOFF_TIME"] == "0:45:00"
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "True"
    assert values["DEMO_MODE"] == "False"
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31_536_000


def test_a_developer_machine_gets_plain_http_cookies_and_demo_mode():
    values = _settings_from({"DEBUG": "true"})
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "False"
    assert values["DEMO_MODE"] == "True"
    assert values["SECURE_SSL_REDIRECT"] == "False"
    assert values["SECURE_HSTS_SECONDS"] == "0"
    assert values["SESSION_IDLE_TIMEOUT"] == str(240 * 60)
    assert values["SESSION_ABSOLUTE_TIMEOUT"] == str(16 * 3600)
