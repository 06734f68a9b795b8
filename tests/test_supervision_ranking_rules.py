"""The shortfall list's and the scorecard's rules on measures made by hand: the red line
itself, "never done" against "done long ago", every sort and grouping, a cell counting
each member up to what they owe, and the scorecard's ranking and ties.

The rules read only what each ``Measure`` says, so each case is a few measures with
their numbers in plain sight, without a database (but the last)."""

import datetime
from datetime import UTC
from types import SimpleNamespace

import pytest

from stations.models import WorkStation
from tests import factories as f
from villages.models import Standard
from visits.supervision.measures import Measure
from visits.supervision.period import Period
from visits.supervision.scorecard import scorecard
from visits.supervision.shortfalls import (
    KINDS,
    arrange,
    level_of,
    select,
    shortfalls,
    shortfalls_of,
)

STANDARD = Standard(red_below_percent=50)
AS_OF = datetime.date(2026, 11, 30)
TOWN = SimpleNamespace(name="石门乡", pk=1)
EAST = SimpleNamespace(name="东村站", pk=10, village=SimpleNamespace(township=TOWN))
WEST = SimpleNamespace(name="西村站", pk=11, village=SimpleNamespace(township=TOWN))
ZHANG = SimpleNamespace(name="张三", pk=100)
LI = SimpleNamespace(name="李四", pk=101)


def measure(kind, actual, expected, station=EAST, cadre=None, last=None):
    return Measure(
        kind=kind,
        township=TOWN,
        station=station,
        cadre=cadre,
        actual=actual,
        expected=expected,
        last=last,
        as_of=AS_OF,
    )


@pytest.mark.parametrize(
    ("share", "level"),
    [
        (None, "green"),
        (1, "green"),
        (1.5, "green"),
        (0.99, "amber"),
        (0.5, "amber"),
        (0.497, "red"),  # 49.7% is below a red line at 50%
    ],
)
def test_the_red_line_is_amber_and_what_is_due_is_green(share, level):
    assert level_of(share, STANDARD) == level


def test_only_measures_below_what_is_due_are_listed_with_their_level():
    rows = [
        measure("duty_days", 4, 4),  # met
        measure("duty_days", 2, 4, station=WEST),  # 50%: amber
        measure("seven_haves", 3, 7),  # 43%: red
        measure("village_days", 0, 2, cadre=ZHANG),  # never done: red
        measure("village_days", 1, 2, cadre=LI, last=datetime.date(2026, 11, 2)),
    ]
    found = select(rows, standard=STANDARD)
    assert [(r.kind, r.station.name, r.level) for r in found] == [
        ("duty_days", "西村站", "amber"),
        ("seven_haves", "东村站", "red"),
        ("village_days", "东村站", "red"),
        ("village_days", "东村站", "amber"),
    ]
    # Never done is said for dated kinds only: a station's haves have no date.
    assert [r.never for r in found] == [True, False, True, False]
    assert [r.kind for r in select(rows, standard=STANDARD, kinds={"seven_haves"})] == [
        "seven_haves"
    ]
    assert [r.level for r in select(rows, standard=STANDARD, levels={"amber"})] == [
        "amber",
        "amber",
    ]


@pytest.fixture
def found():
    return select(
        [
            measure("duty_days", 1, 4, last=datetime.date(2026, 11, 20)),  # red, 25%, 10 days
            measure("duty_days", 1, 4, station=WEST),  # red, 25%, never held
            measure("village_days", 1, 2, cadre=ZHANG, last=datetime.date(2026, 11, 1)),
            measure("village_days", 0, 3, cadre=LI, station=WEST),  # red, 0%, never, gap 3
            measure("seven_haves", 6, 7, station=WEST),  # amber, no date, gap 1
        ],
        standard=STANDARD,
    )


def names(rows):
    return [(r.station.name[0], r.kind, r.cadre.name if r.cadre else None) for r in rows]


