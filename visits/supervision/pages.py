"""What each supervision page shows, read in a fixed number of queries.

County → township → station → member → the single visit (``visit_detail``).
Each function takes an object the view already looked up through
``visible_to(user)`` and the rows of the list its filter form narrowed, and
returns the template's context.
"""

from django.db.models import Q
from django.utils import timezone

from cadres.models import village_days_for
from stations.models import Assignment, WorkStation
from villages.models import Standard
from visits.concerns.figures import reminders_sent
from visits.models import Visit
from visits.spotchecks.figures import spotcheck_figures
from visits.supervision import activity, chart_data, coverage, read_once
from visits.supervision.meetings import meetings_by, meetings_of
from visits.supervision.period import due

KIND_LABELS = dict(Visit.Kind.choices)


def _kinds(figures):
    return [(KIND_LABELS[kind], n) for kind, n in figures["by_kind"].items()]


def county_rows(county, *, period, user, townships, standard):
    """The townships table (also its export): activity, meetings and deeds per township."""
    townships = list(townships.order_by("name", "pk"))
    keys = [t.pk for t in townships]
    figures = activity.activity_by(
        "township", period=period, standard=standard, keys=keys, county=county, user=user
    )
    held = meetings_by("township", keys=keys, period=period, user=user, county=county)
    return [{"township": t, **figures[t.pk], "meeting_figures": held[t.pk]} for t in townships]


def county_page(county, *, period, user, townships):
    standard = Standard.objects.for_county(county.pk)
    with read_once.read_once():  # the townships' and the county's: one read of each
        rows = county_rows(county, period=period, user=user, townships=townships, standard=standard)
        totals = activity.activity(period=period, standard=standard, county=county, user=user)
    return {
        "county": county,
        "standard": standard,
        "rows": rows,
        "totals": totals,
        "kinds": _kinds(totals),
        "charts": chart_data.county_charts(county, period=period, user=user, rows=rows),
        "meeting_figures": meetings_of(period=period, user=user, county=county),
    }


def township_rows(township, *, period, user, stations, standard):
    """The stations table (also its export): activity, meetings and deeds per station."""
    stations = list(stations.select_related("village").order_by("name", "pk"))
    keys = [s.pk for s in stations]
    figures = activity.activity_by(
        "station", period=period, standard=standard, keys=keys, township=township, user=user
    )
    held = meetings_by("station", keys=keys, period=period, user=user, township=township)
    return [{"station": s, **figures[s.pk], "meeting_figures": held[s.pk]} for s in stations]


def township_page(township, *, period, user, stations):
    standard = Standard.objects.for_county(township.county_id)
    with read_once.read_once():  # the stations' and the township's: one read of each
        rows = township_rows(
            township, period=period, user=user, stations=stations, standard=standard
        )
        totals = activity.activity(period=period, standard=standard, township=township, user=user)
    return {
        "township": township,
        "standard": standard,
        "rows": rows,
        "totals": totals,
        "kinds": _kinds(totals),
        "charts": chart_data.township_charts(township, period=period, user=user, rows=rows),
        "meeting_figures": meetings_of(period=period, user=user, township=township),
        "spot_figures": spot_figures(period=period, user=user, township=township),
        "reminders": reminders_sent(
            user=user, township=township, start=period.start, end=period.end
        ),
    }


def spot_figures(*, period, user, **place):
    """Spot checks and ratings (知名度, 知民度, 最出镜/最不出镜) of the place: a few queries."""
    return spotcheck_figures(user=user, start=period.start, end=period.end, **place)


def serving(station, period):
    """Assignments at ``station`` that overlap the period, chiefs first."""
    return (
        Assignment.objects.in_place(station=station)
        .filter(start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .select_related("cadre")
        .chief_first()
    )


def station_members(station, *, period, user, assignments, standard, spot):
    """The members table (also its export): each member's figures at this station,
    and how seen they were (``spot``: the station's ``spotcheck_figures``)."""
    assignments = list(assignments)
    figures = activity.activity_by(
        "cadre",
        period=period,
        standard=standard,
        keys={a.cadre_id for a in assignments},
        station=station,
        user=user,
    )
    seen = {row["cadre"].pk: row for row in spot["members"]}
    return [
        {"assignment": a, "cadre": a.cadre, **figures[a.cadre_id], "spot": seen.get(a.cadre_id)}
        for a in assignments
    ]


def station_page(station, *, period, user, assignments=None):
    """``assignments``: the members' rows to list (those the member filter kept;
    by default everyone who served in the period)."""
    standard = Standard.objects.for_county(station.village.township.county_id)
    spot = spot_figures(period=period, user=user, station=station)
    members = station_members(
        station,
        period=period,
        user=user,
        assignments=serving(station, period) if assignments is None else assignments,
        standard=standard,
        spot=spot,
    )
    totals = activity.activity(period=period, standard=standard, station=station, user=user)
    required = standard.required_haves()
    return {
        "station": station,
        "township": station.village.township,
        "standard": standard,
        "members": members,
        "totals": totals,
        "kinds": _kinds(totals),
        "haves": [(label, getattr(station, name)) for name, label in required],
        "charts": chart_data.station_charts(station, period=period, user=user, members=members),
        "meeting_figures": meetings_of(period=period, user=user, station=station),
        "spot_figures": spot,
    }


def cadre_page(cadre, *, period, user):
    """A member's figures in the period, in all and per station they were logged at."""
    standard = Standard.objects.for_county(cadre.township.county_id)
    totals = activity.activity(period=period, standard=standard, cadre=cadre, user=user)
    stations = list(
        WorkStation.objects.visible_to(user)
        .filter(
            Q(pk__in=serving_of(cadre, period).values("station"))
            | Q(
                pk__in=Visit.objects.filter(
                    author=cadre, occurred_at__gte=period.since, occurred_at__lt=period.until
                ).values("station")
            )
        )
        .select_related("village")
        .order_by("name", "pk")
    )
    figures = activity.activity_by(
        "station",
        period=period,
        standard=standard,
        keys=[s.pk for s in stations],
        cadre=cadre,
        user=user,
    )
    fraction = period.year_fraction()
    days_expected = village_days_for(standard, cadre.rank_class) * fraction
    days_due = due(days_expected)
    return {
        "cadre": cadre,
        "township": cadre.township,
        "standard": standard,
        "totals": totals,
        "kinds": _kinds(totals),
        "per_station": [{"station": s, **figures[s.pk]} for s in stations],
        "assignments": list(serving_of(cadre, period).select_related("station")),
        "days_expected": days_expected,
        "days_due": days_due,
        "days_css": _meets(totals["village_days"], days_due),
        "contacts_css": _meets(totals["paired_contacts"], totals["paired_contacts_due"]),
        "friends_css": _meets(totals["farmer_friends"], standard.farmer_friends_per_member),
        "charts": [chart_data.visits_chart(period=period, user=user, cadre=cadre)],
        "meeting_figures": meetings_of(period=period, user=user, cadre=cadre),
        "paired_households": coverage.paired_households_of(
            cadre, user=user, on=min(period.end, timezone.localdate())
        ),
        "together_days": coverage.together_days(
            start=period.start, end=period.end, cadre=cadre
        ).get(cadre.pk, 0),
    }


def _meets(actual, due):
    """The class of a figure against what is due: "ok" when met, "warn" when behind."""
    return "ok" if actual >= due else "warn"


def serving_of(cadre, period):
    """The cadre's assignments that overlap the period."""
    return (
        Assignment.objects.filter(cadre=cadre, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("start_date", "pk")
    )
