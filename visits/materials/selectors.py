"""Reads for the monthly materials pages: a station's month, the township's list to
review, the county's list to approve and its notice; scoped by the caller."""

import datetime

from django.utils import timezone

from stations.materials.locks import month_label
from stations.models import StationMonth, WorkStation
from visits.materials import figures, flow, services


def previous_month(today=None):
    """(year, month) of the month before ``today``'s: the month whose materials are due."""
    first = (today or timezone.localdate()).replace(day=1)
    last = first - datetime.timedelta(days=1)
    return last.year, last.month


def month_nav(year, month):
    first = datetime.date(year, month, 1)
    before = first - datetime.timedelta(days=1)
    after = (first + datetime.timedelta(days=32)).replace(day=1)
    today = timezone.localdate()
    return {
        "label": month_label(year, month),
        "year": year,
        "month": month,
        "previous": (before.year, before.month),
        "next": (after.year, after.month) if after <= today else None,
    }


def moves_for(user, station, state, *, year, month, today):
    """The moves ``user`` may make on the month now, as the table and the place allow."""
    moves = [m for m in flow.moves_from(state) if services.may_make(user, m, station)]
    if not services.month_over(year, month, today):
        moves = [m for m in moves if m.name != "submit"]
    return moves


def station_month(station, *, year, month, user, today=None):
    """Everything the station's month page shows (about ten queries)."""
    today = today or timezone.localdate()
    standard = figures.standard_for(station.village.township.county_id)
    row = (
        StationMonth.objects.in_place(station=station)
        .of_month(year, month)
        .select_related("submitted_by", "reviewed_by", "approved_by")
        .first()
    )
    state = row.state if row is not None else flow.S.OPEN
    events = list(row.events.select_related("by").order_by("-at", "-pk")) if row is not None else []
    return {
        "station": station,
        "row": row,
        "state": state,
        "state_label": flow.S(state).label,
        "nav": month_nav(year, month),
        "standard": standard,
        "timeliness": figures.timeliness(
            row, year=year, month=month, due_day=standard.due_day, today=today
        ),
        "details": figures.incomplete_details(
            station=station,
            year=year,
            month=month,
            late_log_days=standard.late_log_days,
            today=today,
        ),
        "events": events,
        "moves": moves_for(user, station, state, year=year, month=month, today=today),
        "month_over": services.month_over(year, month, today),
    }


def station_card(station, *, user, today=None):
    """The station page's card: last month's state, what is incomplete, the chief's button."""
    today = today or timezone.localdate()
    year, month = previous_month(today)
    standard = figures.standard_for(station.village.township.county_id)
    line = figures.month_lines(
        stations=[station],
        year=year,
        month=month,
        due_day=standard.due_day,
        late_log_days=standard.late_log_days,
        today=today,
    )[0]
    return {
        "line": line,
        "nav": month_nav(year, month),
        "moves": moves_for(user, station, line.state, year=year, month=month, today=today),
    }


def _lines(stations, *, county_id, year, month, today):
    standard = figures.standard_for(county_id)
    lines = figures.month_lines(
        stations=stations,
        year=year,
        month=month,
        due_day=standard.due_day,
        late_log_days=standard.late_log_days,
        today=today,
    )
    return standard, lines


def _offer_moves(lines, *, user, year, month, today):
    for line in lines:
        line.moves = moves_for(user, line.station, line.state, year=year, month=month, today=today)


def township_months(township, *, year, month, user, today=None):
    """The township's stations and their month: those waiting for its review first."""
    today = today or timezone.localdate()
    stations = (
        WorkStation.objects.visible_to(user)
        .in_place(township=township)
        .select_related("village")
        .order_by("village__name", "pk")
    )
    standard, lines = _lines(
        stations, county_id=township.county_id, year=year, month=month, today=today
    )
    waiting = [line for line in lines if line.state == flow.S.SUBMITTED]
    _offer_moves(waiting, user=user, year=year, month=month, today=today)
    return {
        "township": township,
        "nav": month_nav(year, month),
        "standard": standard,
        "waiting": waiting,
        "lines": lines,
        "summary": figures.summary(lines),
        "due": figures.due_date(year, month, standard.due_day),
    }


def county_months(county, *, year, month, user, today=None):
    """The county's stations and their month: those waiting for approval, and the late and
    incomplete ones."""
    today = today or timezone.localdate()
    stations = (
        WorkStation.objects.visible_to(user)
        .in_place(county=county)
        .select_related("village__township")
        .order_by("village__township__name", "village__name", "pk")
    )
    standard, lines = _lines(stations, county_id=county.pk, year=year, month=month, today=today)
    waiting = [line for line in lines if line.state == flow.S.REVIEWED]
    _offer_moves(waiting, user=user, year=year, month=month, today=today)
    return {
        "county": county,
        "nav": month_nav(year, month),
        "standard": standard,
        "waiting": waiting,
        "late": [
            line for line in lines if line.timeliness.verdict in (figures.LATE, figures.OVERDUE)
        ],
        "incomplete": [line for line in lines if line.incomplete.any],
        "lines": lines,
        "summary": figures.summary(lines),
        "due": figures.due_date(year, month, standard.due_day),
    }
