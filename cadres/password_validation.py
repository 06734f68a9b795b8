"""Password rules beyond Django's own: a length that is fair to Chinese passphrases,
and the published demo password kept out of real deployments."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadres import demo_password


def password_weight(password):
    """Length, with a wide character (汉字, full-width) counting as two.

    One of thousands of common characters guesses like two letters or digits, so
    "我家住高石村" (weight 12) is no weaker than a twelve-letter one.
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in password)


class MinimumWeightValidator:
    """Django's minimum length, counted by :func:`password_weight`."""

    def __init__(self, min_length=8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if password_weight(password) < self.min_length:
            raise ValidationError(self.get_help_text(), code="password_too_short")

    def get_help_text(self):
        return ngettext(
            "Your password must be at least %(min_length)d letters or digits long; "
            "a Chinese character counts as two.",
            "Your password must be at least %(min_length)d letters or digits long; "
            "a Chinese character counts as two.",
            self.min_length,
        ) % {"min_length": self.min_length}


class DemoPasswordValidator:
    """Refuse the demo logins' published password unless this is a demo (DEMO_MODE)."""

    def validate(self, password, user=None):
        if demo_password.refused(password):
            raise ValidationError(
                _("This is the published password of the demo; choose another."),
                code="password_is_demo",
            )

    def get_help_text(self):
        return _("Your password cannot be the demo password.")
