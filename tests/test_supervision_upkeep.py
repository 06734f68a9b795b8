"""Duty days and card coverage at the edges of a period: a duty day on the period's
last day or on today, one marked held ahead of its date, a card issued or voided on
the last day measured, a station with no households, and the place each counts in.
Every figure is counted by hand below; "today" is a date in Asia/Shanghai."""

import datetime

import pytest

from tests import factories as f
from visits.supervision import upkeep
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
AFTER = datetime.date(2026, 12, 15)  # November is over
MIDWAY = datetime.date(2026, 11, 18)  # November is measured up to the 18th


def duty(station, today, period=NOVEMBER):
    (figures,) = upkeep.duty_days(period=period, today=today, station=station).values()
    return (
        figures["duty_scheduled"],
        figures["duty_due"],
        figures["duty_held"],
        figures["duty_missed"],
    )


def day(n, month=11):
    return datetime.date(2026, month, n)


def test_a_duty_day_on_the_last_day_of_a_month_that_is_over_is_due(station_a, station_b):
    f.DutyDayFactory(station=station_a, date=day(30))  # not held
    f.DutyDayFactory(station=station_b, date=day(20), held=True)  # another township's
    # (scheduled, due, held, missed): the 30th was owed and missed.
    assert duty(station_a, AFTER) == (1, 1, 0, 1)
    assert duty(station_b, AFTER) == (1, 1, 1, 0)


def test_today_s_duty_day_is_due_once_held_and_missed_only_from_tomorrow(station_a, station_a2):
    f.DutyDayFactory(station=station_a, date=day(17))  # yesterday, not held: missed
    f.DutyDayFactory(station=station_a, date=day(18), held=True)  # today, held
    f.DutyDayFactory(station=station_a2, date=day(18))  # today, not held (yet)
    assert duty(station_a, MIDWAY) == (2, 2, 1, 1)
    assert duty(station_a2, MIDWAY) == (1, 0, 0, 0)
    # From the 19th, the 18th at station_a2 is missed.
    assert duty(station_a2, day(19)) == (1, 1, 0, 1)


def test_a_duty_day_marked_held_ahead_of_its_date_counts_only_when_it_comes(station_a):
    # The admin lets a day still to come be ticked held; it is owed from its date.
    f.DutyDayFactory(station=station_a, date=day(25), held=True)
    assert duty(station_a, MIDWAY) == (1, 0, 0, 0)
    assert duty(station_a, day(25)) == (1, 1, 1, 0)


def coverage(period, today, **place):
    (figures,) = upkeep.card_coverage(period=period, today=today, **place).values()
    return figures["carded"], figures["households"], figures["card_coverage"]


def test_a_card_is_valid_from_the_day_it_is_issued_until_the_day_it_is_voided(station_a):
    village = station_a.village

    def card(**dates):
        household = f.HouseholdFactory(village=village)
        f.ContactCardFactory(household=household, station=station_a, **dates)

    card(issued_on=day(30))  # issued on the last day of November: counts
    card(issued_on=day(5, 1), voided_on=day(30))  # voided that day: no longer holds it
    card(issued_on=day(5, 1), voided_on=day(1, 12))  # voided in December: counts
    f.HouseholdFactory(village=village)  # no card
    assert coverage(NOVEMBER, AFTER, station=station_a) == (2, 4, 0.5)
    # Measured up to the 29th: the card issued on the 30th is not out yet, the one
    # voided on the 30th still held.
    assert coverage(NOVEMBER, day(29), station=station_a) == (2, 4, 0.5)
    assert coverage(Period.month(2026, 12), AFTER, station=station_a) == (1, 4, 0.25)


def test_a_station_without_households_has_no_coverage_rather_than_none_of_them(
    station_a, station_a2
):
    household = f.HouseholdFactory(village=station_a.village)
    f.ContactCardFactory(household=household, station=station_a)
    assert coverage(NOVEMBER, AFTER, station=station_a2) == (0, 0, None)
    assert coverage(NOVEMBER, AFTER, station=station_a) == (1, 1, 1.0)
