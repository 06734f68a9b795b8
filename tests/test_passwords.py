"""Password rules: validation is on, a Chinese passphrase is judged fairly, and the
demo password (and the demo seed) stay out of real deployments."""

import io

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cadres.models import User
from cadres.password_validation import DemoPasswordValidator, password_weight
from villages.models import County

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
