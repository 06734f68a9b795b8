"""Meeting and deed figures against a hand-counted November, with the month's edges
in Asia/Shanghai, a cadre who rotated mid-month, and a fixed number of queries.

Meetings carry a time (``held_at``); deeds carry a day only (``done_on``), so a
deed's month is its day's month, with no hour to fall on either side of midnight.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from tests import factories as f
from tests.concern_helpers import OfficeFactory
from visits.meetings.figures import meeting_figures, meeting_figures_by, quarters
from visits.models import Deed, Meeting
from visits.supervision.meetings import meetings_by, meetings_of
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

K, C = Meeting.Kind, Deed.Category
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOV_1, NOV_30 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
AFTER_NOVEMBER = datetime.date(2026, 12, 15)


def at(month, day, hour=10, minute=0, year=2026):
    """A moment in Beijing time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def meeting(station, kind, held_at, attendees, villagers=0):
    row = Meeting.objects.create(
        station=station, kind=kind, held_at=held_at, villagers=villagers, topics=str(kind)
    )
    row.attendees.set(attendees)
    return row


def deed(station, category, done_on, cadres, money="0", people=0, household=None):
    row = Deed.objects.create(
        station=station,
        what=str(category),
        category=category,
        done_on=done_on,
        money_raised=Decimal(money),
        people_helped=people,
        household=household,
    )
    row.cadres.set(cadres)
    return row


@pytest.fixture
def people(cadre_user, chief_user, station_a, station_a2, station_b):
    """Who serves where: "rover" left station A2 on 15 November and joined A on the 16th."""
    rover = f.CadreFactory(township=station_a.village.township, name="轮岗干部")
    f.AssignmentFactory(cadre=rover, station=station_a2, end_date=d(11, 15))
    f.AssignmentFactory(cadre=rover, station=station_a, start_date=d(11, 16))
    return {
        "me": cadre_user.cadre,
        "chief": chief_user.cadre,
        "rover": rover,
        "keeper": f.AssignmentFactory(station=station_a2).cadre,
        "b": f.AssignmentFactory(station=station_b).cadre,
    }


@pytest.fixture
def november(people, station_a, station_a2, station_b):
    """Ten meetings and six deeds; what counts in November 2026 is worked out by hand below."""
    me, chief, rover, keeper, b = (people[k] for k in ("me", "chief", "rover", "keeper", "b"))
    # Station A
    meeting(station_a, K.EDUCATION, at(11, 3), [me, chief], villagers=40)
    # 23:30 on the month's last evening, Beijing time (15:30 UTC): November.
    meeting(station_a, K.CONCERN_ANALYSIS, at(11, 30, 23, 30), [me, rover], villagers=12)
    meeting(station_a, K.NIGHT_TALK, at(11, 15, 21), [chief])
    # 00:10 on 1 December, Beijing time, is still 30 November in UTC: December.
    meeting(station_a, K.NIGHT_PATROL, at(12, 1, 0, 10), [me], villagers=5)
    meeting(station_a, K.NIGHT_STUDY, at(10, 31, 23, 59), [me], villagers=9)
    # Station A2
    meeting(station_a2, K.CONCERN_ANALYSIS, at(10, 15), [keeper], villagers=15)
    meeting(station_a2, K.APPRAISAL, at(11, 10), [rover, keeper], villagers=20)
    # Station B (township B)
    meeting(station_b, K.FELLOWSHIP, at(11, 20), [b], villagers=100)
    meeting(station_b, K.HEART_TO_HEART, at(11, 21), [b], villagers=8)
    meeting(station_b, K.CONCERN_ANALYSIS, at(8, 20), [b], villagers=10)

    household = f.HouseholdFactory(village=station_a.village)
    deed(station_a, C.ROAD, d(11, 1), [me, chief], money="50000.00", people=300)
    deed(station_a, C.HOUSEHOLD, d(11, 30), [me], "1200.50", 4, household=household)
    deed(station_a, C.WATER, d(10, 31), [me], money="9999.00", people=60)
    deed(station_a2, C.TRAINING, d(11, 12), [keeper], people=35)
    deed(station_b, C.POWER, d(11, 18), [b], money="80000.25", people=120)
    deed(station_b, C.OTHER, d(12, 1), [b], money="700.00", people=2)


