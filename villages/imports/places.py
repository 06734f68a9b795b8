"""Which village a row names: by its statistical division code, by its name, or by both.

A file may carry the village's 12-digit code (统计用区划代码) beside or instead of its
name. The code is matched first; a name beside it must be that village's (a missing
村 / 社区 is forgiven, as for names alone); a code the township does not have, or one
that names another village than the name does, is the row's problem and nothing is
written.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.imports.base import VILLAGE_SUFFIX
from villages.imports.cells import Column, compact
from villages.validators import normalise_code, validate_division_code
from villages.wording import colon

CODE_HEADERS = ("区划代码", "统计用区划代码", "村级区划代码", "村（社区）代码", "村编码", "code")


def village_code_column(key="village_code"):
    return Column(
        key,
        "村代码",
        "Village code",
        aliases=CODE_HEADERS,
        help=gettext_lazy(
            "Optional. The village's 12-digit statistical division code, "
            "such as 430524201201: it is matched first, and a village name beside it must "
            "be the same village's."
        ),
    )


def _same_name(village, text):
    short = VILLAGE_SUFFIX.sub("", compact(text))
    return compact(text) == village.name or short == VILLAGE_SUFFIX.sub("", village.name)


def find_village(row, villages, township, *, key="village", code_key="village_code"):
    """The village the row names, or None with the problem recorded on the row.

    ``villages`` is the township's ``PlaceIndex`` of villages, built with their codes.
    """
    typed = row.text(code_key, required=not row.has(key))
    if not typed and not row.has(key):
        return None
    name = row.text(key, required=not typed)
    if not typed:
        if not name:
            return None
        village = villages.get(name)
        if village is None:
            row.error(
                key,
                _("There is no village “%(name)s” in %(township)s.")
                % {"name": name, "township": township.name},
            )
        return village
    village = by_code(row, villages, township, typed, code_key=code_key)
    if village is not None and name and not _same_name(village, name):
        return disagrees(row, code_key, village, name)
    return village


def by_code(row, index, township, typed, *, code_key):
    """The place of ``index`` (a village, or the station of a village) whose village has
    the code ``typed``, or None with the problem recorded on the row."""
    code = normalise_code(typed)
    try:
        validate_division_code(code)
    except ValidationError as error:
        row.error(code_key, f"“{typed}”{colon()}{error.messages[0]}")
        return None
    place = index.by_code(code)
    if place is None:
        row.error(
            code_key,
            _("No village of %(township)s has the code %(code)s.")
            % {"township": township.name, "code": code},
        )
    return place


def disagrees(row, code_key, village, name):
    """The row's code is ``village``'s, but its name cell names another place: None."""
    row.error(
        code_key,
        _(
            "The code %(code)s is %(village)s's, but the row names “%(name)s”: "
            "correct the code or the name."
        )
        % {"code": village.code, "village": village.name, "name": name},
    )
