"""Validators shared by the registers' forms and models."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A mainland mobile number (11 digits from 13x–19x), or a landline with an
# optional area code (0 + 2–3 digits) and 7–8 digits, optionally an extension.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,5})?$")


def normalise_phone(value):
    """Drop the spaces and the +86 a clerk may paste along with a number."""
    value = re.sub(r"[\s（）()]", "", value or "")
    return re.sub(r"^(\+?86)(?=1\d{10}$)", "", value)


def validate_phone(value):
    value = normalise_phone(value)
    if value and not (MOBILE_RE.match(value) or LANDLINE_RE.match(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number or a landline such as 0739-5234567."),
            code="invalid_phone",
        )


def as_id(value):
    """A posted or queried row id as an int, or None when it is not one.

    Only ASCII digits count: ``str.isdigit()`` also says yes to "¹" or "٣",
    which ``int()`` or the database then refuse with an error page.
    """
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) < 19:
        return int(text)
    return None
