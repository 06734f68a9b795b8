"""The shortfall list: who and which station is behind on what in the hand-built
November (tests.supervision_helpers), against the county's standards."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest

from cadres.models import Cadre
from stations.models import WorkStation
from tests import factories as f
from tests.supervision_helpers import (  # noqa: F401
    AFTER,
    NOVEMBER,
    SHANGHAI,
    at,
    freeze,
    november,
)
from villages.models import Household, Standard
from visits.supervision.measures import measures
from visits.supervision.period import Period
from visits.supervision.shortfalls import severity, shortfalls

pytestmark = pytest.mark.django_db

ALL_HAVES = {name: True for name, _label in WorkStation.SEVEN_HAVES}


@pytest.fixture
def strict(county):
    """Standards high enough that a month owes something."""
    return Standard.objects.create(
        county=county,
        village_days_ordinary=60,  # 60 × 30 / 365 = 4.9: four days due in November
        village_days_leadership=120,
        contacts_per_paired_household=36,  # 2.96 per 30-day pairing: two due
        farmer_friends_per_member=1,
    )


def listed(found):
    return {(s.kind, s.station.name, s.cadre.name if s.cadre else None) for s in found}


def of_township(township, standard, period=NOVEMBER, **kwargs):
    stations = WorkStation.objects.filter(village__township=township)
    return shortfalls(period=period, standard=standard, stations=stations, today=AFTER, **kwargs)


def test_cadres_behind_on_days_contacts_and_friends(november, strict, township_a, station_a):
    WorkStation.objects.update(**ALL_HAVES)
    # The chief and 王明 have a farmer friend each (the standard here is one); the member none.
    for cadre in (november.chief, november.wang):
        f.FarmerFriendFactory(cadre=cadre, village=station_a.village)
    found = of_township(
        township_a, strict, kinds={"village_days", "paired_contacts", "farmer_friends"}
    )
    chief, member = november.chief.name, november.member.name
    assert listed(found) == {
        # The chief: two days in a village (5 and 11 Nov) of four due; one contact with
        # 张二 of two due. 王明 has four days and four counted contacts: not behind.
        ("village_days", station_a.name, chief),
        ("paired_contacts", station_a.name, chief),
        # The member did nothing and has befriended nobody.
        ("village_days", station_a.name, member),
        ("farmer_friends", station_a.name, member),
    }
    days = next(s for s in found if s.kind == "village_days" and s.cadre.name == chief)
    assert (days.actual, days.expected) == (2, 4)


def test_the_rotated_cadre_is_listed_once_at_the_station_they_moved_to(
    november, strict, township_a, station_a, station_a2
):
    strict.farmer_friends_per_member = 5
    # 王明's friends: one at 高石村, whom he stopped seeing on the 15th, one at 白水村.
    f.FarmerFriendFactory(
        cadre=november.wang, village=station_a.village, ended_on=datetime.date(2026, 11, 15)
    )
    f.FarmerFriendFactory(cadre=november.wang, village=station_a2.village)
    found = [s for s in of_township(township_a, strict) if s.cadre == november.wang]
    assert [(s.kind, s.station) for s in found] == [("farmer_friends", station_a2)]
    # On 30 November 王明 has one friend (the other ended on the 15th).
    assert (found[0].actual, found[0].expected) == (1, 5)


def test_rank_class_sets_the_days_due(november, strict, township_a):
    Cadre.objects.filter(pk=november.wang.pk).update(rank_class=Cadre.RankClass.LEADERSHIP)
    found = of_township(township_a, strict, kinds={"village_days"})
    wang = [s for s in found if s.cadre == november.wang]
    # 120 × 30 / 365 = 9.9: nine days due, four spent.
    assert [(s.actual, s.expected) for s in wang] == [(4, 9)]


def test_stations_behind_on_duty_days_and_seven_haves(
    november, county, township_a, station_a, station_a2
):
    WorkStation.objects.update(**ALL_HAVES)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    found = of_township(township_a, Standard.objects.for_county(county.pk))
    stations = [s for s in found if s.cadre is None]
    assert listed(stations) == {
        # One duty day a week: four due in 30 days. 高石村 held two (4 and 11 November);
        # 18 and 25 November were on the roster and not held: one row, not two.
        ("duty_days", station_a.name, None),
        # 白水村 held none and had none on the roster.
        ("duty_days", station_a2.name, None),
        ("seven_haves", station_a.name, None),
    }
    gaoshi = next(s for s in stations if s.kind == "duty_days" and s.station == station_a)
    assert (gaoshi.actual, gaoshi.expected) == (2, 4)
    assert "11-18" in gaoshi.details and "11-25" in gaoshi.details
    # 2 of 4 is 50%: amber, not below the red line of 50%; 白水村's 0 of 4 is red.
    assert gaoshi.level == "amber" and gaoshi.last == datetime.date(2026, 11, 11)
    baishui = next(s for s in stations if s.kind == "duty_days" and s.station == station_a2)
    assert (baishui.actual, baishui.expected, baishui.level) == (0, 4, "red")
    assert baishui.last is None and baishui.never
    haves = next(s for s in stations if s.kind == "seven_haves")
    assert [str(label) for label in haves.details] == ["有意见箱"]
    assert (haves.actual, haves.expected) == (6, 7)


def test_concern_analysis_meetings_count_from_the_quarters_first_minute_to_its_last(
    november, county, township_a, station_a, station_a2
):
    from visits.models import Meeting

    standard = Standard.objects.create(county=county, analysis_meetings_per_quarter=2)
    for moment in (
        datetime.datetime(2026, 9, 30, 23, 59, tzinfo=SHANGHAI),  # the quarter before
        datetime.datetime(2026, 10, 1, 0, 0, tzinfo=SHANGHAI),  # the quarter's first minute
        datetime.datetime(2027, 1, 1, 0, 0, tzinfo=SHANGHAI),  # the next quarter's
    ):
        Meeting.objects.create(
            station=station_a2, kind=Meeting.Kind.CONCERN_ANALYSIS, held_at=moment, topics="分析"
        )
    found = shortfalls(
        period=Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        standard=standard,
        stations=WorkStation.objects.filter(village__township=township_a),
        today=datetime.date(2027, 1, 5),
        kinds={"analysis_meetings"},
    )
    # 白水村 held one of its two in the quarter, last on 1 October; 高石村 none.
    assert {(s.station, s.actual, s.expected, s.last, s.gap) for s in found} == {
        (station_a, 0, 2, None, 2),
        (station_a2, 1, 2, datetime.date(2026, 10, 1), 1),
    }


def test_the_members_quotas_are_pro_rated_to_the_day_asked_not_the_clock(
    monkeypatch, november, strict, township_a, station_a
):
    """Asked for 15 December, the figures are those of the 15th whatever the clock says:
    days and contacts pro-rated to 15 days, and the chief's farmer friend, who ends on
    the 20th, still counted."""
    f.FarmerFriendFactory(
        cadre=november.chief, village=station_a.village, ended_on=datetime.date(2026, 12, 20)
    )

    def measured():
        found = of_township(township_a, strict, period=Period.month(2026, 12))
        return {(s.kind, s.cadre.name, s.actual, s.expected) for s in found if s.cadre}

    freeze(monkeypatch, AFTER)
    on_the_day = measured()
    # 60 × 15 / 365 = 2.5: two days due.
    assert {e for kind, _n, _a, e in on_the_day if kind == "village_days"} == {2}
    assert ("farmer_friends", november.chief.name, 1, 1) not in on_the_day
    freeze(monkeypatch, datetime.date(2026, 12, 31))
    assert measured() == on_the_day


def test_a_holiday_on_a_rule_day_is_owed_by_no_station_in_a_fixed_number_of_queries(
    november, county, township_a, station_a, station_a2
):
    """白水村 keeps the 1st and the 15th and has nothing on the roster; 15 November is made
    a public holiday here, so it owes one day. Reading the calendar once for every
    station, a second station keeping such a rule costs no query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stations.models import DutyRule
    from villages.models import CalendarDay

    CalendarDay.objects.update_or_create(
        date=datetime.date(2026, 11, 15),
        defaults={"kind": CalendarDay.Kind.HOLIDAY, "festival": CalendarDay.Festival.OTHER},
    )
    standard = Standard.objects.for_county(county.pk)
    month_rule = {"duty_rule": DutyRule.MONTH_DAYS, "duty_days": "1,15"}

    def duty_of(station):
        with CaptureQueriesContext(connection) as queries:
            found = of_township(township_a, standard, kinds={"duty_days"})
        row = next(s for s in found if s.station == station)
        return (row.actual, row.expected), len(queries)

    WorkStation.objects.filter(pk=station_a2.pk).update(**month_rule)
    baishui, one_rule = duty_of(station_a2)
    assert baishui == (0, 1)
    WorkStation.objects.filter(pk=station_a.pk).update(**month_rule)
    gaoshi, two_rules = duty_of(station_a)
    assert gaoshi == (2, 4)  # four on its roster by the 30th, two held
    assert two_rules == one_rule