def test_most_severe_first_red_before_amber_then_the_smaller_share_then_never_done(found):
    rows = arrange(found, sort="severity", group="none")
    assert names(rows) == [
        ("西", "village_days", "李四"),  # red, 0%
        ("西", "duty_days", None),  # red, 25%, never held
        ("东", "duty_days", None),  # red, 25%, 10 days since
        ("东", "village_days", "张三"),  # amber, 50%
        ("西", "seven_haves", None),  # amber, 86%
    ]
    assert [r.group for r in rows] == [None] * 5


def test_largest_gap_first_and_longest_since_first(found):
    assert names(arrange(found, sort="gap", group="none"))[:3] == [
        ("西", "village_days", "李四"),  # gap 3
        ("西", "duty_days", None),  # gap 3, never held
        ("东", "duty_days", None),  # gap 3
    ]
    # Never done first, then the longest since (29 days, 10 days), then no date.
    assert names(arrange(found, sort="since", group="none")) == [
        ("西", "village_days", "李四"),
        ("西", "duty_days", None),
        ("东", "village_days", "张三"),
        ("东", "duty_days", None),
        ("西", "seven_haves", None),
    ]


def test_by_place_lists_each_station_s_own_rows_then_its_members_by_name(found):
    # A member whose name sorts before any letter still comes after the station's rows.
    aygul = SimpleNamespace(name="Aygul", pk=102)
    first = measure("farmer_friends", 0, 2, station=EAST, cadre=aygul)
    rows = arrange(select([first], standard=STANDARD) + found, sort="place", group="none")
    assert names(rows)[:3] == [
        ("东", "duty_days", None),
        ("东", "farmer_friends", "Aygul"),
        ("东", "village_days", "张三"),
    ]
    assert names(arrange(found, sort="place", group="none")) == [
        ("东", "duty_days", None),
        ("东", "village_days", "张三"),
        ("西", "duty_days", None),
        ("西", "seven_haves", None),
        ("西", "village_days", "李四"),
    ]


def test_something_done_on_the_last_day_is_more_recent_than_something_without_a_date():
    rows = select(
        [
            measure("seven_haves", 6, 7),  # no date
            measure("duty_days", 3, 4, station=WEST, last=AS_OF),  # 0 days since
        ],
        standard=STANDARD,
    )
    assert [r.kind for r in arrange(rows, sort="since", group="none")] == [
        "duty_days",
        "seven_haves",
    ]


def test_grouped_by_standard_in_the_standards_order(found):
    rows = arrange(found, sort="severity", group="kind")
    assert [r.kind for r in rows] == [
        "village_days",
        "village_days",
        "duty_days",
        "duty_days",
        "seven_haves",
    ]
    assert rows[0].group == KINDS["village_days"]
    assert rows[0].cadre is LI


def test_grouped_by_place_in_the_order_given_then_by_name(found):
    rows = arrange(found, group="place", places=[WEST])
    assert [r.group for r in rows] == [WEST, WEST, WEST, EAST, EAST]
    rows = arrange(found, group="place")
    assert [r.group for r in rows] == [EAST, EAST, WEST, WEST, WEST]
    assert arrange(found, sort="no such sort", group="none") == arrange(found, group="none")


def test_a_cell_counts_each_member_up_to_what_they_owe():
    card = scorecard(
        [
            measure("farmer_friends", 1, 0, cadre=ZHANG),  # nothing owed: no cell
            measure("village_days", 5, 2, cadre=ZHANG),  # far ahead: counts 2
            measure("village_days", 0, 2, cadre=LI),  # none: red
            measure("farmer_friends", 1, 0, cadre=LI),  # nothing owed: no cell
        ],
        by="station",
        standard=STANDARD,
    )
    (row,) = card
    (cell,) = row.cells.values()
    assert (cell.kind, cell.done, cell.due, cell.share, cell.level) == (
        "village_days",
        2,
        4,
        0.5,
        "amber",
    )
    assert (row.red, row.amber, row.score, row.level, row.rank) == (1, 0, 0.5, "amber", 1)
    listed = row.cell_list()
    assert len(listed) == len(KINDS) and listed[0] is cell and listed[1:] == [None] * 6


