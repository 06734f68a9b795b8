"""When an office's time limit runs out: N working days (N个工作日) or N calendar days.

The county's standard says which (``Standard.deadlines_in_working_days``, on by
default); working days skip weekends and public holidays and count the make-up
workdays (调休), from the working calendar (``villages.workdays``).
"""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.models import Standard
from villages.workdays import add_workdays

TIME_LIMIT_MAX_DAYS = 240  # working days: about a year


def in_working_days(township_id) -> bool:
    """Whether the township's county counts time limits in working days."""
    standard = Standard.objects.filter(county__townships=township_id).first() or Standard()
    return standard.deadlines_in_working_days


def deadline_after(start: datetime.date, days: int, *, working_days: bool) -> datetime.date:
    """The last day of a time limit of ``days`` given on ``start`` (which is not counted)."""
    if working_days:
        return add_workdays(start, days)
    return start + datetime.timedelta(days=days)


def time_limit_field():
    """The assign form's "or a time limit in days" (the deadline is worked out from it)."""
    return forms.IntegerField(
        label=gettext_lazy("or a time limit in days"),
        required=False,
        min_value=1,
        max_value=TIME_LIMIT_MAX_DAYS,
        error_messages={
            "min_value": gettext_lazy("A time limit is at least one day."),
            "max_value": gettext_lazy("A time limit is at most %(limit_value)s days."),
            "invalid": gettext_lazy("Write the time limit as a number of days, e.g. 5."),
        },
    )


def time_limit_help(working_days):
    if working_days:
        return _("Working days: weekends and public holidays are skipped, make-up workdays count.")
    return _("Calendar days, weekends and holidays included.")