def test_the_duty_days_missed_are_those_of_the_period_from_its_first_day(
    november, county, township_a, station_a2
):
    for day in (datetime.date(2026, 10, 31), datetime.date(2026, 11, 1)):
        f.DutyDayFactory(station=station_a2, date=day)
    found = of_township(township_a, Standard.objects.for_county(county.pk), kinds={"duty_days"})
    baishui = next(s for s in found if s.station == station_a2)
    assert [str(d) for d in baishui.details[1:]] == ["11-01"]


def test_the_duty_days_missed_are_those_settled_by_the_day_measured(
    november, county, township_a, station_a2
):
    """Measured on 10 December: the 9th was missed, the 20th has not come; the last day
    held is today, the 10th, measured to the day."""
    for day in (9, 20):
        f.DutyDayFactory(station=station_a2, date=datetime.date(2026, 12, day))
    f.DutyDayFactory(station=station_a2, date=datetime.date(2026, 12, 10), held=True)
    found = shortfalls(
        period=Period.month(2026, 12),
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(pk=station_a2.pk),
        today=datetime.date(2026, 12, 10),
        kinds={"duty_days"},
    )
    assert [str(d) for d in found[0].details[1:]] == ["12-09"]
    assert found[0].last == datetime.date(2026, 12, 10)


