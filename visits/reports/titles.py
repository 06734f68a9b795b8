"""The monthly report's tables: their keys (in the workbook's order) and titles."""

from django.utils.translation import gettext_lazy as _lazy

TITLES = {
    "summary": _lazy("Summary"),
    "townships": _lazy("Townships"),
    "stations": _lazy("Stations"),
    "members": _lazy("Members"),
    "concerns": _lazy("Concerns"),
    "major_events": _lazy("Major events"),
    "meetings": _lazy("Meetings"),
    "deeds": _lazy("Practical deeds"),
    "shortfalls": _lazy("Shortfalls"),
    "definitions": _lazy("Definitions"),
}


def table_keys(*, county):
    """The keys of the report's tables, in order: a county's has a townships table too."""
    return [key for key in TITLES if county or key != "townships"]


def title(key):
    return str(TITLES[key])
