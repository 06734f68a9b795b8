"""When an office's time limit runs out: N working days (N个工作日) or N calendar days.

The county's standard says which (``Standard.deadlines_in_working_days``, on by
default); working days skip weekends and public holidays and count the make-up
workdays (调休), from the working calendar (``villages.workdays``).
"""

import datetime

from villages.models import Standard
from villages.workdays import add_workdays


def in_working_days(township_id) -> bool:
    """Whether the township's county counts time limits in working days."""
    standard = Standard.objects.filter(county__townships=township_id).first() or Standard()
    return standard.deadlines_in_working_days


def deadline_after(start: datetime.date, days: int, *, working_days: bool) -> datetime.date:
    """The last day of a time limit of ``days`` given on ``start`` (which is not counted)."""
    if working_days:
        return add_workdays(start, days)
    return start + datetime.timedelta(days=days)
