"""Duty rosters (群众工作日排班): generating a month, swapping, marking a day held.

Every call passes ``today=`` so that what counts as past, today and to come
does not depend on the day the tests run. The months used: November 2026
(Tuesdays 3, 10, 17, 24), December 2026 (Tuesdays 1, 8, 15, 22, 29),
January and February 2027.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from stations.duty.services import (
    DutyError,
    generate_roster,
    mark_held,
    record_reception,
    swap_duties,
)
from stations.models import Assignment, DutyDay
from tests import factories as f
from visits.models import Visit
from visits.services import log_visit

pytestmark = pytest.mark.django_db

Role = Assignment.Role


def d(month, day, year=2026):
    return datetime.date(year, month, day)


NOV_1 = d(11, 1)
JOINED = d(1, 1, 2025)


def _station(rule="weekdays", days="2"):
    return f.StationFactory(duty_rule=rule, duty_days=days)


def _member(station, name, *, role=Role.MEMBER, start=JOINED, **extra):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    f.AssignmentFactory(cadre=cadre, station=station, role=role, start_date=start, **extra)
    return cadre


def _staffed(rule="weekdays", days="2", names=("甲", "乙", "丙")):
    """A station whose members joined one month apart, in the order of ``names``."""
    station = _station(rule, days)
    for i, name in enumerate(names):
        _member(station, name, start=d(i + 1, 1, 2025))
    return station


def _generate(station, year, month, *, today, regenerate=False):
    return generate_roster(
        stations=[station], year=year, month=month, today=today, regenerate_unheld=regenerate
    )


def _roster(station, year, month):
    """{date: duty cadre's name (None for nobody)} of the station's month."""
    days = DutyDay.objects.filter(station=station, date__year=year, date__month=month)
    return {x.date: x.cadre.name if x.cadre else None for x in days.select_related("cadre")}


def _day(station, date):
    return DutyDay.objects.select_related("cadre").get(station=station, date=date)


# A month's roster under each kind of rule --------------------------------------------


def test_a_weekday_rule_rosters_every_such_weekday_taking_turns():
    station = _staffed()
    result = _generate(station, 2026, 11, today=NOV_1)
    assert _roster(station, 2026, 11) == {
        d(11, 3): "甲",
        d(11, 10): "乙",
        d(11, 17): "丙",
        d(11, 24): "甲",
    }
    assert (result.created, result.unstaffed) == (4, [])


def test_a_rule_of_two_weekdays_rosters_both():
    station = _staffed(days="2,5")  # Tuesdays and Fridays
    _generate(station, 2026, 11, today=NOV_1)
    roster = _roster(station, 2026, 11)
    assert sorted(roster) == [d(11, n) for n in (3, 6, 10, 13, 17, 20, 24, 27)]
    assert list(roster.values()) == ["甲", "乙", "丙", "甲", "乙", "丙", "甲", "乙"]


def test_a_days_of_the_month_rule_rosters_those_dates():
    station = _staffed("month_days", "5,15,25")
    _generate(station, 2026, 11, today=NOV_1)
    assert _roster(station, 2026, 11) == {d(11, 5): "甲", d(11, 15): "乙", d(11, 25): "丙"}


# Who takes the turn ------------------------------------------------------------------


def test_the_turn_goes_round_chief_deputy_and_members_only():
    station = _station()
    _member(station, "站长", role=Role.CHIEF, start=d(1, 1, 2025))
    _member(station, "副站长", role=Role.DEPUTY, start=d(2, 1, 2025))
    _member(station, "站员", role=Role.MEMBER, start=d(3, 1, 2025))
    # Members with other work, or who no longer serve here, are never on duty.
    _member(station, "第一书记", role=Role.FIRST_SECRETARY, start=d(1, 1, 2024))
    _member(station, "驻村队员", role=Role.RESIDENT, start=d(1, 1, 2024))
    _member(station, "联络员", role=Role.LIAISON, start=d(1, 1, 2024))
    _member(station, "已调走", start=d(1, 1, 2024), end_date=d(6, 30, 2026))

    _generate(station, 2026, 12, today=NOV_1)

    assert list(_roster(station, 2026, 12).values()) == [
        "站长",
        "副站长",
        "站员",
        "站长",
        "副站长",
    ]


def test_members_marked_away_are_skipped_and_take_the_next_turn_when_back():
    station = _staffed()
    away = Assignment.objects.get(station=station, cadre__name="乙")
    away.away = True
    away.save()
    _generate(station, 2026, 11, today=NOV_1)
    assert list(_roster(station, 2026, 11).values()) == ["甲", "丙", "甲", "丙"]

    away.away = False
    away.save()
    _generate(station, 2026, 12, today=NOV_1)
    # Back from leave, 乙 has gone longest without a duty.
    assert list(_roster(station, 2026, 12).values())[:3] == ["乙", "甲", "丙"]


def test_a_member_who_starts_mid_month_is_on_duty_only_from_that_date():
    station = _staffed(names=("甲",))
    _member(station, "新人", start=d(11, 12))
    _generate(station, 2026, 11, today=NOV_1)
    assert _roster(station, 2026, 11) == {
        d(11, 3): "甲",
        d(11, 10): "甲",
        d(11, 17): "新人",  # never on duty: first once there
        d(11, 24): "甲",
    }


def test_the_turn_follows_who_was_actually_on_duty_not_a_counter():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)  # 甲 乙 丙 甲
    swap_duties(first=_day(station, d(11, 17)), second=_day(station, d(11, 24)), today=NOV_1)
    assert list(_roster(station, 2026, 11).values()) == ["甲", "乙", "甲", "丙"]

    _generate(station, 2026, 12, today=NOV_1)

    # Last duties: 乙 on 10 Nov, 甲 on 17 Nov, 丙 on 24 Nov.
    assert list(_roster(station, 2026, 12).values()) == ["乙", "甲", "丙", "乙", "甲"]


# Across month ends -------------------------------------------------------------------


def test_december_carries_on_the_turn_of_november():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)  # 甲 3, 乙 10, 丙 17, 甲 24
    _generate(station, 2026, 12, today=NOV_1)
    # 乙 has gone longest without a duty (since 10 Nov), not 甲 who joined first.
    assert _roster(station, 2026, 12) == {
        d(12, 1): "乙",
        d(12, 8): "丙",
        d(12, 15): "甲",
        d(12, 22): "乙",
        d(12, 29): "丙",
    }


def test_the_turn_carries_on_from_january_31_into_february_and_march():
    station = _staffed("month_days", "15,31")
    today = d(1, 1, 2027)
    for month in (1, 2, 3):
        _generate(station, 2027, month, today=today)
    assert _roster(station, 2027, 1) == {d(1, 15, 2027): "甲", d(1, 31, 2027): "乙"}
    # February has no 31st: one duty day, and the turn goes on.
    assert _roster(station, 2027, 2) == {d(2, 15, 2027): "丙"}
    assert _roster(station, 2027, 3) == {d(3, 15, 2027): "甲", d(3, 31, 2027): "乙"}


def test_a_rule_of_the_31st_has_no_duty_in_a_30_day_month():
    station = _staffed("month_days", "31")
    _generate(station, 2026, 10, today=d(10, 1))
    result = _generate(station, 2026, 11, today=d(10, 1))
    assert result.changed == 0 and result.unstaffed == []
    assert _roster(station, 2026, 11) == {}
    _generate(station, 2026, 12, today=d(10, 1))
    assert _roster(station, 2026, 10) == {d(10, 31): "甲"}
    assert _roster(station, 2026, 12) == {d(12, 31): "乙"}


def test_generating_a_december_roster_does_not_spill_into_january():
    station = _staffed("month_days", "1,31")
    _generate(station, 2026, 12, today=NOV_1)
    assert _roster(station, 2026, 12) == {d(12, 1): "甲", d(12, 31): "乙"}
    assert not DutyDay.objects.filter(date__year=2027).exists()


# What (re)generation may change ------------------------------------------------------


@pytest.mark.parametrize("regenerate", [False, True])
def test_past_days_are_never_touched(regenerate):
    station = _staffed()
    first = station.assignments.get(cadre__name="甲").cadre
    f.DutyDayFactory(station=station, date=d(11, 3), cadre=first)  # missed, still the record
    f.DutyDayFactory(station=station, date=d(11, 10), cadre=None)
    f.DutyDayFactory(station=station, date=d(11, 12), cadre=first)  # off the rule
    today = d(11, 18)

    _generate(station, 2026, 11, today=today, regenerate=regenerate)

    # 17 Nov, a rule date already past, is not planned afterwards; 24 Nov is.
    assert _roster(station, 2026, 11) == {
        d(11, 3): "甲",
        d(11, 10): None,
        d(11, 12): "甲",
        d(11, 24): "乙",
    }


def test_generating_again_only_fills_gaps_and_keeps_a_hand_swap():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)  # 甲 乙 丙 甲
    swap_duties(first=_day(station, d(11, 3)), second=_day(station, d(11, 10)), today=NOV_1)
    DutyDay.objects.filter(station=station, date=d(11, 17)).update(cadre=None)  # after a rotation
    DutyDay.objects.filter(station=station, date=d(11, 24)).delete()

    result = _generate(station, 2026, 11, today=NOV_1)

    assert (result.created, result.filled, result.reassigned, result.removed) == (1, 1, 0, 0)
    assert _roster(station, 2026, 11) == {
        d(11, 3): "乙",  # the swap is kept
        d(11, 10): "甲",
        d(11, 17): "丙",
        d(11, 24): "乙",
    }
    assert _generate(station, 2026, 11, today=NOV_1).changed == 0


def test_regenerating_the_unheld_days_re_deals_them():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)
    swap_duties(first=_day(station, d(11, 3)), second=_day(station, d(11, 10)), today=NOV_1)

    result = _generate(station, 2026, 11, today=NOV_1, regenerate=True)

    assert result.reassigned == 2
    assert list(_roster(station, 2026, 11).values()) == ["甲", "乙", "丙", "甲"]


def test_regenerating_after_a_rule_change_removes_days_the_rule_no_longer_names():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)  # Tuesdays
    noted = _day(station, d(11, 10))
    noted.note = "改在村部开会"
    noted.save()
    with_reception = _day(station, d(11, 17))
    f.VisitFactory(station=station, kind=Visit.Kind.RECEPTION, duty_day=with_reception)
    station.duty_days = "4"  # Thursdays from now on
    station.save()

    kept = _generate(station, 2026, 11, today=NOV_1)
    assert (kept.created, kept.removed) == (4, 0)
    assert len(_roster(station, 2026, 11)) == 8

    result = _generate(station, 2026, 11, today=NOV_1, regenerate=True)

    assert result.removed == 2
    dates = sorted(_roster(station, 2026, 11))
    assert dates == [d(11, n) for n in (5, 10, 12, 17, 19, 26)]
    noted.refresh_from_db()
    assert noted.note == "改在村部开会"
    assert with_reception.receptions.count() == 1


def test_held_days_never_change():
    station = _staffed()
    third = station.assignments.get(cadre__name="丙").cadre
    today = d(11, 17)
    held_today = f.DutyDayFactory(station=station, date=today, cadre=third, held=True)
    held_off_rule = f.DutyDayFactory(station=station, date=d(11, 20), cadre=third, held=True)
    station.duty_days = "4"
    station.save()

    _generate(station, 2026, 11, today=today, regenerate=True)

    roster = _roster(station, 2026, 11)
    assert roster[held_today.date] == "丙"
    assert roster[held_off_rule.date] == "丙"
    assert DutyDay.objects.filter(pk__in=[held_today.pk, held_off_rule.pk], held=True).count() == 2


def test_a_station_with_nobody_to_put_on_duty_is_reported_unstaffed():
    empty = _station()
    all_away = _staffed(names=("甲",))
    all_away.assignments.update(away=True)
    only_a_secretary = _station()
    _member(only_a_secretary, "第一书记", role=Role.FIRST_SECRETARY)
    staffed = _staffed()

    result = generate_roster(
        stations=[empty, all_away, only_a_secretary, staffed], year=2026, month=11, today=NOV_1
    )

    assert {s.pk for s in result.unstaffed} == {empty.pk, all_away.pk, only_a_secretary.pk}
    assert set(_roster(empty, 2026, 11).values()) == {None}
    assert len(_roster(empty, 2026, 11)) == 4
    assert None not in _roster(staffed, 2026, 11).values()

    _member(empty, "新站员")
    filled = _generate(empty, 2026, 11, today=NOV_1)
    assert (filled.filled, filled.unstaffed) == (4, [])
    assert set(_roster(empty, 2026, 11).values()) == {"新站员"}


def test_generating_a_whole_township_costs_the_same_queries_as_one_station(
    django_assert_max_num_queries,
):
    for size in (1, 15):
        stations = [_staffed() for _ in range(size)]
        with django_assert_max_num_queries(8):
            result = generate_roster(stations=stations, year=2026, month=11, today=NOV_1)
        assert result.created == 4 * size
        with django_assert_max_num_queries(8):
            generate_roster(
                stations=stations, year=2026, month=11, today=NOV_1, regenerate_unheld=True
            )


# Swaps -------------------------------------------------------------------------------


@pytest.fixture
def november():
    station = _staffed()
    _generate(station, 2026, 11, today=NOV_1)  # 甲 3, 乙 10, 丙 17, 甲 24
    return station


def test_a_swap_exchanges_the_duty_cadres_of_two_days(november):
    first, second = _day(november, d(11, 10)), _day(november, d(11, 17))
    swap_duties(first=first, second=second, today=d(11, 10))  # today's duty may be swapped
    assert (first.cadre.name, second.cadre.name) == ("丙", "乙")
    assert _roster(november, 2026, 11)[d(11, 10)] == "丙"
    assert _roster(november, 2026, 11)[d(11, 17)] == "乙"


@pytest.mark.parametrize(
    ("first", "second", "today", "message"),
    [
        (d(11, 10), d(11, 10), NOV_1, "请选择两个不同的工作日进行对调"),
        (d(11, 3), d(11, 24), NOV_1, "两个工作日是同一名干部值班，无需对调"),
        (d(11, 3), d(11, 17), d(11, 10), "只能对调今天及以后的工作日"),
        (d(11, 17), d(11, 3), d(11, 10), "只能对调今天及以后的工作日"),
    ],
    ids=["same-day", "same-cadre", "past-first", "past-second"],
)
def test_a_refused_swap_says_why_and_changes_nothing(november, first, second, today, message):
    before = _roster(november, 2026, 11)
    with pytest.raises(DutyError, match=message):
        swap_duties(first=_day(november, first), second=_day(november, second), today=today)
    assert _roster(november, 2026, 11) == before


def test_days_of_two_stations_cannot_be_swapped(november):
    elsewhere = f.DutyDayFactory(date=d(11, 24), cadre=f.CadreFactory(name="别站干部"))
    with pytest.raises(DutyError, match="只能对调同一工作站的工作日"):
        swap_duties(first=_day(november, d(11, 17)), second=elsewhere, today=NOV_1)
    elsewhere.refresh_from_db()
    assert elsewhere.cadre.name == "别站干部"
    assert _roster(november, 2026, 11)[d(11, 17)] == "丙"


def test_a_held_day_cannot_be_swapped(november):
    held = _day(november, d(11, 10))
    mark_held(duty_day=held, today=d(11, 10))
    before = _roster(november, 2026, 11)
    for first, second in [(held, _day(november, d(11, 17))), (_day(november, d(11, 17)), held)]:
        with pytest.raises(DutyError, match="已值班的工作日不能对调"):
            swap_duties(first=first, second=second, today=d(11, 10))
    assert _roster(november, 2026, 11) == before


def test_a_day_removed_meanwhile_cannot_be_swapped(november):
    first, second = _day(november, d(11, 10)), _day(november, d(11, 17))
    DutyDay.objects.filter(pk=second.pk).delete()
    with pytest.raises(DutyError, match="其中一个工作日刚被删除"):
        swap_duties(first=first, second=second, today=NOV_1)
    assert _day(november, d(11, 10)).cadre.name == "乙"


def test_a_day_with_nobody_on_duty_can_be_swapped_with_a_staffed_one(november):
    DutyDay.objects.filter(station=november, date=d(11, 17)).update(cadre=None)
    swap_duties(first=_day(november, d(11, 17)), second=_day(november, d(11, 24)), today=NOV_1)
    assert _roster(november, 2026, 11)[d(11, 17)] == "甲"
    assert _roster(november, 2026, 11)[d(11, 24)] is None


# Held or not -------------------------------------------------------------------------


def test_a_day_is_marked_held_then_not_held_with_a_note(november):
    duty = _day(november, d(11, 10))
    mark_held(duty_day=duty, today=d(11, 10))
    assert _day(november, d(11, 10)).held
    mark_held(duty_day=duty, held=False, note="站员生病", today=d(11, 20))
    duty = _day(november, d(11, 10))
    assert (duty.held, duty.note) == (False, "站员生病")


def test_a_day_still_to_come_cannot_be_marked_held(november):
    duty = _day(november, d(11, 17))
    with pytest.raises(DutyError, match="工作日还未到，不能标记为已值班"):
        mark_held(duty_day=duty, note="提前", today=d(11, 16))
    duty.refresh_from_db()
    assert (duty.held, duty.note) == (False, "")
    # It may still say in advance that it will not be held.
    mark_held(duty_day=duty, held=False, note="改期", today=d(11, 16))
    assert _day(november, d(11, 17)).note == "改期"


def test_a_day_with_receptions_cannot_be_marked_not_held(november):
    duty = _day(november, d(11, 10))
    f.VisitFactory(station=november, kind=Visit.Kind.RECEPTION, duty_day=duty)
    mark_held(duty_day=duty, today=d(11, 10))
    with pytest.raises(DutyError, match="这个工作日已有接访登记"):
        mark_held(duty_day=duty, held=False, note="没来", today=d(11, 20))
    duty.refresh_from_db()
    assert (duty.held, duty.note) == (True, "")


# A reception on a duty date that was never rostered ----------------------------------


def test_a_reception_on_an_unrostered_duty_date_creates_the_held_day_with_its_cadre():
    station = _staffed(names=("甲",))
    receiver = _member(station, "接访人")
    day = d(11, 24)
    duty = record_reception(station=station, day=day, cadre=receiver)
    assert (duty.date, duty.held, duty.cadre) == (day, True, receiver)
    # A rostered day keeps its duty cadre.
    first = station.assignments.get(cadre__name="甲").cadre
    f.DutyDayFactory(station=station, date=d(12, 1), cadre=first)
    assert record_reception(station=station, day=d(12, 1), cadre=receiver).cadre == first


def test_a_reception_logged_today_puts_its_author_on_an_unrostered_duty(cadre_user, station_a):
    today = timezone.localdate()
    station_a.duty_rule, station_a.duty_days = "weekdays", str(today.isoweekday())
    station_a.save()
    visit, _created = log_visit(
        author=cadre_user.cadre,
        station=station_a,
        token=uuid.uuid4(),
        fields={"occurred_at": timezone.now(), "kind": Visit.Kind.RECEPTION, "asked": "医保"},
        reception=True,
    )
    duty = DutyDay.objects.get(station=station_a, date=today)
    assert visit.duty_day == duty
    assert duty.held and duty.cadre == cadre_user.cadre
