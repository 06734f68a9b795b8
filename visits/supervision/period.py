"""The period a supervision page or report covers: a range of local days.

Days are Asia/Shanghai days: a visit at 23:30 on 30 November (15:30 UTC)
belongs to November. Filters on ``occurred_at`` use the half-open range
``[since, until)`` from ``day_start`` (the project's helper), so the database
compares plain timestamps and can use its indexes.

Quotas are pro-rated to the *elapsed* part of the period: a period that is
not over yet is measured up to today (``as_of``), one that has not begun
owes nothing.
"""

import calendar
import datetime
import math
from dataclasses import dataclass

from django.utils import timezone

from visits.models.concerns import day_start, next_day_start


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included

    @classmethod
    def month(cls, year, month):
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last))

    @classmethod
    def this_month(cls, today=None):
        today = today or timezone.localdate()
        return cls.month(today.year, today.month)

    @property
    def since(self):
        return day_start(self.start)

    @property
    def until(self):
        return next_day_start(self.end)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def whole_months(self):
        """Whether the period is one or more whole calendar months (what rollups hold)."""
        return self.start.day == 1 and (self.end + datetime.timedelta(days=1)).day == 1

    @property
    def is_month(self):
        return self.start.day == 1 and self == Period.month(self.start.year, self.start.month)

    def as_of(self, today=None):
        """The last day measured: the period's end, or today if the period is not over."""
        return min(self.end, today or timezone.localdate())

    def settled(self, today=None):
        """The last day whose duty is settled: the measured last day, or the day before it
        while that is today (today's duty day may still be held)."""
        today = today or timezone.localdate()
        as_of = self.as_of(today)
        return as_of - datetime.timedelta(days=1) if as_of >= today else as_of

    def elapsed_days(self, today=None):
        return max(0, (self.as_of(today) - self.start).days + 1)

    @property
    def year_days(self):
        """Days in the period's first year: what the yearly quotas are divided by."""
        return 366 if calendar.isleap(self.start.year) else 365

    def year_fraction(self, today=None):
        """The elapsed days as a fraction of a year."""
        return self.elapsed_days(today) / self.year_days

    def whole_quarters(self, today=None):
        """How many calendar quarters lie wholly inside the measured period."""
        as_of = self.as_of(today)
        count, first = 0, datetime.date(self.start.year, 3 * ((self.start.month - 1) // 3) + 1, 1)
        while first <= as_of:
            following = datetime.date(
                first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1
            )
            if first >= self.start and following - datetime.timedelta(days=1) <= as_of:
                count += 1
            first = following
        return count

    def week_fraction(self, today=None):
        return self.elapsed_days(today) / 7


def due(expected):
    """The whole number owed by now: a quota pro-rated to 2.7 owes 2.

    A shortfall is having done fewer than this, so a cadre with five days a
    year is not behind after a month without one, but is after a quarter.
    """
    return math.floor(expected + 1e-9)
