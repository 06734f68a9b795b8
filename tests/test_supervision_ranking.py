"""Shortfalls ranked, not listed (issue 14): one row per station or member per standard,
how far below and for how long, red / amber / green with the county's threshold written
on the page, sortable and grouped; townships and stations ranked on a scorecard.

The hand-built November of ``tests.supervision_helpers``, against a standard of two
farmer friends per member, one duty day a week and a red line at 50%:

==========  ==============================  ==================================
station     standard                        done / due
==========  ==============================  ==================================
高石村      duty days                        2 / 4 (4 and 11 Nov; 18, 25 missed)
            seven haves                      6 / 7 (no suggestion box)
            logs                             1 / 1
            friends: chief 2, member 0       2 / 4 (each counted up to 2)
白水村      duty days                        0 / 4 (none on the roster)
            seven haves                      7 / 7
            logs                             1 / 1 (王明's visits)
            friends: 王明 1                   1 / 2
==========  ==============================  ==================================

Days in a village (5 a year → 0 due in a month) and paired contacts (3 a year → 0 due
per 30-day pairing) owe nothing in one month and are not measured.

Scores (the mean of the cells): 高石村 (0.5 + 6/7 + 1 + 0.5) / 4 = 0.714;
白水村 (0 + 1 + 1 + 0.5) / 4 = 0.625: 白水村 ranks 1, furthest behind.
"""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations.models import DutyRule, WorkStation
from tests import factories as f
from tests.supervision_helpers import AFTER, NOVEMBER, freeze, november  # noqa: F401
from villages.models import Standard
from visits.supervision.measures import measures
from visits.supervision.period import Period
from visits.supervision.ranking import county_ranking
from visits.supervision.scorecard import scorecard
from visits.supervision.shortfalls import arrange, select, shortfalls

pytestmark = pytest.mark.django_db

