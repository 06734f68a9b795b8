"""Turning the cells of a data row into values, and recording what is wrong with them.

``Column`` is what a kind of import reads from a column. ``Row`` reads one
row through typed getters that return a clean value, or a blank one after
recording a ``Problem`` with the row number and the column's header, so the
preview can list every one of them.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from villages.imports.reading import Formula
from villages.validators import normalise_phone, validate_phone
from villages.wording import colon
from villages.wording import listing as listing_names

SEPARATORS = re.compile(r"[、,，;；]+")
WORD_SEPARATORS = re.compile(r"[\s/]+")
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number in the sheet; None for the whole file
    column: str  # the column's header as the user sees it; "" for the whole row or file
    message: str


@dataclass(frozen=True)
class Column:
    key: str
    zh: str  # the template's header; a file may use either language, or an alias
    en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: object = ""  # a lazy text for the template's instructions
    # Keys of columns that may stand in for a required one (a village's code for its name).
    instead: tuple[str, ...] = ()

    def headers(self):
        return (self.zh, self.en, *self.aliases)

    @property
    def title(self):
        """The header in the interface's language."""
        return self.zh if (get_language() or "zh").startswith("zh") else self.en


def compact(text):
    """A name without the spaces sheets pad two-character names with (张  三)."""
    return "".join((text or "").split())


def cell_text(value):
    """What a cell holds, as the text a clerk would read in it."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 13912345678.0, from a phone typed into a number cell
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value):
    """A date from a date cell, an Excel serial number or text like 2026-03-01 / 2026年3月1日."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            return None
        if 10_000_000 <= value <= 99_999_999:
            return parse_date(str(int(value)))
        try:
            day = from_excel(value).date()
        except (ValueError, OverflowError, AttributeError):
            return None
    else:
        text = unicodedata.normalize("NFKC", cell_text(value))
        match = DATE_RE.match(text) or COMPACT_DATE_RE.match(text)
        if match is None:
            return None
        try:
            day = datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def listing(choices):
    """The labels a clerk may write, in the interface's language: 站长、副站长…"""
    separator = "、" if (get_language() or "zh").startswith("zh") else ", "
    return separator.join(str(label) for _value, label in choices.choices)


def choice_key(text):
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).lower()


class Row:
    """One data row: its cells by column key, and the problems found in it.

    The getters return a clean value, or a blank one after recording a
    problem; a kind checks ``row.failed`` once it has read every cell.
    """

    def __init__(self, number, values, titles):
        self.number = number
        self._values = values  # {column key: raw cell}, only the columns the file has
        self._titles = titles
        self.problems = []
        self._bad = set()
        for key, value in values.items():
            if isinstance(value, Formula):
                self.error(
                    key,
                    _(
                        "This cell holds a formula (%(formula)s). Formulas are not imported: "
                        "copy the column and paste it back as values."
                    )
                    % {"formula": value.text[:40]},
                )

    @property
    def failed(self):
        return bool(self.problems)

    def has(self, key):
        """Whether the file has this column at all (a missing optional column changes nothing)."""
        return key in self._values

    def bad(self, *keys):
        """Whether any of these columns already has a problem on this row."""
        return not self._bad.isdisjoint(keys)

    def error(self, key, message):
        self._bad.add(key)
        self.problems.append(Problem(self.number, self._titles.get(key, ""), str(message)))

    def _raw(self, key):
        value = self._values.get(key)
        return None if isinstance(value, Formula) else value

    def _is_formula(self, key):
        return isinstance(self._values.get(key), Formula)

    def text(self, key, *, required=False, max_length=None, name=False):
        """Stripped text; ``name`` drops inner spaces too."""
        text = cell_text(self._raw(key))
        if name:
            text = compact(text)
        if not text:
            if required and not self._is_formula(key):
                self.error(key, _("This cell is required but empty."))
            return ""
        if max_length is not None and len(text) > max_length:
            self.error(
                key,
                _("Too long: at most %(limit)s characters, this one has %(count)s.")
                % {"limit": max_length, "count": len(text)},
            )
            return ""
        return text

    def phone(self, key):
        text = self.text(key)
        value = normalise_phone(unicodedata.normalize("NFKC", text))
        if not value:
            return ""
        try:
            validate_phone(value)
        except ValidationError as error:
            self.error(key, f"“{text}”{colon()}{error.messages[0]}")
            return ""
        return value

    def integer(self, key, *, minimum, maximum, unit=""):
        """A whole number in range, or None when the cell is blank (or wrong)."""
        raw = self._raw(key)
        text = unicodedata.normalize("NFKC", cell_text(raw)).removesuffix(unit).strip()
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not minimum <= number <= maximum:
            self.error(
                key,
                _("“%(value)s” is not a whole number from %(min)s to %(max)s.")
                % {"value": cell_text(raw), "min": minimum, "max": maximum},
            )
            return None
        return number

    def date(self, key, *, required=False):
        raw = self._raw(key)
        if not cell_text(raw):
            if required and not self._is_formula(key):
                self.error(key, _("This cell is required but empty."))
            return None
        day = parse_date(raw)
        if day is None:
            self.error(
                key,
                _("“%(value)s” is not a date; write it like 2026-03-01.")
                % {"value": cell_text(raw)},
            )
        return day

    def choice(self, key, choices, *, allowed):
        """The value ``choices`` ({choice_key(label): value}) holds for the cell, or None.

        ``allowed`` is the TextChoices the message lists when the cell holds something else.
        """
        text = self.text(key)
        if not text:
            return None
        value = choices.get(choice_key(text))
        if value is None:
            self.error(
                key,
                _("Unknown value “%(value)s”. Use one of: %(allowed)s.")
                % {"value": text, "allowed": listing(allowed)},
            )
        return value

    def choice_set(self, key, choices, *, allowed):
        """Several values separated by 、 or commas; an empty set for a blank cell."""
        found, unknown = set(), []
        for part in SEPARATORS.split(self.text(key)):
            # "hardship household" and 老党员/老干部/老模范 are one value each;
            # "困难户 低保户" and 困难户/低保户 are two.
            value = choices.get(choice_key(part))
            words = [part] if value is not None else WORD_SEPARATORS.split(part)
            for word in filter(None, words):
                value = choices.get(choice_key(word))
                if value is None:
                    unknown.append(word)
                else:
                    found.add(value)
        if unknown:
            self.error(
                key,
                _("Unknown value “%(value)s”. Use one of: %(allowed)s.")
                % {"value": listing_names(unknown), "allowed": listing(allowed)},
            )
        return found
