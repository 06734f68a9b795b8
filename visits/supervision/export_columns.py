"""The columns of the supervision lists' exports (xlsx and CSV).

Each export writes the rows its page's table shows (``pages.county_rows``,
``township_rows``, ``station_members``, ``shortfalls``), so a figure is the
same on screen and in the file. Numbers stay numbers; a figure the page
rounds (a percentage) is rounded the same way here, and a pair the page shows
as "held / due so far" becomes two columns. The headers are the figures'
labels (``visits.glossary``); ``NOTES`` name the figures whose definitions the
workbook's second sheet holds.
"""

from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from villages.exports import Column
from villages.wording import listing
from visits import glossary
from visits.models import Meeting
from visits.supervision.shortfalls import KINDS, LEVELS


def percent(share):
    """As the page's ``percent`` filter shows it, without the sign: 0.853 → 85.3; none → empty."""
    return None if share is None else round(share * 100, 1)


def _meeting(name):
    return lambda row: row["meeting_figures"][name]


def _label(key):
    return glossary.definition(key).label


def notes(keys):
    """``[(label, definition)]`` of the figures ``keys``, for the workbook's definitions sheet."""
    return [(d.label, d.text) for d in glossary.definitions(*keys)]


ACTIVITY_KEYS = [
    "activity.visits",
    "activity.receptions",
    "activity.households_reached",
    "activity.duty_held",
    "activity.duty_due",
    "activity.paired_contacts_counted",
    "activity.paired_contacts_due",
    "activity.card_coverage",
    "concerns.raised",
    "concerns.overdue",
    "meetings.meetings",
    "meetings.analysis_meetings",
    "meetings.deeds",
    "meetings.money_raised",
    "meetings.people_helped",
]
ACTIVITY = [
    Column(_label("activity.visits"), itemgetter("visits"), 8),
    Column(_label("activity.receptions"), itemgetter("receptions"), 8),
    Column(_label("activity.households_reached"), itemgetter("households_reached"), 10),
    Column(_label("activity.duty_held"), itemgetter("duty_held"), 10),
    Column(_label("activity.duty_due"), itemgetter("duty_due"), 10),
    Column(_label("activity.paired_contacts_counted"), itemgetter("paired_contacts"), 10),
    Column(_label("activity.paired_contacts_due"), itemgetter("paired_contacts_due"), 10),
    Column(_("Card coverage (%)"), lambda row: percent(row["card_coverage"]), 10),
    Column(_label("concerns.raised"), lambda row: row["concerns"]["raised"], 10),
    Column(_label("concerns.overdue"), lambda row: row["concerns"]["overdue"], 8),
    Column(_label("meetings.meetings"), _meeting("meetings"), 8),
    Column(
        _label("meetings.analysis_meetings"),
        lambda row: row["meeting_figures"]["by_kind"][Meeting.Kind.CONCERN_ANALYSIS],
        10,
    ),
    Column(_label("meetings.deeds"), _meeting("deeds"), 8),
    Column(_label("meetings.money_raised"), _meeting("money_raised"), 12),
    Column(_label("meetings.people_helped"), _meeting("people_helped"), 10),
]

MEMBER_KEYS = [
    "activity.visits",
    "activity.receptions",
    "activity.duty_held",
    "activity.duty_due",
    "activity.paired_contacts_counted",
    "activity.paired_contacts_due",
    "activity.farmer_friends_count",
]

TOWNSHIPS = [
    Column(_("Township"), lambda row: row["township"].name, 16),
    Column(_("Township code"), lambda row: row["township"].code, 14),
    *ACTIVITY,
]

STATIONS = [
    Column(_("Station"), lambda row: row["station"].name, 20),
    Column(_("Village"), lambda row: row["station"].village.name, 12),
    Column(_("Village code"), lambda row: row["station"].village.code, 14),
    *ACTIVITY,
]


def _spot(name):
    return lambda row: row["spot"][name] if row["spot"] else None


MEMBERS = [
    Column(_("Member"), lambda row: row["cadre"].name, 12),
    Column(_("Role"), lambda row: row["assignment"].get_role_display(), 12),
    Column(_("Served from"), lambda row: row["assignment"].start_date, 12),
    Column(_("Served until"), lambda row: row["assignment"].end_date, 12),
    Column(_label("activity.visits"), itemgetter("visits"), 8),
    Column(_label("activity.receptions"), itemgetter("receptions"), 8),
    Column(_("Days in a village here"), itemgetter("village_days"), 10),
    Column(_label("activity.duty_held"), itemgetter("duty_held"), 10),
    Column(_label("activity.duty_due"), itemgetter("duty_due"), 10),
    Column(_label("activity.paired_contacts_counted"), itemgetter("paired_contacts"), 10),
    Column(_label("activity.paired_contacts_due"), itemgetter("paired_contacts_due"), 10),
    Column(_label("activity.farmer_friends_count"), itemgetter("farmer_friends"), 10),
    Column(_("Ratings"), lambda row: row["spot"]["ratings"] if row["spot"] else 0, 8),
    Column(_("Seen (%)"), lambda row: percent(_spot("seen")(row)), 8),
]


def _share(row):
    return percent(row.share)


SHORTFALLS = [
    Column(_("Township"), lambda s: s.township.name, 14),
    Column(_("Station"), lambda s: s.station.name, 20),
    Column(_("Member"), lambda s: s.cadre.name if s.cadre else None, 12),
    Column(_("Behind on"), lambda s: KINDS[s.kind], 24),
    Column(_("Level"), lambda s: LEVELS[s.level], 10),
    Column(_("Done so far"), lambda s: s.actual, 8),
    Column(_("Due"), lambda s: s.expected, 8),
    Column(_("Share done (%)"), _share, 10),
    Column(_("Gap"), lambda s: s.gap, 8),
    Column(_("Last done"), lambda s: s.last, 12),
    Column(_("Days since"), lambda s: s.days_since, 10),
    Column(_("Details"), lambda s: listing(s.details), 30),
]


def shortfall_notes(standard):
    """What each standard of the shortfall list measures, and what the levels mean."""
    return [
        *((d.label, d.text) for d in glossary.definitions(*(f"shortfalls.{k}" for k in KINDS))),
        (_("Level"), level_note(standard)),
    ]


def level_note(standard):
    return _(
        "Red: less than %(red)s%% of what is due was done; amber: from %(red)s%% up to what "
        "is due; green: met. Most severe first: red before amber, then the smaller share done, "
        "then the longer since it was last done."
    ) % {"red": standard.red_below_percent}
