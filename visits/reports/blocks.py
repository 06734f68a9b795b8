"""What a report is made of: tables of typed rows and headline figures.

Values keep their type, and the files and the booklet format them by it:
counts are ``int``, money and pro-rated quotas ``Decimal``, shares a
``float`` between 0 and 1 (``None`` when there was nothing to share out —
an empty cell), days ``date``. A table's ``columns`` name each column's kind
("text", "int", "decimal", "percent", "date"); a summary row's kind is
``Figure.kind``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

KINDS = ("text", "int", "decimal", "percent", "date")


def kind_of(value):
    """The kind of a summary value: a share (float or None), money/quota, count, day or text."""
    if value is None or isinstance(value, float):
        return "percent"
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, datetime.date):
        return "date"
    return "text"


class Figure(NamedTuple):
    """One headline figure: ``label, value, definition = figure`` (the kind follows the
    value's type; the definition is the sentence the pages show beside it)."""

    label: str
    value: Any
    definition: str = ""

    @property
    def kind(self):
        return kind_of(self.value)


class Rows:
    """A table's rows, read afresh each time they are iterated.

    ``produce`` returns an iterator (for the long tables a generator over a
    queryset's ``.iterator()``, so memory stays flat); every file or page
    that walks the table gets its own pass.
    """

    def __init__(self, produce: Callable[[], Iterable]):
        self._produce = produce

    def __iter__(self):
        return iter(self._produce())


@dataclass(frozen=True)
class Table:
    key: str  # "summary", "townships", "stations", "members", "concerns", …
    title: str
    columns: list  # [(header, kind)], kind in KINDS
    rows: Iterable  # lists of values, one per column
    # [(header, definition)]: what the columns that hold figures count, in words
    notes: tuple = ()

    @property
    def headers(self):
        return [header for header, _kind in self.columns]

    @property
    def kinds(self):
        return [kind for _header, kind in self.columns]


def quota(value):
    """A pro-rated quota as the pages show it (one decimal), kept exact as a Decimal."""
    return Decimal(f"{value or 0:.1f}")
