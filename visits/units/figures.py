"""A sponsoring unit's stations in a period, and the units of a county or city ranked.

Both read the county scorecard (``visits.supervision.scorecard``) over the stations a
unit sponsors now, each measured against the standards of the county it lies in (a
city unit's stations may lie in several counties), and the concern figures of
``visits.concerns.figures``; the words of each figure are in ``definitions``.
Queries: a fixed number, whatever the number of stations and of counties they lie in.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from cadres.models import SponsoringUnit
from stations.models import Assignment, WorkStation
from villages.models import Standard
from visits.concerns.figures import concern_figures, concern_figures_by
from visits.supervision.measures import measures
from visits.supervision.period import Period
from visits.supervision.scorecard import scorecard


def measured(stations, *, period: Period, today: datetime.date, people=True):
    """The measures of ``stations`` (a scoped queryset), each county's against its own
    standards; and ``{county id: standard}`` of those counties. Without ``people`` the
    members' measures name their member by id alone (``measures.measures``)."""
    counties = set(stations.values_list(stations.path_to("county"), flat=True))
    saved = {s.county_id: s for s in Standard.objects.in_place(county=list(counties))}
    standards = {c: saved.get(c) or Standard() for c in counties}
    # Scorecards only: no measure's last day is read.
    found = measures(
        period=period,
        standards=standards,
        stations=stations,
        today=today,
        lasts=False,
        people=people,
    )
    return found, standards


def _standard_of(unit: SponsoringUnit, standards):
    """The red line the unit's colours are drawn against: its county's (a city unit's:
    the defaults, its stations being in counties with different standards)."""
    if unit.county_id is not None:
        return standards.get(unit.county_id) or Standard.objects.for_county(unit.county_id)
    return Standard()


def sent_cadres(units, *, user):
    """The current assignments of the cadres the units sent, where the user may see them."""
    return (
        Assignment.objects.visible_to(user)
        .current()
        .filter(cadre__sponsoring_unit__in=units)
        .select_related("cadre", "station")
        .order_by("cadre__name", "cadre_id", "station__name", "pk")
    )


def unit_page(unit: SponsoringUnit, *, period: Period, user, today=None):
    """The unit's stations (scored and with their concern figures), its overall score and
    the cadres it sent, for the period."""
    today = today or timezone.localdate()
    stations = list(
        WorkStation.objects.visible_to(user)
        .filter(sponsoring_unit=unit)
        .select_related("village__township")
        .order_by("name", "pk")
    )
    ids = [s.pk for s in stations]
    # A scorecard of stations and of the unit: no member's name.
    found, standards = measured(
        WorkStation.objects.filter(pk__in=ids), period=period, today=today, people=False
    )
    standard = _standard_of(unit, standards)
    rows = scorecard(found, by="station", standard=standard, places=stations)
    days = {"start": period.start, "end": period.end, "today": today}
    per_station = concern_figures_by("station", user=user, station=ids, **days)
    empty = concern_figures(station=[], **days)
    for row in rows:
        row.concerns = per_station.get(row.place.pk, empty)
    for measure in found:
        measure.unit = unit
    overall = scorecard(found, by="unit", standard=standard, places=[unit])[0]
    return {
        "rows": rows,
        "overall": overall,
        "standard": standard,
        "concerns": concern_figures(user=user, station=ids, **days),
        "sent": list(sent_cadres([unit], user=user)),
    }


def unit_ranking(units, *, user, period: Period, standard: Standard, today=None):
    """The units (a scoped queryset) ranked by the score of the stations they sponsor,
    furthest behind first; each row with its stations and the cadres it sent now."""
    today = today or timezone.localdate()
    units = list(units.order_by("name", "pk"))
    by_pk = {u.pk: u for u in units}
    stations = WorkStation.objects.visible_to(user).filter(sponsoring_unit__in=units)
    found, _standards = measured(stations, period=period, today=today, people=False)
    for measure in found:
        measure.unit = by_pk[measure.station.sponsoring_unit_id]
    ranked = scorecard(found, by="unit", standard=standard, places=units)
    counts = _count(stations, "sponsoring_unit")
    sent = _count(
        Assignment.objects.visible_to(user).current().filter(cadre__sponsoring_unit__in=units),
        "cadre__sponsoring_unit",
        distinct="cadre",
    )
    for row in ranked:
        row.stations = counts.get(row.place.pk, 0)
        row.sent = sent.get(row.place.pk, 0)
    return ranked


def _count(rows, key, distinct="pk"):
    counted = rows.order_by().values_list(key).annotate(n=Count(distinct, distinct=True))
    return dict(counted.values_list(key, "n"))
