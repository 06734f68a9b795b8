"""Validators shared by the registers' forms and models."""

import re
import unicodedata

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


# Official division codes -------------------------------------------------------------
#
# A county's code is its 6-digit administrative division code (GB/T 2260: two digits
# each for the province, the prefecture and the county). Townships and villages carry
# the 12-digit statistical division code (统计用区划代码): the county's six digits,
# three for the township (乡级, 100–199 for a 镇, 200–399 for a 乡) and three for the
# village (村级); a township's own code ends in 000. The urban–rural type code
# (城乡分类代码) says what kind of place a village is.

COUNTY_CODE_LENGTH = 6
DIVISION_CODE_LENGTH = 12
TOWNSHIP_PREFIX_LENGTH = 9
TOWNSHIP_SUFFIX = "000"


def normalise_code(value):
    """A code as typed or pasted: full-width digits made ASCII, spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def _digits(value, length):
    return len(value) == length and value.isascii() and value.isdigit()


COUNTY_CODE_MESSAGE = _("A county's code is 6 digits (GB/T 2260), such as 430524.")
DIVISION_CODE_MESSAGE = _("A statistical division code is 12 digits, such as 430524101201.")


def validate_county_code(value):
    if value and not _digits(value, COUNTY_CODE_LENGTH):
        raise ValidationError(COUNTY_CODE_MESSAGE, code="invalid_county_code")


def validate_division_code(value):
    if value and not _digits(value, DIVISION_CODE_LENGTH):
        raise ValidationError(DIVISION_CODE_MESSAGE, code="invalid_division_code")


def validate_township_code(code, county_code):
    """A township's code in its county: the county's six digits first, 000 last."""
    if not code or not _digits(code, DIVISION_CODE_LENGTH):
        return
    if not county_code:
        raise ValidationError(
            _("Give the county its 6-digit code first: a township's code begins with it."),
            code="county_without_code",
        )
    if not code.startswith(county_code):
        raise ValidationError(
            _("A township's code begins with its county's code %(county)s."),
            params={"county": county_code},
            code="township_outside_county",
        )
    if not code.endswith(TOWNSHIP_SUFFIX) or code[6:9] == TOWNSHIP_SUFFIX:
        raise ValidationError(
            _(
                "A township's code ends in 000 (the last three digits are its villages') "
                "and its own three digits, the 7th to the 9th, are not 000."
            ),
            code="township_code_shape",
        )


def validate_village_code(code, township_code):
    """A village's code in its township: the township's first nine digits, then not 000."""
    if not code or not _digits(code, DIVISION_CODE_LENGTH):
        return
    if not township_code:
        raise ValidationError(
            _(
                "Give the township its 12-digit code first: a village's code begins with "
                "its first nine digits."
            ),
            code="township_without_code",
        )
    prefix = township_code[:TOWNSHIP_PREFIX_LENGTH]
    if not code.startswith(prefix):
        raise ValidationError(
            _("A village's code begins with its township's first nine digits %(prefix)s."),
            params={"prefix": prefix},
            code="village_outside_township",
        )
    if code.endswith(TOWNSHIP_SUFFIX):
        raise ValidationError(
            _("A village's code does not end in 000: that is its township's own code."),
            code="village_code_shape",
        )


# 城乡分类代码: the first digit says urban (1) or rural (2).
URBAN_RURAL_CODES = ("111", "112", "121", "122", "123", "210", "220")


URBAN_RURAL_MESSAGE = _("The urban–rural type code is one of 111, 112, 121, 122, 123, 210 and 220.")


def validate_urban_rural_code(value):
    if value and value not in URBAN_RURAL_CODES:
        raise ValidationError(URBAN_RURAL_MESSAGE, code="invalid_urban_rural_code")