ALL_HAVES = {name: True for name, _label in WorkStation.SEVEN_HAVES}
NOV = {"month": "2026-11"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def ranked(november, county, station_a, station_a2):
    WorkStation.objects.update(**ALL_HAVES)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    for _ in range(2):
        f.FarmerFriendFactory(cadre=november.chief, village=station_a.village)
    f.FarmerFriendFactory(cadre=november.wang, village=station_a2.village)
    return Standard.objects.create(county=county, farmer_friends_per_member=2)


def _township(township):
    return WorkStation.objects.filter(village__township=township)


def _rows(found):
    return [(s.station.name[:3], s.kind, s.cadre.name if s.cadre else None, s.level) for s in found]


def test_the_scorecard_ranks_the_stations_by_hand(ranked, township_a, station_a, station_a2):
    measured = measures(
        period=NOVEMBER, standard=ranked, stations=_township(township_a), today=AFTER
    )
    card = scorecard(measured, by="station", standard=ranked)
    assert [(row.rank, row.place) for row in card] == [(1, station_a2), (2, station_a)]
    baishui, gaoshi = card
    assert baishui.score == pytest.approx(0.625) and gaoshi.score == pytest.approx(5 / 7)
    cells = {kind: (c.done, c.due, c.level) for kind, c in gaoshi.cells.items()}
    assert cells == {
        "duty_days": (2, 4, "amber"),  # 50% is not below the red line of 50%
        "seven_haves": (6, 7, "amber"),
        "logs_missing": (1, 1, "green"),
        "farmer_friends": (2, 4, "amber"),
    }
    assert baishui.cells["duty_days"].level == "red"
    # Shortfall rows by level: 白水村 its duty days (red) and 王明 (amber);
    # 高石村 the member's friends (red), duty days and haves (amber).
    assert (baishui.red, baishui.amber, gaoshi.red, gaoshi.amber) == (1, 1, 1, 2)
    assert (baishui.level, gaoshi.level) == ("amber", "amber")


def test_a_scorecard_reads_no_last_day_and_ranks_the_same(
    ranked, township_a, station_a, station_a2
):
    """The start pages' scorecards ask without last days (``lasts=False``): the same
    measures, none dated, and the four lookups down whole histories left out."""
    asked = {"period": NOVEMBER, "standard": ranked, "stations": _township(township_a)}
    with CaptureQueriesContext(connection) as dated_queries:
        dated = measures(**asked, today=AFTER)
    with CaptureQueriesContext(connection) as undated_queries:
        undated = measures(**asked, today=AFTER, lasts=False)

    def table(found):
        return [(m.station, m.cadre, m.kind, m.actual, m.expected, m.details) for m in found]

    assert table(undated) == table(dated)
    assert {(m.station, m.kind): m.last for m in dated if m.last} == {
        (station_a, "duty_days"): datetime.date(2026, 11, 11),
        (station_a, "logs_missing"): datetime.date(2026, 11, 11),  # the reception
        (station_a2, "logs_missing"): datetime.date(2026, 11, 30),  # 王明's at 23:30
    }
    assert all(m.last is None for m in undated)
    assert len(dated_queries) - len(undated_queries) == 4


def test_the_county_ranking_asks_its_measures_without_last_days(ranked, county, supervisor):
    """The start page's ranking (``county_ranking``) reads its measures undated: its
    queries are the undated measures' and four of its own: the standard, the
    townships, and the concerns and missed duty days by township."""
    stations = WorkStation.objects.visible_to(supervisor).in_place(county=county)
    period = Period.this_month(AFTER)
    with CaptureQueriesContext(connection) as ranking:
        county_ranking(county, user=supervisor, today=AFTER)
    with CaptureQueriesContext(connection) as undated:
        measures(period=period, standard=ranked, stations=stations, today=AFTER, lasts=False)
    with CaptureQueriesContext(connection) as dated:
        measures(period=period, standard=ranked, stations=stations, today=AFTER)
    assert len(dated) > len(undated)
    assert len(ranking) - len(undated) == 4


def test_a_scorecard_of_places_names_its_members_by_id_alone(ranked, county, supervisor):
    """Without ``people`` the members' measures are the same, each naming its member by
    id, and no member is read as a whole row (name, phone): the county's ranking and
    the units' pages ask so."""
    stations = WorkStation.objects.visible_to(supervisor).in_place(county=county)
    asked = {"period": NOVEMBER, "standard": ranked, "stations": stations, "today": AFTER}
    named = measures(**asked, lasts=False)
    with CaptureQueriesContext(connection) as queries:
        unnamed = measures(**asked, lasts=False, people=False)

    def table(found, member):
        return [(m.station, member(m), m.kind, m.actual, m.expected) for m in found]

    assert table(unnamed, lambda m: m.cadre_id) == table(named, lambda m: m.cadre and m.cadre.pk)
    members = [m for m in named if m.cadre is not None]
    assert members and all(m.cadre_id == m.cadre.pk for m in members)
    assert all(m.cadre is None for m in unnamed)
    reads_names = '"cadres_cadre"."name"'
    assert not [q for q in queries if reads_names in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        county_ranking(county, user=supervisor, today=AFTER)
    assert not [q for q in queries if reads_names in q["sql"]]


def test_most_severe_first_grouped_by_station_furthest_behind_first(ranked, november, township_a):
    measured = measures(
        period=NOVEMBER, standard=ranked, stations=_township(township_a), today=AFTER
    )
    card = scorecard(measured, by="station", standard=ranked)
    found = arrange(
        select(measured, standard=ranked),
        sort="severity",
        group="place",
        places=[row.place for row in card],
    )
    member = november.member.name
    assert _rows(found) == [
        ("白水村", "duty_days", None, "red"),
        ("白水村", "farmer_friends", "王明", "amber"),
        ("高石村", "farmer_friends", member, "red"),
        ("高石村", "duty_days", None, "amber"),  # 2 / 4 = 50%
        ("高石村", "seven_haves", None, "amber"),  # 6 / 7 = 86%
    ]
    # How far below and for how long.
    duty = found[3]
    assert (duty.gap, duty.share, duty.last, duty.days_since) == (
        2,
        0.5,
        datetime.date(2026, 11, 11),
        19,  # 11 to 30 November
    )
    assert found[0].never and found[0].last is None


@pytest.mark.parametrize(
    ("sort", "group", "expected"),
    [
        # Largest gap first: 4, 2 (red before amber), 2, 1 (the smaller share first), 1.
        (
            "gap",
            "none",
            [
                ("白水村", "duty_days"),
                ("高石村", "farmer_friends"),
                ("高石村", "duty_days"),
                ("白水村", "farmer_friends"),
                ("高石村", "seven_haves"),
            ],
        ),
        # By standard, in the standards' order, the most severe first in each.
        (
            "severity",
            "kind",
            [
                ("高石村", "farmer_friends"),
                ("白水村", "farmer_friends"),
                ("白水村", "duty_days"),
                ("高石村", "duty_days"),
                ("高石村", "seven_haves"),
            ],
        ),
        # Longest since last done: 白水村 never held one; 高石村 last on 11 November;
        # the rest have no date and come after, the most severe first.
        (
            "since",
            "none",
            [
                ("白水村", "duty_days"),
                ("高石村", "duty_days"),
                ("高石村", "farmer_friends"),
                ("白水村", "farmer_friends"),
                ("高石村", "seven_haves"),
            ],
        ),
    ],
)
def test_the_list_sorts_and_groups_as_asked(
    client, staff_a, ranked, township_a, sort, group, expected
):
    client.force_login(staff_a)
    url = reverse("supervision:supervision_township_shortfalls", args=[township_a.pk])
    page = client.get(url, {**NOV, "sort": sort, "group": group})
    assert [(s.station.name[:3], s.kind) for s in page.context["shortfalls"]] == expected


def test_the_list_keeps_one_level(client, staff_a, ranked, township_a):
    client.force_login(staff_a)
    url = reverse("supervision:supervision_township_shortfalls", args=[township_a.pk])
    page = client.get(url, {**NOV, "level": "red"})
    assert [(s.station.name[:3], s.kind) for s in page.context["shortfalls"]] == [
        ("白水村", "duty_days"),
        ("高石村", "farmer_friends"),
    ]


def test_the_page_writes_the_thresholds_and_never_shows_colour_alone(
    client, staff_a, ranked, township_a
):
    Standard.objects.filter(pk=ranked.pk).update(red_below_percent=60)
    client.force_login(staff_a)
    html = client.get(
        reverse("supervision:supervision_township_shortfalls", args=[township_a.pk]), NOV
    ).text
    assert "不到应达数的60%" in html and "达到应达数的60%及以上" in html
    # At 60% the 高石村 duty days (50%) turn red; every coloured cell carries its word.
    assert html.count('class="level-red"') == html.count(
        '<td class="level-red"><span class="level">严重不足</span>'
    )
    assert '<td class="num level-red">' in html and "严重不足</span></td>" in html
    assert "各工作站排名" in html


def test_the_county_sees_townships_ranked(client, supervisor, ranked, township_a, township_b):
    f.StationFactory(village=f.VillageFactory(township=township_b, name="金石村"))
    client.force_login(supervisor)
    page = client.get(
        reverse("supervision:supervision_county_shortfalls", args=[supervisor.county_id]), NOV
    )
    card = page.context["scorecard"]
    assert {row.place for row in card} == {township_a, township_b}
    assert [row.rank for row in card] == [1, 2]
    assert card[0].score <= card[1].score
    assert "各乡镇排名" in page.text
    # The list is grouped by township, furthest behind first.
    groups = [s.group for s in page.context["shortfalls"]]
    assert groups == sorted(groups, key=[row.place for row in card].index)


# One row per station or member per problem ---------------------------------------------


def test_a_missed_duty_day_is_one_row(november, county, township_a, station_a):
    found = shortfalls(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(pk=station_a.pk),
        today=AFTER,
        kinds={"duty_days"},
    )
    # 18 and 25 November missed: one row, 2 held of 4 due, both days named.
    assert [(s.kind, s.actual, s.expected) for s in found] == [("duty_days", 2, 4)]
    assert "11-18" in found[0].details and "11-25" in found[0].details


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        ((5, 15, 25), []),  # its three days of the month held: not behind the weekly standard
        ((5, 15), [(2, 3)]),  # the 25th missed: 2 of its own 3 days
    ],
)
def test_a_station_on_days_of_the_month_is_measured_against_its_own_days(
    county, township_a, held, expected
):
    station = f.StationFactory(
        village=f.VillageFactory(township=township_a, name="桥头村"),
        duty_rule=DutyRule.MONTH_DAYS,
        duty_days="5,15,25",
    )
    for day in (5, 15, 25):
        f.DutyDayFactory(station=station, date=datetime.date(2026, 11, day), held=day in held)
    found = shortfalls(
        period=NOVEMBER,
        standard=Standard.objects.for_county(county.pk),
        stations=WorkStation.objects.filter(pk=station.pk),
        today=AFTER,
        kinds={"duty_days"},
    )
    assert [(s.actual, s.expected) for s in found] == expected
    if found:
        assert any("每月5日、15日、25日" in str(d) for d in found[0].details)


def test_todays_duty_day_is_not_missed_before_it_is_over(county, station_a):
    for day in (3, 10, 17, 24):  # the Tuesdays of November up to the 24th
        f.DutyDayFactory(station=station_a, date=datetime.date(2026, 11, day), held=day < 24)

    def duty_rows(today):
        return [
            (s.actual, s.expected, s.details[1:])
            for s in shortfalls(
                period=NOVEMBER,
                standard=Standard.objects.for_county(county.pk),
                stations=WorkStation.objects.filter(pk=station_a.pk),
                today=today,
                kinds={"duty_days"},
            )
        ]

    # On the 24th its duty may still be held: 3 held of 3 settled (23 days: 3 weeks).
    assert duty_rows(datetime.date(2026, 11, 24)) == []
    # The next day it is missed: 3 of 4.
    assert duty_rows(datetime.date(2026, 11, 25)) == [(3, 4, ("11-24",))]
