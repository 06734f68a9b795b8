"""Reads of the working-calendar page: a year's holidays and make-up workdays."""

from django.http import Http404
from django.utils import timezone

from villages.models import CalendarDay
from villages.workcalendar.forms import FIRST_YEAR, LAST_YEAR


def year_or_404(year=None):
    if year is None:
        return timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def year_page(year):
    days = list(CalendarDay.objects.in_year(year))
    return {
        "year": year,
        "days": days,
        "holidays": sum(d.kind == CalendarDay.Kind.HOLIDAY for d in days),
        "makeup_days": sum(d.kind == CalendarDay.Kind.MAKEUP_WORKDAY for d in days),
        "previous": year - 1 if year > FIRST_YEAR else None,
        "next": year + 1 if year < LAST_YEAR else None,
    }
