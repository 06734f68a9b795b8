"""Reads that feed the duty-day pages: a station's month, the township calendar, receptions.

Each page reads its month in a fixed number of queries (reception counts
grouped in the database, receptions prefetched), whatever the number of
stations, duty days or receptions.
"""

import datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from stations.duty.services import month_bounds, rule_dates
from stations.models import Assignment, DutyDay, WorkStation
from villages.models import CalendarDay
from villages.workdays import Workdays

FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_or_404(year=None, month=None):
    """The month asked for in the address (this month if none); 404 for one that cannot be."""
    if year is None:
        today = timezone.localdate()
        return today.year, today.month
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404
    return year, month


def month_nav(year, month):
    first, last = month_bounds(year, month)
    previous = first - datetime.timedelta(days=1)
    following = last + datetime.timedelta(days=1)
    return {
        "year": year,
        "month": month,
        "first": first,
        "previous": (previous.year, previous.month) if previous.year >= FIRST_YEAR else None,
        "next": (following.year, following.month) if following.year <= LAST_YEAR else None,
    }


def duty_state(duty, today):
    if duty.held:
        return "held"
    return "planned" if duty.date >= today else "missed"


def station_month(station: WorkStation, year, month):
    """The station's duty days of a month with their reception counts, and its rule."""
    first, last = month_bounds(year, month)
    today = timezone.localdate()
    duties = list(
        DutyDay.objects.in_place(station=station)
        .filter(date__range=(first, last))
        .select_related("cadre")
        .annotate(reception_count=Count("receptions", filter=Q(receptions__hidden_at__isnull=True)))
        .order_by("date")
    )
    for duty in duties:
        duty.state = duty_state(duty, today)
    rostered = {d.date for d in duties}
    workdays = Workdays.of_month(year, month)
    pool = (
        Assignment.objects.current().in_place(station=station).chief_first().select_related("cadre")
    )
    return {
        "station": station,
        "township": station.village.township,
        "rule_text": station.duty_rule_text(),
        "duties": duties,
        "missing": [d for d in rule_dates(station, year, month, workdays) if d not in rostered],
        # The month's public holidays (no duty on them) and make-up workdays, and whether
        # the year's schedule is entered at all.
        "calendar_days": workdays.days(),
        "calendar_missing": not CalendarDay.objects.in_year(year).exists(),
        "members": pool,
        "receptions": sum(d.reception_count for d in duties),
        "held": sum(d.held for d in duties),
        "today": today,
        **month_nav(year, month),
    }


def township_calendar(township, year, month, *, user):
    """Every station of the township × the month's duty dates, as rows of cells."""
    first, last = month_bounds(year, month)
    today = timezone.localdate()
    stations = list(
        WorkStation.objects.visible_to(user)
        .in_place(township=township)
        .select_related("village")
        .order_by("name", "pk")
    )
    duties = (
        DutyDay.objects.in_place(station=stations)
        .filter(date__range=(first, last))
        .select_related("cadre")
        .annotate(reception_count=Count("receptions", filter=Q(receptions__hidden_at__isnull=True)))
    )
    by_station = {}
    for duty in duties:
        duty.state = duty_state(duty, today)
        by_station.setdefault(duty.station_id, {})[duty.date] = duty
    workdays = Workdays.of_month(year, month)
    planned = {s.pk: set(rule_dates(s, year, month, workdays)) for s in stations}
    dates = sorted(set().union(*planned.values(), *(set(days) for days in by_station.values())))
    rows = []
    for station in stations:
        days = by_station.get(station.pk, {})
        cells = [
            {"date": day, "duty": days.get(day), "planned": day in planned[station.pk]}
            for day in dates
        ]
        rows.append(
            {
                "station": station,
                "cells": cells,
                "rostered": len(days),
                "held": sum(d.held for d in days.values()),
                "missing": sum(1 for c in cells if c["planned"] and c["duty"] is None),
            }
        )
    return {
        "township": township,
        "calendar_days": workdays.days(),
        "calendar_missing": not CalendarDay.objects.in_year(year).exists(),
        "dates": dates,
        "rows": rows,
        "today": today,
        "totals": {
            "rostered": sum(r["rostered"] for r in rows),
            "held": sum(r["held"] for r in rows),
            "missing": sum(r["missing"] for r in rows),
        },
        **month_nav(year, month),
    }


def duty_page(duty: DutyDay):
    today = timezone.localdate()
    duty.state = duty_state(duty, today)
    return {
        "duty": duty,
        "station": duty.station,
        "township": duty.station.village.township,
        "reception_count": duty.receptions.count(),
        "today": today,
    }
