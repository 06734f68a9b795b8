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
from django.utils.translation import gettext_lazy as _lazy

from stations.models import WorkStation
from villages.wording import listing
from visits.models import Meeting
from visits.reports.blocks import Rows, Table, quota
from visits.reports.lists import concerns_table, deeds_table, major_events_table, meetings_table
from visits.reports.titles import table_keys, title
from visits.spotchecks.figures import serving
from visits.supervision import activity
from visits.supervision.meetings import meetings_by
from visits.supervision.shortfalls import shortfalls

__all__ = ["report_tables", "table_keys"]


def report_tables(*, period, user, page, spot, summary, events, county=None, township=None):
    """The report's tables in the workbook's order (see the module)."""
    where = {"county": county} if county is not None else {"township": township}
    standard = page["standard"]
    stations = WorkStation.objects.visible_to(user).in_place(**where)
    tables = [summary_table(summary)]
    if county is not None:
        tables.append(places_table("townships", page["rows"], "township"))
        rows = county_station_rows(
            county, period=period, user=user, stations=stations, standard=standard
        )
        tables.append(places_table("stations", rows, "station"))
    else:
        tables.append(places_table("stations", page["rows"], "station"))
    tables += [
        members_table(period=period, user=user, standard=standard, spot=spot, **where),
        concerns_table(period=period, user=user, **where),
        major_events_table(events),
        meetings_table(period=period, user=user, **where),
        deeds_table(period=period, user=user, **where),
        shortfalls_table(shortfalls(period=period, standard=standard, stations=stations)),
    ]
    return tables


def summary_table(summary):
    """The headline figures: counts and money under "Number", shares under "Share"."""
    return Table(
        key="summary",
        title=title("summary"),
        columns=[(_("Figure"), "text"), (_("Number"), "decimal"), (_("Share"), "percent")],
        rows=[
            [f.label, None, f.value] if f.kind == "percent" else [f.label, f.value, None]
            for f in summary
        ],
    )


# Headers translated when a table is built, in the user's language.
ACTIVITY_COLUMNS = [
    (_lazy("Visits"), "int", lambda r: r["visits"]),
    (_lazy("Receptions"), "int", lambda r: r["receptions"]),
    (_lazy("Households reached"), "int", lambda r: r["households_reached"]),
    (_lazy("Duty days held"), "int", lambda r: r["duty_held"]),
    (_lazy("Duty days scheduled"), "int", lambda r: r["duty_scheduled"]),
    (_lazy("Paired households"), "int", lambda r: r["paired"]),
    (_lazy("Paired households contacted"), "int", lambda r: r["paired_contacted"]),
    (_lazy("Paired contacts"), "int", lambda r: r["paired_contacts"]),
    (_lazy("Quota so far"), "decimal", lambda r: quota(r["paired_contacts_expected"])),
    (_lazy("Households"), "int", lambda r: r["households"] or 0),
    (_lazy("Households holding a valid card"), "int", lambda r: r["carded"] or 0),
    (_lazy("Card coverage"), "percent", lambda r: r["card_coverage"]),
    (_lazy("Concerns raised"), "int", lambda r: r["concerns"]["raised"]),
    (_lazy("Solved on the spot"), "int", lambda r: r["concerns"]["solved_on_spot"]),
    (_lazy("Escalated"), "int", lambda r: r["concerns"]["escalated"]),
    (_lazy("Done"), "int", lambda r: r["concerns"]["done"]),
    (_lazy("Done on time"), "int", lambda r: r["concerns"]["done_on_time"]),
    (_lazy("Overdue"), "int", lambda r: r["concerns"]["overdue"]),
    (_lazy("Done rate"), "percent", lambda r: r["concerns"]["done_rate"]),
    (_lazy("Mediation rate"), "percent", lambda r: r["concerns"]["mediation_rate"]),
    (_lazy("Satisfaction"), "percent", lambda r: r["concerns"]["satisfaction"]),
    (_lazy("Meetings"), "int", lambda r: r["meeting_figures"]["meetings"]),
    (
        _lazy("Concern-analysis meetings"),
        "int",
        lambda r: r["meeting_figures"]["by_kind"][Meeting.Kind.CONCERN_ANALYSIS],
    ),
    (_lazy("Practical deeds"), "int", lambda r: r["meeting_figures"]["deeds"]),
    (_lazy("Money raised (yuan)"), "decimal", lambda r: r["meeting_figures"]["money_raised"]),
    (_lazy("People helped"), "int", lambda r: r["meeting_figures"]["people_helped"]),
]