def _kinds(**counts):
    return {kind.value: counts.get(kind.value, 0) for kind in K}


def _categories(**counts):
    return {c.value: counts.get(c.value, 0) for c in C}


def _nov(**place):
    return meeting_figures(start=NOV_1, end=NOV_30, today=AFTER_NOVEMBER, **place)


def _without_analysis(figures):
    return {k: v for k, v in figures.items() if k != "analysis"}


def test_the_county_november_is_what_was_counted_by_hand(november, county):
    assert _without_analysis(_nov(county=county)) == {
        "meetings": 6,
        "by_kind": _kinds(
            education=1,
            concern_analysis=1,
            night_talk=1,
            appraisal=1,
            fellowship=1,
            heart_to_heart=1,
        ),
        "four_meetings": 4,
        "night_activities": 1,
        "villagers": 40 + 12 + 0 + 20 + 100 + 8,
        "deeds": 4,
        "by_category": _categories(road=1, household=1, training=1, power=1),
        "money_raised": Decimal("131200.75"),
        "people_helped": 300 + 4 + 35 + 120,
    }


def test_the_meeting_on_the_last_evening_counts_in_its_month_and_not_the_next(november, station_a):
    november_figures = _nov(station=station_a)
    assert november_figures["by_kind"]["concern_analysis"] == 1
    assert november_figures["by_kind"]["night_patrol"] == 0
    assert november_figures["by_kind"]["night_study"] == 0
    december = meeting_figures(station=station_a, start=d(12, 1), end=d(12, 31))
    assert december["by_kind"] == _kinds(night_patrol=1)
    october = meeting_figures(station=station_a, start=d(10, 1), end=d(10, 31))
    assert october["by_kind"] == _kinds(night_study=1)
    assert october["deeds"] == 1 and october["money_raised"] == Decimal("9999.00")


@pytest.mark.parametrize(
    ("place", "meetings", "villagers", "deeds", "money", "helped"),
    [
        ("township_a", 4, 72, 3, "51200.50", 339),
        ("township_b", 2, 108, 1, "80000.25", 120),
        ("station_a", 3, 52, 2, "51200.50", 304),
        ("station_a2", 1, 20, 1, "0.00", 35),
    ],
)
def test_each_township_and_station_has_its_own_november(
    request, november, place, meetings, villagers, deeds, money, helped
):
    key = "township" if place.startswith("township") else "station"
    figures = _nov(**{key: request.getfixturevalue(place)})
    assert (figures["meetings"], figures["villagers"]) == (meetings, villagers)
    assert (figures["deeds"], figures["money_raised"], figures["people_helped"]) == (
        deeds,
        Decimal(money),
        helped,
    )


@pytest.mark.parametrize(
    ("who", "meetings", "villagers", "deeds", "money", "helped"),
    [
        ("me", 2, 52, 2, "51200.50", 304),
        ("chief", 2, 40, 1, "50000.00", 300),
        # Rotated on the 16th: the A2 appraisal before, the A analysis meeting after.
        ("rover", 2, 32, 0, "0.00", 0),
    ],
)
def test_a_cadres_figures_are_the_meetings_they_attended_and_deeds_they_did(
    november, people, who, meetings, villagers, deeds, money, helped
):
    figures = _nov(cadre=people[who])
    assert (figures["meetings"], figures["villagers"]) == (meetings, villagers)
    assert (figures["deeds"], figures["money_raised"], figures["people_helped"]) == (
        deeds,
        Decimal(money),
        helped,
    )


def _analysis(figures):
    return {
        (row["station"].pk, row["year"], row["quarter"]): (
            row["count"],
            row["through"],
            row["complete"],
        )
        for row in figures["analysis"]
    }


def test_concern_analysis_meetings_per_station_for_the_quarter_so_far(
    november, county, station_a, station_a2, station_b
):
    # November is in the fourth quarter: counted from 1 October to 30 November,
    # and the quarter is not over yet, so nobody is behind on it.
    assert _analysis(_nov(county=county)) == {
        (station_a.pk, 2026, 4): (1, NOV_30, False),
        (station_a2.pk, 2026, 4): (1, NOV_30, False),
        (station_b.pk, 2026, 4): (0, NOV_30, False),
    }


