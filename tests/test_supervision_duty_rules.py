"""What a station's duty rule owes from a period's first day to the day measured:
the county's days a week pro-rated and rounded down, or the station's own days of the
month that fall in the range, first and last day included, across months and a year's
end; a saved rule that cannot be read falls back to the weekly standard."""

import datetime

import pytest
from django.utils import translation

from stations.models import DutyRule, WorkStation
from villages.models import Standard
from visits.supervision.duty_rules import Owed, month_days, owed

# The rule days skip the working calendar's holidays (none falls on these days): it is a table.
pytestmark = pytest.mark.django_db


def day(month, n, year=2026):
    return datetime.date(year, month, n)


def station(rule=DutyRule.WEEKDAYS, days="2"):
    # Unsaved: the rule reads only the station's two fields.
    return WorkStation(duty_rule=rule, duty_days=days)


WEEKLY = Standard(station_days_per_week=2)


def test_the_weekly_standard_owes_its_days_for_each_whole_week_so_far():
    # 1–7 November: a whole week, both days owed; 1–6: 12/7 rounded down, one.
    assert owed(station(), WEEKLY, start=day(11, 1), as_of=day(11, 7)).days == 2
    assert owed(station(), WEEKLY, start=day(11, 1), as_of=day(11, 6)).days == 1
    assert owed(station(), WEEKLY, start=day(11, 1), as_of=day(11, 14)).days == 4
    # The first day alone owes 2/7 of a day: nothing yet.
    assert owed(station(), WEEKLY, start=day(11, 1), as_of=day(11, 1)).days == 0


def test_the_rule_in_words_names_the_county_s_days_a_week():
    with translation.override("en"):
        rule = owed(station(), WEEKLY, start=day(11, 1), as_of=day(11, 30)).rule
    assert rule == "the county's 2 duty day(s) a week"


@pytest.mark.parametrize(
    ("start", "as_of", "days"),
    [
        (day(11, 1), day(11, 30), 3),  # 5, 15 and 25 November
        (day(11, 15), day(11, 25), 2),  # the first and the last day are rule days
        (day(11, 5), day(11, 5), 1),  # a range of one rule day
        (day(11, 16), day(11, 24), 0),
        (day(12, 20), day(2, 10, 2027), 5),  # 25 December, 5, 15, 25 January, 5 February
    ],
)
def test_days_of_the_month_owe_the_rule_days_in_the_range(start, as_of, days):
    rule = station(DutyRule.MONTH_DAYS, "5,15,25")
    assert owed(rule, WEEKLY, start=start, as_of=as_of).days == days


def test_a_rule_day_past_a_short_month_s_end_is_not_owed_that_month():
    # 31 of each month: January and March have one, February none.
    rule = station(DutyRule.MONTH_DAYS, "31")
    assert owed(rule, WEEKLY, start=day(1, 1), as_of=day(3, 31)).days == 2


def test_the_month_rule_in_words_lists_the_days():
    rule = station(DutyRule.MONTH_DAYS, "5,15,25")
    with translation.override("en"):
        owes = owed(rule, WEEKLY, start=day(11, 1), as_of=day(11, 30))
    assert owes.rule == "its own rule: On days 5, 15, 25 of every month"


def test_a_range_that_has_not_begun_owes_nothing():
    for rule in (station(), station(DutyRule.MONTH_DAYS, "1")):
        assert owed(rule, WEEKLY, start=day(11, 1), as_of=day(10, 31)) == Owed(0, "")


@pytest.mark.parametrize(
    ("rule", "days", "expected"),
    [
        (DutyRule.WEEKDAYS, "2", None),
        (DutyRule.MONTH_DAYS, "5,15,25", (5, 15, 25)),
        (DutyRule.MONTH_DAYS, "", None),
        (DutyRule.MONTH_DAYS, "40", None),  # saved before the check: the weekly standard
    ],
)
def test_which_stations_keep_days_of_the_month(rule, days, expected):
    assert month_days(station(rule, days)) == expected


def test_a_rule_day_that_is_a_public_holiday_is_owed_by_nobody():
    """1 October is National Day: of the rule days 1 and 15, October owes the 15th alone;
    the 1st of November, a working day, is owed. The calendar is read for the range when
    no working days are given."""
    from villages.models import CalendarDay

    CalendarDay.objects.update_or_create(
        date=day(10, 1), defaults={"kind": "holiday", "festival": "national_day"}
    )
    rule = station(DutyRule.MONTH_DAYS, "1,15")
    assert owed(rule, WEEKLY, start=day(10, 1), as_of=day(10, 31)).days == 1
    assert owed(rule, WEEKLY, start=day(10, 1), as_of=day(11, 1)).days == 2
