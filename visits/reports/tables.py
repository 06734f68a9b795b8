"""The tables of the monthly report, in the workbook's order (``report_tables``).

The place tables (townships, stations, members) are the page's rows or the
same grouped selectors (``activity.activity_by``); the long lists come from
``lists``. Which rows the tables here hold:

- townships, stations: every one of the place the user may see;
- members: every cadre who served at a station of the place during the
  period, once, with their figures in the place and the stations they served
  at (the stations table counts each visit at the station it was logged at,
  so a cadre who rotated mid-month shows at both);
- shortfalls: as the shortfall page lists them, unfiltered.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from cadres.models import village_days_for
from stations.models import WorkStation
from villages.wording import listing
from visits import glossary
from visits.models import Meeting
from visits.reports.blocks import Rows, Table
from visits.reports.lists import concerns_table, deeds_table, major_events_table, meetings_table
from visits.reports.titles import table_keys, title
from visits.spotchecks.figures import serving
from visits.supervision import activity
from visits.supervision.export_columns import shortfall_notes
from visits.supervision.meetings import meetings_by
from visits.supervision.period import due
from visits.supervision.shortfalls import KINDS, LEVELS, shortfalls

__all__ = ["report_tables", "table_keys"]


def report_tables(*, period, user, parts, only=None, county=None, township=None):
    """The report's tables in the workbook's order (see the module); with ``only`` (a
    table's key), that table alone, and only what it is made of is read: a CSV is one
    table. ``parts`` reads the page, spot checks, summary and events on first use
    (``monthly.ReportParts``). The definitions are every table's: asked alone, every
    table is built for them."""
    where = {"county": county} if county is not None else {"township": township}

    def stations():
        return WorkStation.objects.visible_to(user).in_place(**where)

    def station_rows():
        if county is None:
            return places_table("stations", parts.page["rows"], "station")
        rows = county_station_rows(
            county, period=period, user=user, stations=stations(), standard=parts.standard
        )
        return places_table("stations", rows, "station")

    built = {
        "summary": lambda: summary_table(parts.summary),
        "townships": lambda: places_table("townships", parts.page["rows"], "township"),
        "stations": station_rows,
        "members": lambda: members_table(
            period=period, user=user, standard=parts.standard, spot=parts.spot, **where
        ),
        "concerns": lambda: concerns_table(period=period, user=user, **where),
        "major_events": lambda: major_events_table(parts.events),
        "meetings": lambda: meetings_table(period=period, user=user, **where),
        "deeds": lambda: deeds_table(period=period, user=user, **where),
        "shortfalls": lambda: shortfalls_table(
            shortfalls(period=period, standard=parts.standard, stations=stations()),
            parts.standard,
        ),
    }
    keys = [key for key in table_keys(county=county is not None) if key != "definitions"]
    if only is not None and only != "definitions":
        return [built[only]()]
    tables = [built[key]() for key in keys]
    definitions = definitions_table(tables)
    return [definitions] if only == "definitions" else [*tables, definitions]


def summary_table(summary):
    """The headline figures: counts and money under "Number", shares under "Share", and
    beside each what it counts."""
    return Table(
        key="summary",
        title=title("summary"),
        columns=[
            (_("Figure"), "text"),
            (_("Number"), "decimal"),
            (_("Share"), "percent"),
            (_("Definition"), "text"),
        ],
        rows=[
            [f.label, None, f.value, f.definition]
            if f.kind == "percent"
            else [f.label, f.value, None, f.definition]
            for f in summary
        ],
    )


def definitions_table(tables):
    """What each figure of the report counts: the summary's figures, then each table's
    columns, each label once (the workbook's definitions sheet; the booklet prints the
    same sentences beside its figures and under its tables)."""
    rows, seen = [], set()
    for table in tables:
        notes = table.notes
        if table.key == "summary":
            notes = [(row[0], row[3]) for row in table.rows]
        for label, text in notes:
            if text and label not in seen:
                seen.add(label)
                rows.append([str(table.title), label, text])
    return Table(
        key="definitions",
        title=title("definitions"),
        columns=[(_("Table"), "text"), (_("Figure"), "text"), (_("Definition"), "text")],
        rows=rows,
    )


def _meeting(name):
    return lambda r: r["meeting_figures"][name]


def _concern(name):
    return lambda r: r["concerns"][name]


# (definition, kind, value): headers and notes from ``visits.glossary``, translated when a
# table is built, in the user's language.
ACTIVITY_COLUMNS = [
    ("activity.visits", "int", lambda r: r["visits"]),
    ("activity.receptions", "int", lambda r: r["receptions"]),
    ("activity.households_reached", "int", lambda r: r["households_reached"]),
    ("activity.duty_held", "int", lambda r: r["duty_held"]),
    ("activity.duty_due", "int", lambda r: r["duty_due"]),
    ("activity.paired", "int", lambda r: r["paired"]),
    ("activity.paired_contacted", "int", lambda r: r["paired_contacted"]),
    ("activity.paired_contacts_counted", "int", lambda r: r["paired_contacts"]),
    ("activity.paired_contacts_due", "int", lambda r: r["paired_contacts_due"]),
    ("activity.households", "int", lambda r: r["households"] or 0),
    ("activity.carded", "int", lambda r: r["carded"] or 0),
    ("activity.card_coverage", "percent", lambda r: r["card_coverage"]),
    ("concerns.raised", "int", _concern("raised")),
    ("concerns.solved_on_spot", "int", _concern("solved_on_spot")),
    ("concerns.escalated", "int", _concern("escalated")),
    ("concerns.done", "int", _concern("done")),
    ("concerns.done_on_time", "int", _concern("done_on_time")),
    ("concerns.overdue", "int", _concern("overdue")),
    ("concerns.due", "int", _concern("due")),
    ("concerns.due_closed", "int", _concern("due_closed")),
    ("concerns.done_rate", "percent", _concern("done_rate")),
    ("concerns.disputes", "int", _concern("disputes")),
    ("concerns.disputes_mediated", "int", _concern("disputes_mediated")),
    ("concerns.mediation_rate", "percent", _concern("mediation_rate")),
    ("concerns.satisfaction", "percent", _concern("satisfaction")),
    ("meetings.meetings", "int", _meeting("meetings")),
    (
        "meetings.analysis_meetings",
        "int",
        lambda r: r["meeting_figures"]["by_kind"][Meeting.Kind.CONCERN_ANALYSIS],
    ),
    ("meetings.deeds", "int", _meeting("deeds")),
    ("meetings.money_raised", "decimal", _meeting("money_raised")),
    ("meetings.people_helped", "int", _meeting("people_helped")),
]


def defined_columns(columns):
    """``(header, kind, value)`` and the notes of columns given as ``(key, kind, value)``."""
    found = [(glossary.definition(key), kind, value) for key, kind, value in columns]
    return (
        [(str(d.label), kind, value) for d, kind, value in found],
        tuple((str(d.label), str(d.text)) for d, _kind, _value in found),
    )


def places_table(key, rows, place):
    """Townships or stations, one row each: the page's activity, concern and meeting figures."""
    names = [
        (_("Township"), "text", lambda r: r["township"].name),
        (_("Township code"), "text", lambda r: r["township"].code),
    ]
    if place == "station":
        # The township page's rows have the village, not its township: one query for all.
        prefetch_related_objects([row["station"].village for row in rows], "township")
        names = [
            (_("Township"), "text", lambda r: r["station"].village.township.name),
            (_("Station"), "text", lambda r: r["station"].name),
            (_("Village"), "text", lambda r: r["station"].village.name),
            (_("Village code"), "text", lambda r: r["station"].village.code),
        ]
    figures, notes = defined_columns(ACTIVITY_COLUMNS)
    columns = names + figures
    return Table(
        key=key,
        title=title(key),
        columns=[(header, kind) for header, kind, _value in columns],
        rows=Rows(lambda: ([value(row) for _h, _k, value in columns] for row in rows)),
        notes=notes,
    )


def county_station_rows(county, *, period, user, stations, standard):
    """Every station of the county with its figures: the township page's rows, county-wide."""
    stations = list(
        stations.select_related("village__township").order_by(
            "village__township__name", "village__township_id", "name", "pk"
        )
    )
    keys = [s.pk for s in stations]
    figures = activity.activity_by(
        "station", period=period, standard=standard, keys=keys, county=county, user=user
    )
    held = meetings_by("station", keys=keys, period=period, user=user, county=county)
    return [{"station": s, **figures[s.pk], "meeting_figures": held[s.pk]} for s in stations]


# The members table's figures, in its column order; the values are written in ``rows()``.
MEMBER_COLUMNS = [
    ("activity.visits", "int", None),
    ("activity.receptions", "int", None),
    ("activity.village_days_held", "int", None),
    ("activity.village_days_due", "int", None),
    ("activity.duty_held", "int", None),
    ("activity.duty_due", "int", None),
    ("activity.paired", "int", None),
    ("activity.paired_contacts_counted", "int", None),
    ("activity.paired_contacts_due", "int", None),
    ("activity.farmer_friends_count", "int", None),
    ("concerns.raised", "int", None),
]


def members_table(*, period, user, standard, spot, county=None, township=None):
    """Every cadre who served in the place during the period, with their figures there."""
    where = {"county": county} if county is not None else {"township": township}
    assignments = list(
        serving(start=period.start, end=period.end, **where)
        .visible_to(user)
        .select_related("cadre__township", "station")
        .order_by("cadre__township__name", "cadre__name", "cadre_id", "start_date", "pk")
    )
    served = {}
    for assignment in assignments:
        served.setdefault(assignment.cadre_id, []).append(assignment)
    figures = activity.activity_by(
        "cadre", period=period, standard=standard, keys=list(served), user=user, **where
    )
    seen = {row["cadre"].pk: row for row in spot["members"]}
    fraction = period.year_fraction()
    most = {c.pk for c in spot["most_seen"]}
    least = {c.pk for c in spot["least_seen"]}

    def mark(pk):
        if pk in most:
            return _("most seen")
        if pk in least:
            return _("least seen")
        return ""

    def spot_value(pk, name):
        return seen[pk][name] if pk in seen else None

    def rows():
        for pk, stints in served.items():
            cadre, row = stints[0].cadre, figures[pk]
            yield [
                cadre.township.name,
                cadre.name,
                cadre.get_rank_class_display(),
                "; ".join(_stint(a) for a in stints),
                row["visits"],
                row["receptions"],
                row["village_days"],
                due(village_days_for(standard, cadre.rank_class) * fraction),
                row["duty_held"],
                row["duty_due"],
                row["paired"],
                row["paired_contacts"],
                row["paired_contacts_due"],
                row["farmer_friends"],
                row["concerns"]["raised"],
                spot_value(pk, "ratings") or 0,
                spot_value(pk, "known_rate"),
                spot_value(pk, "knows_rate"),
                spot_value(pk, "seen"),
                mark(pk),
            ]

    defined, notes = defined_columns(MEMBER_COLUMNS)
    return Table(
        key="members",
        title=title("members"),
        columns=[
            (_("Township"), "text"),
            (_("Member"), "text"),
            (_("Rank class"), "text"),
            (_("Stations served"), "text"),
            *((header, kind) for header, kind, _value in defined),
            (_("Ratings"), "int"),
            (_("Known-by-the-people rate"), "percent"),
            (_("Knows-the-people rate"), "percent"),
            (_("Seen"), "percent"),
            (_("Most or least seen"), "text"),
        ],
        rows=Rows(rows),
        notes=notes,
    )


def _stint(assignment):
    """ "石门村工作站 (站长, 2026-11-01 – 2026-11-15)"."""
    until = f"{assignment.end_date:%Y-%m-%d}" if assignment.end_date else ""
    return (
        f"{assignment.station.name} ({assignment.get_role_display()}, "
        f"{assignment.start_date:%Y-%m-%d} – {until})"
    )


def shortfalls_table(found, standard):
    """Who and which station is behind on what, as the shortfall page lists them."""
    return Table(
        key="shortfalls",
        title=title("shortfalls"),
        columns=[
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Member"), "text"),
            (_("Behind on"), "text"),
            (_("Level"), "text"),
            (_("Done so far"), "int"),
            (_("Due"), "int"),
            (_("Share done"), "percent"),
            (_("Gap"), "int"),
            (_("Last done"), "date"),
            (_("Days since"), "int"),
            (_("Details"), "text"),
        ],
        rows=[
            [
                s.township.name,
                s.station.name,
                s.cadre.name if s.cadre else "",
                str(KINDS[s.kind]),
                str(LEVELS[s.level]),
                s.actual,
                s.expected,
                s.share,
                s.gap,
                s.last,
                s.days_since,
                listing(s.details),
            ]
            for s in found
        ],
        notes=tuple((str(label), str(text)) for label, text in shortfall_notes(standard)),
    )
