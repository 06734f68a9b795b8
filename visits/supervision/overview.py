"""Reads that feed the county and township overviews (their start pages).

Counts are grouped in the database, one query per figure, so the pages cost
the same number of queries whatever the size of the county. Visits and
receptions are counted apart, as everywhere (``activity.visits`` and
``activity.receptions`` in ``visits.supervision.definitions``): a reception
at the station is not a visit to a household.
"""

from django.db.models import Count, Q
from django.utils import timezone

from stations.models import Assignment, ContactCard, WorkStation
from villages.models import Household, Township
from visits.models import Visit
from visits.supervision.period import Period
from visits.supervision.upkeep import card_coverage


def _counts(queryset, key):
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def _visit_counts(visits, key):
    """``{key: (visits, receptions)}`` in one query."""
    reception = Q(kind=Visit.Kind.RECEPTION)
    rows = (
        visits.order_by()
        .values(key)
        .annotate(visits=Count("pk", filter=~reception), receptions=Count("pk", filter=reception))
    )
    return {row[key]: (row["visits"], row["receptions"]) for row in rows}


def township_overview(township: Township):
    today = timezone.localdate()
    stations = list(WorkStation.objects.in_place(township=township).select_related("village"))
    visits = Visit.objects.in_place(station=stations).in_month(today.year, today.month)
    chiefs = {
        a.station_id: a.cadre
        for a in Assignment.objects.current()
        .in_place(station=stations)
        .filter(role=Assignment.Role.CHIEF)
        .select_related("cadre")
    }
    members = _counts(Assignment.objects.current().in_place(station=stations), "station")
    households = _counts(Household.objects.in_place(township=township), "village")
    cards = _counts(ContactCard.objects.valid().in_place(station=stations), "station")
    visit_counts = _visit_counts(visits, "station")
    rows = [
        {
            "station": s,
            "chief": chiefs.get(s.pk),
            "members": members.get(s.pk, 0),
            "households": households.get(s.village_id, 0),
            "cards": cards.get(s.pk, 0),
            "visits": visit_counts.get(s.pk, (0, 0))[0],
            "receptions": visit_counts.get(s.pk, (0, 0))[1],
        }
        for s in stations
    ]
    return {"township": township, "today": today, "rows": rows, "totals": _totals(rows)}


def county_overview(county):
    today = timezone.localdate()
    townships = list(
        Township.objects.in_place(county=county).annotate(
            village_count=Count("villages", distinct=True),
            station_count=Count("villages__station", distinct=True),
        )
    )
    # The month's card rows when counted today (one query on its villages' rows),
    # else the households themselves; a household holds one valid card at most (a
    # database constraint), so "valid cards" are the households holding one.
    coverage = card_coverage(
        period=Period.this_month(today), by="township", today=today, county=county
    )
    households = {pk: found["households"] for pk, found in coverage.items()}
    cards = {pk: found["carded"] for pk, found in coverage.items()}
    visits = _visit_counts(
        Visit.objects.in_place(county=county).in_month(today.year, today.month),
        "station__village__township",
    )
    rows = [
        {
            "township": t,
            "villages": t.village_count,
            "stations": t.station_count,
            "households": households.get(t.pk, 0),
            "cards": cards.get(t.pk, 0),
            "visits": visits.get(t.pk, (0, 0))[0],
            "receptions": visits.get(t.pk, (0, 0))[1],
        }
        for t in townships
    ]
    return {"county": county, "today": today, "rows": rows, "totals": _totals(rows)}


def _totals(rows):
    numeric = [k for k, v in (rows[0].items() if rows else []) if isinstance(v, int)]
    return {k: sum(r[k] for r in rows) for k in numeric}
