"""The county's start page: its townships and stations ranked, with the month's exceptions.

The ranking is the scorecard's (``scorecard``: furthest behind first, green, amber
or red against the county's red line) for this month so far; beside each township
the exceptions the worklist counts for a township (overdue concerns, concerns
waiting to be assigned, duty days missed). The rows sort by any of those
(``SORTS``); the stations furthest behind across the county follow, the worst
``STATIONS_SHOWN`` of them, each linking to its page.

A fixed number of queries: the measures of the county's stations, and one
grouped count per exception.
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from stations.models import DutyDay, WorkStation
from villages.models import County, Standard, Township
from visits.models import Concern
from visits.supervision.measures import measures
from visits.supervision.period import Period
from visits.supervision.scorecard import scorecard
from visits.supervision.worklist import missed_duty_days

STATIONS_SHOWN = 10
TOWNSHIP = "village__township"

SORTS = {
    "rank": _("furthest behind first"),
    "name": _("by name"),
    "overdue": _("most overdue concerns first"),
    "to_assign": _("most concerns waiting to be assigned first"),
    "missed_duty": _("most duty days missed first"),
}
SORT_KEYS = {
    "rank": lambda row: row.rank,
    "name": lambda row: (row.place.name, row.place.pk),
    "overdue": lambda row: (-row.overdue, row.rank),
    "to_assign": lambda row: (-row.to_assign, row.rank),
    "missed_duty": lambda row: (-row.missed_duty, row.rank),
}


def _by_township(rows, key):
    return dict(rows.order_by().values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def exceptions_by_township(county, *, stations, today):
    """``{township id: {"overdue": n, "to_assign": n, "missed_duty": n}}``, two queries."""
    concerns = (
        Concern.objects.in_place(county=county)
        .order_by()
        .values("township")
        .annotate(
            overdue=Count("pk", filter=Concern.overdue_q(today)),
            to_assign=Count("pk", filter=Q(state=Concern.State.ESCALATED)),
        )
    )
    found = {
        row["township"]: {"overdue": row["overdue"], "to_assign": row["to_assign"]}
        for row in concerns
    }
    missed = _by_township(
        missed_duty_days(DutyDay.objects.in_place(station=stations), today),
        "station__village__township",
    )
    return found, missed


def county_ranking(county: County, *, user, today: datetime.date, sort: str = "rank"):
    """The ranked townships (each with its exceptions) and the stations furthest behind."""
    period = Period.this_month(today)
    standard = Standard.objects.for_county(county.pk)
    stations = WorkStation.objects.visible_to(user).in_place(county=county)
    measured = measures(
        period=period,
        standard=standard,
        stations=stations,
        today=today,
        lasts=False,
        people=False,
    )
    townships = Township.objects.visible_to(user).in_place(county=county).order_by("name", "pk")
    ranked = scorecard(measured, by="township", standard=standard, places=townships)
    concerns, missed = exceptions_by_township(county, stations=stations, today=today)
    for row in ranked:
        counts = concerns.get(row.place.pk, {})
        row.overdue = counts.get("overdue", 0)
        row.to_assign = counts.get("to_assign", 0)
        row.missed_duty = missed.get(row.place.pk, 0)
    sort = sort if sort in SORTS else "rank"
    worst = [
        row for row in scorecard(measured, by="station", standard=standard) if row.level != "green"
    ][:STATIONS_SHOWN]
    return {
        "ranked": sorted(ranked, key=SORT_KEYS[sort]),
        "worst_stations": worst,
        "sort": sort,
        "sorts": SORTS,
        "standard": standard,
        "period": period,
    }
