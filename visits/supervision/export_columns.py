"""The columns of the supervision lists' exports (xlsx and CSV).

Each export writes the rows its page's table shows (``pages.county_rows``,
``township_rows``, ``station_members``, ``shortfalls``), so a figure is the
same on screen and in the file. Numbers stay numbers; a figure the page
rounds (a pro-rated quota, a percentage) is rounded the same way here, and a
pair the page shows as "held / scheduled" becomes two columns.
"""

from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from villages.exports import Column
from villages.wording import listing
from visits.models import Meeting


def one_decimal(value):
    """As the page's ``one_decimal`` filter shows it: 0.7 contacts owed so far."""
    return round(value or 0, 1)


def percent(share):
    """As the page's ``percent`` filter shows it, without the sign: 0.853 → 85.3; none → empty."""
    return None if share is None else round(share * 100, 1)


def _meeting(name):
    return lambda row: row["meeting_figures"][name]


ACTIVITY = [
    Column(_("Visits"), itemgetter("visits"), 8),
    Column(_("Receptions"), itemgetter("receptions"), 8),
    Column(_("Households reached"), itemgetter("households_reached"), 10),
    Column(_("Duty days held"), itemgetter("duty_held"), 10),
    Column(_("Duty days scheduled"), itemgetter("duty_scheduled"), 10),
    Column(_("Paired contacts"), itemgetter("paired_contacts"), 10),
    Column(_("Quota so far"), lambda row: one_decimal(row["paired_contacts_expected"]), 10),
    Column(_("Card coverage (%)"), lambda row: percent(row["card_coverage"]), 10),
    Column(_("Concerns raised"), lambda row: row["concerns"]["raised"], 10),
    Column(_("Overdue"), lambda row: row["concerns"]["overdue"], 8),
    Column(_("Meetings"), _meeting("meetings"), 8),
    Column(
        _("Concern-analysis meetings"),
        lambda row: row["meeting_figures"]["by_kind"][Meeting.Kind.CONCERN_ANALYSIS],
        10,
    ),
    Column(_("Practical deeds"), _meeting("deeds"), 8),
    Column(_("Money raised (yuan)"), _meeting("money_raised"), 12),
    Column(_("People helped"), _meeting("people_helped"), 10),
]

TOWNSHIPS = [Column(_("Township"), lambda row: row["township"].name, 16), *ACTIVITY]

STATIONS = [
    Column(_("Station"), lambda row: row["station"].name, 20),
    Column(_("Village"), lambda row: row["station"].village.name, 12),
    *ACTIVITY,
]


def _spot(name):
    return lambda row: row["spot"][name] if row["spot"] else None


MEMBERS = [
    Column(_("Member"), lambda row: row["cadre"].name, 12),
    Column(_("Role"), lambda row: row["assignment"].get_role_display(), 12),
    Column(_("Served from"), lambda row: row["assignment"].start_date, 12),
    Column(_("Served until"), lambda row: row["assignment"].end_date, 12),
    Column(_("Visits"), itemgetter("visits"), 8),
    Column(_("Receptions"), itemgetter("receptions"), 8),
    Column(_("Days in a village"), itemgetter("village_days"), 10),
    Column(_("Duty days held"), itemgetter("duty_held"), 10),
    Column(_("Duty days scheduled"), itemgetter("duty_scheduled"), 10),
    Column(_("Paired contacts"), itemgetter("paired_contacts"), 10),
    Column(_("Quota so far"), lambda row: one_decimal(row["paired_contacts_expected"]), 10),
    Column(_("Farmer friends"), itemgetter("farmer_friends"), 10),
    Column(_("Ratings"), lambda row: row["spot"]["ratings"] if row["spot"] else 0, 8),
    Column(_("Seen (%)"), lambda row: percent(_spot("seen")(row)), 8),
]

SHORTFALLS = [
    Column(_("Township"), lambda s: s.township.name, 14),
    Column(_("Station"), lambda s: s.station.name, 20),
    Column(_("Member"), lambda s: s.cadre.name if s.cadre else None, 12),
    Column(_("Behind on"), lambda s: s.label, 24),
    Column(_("Actual"), lambda s: s.actual, 8),
    Column(_("Due"), lambda s: s.expected, 8),
    Column(_("Details"), lambda s: listing(s.missing), 30),
]
