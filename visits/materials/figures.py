"""Late and incomplete months of the stations' materials, with their definitions.

Definitions (also printed on the pages, ``visits.materials.definitions``):

- **Due date**: a month's materials are due by the county's due day (by default the
  5th) of the following month (``MaterialsStandard.due_day``).
- **On time / late / overdue**: a month is *on time* when it was first submitted on or
  before its due date (Beijing days), *late* when first submitted after it, and
  *overdue* when it has not been submitted and its due date has passed. A month sent back
  and submitted again keeps its first submission's verdict. Before the due date an
  unsubmitted month is *not yet due*.
- **Duty days without a record**: the station's duty days on the roster in the month,
  up to yesterday (today's may still be held), not marked held — the supervision pages'
  "missed duty days" (``visits.supervision.upkeep.duty_days``), the same number.
- **Visits logged late**: visits and receptions of the month written more than the
  county's K days (``MaterialsStandard.late_log_days``, by default 3: K × 24 hours) after
  the time they took place.
- **Members without a visit**: the station's chief, deputies and members who served there
  during the month (started by its last day, not ended before its first; those marked
  away left out) and wrote no visit or reception at the station in the month.

A month is *incomplete* when any of the three lists is not empty. Each function costs a
fixed number of queries, whatever the number of stations.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from stations.duty.services import DUTY_ROLES
from stations.models import Assignment, DutyDay, MaterialsStandard, MonthState, StationMonth
from visits.models import Visit
from visits.supervision.period import Period
from visits.supervision.upkeep import duty_days

NOT_DUE, ON_TIME, LATE, OVERDUE = "not_due", "on_time", "late", "overdue"


def standard_for(county_id):
    """The county's standard for monthly materials (saved, or the defaults)."""
    return MaterialsStandard.objects.for_county(county_id)


def due_date(year: int, month: int, due_day: int) -> datetime.date:
    """The day the month's materials are due: ``due_day`` of the following month."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Timeliness:
    verdict: str  # NOT_DUE, ON_TIME, LATE or OVERDUE
    due: datetime.date
    submitted_on: datetime.date | None
    days_late: int  # days past the due date: of the first submission, or until today


def timeliness(row, *, year, month, due_day, today) -> Timeliness:
    """Whether the month (its ``StationMonth`` row, or None) came in on time."""
    due = due_date(year, month, due_day)
    first = row.first_submitted_at if row is not None else None
    if first is not None:
        day = timezone.localdate(first)
        return Timeliness(LATE if day > due else ON_TIME, due, day, max(0, (day - due).days))
    if today > due:
        return Timeliness(OVERDUE, due, None, (today - due).days)
    return Timeliness(NOT_DUE, due, None, 0)


def _late_logs(visits, late_log_days):
    return visits.filter(created_at__gt=F("occurred_at") + datetime.timedelta(days=late_log_days))


def _members(stations, period):
    """The assignments that count as the station's members in the period."""
    return (
        Assignment.objects.in_place(station=stations)
        .filter(role__in=DUTY_ROLES, away=False, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    )


def _silent(stations, period):
    wrote = Visit.objects.filter(
        author=OuterRef("cadre"),
        station=OuterRef("station"),
        occurred_at__gte=period.since,
        occurred_at__lt=period.until,
    )
    return _members(stations, period).filter(~Exists(wrote))


@dataclass
class Incomplete:
    missed_duty: int = 0
    late_logs: int = 0
    silent_members: int = 0

    @property
    def any(self):
        return bool(self.missed_duty or self.late_logs or self.silent_members)


def incomplete_counts(*, stations, year, month, late_log_days, today=None):
    """``{station id: Incomplete}`` for every station in ``stations`` (ids or rows);
    three queries."""
    ids = [getattr(s, "pk", s) for s in stations]
    period = Period.month(year, month)
    result = {pk: Incomplete() for pk in ids}
    duties = duty_days(period=period, by="station", today=today, station=ids)
    for pk, figures in duties.items():
        result[pk].missed_duty = figures["duty_missed"]
    visits = Visit.objects.in_place(station=ids).filter(
        occurred_at__gte=period.since, occurred_at__lt=period.until
    )
    late = _late_logs(visits, late_log_days).values("station_id").annotate(n=Count("pk"))
    for row in late.order_by():
        result[row["station_id"]].late_logs = row["n"]
    silent = _silent(ids, period).values("station_id").annotate(n=Count("pk", distinct=True))
    for row in silent.order_by():
        result[row["station_id"]].silent_members = row["n"]
    return result


@dataclass
class Details:
    missed_duty: list = field(default_factory=list)  # DutyDay rows, with their cadre
    late_logs: list = field(default_factory=list)  # Visit rows, with their author
    silent_members: list = field(default_factory=list)  # Assignment rows, with their cadre

    @property
    def any(self):
        return bool(self.missed_duty or self.late_logs or self.silent_members)


def incomplete_details(*, station, year, month, late_log_days, today=None):
    """The three lists of one station's month, row by row; three queries."""
    period = Period.month(year, month)
    settled = period.settled(today)
    missed = (
        DutyDay.objects.in_place(station=station)
        .filter(date__range=(period.start, settled), held=False)
        .select_related("cadre")
        .order_by("date")
    )
    visits = Visit.objects.in_place(station=station).filter(
        occurred_at__gte=period.since, occurred_at__lt=period.until
    )
    late = _late_logs(visits, late_log_days).select_related("author").order_by("occurred_at")
    silent = _silent([station.pk], period).select_related("cadre").order_by("cadre__name")
    return Details(list(missed), list(late), list(silent))


@dataclass
class MonthLine:
    """One station's month on the township's and the county's lists."""

    station: object
    row: StationMonth | None
    timeliness: Timeliness
    incomplete: Incomplete
    moves: list = field(default_factory=list)  # what the reader may do with it now

    @property
    def state(self):
        return self.row.state if self.row is not None else MonthState.OPEN

    @property
    def state_label(self):
        return MonthState(self.state).label


def month_lines(*, stations, year, month, due_day, late_log_days, today=None):
    """A ``MonthLine`` per station of ``stations`` (rows, in the order given); five queries."""
    today = today or timezone.localdate()
    stations = list(stations)
    rows = {
        r.station_id: r
        for r in StationMonth.objects.in_place(station=[s.pk for s in stations]).of_month(
            year, month
        )
    }
    counts = incomplete_counts(
        stations=stations, year=year, month=month, late_log_days=late_log_days, today=today
    )
    return [
        MonthLine(
            station=s,
            row=rows.get(s.pk),
            timeliness=timeliness(
                rows.get(s.pk), year=year, month=month, due_day=due_day, today=today
            ),
            incomplete=counts[s.pk],
        )
        for s in stations
    ]


def summary(lines):
    """Counts for a notice: stations, on time, late, overdue, not yet due, incomplete."""
    verdicts = [line.timeliness.verdict for line in lines]
    return {
        "stations": len(lines),
        "on_time": verdicts.count(ON_TIME),
        "late": verdicts.count(LATE),
        "overdue": verdicts.count(OVERDUE),
        "not_due": verdicts.count(NOT_DUE),
        "incomplete": sum(line.incomplete.any for line in lines),
        "approved": sum(line.state == MonthState.APPROVED for line in lines),
    }