def test_places_rank_from_the_furthest_behind_and_one_without_measures_last():
    north = SimpleNamespace(name="北村站", pk=12, village=EAST.village)
    card = scorecard(
        [
            measure("duty_days", 3, 4),  # 75%
            measure("seven_haves", 7, 7),  # 100%: East scores (0.75 + 1) / 2
            measure("duty_days", 1, 2, station=WEST),  # 50%
        ],
        by="station",
        standard=STANDARD,
        places=[north, EAST, WEST],
    )
    assert [(r.place.name, r.rank, r.score) for r in card] == [
        ("西村站", 1, 0.5),
        ("东村站", 2, 0.875),
        ("北村站", 3, None),
    ]
    assert [r.level for r in card] == ["amber", "amber", "green"]
    assert [(r.red, r.amber) for r in card] == [(0, 1), (0, 1), (0, 0)]


def test_tied_scores_rank_more_red_rows_first_then_more_amber_then_by_name():
    a = SimpleNamespace(name="甲站", pk=20, village=EAST.village)
    b = SimpleNamespace(name="乙站", pk=21, village=EAST.village)
    c = SimpleNamespace(name="丙站", pk=22, village=EAST.village)
    card = scorecard(
        [
            # Each station's cell is 2 of 4, 50%; a's from one red and one met member.
            measure("village_days", 0, 2, station=a, cadre=ZHANG),
            measure("village_days", 2, 2, station=a, cadre=LI),
            measure("village_days", 2, 4, station=b, cadre=ZHANG),  # one amber
            measure("village_days", 1, 2, station=c, cadre=ZHANG),  # one amber
            measure("village_days", 1, 2, station=c, cadre=LI),  # and another
        ],
        by="station",
        standard=STANDARD,
    )
    assert [r.place.name for r in card] == ["甲站", "丙站", "乙站"]
    assert [(r.red, r.amber) for r in card] == [(1, 0), (0, 2), (0, 1)]


@pytest.mark.django_db
def test_the_shortfall_list_keeps_only_the_levels_asked_for(station_a):
    haves = {name: True for name, _label in WorkStation.SEVEN_HAVES}
    WorkStation.objects.filter(pk=station_a.pk).update(**{**haves, "has_suggestion_box": False})
    args = {
        "period": Period.month(2026, 11),
        "standard": Standard(),
        "stations": WorkStation.objects.filter(pk=station_a.pk),
        "today": datetime.date(2026, 12, 15),
    }
    # No duty day held of the four a week's standard owes, and nothing logged: red;
    # six haves of seven: amber.
    assert [(r.kind, r.level) for r in shortfalls(**args)] == [
        ("duty_days", "red"),
        ("logs_missing", "red"),
        ("seven_haves", "amber"),
    ]
    assert [r.kind for r in shortfalls(**args, levels={"amber"})] == ["seven_haves"]


@pytest.mark.django_db
def test_one_place_s_shortfalls_come_most_severe_first_across_its_stations(
    station_a, station_a2, township_a
):
    haves = {name: True for name, _label in WorkStation.SEVEN_HAVES}
    WorkStation.objects.update(**haves)
    WorkStation.objects.filter(pk=station_a.pk).update(has_suggestion_box=False)
    f.VisitFactory(station=station_a, occurred_at=datetime.datetime(2026, 11, 3, 10, tzinfo=UTC))
    found = shortfalls_of(
        stations=WorkStation.objects.in_place(township=township_a),
        period=Period.month(2026, 11),
        standard=Standard(),
        today=datetime.date(2026, 11, 15),
    )
    # Red first whichever the station (no duty day of the two owed by the 15th, nothing
    # logged at 白水村), then 高石村's six haves of seven; no groups.
    assert [(r.station.name[:3], r.kind, r.actual, r.expected) for r in found] == [
        ("白水村", "duty_days", 0, 2),
        ("高石村", "duty_days", 0, 2),
        ("白水村", "logs_missing", 0, 1),
        ("高石村", "seven_haves", 6, 7),
    ]
    assert {r.group for r in found} == {None}