def test_concern_analysis_meetings_per_station_and_quarter_over_several_quarters(
    november, county, station_a, station_a2, station_b
):
    figures = meeting_figures(
        county=county, start=d(9, 1), end=d(12, 31), today=datetime.date(2027, 1, 5)
    )
    assert _analysis(figures) == {
        (station_a.pk, 2026, 3): (0, d(9, 30), True),
        (station_a.pk, 2026, 4): (1, d(12, 31), True),
        (station_a2.pk, 2026, 3): (0, d(9, 30), True),
        (station_a2.pk, 2026, 4): (1, d(12, 31), True),
        (station_b.pk, 2026, 3): (1, d(9, 30), True),
        (station_b.pk, 2026, 4): (0, d(12, 31), True),
    }


def test_a_rotated_cadres_analysis_rows_cover_both_stations(
    november, people, station_a, station_a2
):
    assert _analysis(_nov(cadre=people["rover"])) == {
        (station_a.pk, 2026, 4): (1, NOV_30, False),
        (station_a2.pk, 2026, 4): (0, NOV_30, False),
    }


def test_figures_follow_what_the_user_may_see(
    november, staff_a, staff_b, supervisor, other_supervisor, cadre_user, station_b
):
    assert _nov(user=staff_b)["meetings"] == 2
    assert _nov(user=staff_b)["money_raised"] == Decimal("80000.25")
    assert {row["station"] for row in _nov(user=staff_b)["analysis"]} == {station_b}
    assert _nov(user=staff_a)["meetings"] == 4
    assert _nov(user=supervisor)["meetings"] == 6
    assert _nov(user=cadre_user)["meetings"] == 3  # station A, whoever attended
    outsider = _nov(user=other_supervisor)
    assert outsider["meetings"] == outsider["deeds"] == 0
    assert outsider["money_raised"] == Decimal("0.00")
    assert outsider["analysis"] == []
    # Asking for township B's figures as staff of A gives none of B's.
    assert _nov(user=staff_a, township=station_b.village.township)["meetings"] == 0


def test_figures_per_station_and_per_township_add_up(
    november, county, township_a, township_b, station_a, station_a2, station_b
):
    by_station = meeting_figures_by("station", county=county, start=NOV_1, end=NOV_30)
    assert {pk: (x["meetings"], x["deeds"]) for pk, x in by_station.items()} == {
        station_a.pk: (3, 2),
        station_a2.pk: (1, 1),
        station_b.pk: (2, 1),
    }
    by_township = meeting_figures_by("township", county=county, start=NOV_1, end=NOV_30)
    assert by_township[township_a.pk]["money_raised"] == Decimal("51200.50")
    assert by_township[township_b.pk]["by_kind"] == _kinds(fellowship=1, heart_to_heart=1)
    whole = _nov(county=county)
    assert sum(x["people_helped"] for x in by_township.values()) == whole["people_helped"]
    assert sum(x["money_raised"] for x in by_station.values()) == whole["money_raised"]


def test_an_empty_period_gives_zeros_not_nothing(county, station_a):
    figures = meeting_figures(county=county, start=NOV_1, end=NOV_30, today=AFTER_NOVEMBER)
    assert figures["meetings"] == figures["deeds"] == figures["people_helped"] == 0
    assert figures["money_raised"] == Decimal("0.00")
    assert figures["by_kind"] == _kinds()
    assert _analysis(figures) == {(station_a.pk, 2026, 4): (0, NOV_30, False)}


def test_quarters_of_a_period_across_a_year_end():
    assert quarters(d(11, 20), d(2, 3, year=2027)) == [
        (2026, 4, d(10, 1), d(12, 31)),
        (2027, 1, d(1, 1, year=2027), d(3, 31, year=2027)),
    ]


