"""The city's month report (市级月报): each county of the prefecture in a row, as files.

The figures are the city supervision page's (``visits.supervision.city.city_period``),
so a number is the same on screen, in the workbook and in the CSV. Two tables:
the counties (one row each, then the city's total) and the definitions of the
columns. Each county's own report (townships, stations, members, lists, the
booklet) is the county's, one link away on the city's page.

The CSVs stream from the request; the workbook is built by the worker, as the
county's is (``visits.reports.jobs``): at a city's size the figures read every
visit of the month of a dozen counties.
"""

import datetime
import hashlib

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from villages import exports
from villages.jobs.built import Built
from villages.models import Prefecture
from visits import glossary
from visits.reports import files
from visits.reports.blocks import Table
from visits.reports.monthly import report_title
from visits.supervision.city import PERIOD_COLUMNS, city_period, counties_of
from visits.supervision.period import Period

TABLE_KEYS = ("counties", "definitions")
BUILDER = "visits.reports.city.build"


def _kind(key):
    return "percent" if key == "card_coverage" else "int"


def city_report(prefecture, *, user, period):
    """(title, [Table]) of the city's report for the period; a dozen queries."""
    figures = city_period(
        prefecture, period=period, user=user, counties=counties_of(prefecture, user=user)
    )
    columns = [(_("County"), "text")] + [
        (str(glossary.definition(name).label), _kind(key)) for key, name in PERIOD_COLUMNS
    ]
    rows = [
        [row["county"].name] + [row[key] for key, _n in PERIOD_COLUMNS] for row in figures["rows"]
    ]
    rows.append([_("Total")] + [figures["totals"][key] for key, _n in PERIOD_COLUMNS])
    notes = tuple(
        (str(glossary.definition(name).label), str(glossary.definition(name).text))
        for _key, name in PERIOD_COLUMNS
    )
    counties = Table("counties", _("Counties"), columns, rows, notes)
    definitions = Table(
        "definitions",
        _("Definitions"),
        [(_("Figure"), "text"), (_("What it counts"), "text")],
        [list(note) for note in notes],
    )
    return report_title(prefecture, period), [counties, definitions]


def key(*, user, period, prefecture):
    """Whose workbook looks the same: same city and period, same role, reach and language."""
    scope = user.place_scope()
    ids = sorted((level, sorted(pks)) for level, pks in scope.ids.items())
    reach = "all" if scope.everything else str(ids)
    who = f"{user.role}:{user.is_superuser}:{reach}:{translation.get_language()}"
    what = f"xlsx:prefecture:{prefecture.pk}:{period.start}:{period.end}"
    return "city-report:" + hashlib.sha256(f"{what}|{who}".encode()).hexdigest()


def title(*, period, prefecture):
    return _("%(title)s: workbook (Excel)") % {"title": report_title(prefecture, period)}


def params(*, user, period, prefecture):
    return {
        "user": user.pk,
        "prefecture": prefecture.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "language": translation.get_language(),
    }


def build(*, progress, user, prefecture, start, end, language):
    """The city's workbook as the asker would have had it in the request."""
    with translation.override(language):
        asker = get_user_model().objects.get(pk=user)
        period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
        progress(5, _("Counting the month's figures"))
        name, tables = city_report(Prefecture.objects.get(pk=prefecture), user=asker, period=period)
        progress(60, _("Writing the workbook"))
        file, rows = exports.workbook_file([files.sheet_of(table) for table in tables])
        return Built(f"{name}.xlsx", file, files.XLSX, files.LOGGED_AS, rows)
