"""Every login changes its own password (Django's PasswordChangeView, on our pages);
an administrator resets one from the shell with Django's ``changepassword``."""

import getpass

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cadres.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "我家住高石村三组"  # weighs 16


def _change(client, old, new, again=None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(reverse("password_change"), data)


def test_every_page_links_to_the_password_change(client, cadre_user, staff_a):
    for user, page in ((cadre_user, "visits:today"), (staff_a, "cadres:feedback_new")):
        client.force_login(user)
        assert reverse("password_change") in client.get(reverse(page)).text
    client.logout()
    assert reverse("password_change") not in client.get(reverse("login")).text


def test_a_cadre_changes_their_password_and_other_sessions_end(client, cadre_user):
    elsewhere = Client()
    elsewhere.force_login(cadre_user)
    client.force_login(cadre_user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "修改密码" in page.text and "旧密码" in page.text
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    done = client.get(response.url)
    assert done.status_code == 200 and "密码已修改" in done.text
    cadre_user.refresh_from_db()
    assert cadre_user.check_password(NEW)
    # This session goes on; the one on another device asks for the password again.
    assert client.get(reverse("visits:today")).status_code == 200
    assert elsewhere.get(reverse("visits:today")).status_code == 302
    assert SESSION_KEY not in elsewhere.session


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong", NEW, None, "旧密码不正确"),
        (PASSWORD, NEW, NEW + "x", "两个密码不一致"),
        (PASSWORD, "abc12", None, "至少"),
        (PASSWORD, "demo12345", None, "演示系统公开的密码"),
    ],
)
def test_a_refused_change_says_why_in_chinese_and_changes_nothing(
    client, cadre_user, settings, old, new, again, message
):
    settings.DEMO_MODE = False
    client.force_login(cadre_user)
    response = _change(client, old, new, again)
    assert response.status_code == 200
    assert message in response.text
    cadre_user.refresh_from_db()
    assert cadre_user.check_password(PASSWORD)


def test_the_password_pages_need_a_login(client):
    for name in ("password_change", "password_change_done"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _typed(monkeypatch, *answers):
    """What an administrator types at ``changepassword``'s prompts, in order."""
    typed = iter(answers)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))


def test_an_administrator_resets_a_password_with_changepassword(monkeypatch, cadre_user):
    _typed(monkeypatch, NEW, NEW)
    call_command("changepassword", "cadre")
    cadre_user.refresh_from_db()
    assert cadre_user.check_password(NEW)


def test_changepassword_applies_the_password_rules(monkeypatch, settings, cadre_user):
    settings.DEMO_MODE = False
    _typed(
        monkeypatch, *[settings.DEMO_PASSWORD] * 2, "abc12", "abc12", "12345678901", "12345678901"
    )
    with pytest.raises(CommandError, match="3 attempts"):
        call_command("changepassword", "cadre")
    assert User.objects.get(pk=cadre_user.pk).check_password(PASSWORD)
