"""Reads of visits: the cadre's pages (today's work, their own history), the recent visits
shown on the register pages below, and a station's receptions on its duty days."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from stations.duty.selectors import duty_state, month_nav
from stations.duty.services import month_bounds
from stations.models import DutyDay, Pairing, WorkStation
from villages.models import Standard
from villages.workdays import Workdays
from visits.matters import open_matters
from visits.models import Visit

# Recent visits on a household's, a cadre's or a station's page.
RECENT_VISITS = 20
RECENT_VISITS_OF_STATION = 10


def contacts_of(cadre):
    """Visits the cadre made, as author or as a companion."""
    return Visit.objects.filter(Q(author=cadre) | Q(companions=cadre))


def paired_households(cadre, *, today):
    """The cadre's current pairings, longest without contact first.

    Each row carries ``last_contact`` (a datetime or None) and
    ``contacts_this_year``; both come from subqueries, one query in all.
    """
    year_start = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    mine = contacts_of(cadre).filter(household=OuterRef("household_id"))
    last = mine.order_by("-occurred_at").values("occurred_at")[:1]
    this_year = (
        mine.filter(occurred_at__gte=year_start)
        .order_by()
        .values("household")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return (
        Pairing.objects.current()
        .filter(cadre=cadre)
        .select_related("household__village")
        .annotate(
            last_contact=Subquery(last),
            contacts_this_year=Coalesce(Subquery(this_year), Value(0), output_field=IntegerField()),
            quota=Standard.objects.contacts_quota_of(OuterRef("household__village_id")),
        )
        .order_by(F("last_contact").asc(nulls_first=True), "household__head_name")
    )


def today_page(*, user, cadre):
    today = timezone.localdate()
    now = timezone.now()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    stations = list(WorkStation.objects.visible_to(user).select_related("village"))
    week = list(
        DutyDay.objects.in_place(station=stations)
        .filter(date__range=(week_start, week_end))
        .select_related("station", "cadre")
        .order_by("date", "station__name")
    )
    my_duty_today = [d for d in week if d.date == today and d.cadre_id == cadre.pk]
    rostered_today = {d.station_id for d in week if d.date == today}
    # A station without a roster for today may still be on duty by its rule, unless today
    # is a holiday: the calendar is read only when such a station is there.
    unrostered = [s for s in stations if s.pk not in rostered_today]
    workdays = Workdays.between(today, today) if unrostered else None
    duty_stations_today = [
        s for s in stations if s.pk in rostered_today or s.is_duty_day(today, workdays)
    ]
    pairings = list(paired_households(cadre, today=today))
    # The county's standard (the setting's default until the county edits it),
    # the quota the supervision pages measure against; read with the pairings.
    quota = pairings[0].quota if pairings else None
    for pairing in pairings:
        pairing.days_since = (now - pairing.last_contact).days if pairing.last_contact else None
        pairing.behind = pairing.contacts_this_year < pairing.quota
    return {
        "cadre": cadre,
        "today": today,
        "stations": stations,
        "my_duty_today": my_duty_today,
        "duty_stations_today": duty_stations_today,
        "week_duties": week,
        "pairings": pairings,
        "quota": quota,
        "matters": open_matters(cadre, user=user, today=today),
    }


def recent_visits_of_household(household, *, user):
    return list(
        Visit.objects.visible_to(user)
        .filter(household=household)
        .select_related("author", "station")[:RECENT_VISITS]
    )


def recent_visits_of_cadre(cadre, *, user):
    return list(
        Visit.objects.visible_to(user)
        .filter(Q(author=cadre) | Q(companions=cadre))
        .distinct()
        .select_related("household", "village", "author")[:RECENT_VISITS]
    )


def recent_visits_of_station(station):
    """The station's latest visits (its page is open to the station's readers only)."""
    return Visit.objects.in_place(station=station).select_related("author", "household", "village")[
        :RECENT_VISITS_OF_STATION
    ]


def station_receptions(station: WorkStation, year, month, *, user):
    """The month's duty days of a station, each with its receptions; and receptions off duty.

    Receptions are visits: the duty pages of the stations app read them here."""
    first, last = month_bounds(year, month)
    today = timezone.localdate()
    receptions = (
        Visit.objects.visible_to(user)
        .filter(kind=Visit.Kind.RECEPTION)
        .select_related("author", "household")
        .order_by("occurred_at", "pk")
    )
    duties = list(
        DutyDay.objects.in_place(station=station)
        .filter(date__range=(first, last))
        .select_related("cadre")
        .prefetch_related(Prefetch("receptions", queryset=receptions))
        .order_by("date")
    )
    for duty in duties:
        duty.state = duty_state(duty, today)
    off_duty = (
        receptions.in_place(station=station)
        .filter(duty_day__isnull=True)
        .in_month(year, month)
        .count()
    )
    return {
        "station": station,
        "township": station.village.township,
        "duties": duties,
        "total": sum(len(d.receptions.all()) for d in duties),
        "off_duty": off_duty,
        "today": today,
        **month_nav(year, month),
    }
