"""The city's month report (市级月报): each county of the prefecture in a row, as files.

The figures are the city supervision page's (``visits.supervision.city.city_period``),
so a number is the same on screen, in the workbook and in the CSV. Two tables:
the counties (one row each, then the city's total) and the definitions of the
columns. Each county's own report (townships, stations, members, lists, the
booklet) is the county's, one link away on the city's page.
"""

from django.utils.translation import gettext as _

from visits import glossary
from visits.reports.blocks import Table
from visits.reports.files import sheet_of
from visits.reports.monthly import report_title
from visits.supervision.city import PERIOD_COLUMNS, city_period, counties_of

TABLE_KEYS = ("counties", "definitions")


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


def sheets(tables):
    return [sheet_of(table) for table in tables]
