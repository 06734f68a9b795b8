"""Which duty-day standard applies to which station, and how many days it owes so far.

A station holds duty by one of two rules (``WorkStation.duty_rule``):

- **days of the week** (e.g. every Tuesday): it owes the county's standard,
  ``Standard.station_days_per_week`` a week, pro-rated to the days of the
  period so far and rounded down;
- **days of the month** (e.g. 逢五: the 5th, 15th and 25th): it owes its own
  rule's days that fall in the period so far and are no public holiday, and
  is never measured against the weekly standard (three days in November is the rule kept, not a
  shortfall of one).

Either way a duty day on the roster by the period's last day (or today) that
was not held is owed too: what a station owes is the larger of its rule's
days and its rostered days so far.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stations.models import DutyRule, parse_duty_days
from villages.workdays import Workdays
from visits.supervision.period import due


@dataclass(frozen=True)
class Owed:
    days: int  # duty days the rule owes from the period's first day to the measured one
    rule: str  # the rule in words, for the shortfall's details


def month_days(station):
    """The station's days of the month, or None when it keeps a weekday rule (or its saved
    rule cannot be read: then the county's weekly standard applies)."""
    if station.duty_rule != DutyRule.MONTH_DAYS:
        return None
    try:
        return parse_duty_days(station.duty_rule, station.duty_days) or None
    except ValidationError:
        return None


def owed(station, standard, *, start: datetime.date, as_of: datetime.date, workdays=None) -> Owed:
    """The duty days ``station`` owes from ``start`` to ``as_of`` (both included); a rule's day
    that is a public holiday is owed by nobody. ``workdays`` spans the days (else it is read)."""
    if as_of < start:
        return Owed(0, "")
    days = month_days(station)
    if days is None:
        per_week = standard.station_days_per_week
        elapsed = (as_of - start).days + 1
        rule = _("the county's %(n)s duty day(s) a week") % {"n": per_week}
        return Owed(due(per_week * elapsed / 7), rule)
    rule = _("its own rule: %(rule)s") % {"rule": station.duty_rule_text()}
    workdays = workdays or Workdays.between(start, as_of)
    return Owed(_count_month_days(days, start, as_of, workdays), rule)


def _count_month_days(days, start, end, workdays):
    count, year, month = 0, start.year, start.month
    while (year, month) <= (end.year, end.month):
        last = calendar.monthrange(year, month)[1]
        for day in days:
            if day > last:
                continue
            date = datetime.date(year, month, day)
            count += start <= date <= end and not workdays.is_holiday(date)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return count