def test_the_members_measured_are_those_serving_on_some_day_of_the_period(
    november, strict, township_a, station_a2
):
    """Joined on the 30th, left on the 1st: both served in November; one who comes in
    December did not."""
    for name, start, end in (
        ("新来的", datetime.date(2026, 11, 30), None),
        ("刚走的", datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)),
        ("下月来", datetime.date(2026, 12, 5), None),
    ):
        cadre = f.CadreFactory(township=township_a, name=name)
        f.AssignmentFactory(cadre=cadre, station=station_a2, start_date=start, end_date=end)
    found = of_township(township_a, strict, kinds={"farmer_friends"})
    names = {name for _kind, _station, name in listed(found)}
    assert {"新来的", "刚走的"} <= names and "下月来" not in names


def test_a_members_last_day_in_a_village_is_not_a_phone_call(
    november, strict, township_a, station_a
):
    """The chief's days in a village are 5 and 11 November, his paired household 张二's
    contact the 5th; a call on the 25th to a household he is not paired with is neither."""
    stranger = f.HouseholdFactory(village=station_a.village, head_name="外人")
    f.VisitFactory(
        station=station_a,
        author=november.chief,
        kind="phone",
        household=stranger,
        occurred_at=at(11, 25),
    )
    found = of_township(township_a, strict, kinds={"village_days", "paired_contacts"})
    mine = {(s.kind, s.cadre.name): s for s in found}
    days = mine["village_days", november.chief.name]
    assert (days.actual, days.last, days.days_since) == (2, datetime.date(2026, 11, 11), 19)
    assert mine["paired_contacts", november.chief.name].last == datetime.date(2026, 11, 5)
    assert mine["village_days", november.member.name].actual == 0  # the member did nothing


def test_a_day_accompanying_a_visit_is_a_member_s_last_day_in_a_village(
    november, strict, township_a, station_a2
):
    """The last day in a village is counted as the days are, as author or companion: the
    chief went along on 王明's visit of the 28th, his third day and his last."""
    along = f.VisitFactory(
        station=station_a2, author=november.wang, household=november.chen, occurred_at=at(11, 28)
    )
    along.companions.add(november.chief)
    found = of_township(township_a, strict, kinds={"village_days"})
    days = next(s for s in found if s.cadre == november.chief)
    assert (days.actual, days.last, days.days_since) == (3, datetime.date(2026, 11, 28), 2)


def test_a_station_owes_no_duty_day_before_its_first_one_is_due(november, county, township_a):
    # On 3 December two days are settled: one day a week owes none of them yet.
    assert not shortfalls(
        period=Period.month(2026, 12),
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(village__township=township_a),
        today=datetime.date(2026, 12, 3),
        kinds={"duty_days"},
    )


def test_a_station_without_a_log_in_the_period_shows_when_it_last_logged(
    november, county, station_b
):
    f.VisitFactory(station=station_b, household=None, occurred_at=at(10, 20))
    f.VisitFactory(station=station_b, household=None, occurred_at=at(12, 1, 0))  # after November
    found = shortfalls(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(pk=station_b.pk),
        today=AFTER,
        kinds={"logs_missing"},
    )
    assert [(s.actual, s.expected, s.last) for s in found] == [(0, 1, datetime.date(2026, 10, 20))]


def test_a_county_may_require_fewer_haves(november, county, township_a, station_a):
    WorkStation.objects.update(**ALL_HAVES)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    standard = Standard.objects.create(
        county=county,
        seven_haves_required=[n for n, _l in WorkStation.SEVEN_HAVES if n != "has_suggestion_box"],
    )
    assert not of_township(township_a, standard, kinds={"seven_haves"})