def places_table(key, rows, place):
    """Townships or stations, one row each: the page's activity, concern and meeting figures."""
    names = [(_("Township"), "text", lambda r: r["township"].name)]
    if place == "station":
        # The township page's rows have the village, not its township: one query for all.
        prefetch_related_objects([row["station"].village for row in rows], "township")
        names = [
            (_("Township"), "text", lambda r: r["station"].village.township.name),
            (_("Station"), "text", lambda r: r["station"].name),
            (_("Village"), "text", lambda r: r["station"].village.name),
        ]
    columns = names + [(str(header), kind, value) for header, kind, value in ACTIVITY_COLUMNS]
    return Table(
        key=key,
        title=title(key),
        columns=[(header, kind) for header, kind, _value in columns],
        rows=Rows(lambda: ([value(row) for _h, _k, value in columns] for row in rows)),
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
                row["duty_held"],
                row["duty_scheduled"],
                row["paired"],
                row["paired_contacts"],
                quota(row["paired_contacts_expected"]),
                row["farmer_friends"],
                row["concerns"]["raised"],
                spot_value(pk, "ratings") or 0,
                spot_value(pk, "known_rate"),
                spot_value(pk, "knows_rate"),
                spot_value(pk, "seen"),
                mark(pk),
            ]

    return Table(
        key="members",
        title=title("members"),
        columns=[
            (_("Township"), "text"),
            (_("Member"), "text"),
            (_("Rank class"), "text"),
            (_("Stations served"), "text"),
            (_("Visits"), "int"),
            (_("Receptions"), "int"),
            (_("Days in a village"), "int"),
            (_("Duty days held"), "int"),
            (_("Duty days scheduled"), "int"),
            (_("Paired households"), "int"),
            (_("Paired contacts"), "int"),
            (_("Quota so far"), "decimal"),
            (_("Farmer friends"), "int"),
            (_("Concerns raised"), "int"),
            (_("Ratings"), "int"),
            (_("Known-by-the-people rate"), "percent"),
            (_("Knows-the-people rate"), "percent"),
            (_("Seen"), "percent"),
            (_("Most or least seen"), "text"),
        ],
        rows=Rows(rows),
    )


def _stint(assignment):
    """ "石门村工作站 (站长, 2026-11-01 – 2026-11-15)"."""
    until = f"{assignment.end_date:%Y-%m-%d}" if assignment.end_date else ""
    return (
        f"{assignment.station.name} ({assignment.get_role_display()}, "
        f"{assignment.start_date:%Y-%m-%d} – {until})"
    )


def shortfalls_table(found):
    """Who and which station is behind on what, as the shortfall page lists them."""
    return Table(
        key="shortfalls",
        title=title("shortfalls"),
        columns=[
            (_("Township"), "text"),
            (_("Station"), "text"),
            (_("Member"), "text"),
            (_("Behind on"), "text"),
            (_("Actual"), "int"),
            (_("Due"), "int"),
            (_("Details"), "text"),
        ],
        rows=[
            [
                s.township.name,
                s.station.name,
                s.cadre.name if s.cadre else "",
                str(s.label),
                s.actual,
                s.expected,
                listing(s.missing),
            ]
            for s in found
        ],
    )