@pytest.mark.parametrize("extra", [0, 30])
def test_the_figures_cost_three_queries_however_many_rows(
    november, people, county, station_a, extra, django_assert_max_num_queries
):
    for i in range(extra):
        meeting(station_a, K.CONCERN_ANALYSIS, at(11, 1 + i % 28, 9), [people["me"]], villagers=1)
        deed(station_a, C.ROAD, d(11, 1 + i % 28), [people["me"]], money="1.00", people=1)
    with django_assert_max_num_queries(3):
        figures = meeting_figures(county=county, start=d(9, 1), end=NOV_30, today=AFTER_NOVEMBER)
    # September to November: November's six, and October's night study and analysis meeting.
    assert figures["meetings"] == 8 + extra
    assert figures["money_raised"] == Decimal("141199.75") + extra
    with django_assert_max_num_queries(2):
        meeting_figures_by("station", county=county, start=NOV_1, end=NOV_30)


def test_a_meeting_at_midnight_belongs_to_the_day_that_starts(station_a, cadre_user):
    """00:00 on 1 November, Beijing time, is November's; 00:00 on 1 December is not."""
    for held_at in (at(11, 1, 0, 0), at(12, 1, 0, 0), at(10, 31, 23, 59)):
        meeting(station_a, K.EDUCATION, held_at, [cadre_user.cadre])
    november = meeting_figures(station=station_a, start=NOV_1, end=NOV_30, today=AFTER_NOVEMBER)
    assert november["meetings"] == 1
    december = meeting_figures(
        station=station_a, start=d(12, 1), end=d(12, 31), today=AFTER_NOVEMBER
    )
    assert december["meetings"] == 1


def test_a_place_with_no_meeting_or_deed_shows_zeros(station_a):
    figures = meeting_figures(station=station_a, start=NOV_1, end=NOV_30, today=AFTER_NOVEMBER)
    assert (figures["meetings"], figures["villagers"], figures["deeds"]) == (0, 0, 0)
    assert (figures["money_raised"], figures["people_helped"]) == (Decimal("0.00"), 0)
    grouped = meeting_figures_by("station", station=station_a, start=NOV_1, end=NOV_30)
    assert grouped == {}


def test_a_period_ending_in_a_quarters_first_month_touches_that_quarter():
    assert quarters(d(10, 1), d(10, 31)) == [(2026, 4, d(10, 1), d(12, 31))]
    assert quarters(d(9, 30), d(10, 1)) == [
        (2026, 3, d(7, 1), d(9, 30)),
        (2026, 4, d(10, 1), d(12, 31)),
    ]


def test_analysis_rows_are_the_places_stations_and_none_for_office_staff(
    november, county, township_a, township_b, station_a, station_a2, station_b
):
    office = OfficeFactory(township=township_a)
    office_user = f.UserFactory(username="minzheng", role="office", office=office)

    def stations(**place):
        return {row["station"] for row in _nov(**place)["analysis"]}

    assert stations(township=township_a) == {station_a, station_a2}
    assert stations(county=county) == {station_a, station_a2, station_b}
    assert stations(county=f.CountyFactory(name="邵阳县")) == set()
    assert stations(user=office_user) == set()


def test_a_cadres_analysis_includes_stations_joined_on_the_last_day_or_left_on_the_first(
    station_a, station_a2, station_b
):
    cadre = f.CadreFactory(township=station_a.village.township, name="轮换干部")
    f.AssignmentFactory(cadre=cadre, station=station_a, start_date=d(11, 30))
    f.AssignmentFactory(cadre=cadre, station=station_a2, end_date=NOV_1)
    f.AssignmentFactory(cadre=cadre, station=station_b, start_date=d(12, 1))
    rows = _nov(cadre=cadre)["analysis"]
    assert {row["station"] for row in rows} == {station_a, station_a2}


def test_a_concern_analysis_meeting_at_a_quarters_first_midnight_counts_in_that_quarter(
    station_a, cadre_user
):
    meeting(station_a, K.CONCERN_ANALYSIS, at(10, 1, 0, 0), [cadre_user.cadre])
    meeting(station_a, K.CONCERN_ANALYSIS, at(1, 1, 0, 0, year=2027), [cadre_user.cadre])
    rows = meeting_figures(station=station_a, start=d(7, 1), end=d(12, 31), today=d(1, 5, 2027))
    assert [(row["quarter"], row["count"]) for row in rows["analysis"]] == [(3, 0), (4, 1)]


