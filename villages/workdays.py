"""Working days under the Chinese calendar: which days are worked, and counting them.

Read once per page or job: ``Workdays.between(first, last)`` loads the
holidays and make-up workdays of that span in one query, then answers any
number of questions about its days without another.
"""

import datetime
from dataclasses import dataclass, field

from villages.models import CalendarDay

# The longest run of days off in the schedule (Spring Festival with its weekends) is
# nine; a span this much longer than a working-day count always holds enough workdays.
SLACK_DAYS = 21


@dataclass(frozen=True)
class Workdays:
    first: datetime.date
    last: datetime.date
    holidays: dict = field(default_factory=dict)  # {date: CalendarDay}
    makeup: dict = field(default_factory=dict)  # {date: CalendarDay}

    @classmethod
    def between(cls, first, last):
        holidays, makeup = {}, {}
        for day in CalendarDay.objects.filter(date__range=(first, last)):
            (holidays if day.kind == CalendarDay.Kind.HOLIDAY else makeup)[day.date] = day
        return cls(first, last, holidays, makeup)

    @classmethod
    def of_month(cls, year, month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls.between(first, following - datetime.timedelta(days=1))

    def days(self):
        """The span's holidays and make-up workdays (``CalendarDay`` rows), in date order."""
        return sorted([*self.holidays.values(), *self.makeup.values()], key=lambda d: d.date)

    def covers(self, day):
        return self.first <= day <= self.last

    def is_holiday(self, day):
        return day in self.holidays

    def is_workday(self, day):
        """A weekday that is no holiday, or a weekend day worked in lieu (调休)."""
        if day in self.makeup:
            return True
        return day.isoweekday() <= 5 and day not in self.holidays

    def works_as(self, day):
        """The weekday (1–7) whose work a make-up workday does, or None on any other day."""
        makeup = self.makeup.get(day)
        return makeup.counts_as if makeup is not None else None


def add_workdays(start, count):
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    span = count * 7 // 5 + SLACK_DAYS
    calendar = Workdays.between(start, start + datetime.timedelta(days=span))
    day, left = start, count
    while left > 0:
        day += datetime.timedelta(days=1)
        if not calendar.covers(day):  # a schedule with more days off than ever seen
            calendar = Workdays.between(day, day + datetime.timedelta(days=span))
        left -= calendar.is_workday(day)
    return day
