"""A visit's month is its local (Asia/Shanghai) calendar month, at both edges and
across the turn of a year: what the overviews' "this month" counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import StationFactory, VisitFactory
from visits.models import Visit

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_a_month_runs_from_local_midnight_to_local_midnight_across_the_year():
    station = StationFactory()
    moments = {
        "november's last minute": at(2026, 11, 30, 23, 59),
        "december's first minute": at(2026, 12, 1, 0, 0),
        "december's last minute": at(2026, 12, 31, 23, 59),
        "january's first minute": at(2027, 1, 1, 0, 0),
    }
    visits = {
        name: VisitFactory(station=station, occurred_at=when) for name, when in moments.items()
    }

    def names(year, month):
        found = set(Visit.objects.in_month(year, month).values_list("pk", flat=True))
        return {name for name, visit in visits.items() if visit.pk in found}

    assert names(2026, 12) == {"december's first minute", "december's last minute"}
    assert names(2026, 11) == {"november's last minute"}
    assert names(2027, 1) == {"january's first minute"}