def test_grouped_figures_follow_the_place_asked_for(
    november, county, township_a, station_a, station_b
):
    def keys(**place):
        return set(meeting_figures_by("station", start=NOV_1, end=NOV_30, **place))

    in_a = keys(township=township_a)
    assert station_a.pk in in_a and station_b.pk not in in_a
    assert keys(station=station_b) == {station_b.pk}
    assert keys(county=f.CountyFactory(name="邵阳县")) == set()


def test_the_pages_summary_labels_kinds_and_categories_and_sums_each_quarter(
    november, staff_a, township_a, township_b
):
    # Township A in November: education (3rd), concern analysis (30th), night talk (15th)
    # at A; appraisal (10th) at A2. Deeds: road (1st), household (30th) at A; training
    # (12th) at A2. The fourth quarter so far is 1 October to 30 November, in which A held
    # its analysis meeting on 30 November and A2 on 15 October: 2 stations of 2, 2 meetings.
    november_ = Period.month(2026, 11)
    figures = meetings_of(period=november_, user=staff_a, township=township_a, today=AFTER_NOVEMBER)
    counts = {K.EDUCATION: 1, K.CONCERN_ANALYSIS: 1, K.NIGHT_TALK: 1, K.APPRAISAL: 1}
    assert figures["kinds"] == [(kind.label, counts.get(kind, 0)) for kind in K]
    done = {C.ROAD: 1, C.HOUSEHOLD: 1, C.TRAINING: 1}
    assert figures["categories"] == [(c.label, done.get(c, 0)) for c in C]
    fourth = {"year": 2026, "quarter": 4, "first": d(10, 1), "through": NOV_30}
    assert figures["quarters"] == [
        {**fourth, "complete": False, "stations": 2, "held": 2, "meetings": 2}
    ]
    # Township B's figures asked by A's staff: none of B's two meetings and its deed.
    other = meetings_of(period=november_, user=staff_a, township=township_b)
    assert (other["meetings"], other["deeds"], other["quarters"]) == (0, 0, [])


def test_a_quarter_is_over_on_the_day_asked_not_by_the_clock(november, staff_a, township_a):
    # The third quarter, asked on 15 September: not over, so no station is behind yet
    # (neither held an analysis meeting in it); asked on 15 December it is.
    third = Period(d(7, 1), d(9, 30))
    for today, over in ((d(9, 15), False), (AFTER_NOVEMBER, True)):
        figures = meetings_of(period=third, user=staff_a, township=township_a, today=today)
        assert [
            (q["quarter"], q["complete"], q["held"], q["stations"]) for q in figures["quarters"]
        ] == [(3, over, 0, 2)]
    # September to November: a row per quarter, the third's and the fourth's so far.
    both = meetings_of(
        period=Period(d(9, 1), NOV_30), user=staff_a, township=township_a, today=AFTER_NOVEMBER
    )
    assert [(q["quarter"], q["held"], q["stations"], q["meetings"]) for q in both["quarters"]] == [
        (3, 0, 2, 0),
        (4, 2, 2, 2),
    ]


def test_a_station_without_meetings_has_the_figures_of_an_empty_place(
    november, staff_a, township_a, station_a, station_a2, station_b
):
    # The township table zero-fills a station with no meeting and no deed: its row holds the
    # same figures, every one, as the selector gives for that station on its own.
    quiet = f.StationFactory(village=f.VillageFactory(township=township_a, name="青山村"))
    keys = [station_a.pk, station_a2.pk, quiet.pk]
    rows = meetings_by(
        "station", keys=keys, period=Period.month(2026, 11), user=staff_a, township=township_a
    )
    assert [(rows[k]["meetings"], rows[k]["deeds"]) for k in keys] == [(3, 2), (1, 1), (0, 0)]
    assert rows[quiet.pk] == _without_analysis(_nov(station=quiet))
    # Township B's station asked by A's staff: its two meetings and deed are not A's to see.
    hidden = meetings_by(
        "station", keys=[station_b.pk], period=Period.month(2026, 11), user=staff_a
    )
    assert hidden[station_b.pk] == rows[quiet.pk]
