"""The monthly report's tables: their keys (in the workbook's order) and titles."""

from django.utils.translation import gettext_lazy as _

TITLES = {
    "summary": _("Summary"),
    "townships": _("Townships"),
    "stations": _("Stations"),
    "members": _("Members"),
    "concerns": _("Concerns"),
    "major_events": _("Major events"),
    "meetings": _("Meetings"),
    "deeds": _("Practical deeds"),
    "shortfalls": _("Shortfalls"),
}


def table_keys(*, county):
    """The keys of the report's tables, in order: a county's has a townships table too."""
    return [key for key in TITLES if county or key != "townships"]


def title(key):
    return str(TITLES[key])