def test_a_station_without_any_log_in_the_period_is_listed(
    november, county, township_a, township_b, station_b
):
    stations = WorkStation.objects.filter(village__township__county=county)
    found = shortfalls(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        stations=stations,
        today=AFTER,
        kinds={"logs_missing"},
    )
    assert listed(found) == {("logs_missing", station_b.name, None)}
    # A reception alone is a log.
    f.VisitFactory(station=station_b, kind="reception", household=None, occurred_at=at(11, 30))
    assert not shortfalls(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        stations=stations,
        today=AFTER,
        kinds={"logs_missing"},
    )


def test_a_period_that_has_not_begun_owes_nothing(november, strict, township_a):
    later = Period.month(2027, 1)
    assert of_township(township_a, strict, period=later) == []


def test_the_list_is_grouped_by_station_with_the_most_severe_first(november, strict, township_a):
    found = of_township(township_a, strict)
    assert found and all(s.township == township_a for s in found)
    stations = [s.station.pk for s in found]
    # Each station's shortfalls are together ...
    assert len(set(stations)) == len(
        [pk for i, pk in enumerate(stations) if i == 0 or stations[i - 1] != pk]
    )
    # ... red before amber, then the smaller share done.
    for pk in set(stations):
        rows = [s for s in found if s.station.pk == pk]
        assert [severity(s)[:2] for s in rows] == sorted(severity(s)[:2] for s in rows)


def test_the_shortfalls_of_one_day_before_the_month_ends(november, strict, township_a, station_a2):
    # Measured on 15 November, today: its duty is not settled yet, so up to the 14th two
    # days are owed (14 days × one a week), and 高石村 held both (4 and 11 November).
    found = shortfalls(
        period=NOVEMBER,
        standard=strict,
        stations=WorkStation.objects.filter(village__township=township_a),
        today=datetime.date(2026, 11, 15),
        kinds={"duty_days"},
    )
    # 白水村 held none of its two.
    assert [(s.station, s.actual, s.expected) for s in found] == [(station_a2, 0, 2)]


def test_a_quarter_without_a_concern_analysis_meeting_is_a_shortfall(
    november, county, township_a, station_a, station_a2
):
    from visits.models import Meeting

    meeting = Meeting.objects.create(
        station=station_a,
        kind=Meeting.Kind.CONCERN_ANALYSIS,
        held_at=at(12, 31, 23, 30),  # the quarter's last evening, Beijing time
        topics="分析本季度民情",
    )
    meeting.attendees.set([november.chief])
    Meeting.objects.create(
        station=station_a2, kind=Meeting.Kind.EDUCATION, held_at=at(11, 2), topics="宣讲政策"
    )
    quarter = Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    found = shortfalls(
        period=quarter,
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(village__township=township_a),
        today=datetime.date(2027, 1, 5),
        kinds={"analysis_meetings"},
    )
    # 白水村 held an education meeting, not a concern-analysis one.
    assert [(s.station, s.actual, s.expected) for s in found] == [(station_a2, 0, 1)]
    # A month on its own owes no quarterly meeting.
    assert not of_township(
        township_a, Standard.objects.for_county(county.pk), kinds={"analysis_meetings"}
    )


def test_a_members_last_paired_contact_is_their_own_within_the_period_by_beijing_days(
    november, strict, township_a, station_a, station_a2
):
    """The chief's last contact with a household he is paired with is 张二 at 07:00 on 12
    November in Beijing (23:00 on the 11th in UTC); 王明 calling on 张二 alone on the 25th
    is not the chief's contact. 王明's is 陈三 at 23:30 on 30 November: his visit at
    midnight on 1 December is after the month."""
    zhang = Household.objects.get(head_name="张二")
    chen = Household.objects.get(head_name="陈三")
    wang = Cadre.objects.get(name="王明")
    f.VisitFactory(
        station=station_a, author=november.chief, household=zhang, occurred_at=at(11, 12, 7)
    )
    f.VisitFactory(station=station_a, author=wang, household=zhang, occurred_at=at(11, 25))
    f.VisitFactory(station=station_a2, author=wang, household=chen, occurred_at=at(12, 1, 0))
    found = measures(
        period=NOVEMBER,
        standard=strict,
        stations=WorkStation.objects.filter(village__township=township_a),
        today=AFTER,
    )
    last = {m.cadre.name: m.last for m in found if m.kind == "paired_contacts"}
    assert last == {
        november.chief.name: datetime.date(2026, 11, 12),
        "王明": datetime.date(2026, 11, 30),
    }
