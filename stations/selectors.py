"""Reads that feed the station pages."""

import datetime

from django.utils import timezone

from stations.models import Assignment, DutyDay, WorkStation
from visits.models import Visit

RECENT_VISITS = 10


def station_page(station: WorkStation):
    today = timezone.localdate()
    week_start = today - datetime.timedelta(days=today.weekday())
    week_end = week_start + datetime.timedelta(days=6)
    return {
        "station": station,
        "today": today,
        "members": Assignment.objects.current()
        .in_place(station=station)
        .chief_first()
        .select_related("cadre"),
        "duties_this_week": DutyDay.objects.in_place(station=station)
        .filter(date__range=(week_start, week_end))
        .select_related("cadre"),
        "households": station.village.households.count(),
        "valid_cards": station.cards.valid().count(),
        "recent_visits": Visit.objects.in_place(station=station).select_related(
            "author", "household", "village"
        )[:RECENT_VISITS],
        "seven_haves": station.seven_haves(),
    }
