"""Password rules: validation is on, a Chinese passphrase is judged fairly, and the
demo password (and the demo seed) stay out of real deployments."""

import io

import pytest
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.checks import WARNING, run_checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from cadres.models import User
from cadres.password_validation import DemoPasswordValidator, password_weight
from tests import factories as f
from villages.models import County
from visits.demo.checks import DEMO_PASSWORD_HELD

pytestmark = pytest.mark.django_db


def _codes(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_a_good_password_passes(cadre_user):
    assert _codes("correct-horse-battery", cadre_user) == set()


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("abc12", "password_too_short"),
        ("12345678901", "password_entirely_numeric"),
        ("password123", "password_too_common"),
        ("我家住", "password_too_short"),  # three characters weigh six
    ],
)
def test_weak_passwords_are_refused(password, code):
    assert code in _codes(password)


def test_a_chinese_passphrase_counts_each_character_twice():
    assert password_weight("我家住高石村") == 12
    assert password_weight("ab我") == 4
    assert _codes("我家住高石村") == set()


def test_the_demo_password_is_refused_outside_demo_mode(settings, cadre_user):
    settings.DEMO_MODE = False
    assert "password_is_demo" in _codes(settings.DEMO_PASSWORD, cadre_user)
    form = SetPasswordForm(
        cadre_user,
        {"new_password1": settings.DEMO_PASSWORD, "new_password2": settings.DEMO_PASSWORD},
    )
    assert not form.is_valid()
    assert "new_password2" in form.errors


def test_the_demo_password_is_accepted_in_demo_mode(settings):
    settings.DEMO_MODE = True
    DemoPasswordValidator().validate(settings.DEMO_PASSWORD)  # no error
    assert "password_is_demo" not in _codes(settings.DEMO_PASSWORD)


def test_the_password_rules_are_shown_to_whoever_sets_one():
    from django.contrib.auth.password_validation import password_validators_help_texts

    texts = " ".join(password_validators_help_texts())
    assert "8" in texts


def test_the_demo_seed_refuses_to_run_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not County.objects.exists()
    assert not User.objects.exists()


# The demo password at login, and in `check --deploy` ----------------------------------


def _with_demo_password(user):
    # As seed_demo set it, in demo mode (the validators refuse it outside).
    User.objects.filter(pk=user.pk).update(password=make_password(settings.DEMO_PASSWORD))
    user.refresh_from_db()
    return user


@pytest.fixture
def demo_admin(db):
    """The demo's superuser on a database seeded in demo mode: the published password."""
    return _with_demo_password(User.objects.create_superuser("admin", "admin@example.com", "x"))


DEMO_REFUSED = "演示系统公开的密码"


def test_the_demo_password_does_not_log_in_outside_demo_mode(client, settings, demo_admin):
    settings.DEMO_MODE = False
    credentials = {"username": "admin", "password": settings.DEMO_PASSWORD}
    for url in (reverse("login"), reverse("admin:login")):
        response = client.post(url, credentials)
        assert response.status_code == 200, url
        assert DEMO_REFUSED in response.text, url
        assert "_auth_user_id" not in client.session
    # A failure like any other for the login throttle.
    assert AccessFailureLog.objects.filter(username="admin").count() == 2


def test_the_refusal_reads_the_same_for_a_user_name_that_does_not_exist(client, settings):
    settings.DEMO_MODE = False
    response = client.post(
        reverse("login"), {"username": "nobody", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 200 and DEMO_REFUSED in response.text


def test_the_demo_password_logs_in_in_demo_mode(client, settings, demo_admin):
    settings.DEMO_MODE = True
    response = client.post(
        reverse("login"), {"username": "admin", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_admin.pk)


def test_other_passwords_log_in_as_before_outside_demo_mode(client, settings, cadre_user):
    settings.DEMO_MODE = False
    response = client.post(reverse("login"), {"username": "cadre", "password": f.PASSWORD})
    assert response.status_code == 302
    wrong = client.post(reverse("login"), {"username": "cadre", "password": "wrong"})
    assert DEMO_REFUSED not in wrong.text


def _demo_warnings():
    return [m for m in run_checks(include_deployment_checks=True) if m.id == DEMO_PASSWORD_HELD]


def test_check_deploy_names_the_demo_logins_that_hold_the_demo_password(settings, demo_admin):
    settings.DEMO_MODE = False
    _with_demo_password(f.UserFactory(username="cadre"))
    (warning,) = _demo_warnings()
    assert warning.level == WARNING
    assert "admin, cadre" in warning.msg and "changepassword" in warning.hint
    # Not a check of the ordinary kind: only `check --deploy` runs it.
    assert DEMO_PASSWORD_HELD not in {m.id for m in run_checks()}


def test_check_deploy_is_quiet_once_the_demo_logins_are_dealt_with(settings, demo_admin):
    settings.DEMO_MODE = False
    demo_admin.set_password("a-new-county-password")
    demo_admin.save()
    _with_demo_password(f.UserFactory(username="township", is_active=False))
    # Only the demo's user names are checked: hashing every user would be slow.
    _with_demo_password(f.UserFactory(username="zhang"))
    assert _demo_warnings() == []


def test_check_deploy_says_nothing_in_demo_mode(settings, demo_admin):
    settings.DEMO_MODE = True
    assert _demo_warnings() == []
