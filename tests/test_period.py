"""The period a supervision page or report covers, worked out by hand: its local days,
how much of it has elapsed on a given day, and what a quota owes by then."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from visits.supervision.period import Period, due

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def test_a_month_runs_from_its_first_day_to_its_last():
    assert Period.month(2026, 11) == Period(d(11, 1), d(11, 30))
    assert Period.month(2028, 2) == Period(d(2, 1, 2028), d(2, 29, 2028))  # a leap February
    assert Period.month(2026, 12).days == 31
    assert Period(d(11, 10), d(11, 20)).days == 11  # both ends included


def test_this_month_is_the_day_asked_or_the_clock(monkeypatch):
    assert Period.this_month(d(2, 14, 2027)) == Period(d(2, 1, 2027), d(2, 28, 2027))
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
    assert Period.this_month() == Period.month(2026, 12)


def test_its_moments_are_beijing_midnights():
    november = Period.month(2026, 11)
    assert november.since == datetime.datetime(2026, 11, 1, tzinfo=SHANGHAI)
    assert november.until == datetime.datetime(2026, 12, 1, tzinfo=SHANGHAI)
    assert november.since.astimezone(datetime.UTC).hour == 16  # 31 October, 16:00 UTC


def test_only_a_whole_calendar_month_is_a_month():
    assert Period.month(2026, 2).is_month
    assert not Period(d(2, 1), d(2, 27)).is_month  # one day short
    assert not Period(d(2, 2), d(3, 1)).is_month  # as long, but not from the 1st
    assert not Period(d(1, 1), d(2, 28)).is_month  # two months


def test_whole_months_run_from_a_first_day_to_a_last_day():
    assert Period.month(2026, 11).whole_months
    assert Period(d(11, 1), d(12, 31)).whole_months  # two of them
    assert Period(d(12, 1), d(2, 28, 2027)).whole_months  # across the year's end
    assert not Period(d(11, 1), d(11, 29)).whole_months  # ends a day short
    assert not Period(d(11, 2), d(11, 30)).whole_months  # begins a day late


def test_a_period_not_over_is_measured_up_to_the_day_asked():
    november = Period.month(2026, 11)
    assert november.as_of(d(11, 10)) == d(11, 10)
    assert november.as_of(d(12, 15)) == d(11, 30)
    assert november.as_of(d(11, 30)) == d(11, 30)
    assert november.elapsed_days(d(11, 10)) == 10
    assert november.elapsed_days(d(12, 15)) == 30
    assert november.elapsed_days(d(11, 1)) == 1
    assert november.elapsed_days(d(10, 20)) == 0  # not begun: nothing elapsed, never less


def test_todays_duty_is_not_settled_yet():
    november = Period.month(2026, 11)
    # On the 10th, the 10th's duty day may still be held: settled up to the 9th.
    assert november.settled(d(11, 10)) == d(11, 9)
    # On the 30th, the last day is today: the 29th. Once over, the whole month.
    assert november.settled(d(11, 30)) == d(11, 29)
    assert november.settled(d(12, 1)) == d(11, 30)


def test_the_clock_is_today_when_no_day_is_asked(monkeypatch):
    moment = datetime.datetime(2026, 11, 10, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))
    november = Period.month(2026, 11)
    assert november.as_of() == d(11, 10)
    assert november.settled() == d(11, 9)
    assert november.elapsed_days() == 10
    assert november.year_fraction() == pytest.approx(10 / 365)
    assert november.week_fraction() == pytest.approx(10 / 7)
    assert november.whole_quarters() == 0


def test_yearly_quotas_are_divided_by_the_days_of_the_periods_year():
    assert Period.month(2026, 11).year_days == 365
    assert Period.month(2028, 11).year_days == 366  # 2028 is a leap year
    # 1 to 10 November 2026: 10 days of 365.
    assert Period.month(2026, 11).year_fraction(d(11, 10)) == pytest.approx(10 / 365)
    assert Period.month(2028, 11).year_fraction(d(11, 10, 2028)) == pytest.approx(10 / 366)
    assert Period.month(2026, 11).week_fraction(d(11, 10)) == pytest.approx(10 / 7)


@pytest.mark.parametrize(
    ("start", "end", "today", "quarters"),
    [
        # A month on its own holds no whole quarter.
        (d(11, 1), d(11, 30), d(12, 15), 0),
        # The fourth quarter, over: one; on its last day: one; the day before: none.
        (d(10, 1), d(12, 31), d(1, 5, 2027), 1),
        (d(10, 1), d(12, 31), d(12, 31), 1),
        (d(10, 1), d(12, 31), d(12, 30), 0),
        # The year 2026: four quarters, the first starting on 1 January.
        (d(1, 1), d(12, 31), d(1, 5, 2027), 4),
        # From 2 January the first quarter is not whole: three.
        (d(1, 2), d(12, 31), d(1, 5, 2027), 3),
        # Across the year's end: 2026's fourth quarter and 2027's first.
        (d(10, 1), d(3, 31, 2027), d(4, 1, 2027), 2),
        # The third quarter, and the fourth measured to 30 November: one.
        (d(7, 1), d(11, 30), d(12, 15), 1),
    ],
)
def test_whole_quarters_are_those_inside_the_measured_period(start, end, today, quarters):
    assert Period(start, end).whole_quarters(today) == quarters


def test_a_quota_owes_its_whole_part():
    assert due(2.7) == 2
    assert due(3.0) == 3
    assert due(0.99) == 0
    # 3 contacts a year over 365 days, summed day by day, is 3 even if the sum is 2.9999…
    assert due(sum([3 / 365] * 365)) == 3
