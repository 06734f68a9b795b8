"""Login throttling (django-axes): per user name and per address, a plain message on
the login page, and every login, logout and failure logged."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import RequestFactory
from django.urls import reverse

from cadres.login_throttle import client_address
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_TEXT = ("登录失败次数过多", "Too many failed logins")


@pytest.fixture(autouse=True)
def _three_tries(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _locked_out(response):
    return response.status_code == 429 and any(t in response.text for t in LOCKED_TEXT)


def test_a_user_name_is_locked_after_the_limit_whatever_the_address(client, cadre_user):
    for n in range(3):
        response = _login(client, "cadre", "wrong", address=f"10.0.0.{n + 1}")
    assert _locked_out(response)
    # Now even the right password, from a fresh address, is refused.
    response = _login(client, "cadre", PASSWORD, address="10.9.9.9")
    assert _locked_out(response)
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_the_limit_whatever_the_user_name(client, cadre_user):
    for name in ("zhang", "li", "wang"):
        _login(client, name, "wrong", address="10.0.0.7")
    response = _login(client, "cadre", PASSWORD, address="10.0.0.7")
    assert _locked_out(response)
    # The same person from another address is let in: only that address is locked.
    response = _login(client, "cadre", PASSWORD, address="10.0.0.8")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cadre_user.pk)


def test_the_lockout_is_the_login_page_with_the_wait_not_a_bare_403(client, cadre_user):
    for _ in range(3):
        response = _login(client, "cadre", "wrong")
    assert response.status_code == 429
    assert 'name="username"' in response.text and 'value="cadre"' in response.text
    assert 'name="password"' in response.text
    assert "15" in response.text  # minutes to wait
    assert "content-security-policy" in response.headers


def test_the_lockout_ends_after_the_cool_off(client, cadre_user):
    for _ in range(3):
        _login(client, "cadre", "wrong")
    assert _locked_out(_login(client, "cadre", PASSWORD))
    earlier = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert _login(client, "cadre", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_leave_the_login_open_and_success_resets(client, cadre_user):
    _login(client, "cadre", "wrong")
    _login(client, "cadre", "wrong")
    assert _login(client, "cadre", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="cadre").exists()


def test_a_wrong_password_below_the_limit_shows_the_usual_message(client, cadre_user):
    response = _login(client, "cadre", "wrong")
    assert response.status_code == 200
    assert not any(t in response.text for t in LOCKED_TEXT)


def test_logins_logouts_and_failures_are_recorded_and_logged(client, cadre_user, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    _login(client, "cadre", "wrong", address="10.0.0.5")
    _login(client, "cadre", PASSWORD, address="10.0.0.5")
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.5")

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("cadre", "10.0.0.5")
    access = AccessLog.objects.get()
    assert (access.username, access.ip_address) == ("cadre", "10.0.0.5")
    assert access.logout_time is not None
    text = caplog.text
    assert "login failure" in text and "Successful login" in text and "Successful logout" in text
    assert 'username: "cadre"' in text and "10.0.0.5" in text
    assert PASSWORD not in text and "wrong" not in text


def test_a_lockout_is_logged_as_a_warning(client, cadre_user, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    for _ in range(3):
        _login(client, "cadre", "wrong")
    assert any(
        r.levelno == logging.WARNING and "Locking out" in r.getMessage() for r in caplog.records
    )


def test_the_address_behind_a_proxy_is_the_one_the_proxy_saw(settings):
    factory = RequestFactory()
    request = factory.post(
        "/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.PROXY_COUNT = 0
    assert client_address(request) == "127.0.0.1"  # no proxy: the header is not believed
    settings.PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # not the forged left-most entry
    settings.PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    settings.PROXY_COUNT = 1
    assert client_address(factory.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_failures_behind_a_proxy_are_counted_per_client(client, settings, cadre_user):
    settings.PROXY_COUNT = 1
    for name in ("zhang", "li", "wang"):
        client.post(
            reverse("login"),
            {"username": name, "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # Another client behind the same proxy is not locked out with the first.
    response = client.post(
        reverse("login"),
        {"username": "cadre", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert response.status_code == 302


def test_force_login_in_tests_is_not_slowed_by_axes(client, cadre_user):
    client.force_login(cadre_user)
    assert client.get(reverse("home")).status_code in (200, 302)
