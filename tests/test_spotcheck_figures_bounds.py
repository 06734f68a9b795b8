"""Spot-check figures at the edges of a period and of a place: answers, draws and
ratings on the first and last moment of March (Asia/Shanghai) and just outside it,
members who joined on the last day or left on the first, another county's answers,
ratings, draws, rounds and members, a member nobody could reach, and vote items past
the top five. Every figure is counted by hand in ``edges``' docstring."""

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse

from tests import factories as f
from tests.test_spotcheck_figures import MARCH, SHANGHAI, Y, _draw, _rate, _record
from visits.models import Rating, VoteItem, VoteRound
from visits.spotchecks.figures import TOP_ITEMS, spotcheck_figures

pytestmark = pytest.mark.django_db

FIRST_MOMENT = datetime.datetime(2026, 3, 1, 0, 0, tzinfo=SHANGHAI)
LAST_OF_FEBRUARY = datetime.datetime(2026, 2, 28, 23, 59, tzinfo=SHANGHAI)
APRIL = datetime.datetime(2026, 4, 1, 0, 0, tzinfo=SHANGHAI)


def _serving(station, name, start=datetime.date(2025, 1, 1), end=None):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    f.AssignmentFactory(cadre=cadre, station=station, start_date=start, end_date=end)
    return cadre


def _round(township, day, *items):
    vote_round = VoteRound.objects.create(township=township, title="测评", held_on=day)
    for kind, text, votes in items:
        VoteItem.objects.create(round=vote_round, kind=kind, text=text, votes=votes)


@pytest.fixture
def edges(station_a, station_a2, station_b, township_a, township_b):
    """March 2026, hand-counted.

    甲 (station_a): three draws, at 00:00 on 1 March, 23:59 on 28 February and 00:00
        on 1 April, each answered at that moment by phone, all yes, asked and all
        right: only the first counts (1 draw, 1 answer, 3/3 known, 3/3 knows).
        Ratings 满意 on 1 March, 基本满意 on 31 March (both count), 不满意 on 28
        February and on 1 April (neither). Seen (3 + 3 + 1 + ½) / 8 = 15/16.
    乙 joined station_a on 31 March, 丁 left it on 1 March: both served in March,
        neither has answers or ratings: unranked. 丙 joins on 1 April, 戊 left on
        28 February: neither served.
    己 (station_a2): one draw, answered "unreached" and not asked, no ratings:
        answered, nothing to score (seen None, listed last).
    壬 (station_a2): one 不满意 rating: seen 0, the least seen.
    Township A: answered 2, reached 1, known 3/3, knows 3/3, ratings 3 (1 满意,
    1 基本满意, 1 不满意), 2 draws. 庚 in township B and 辛 in another county
    each have a draw, an answer and a rating in March; 癸 serves in that county
    with nothing.
    Votes in township A: 1 March and 31 March count, 28 February and 1 April not;
    township B and the other county each hold a round in March.
    """
    jia = _serving(station_a, "甲")
    for moment in (FIRST_MOMENT, LAST_OF_FEBRUARY, APRIL):
        (answer,) = _draw(jia, 1, at=moment)
        _record(answer, "phone", (Y, Y, Y), (Y, Y, Y), at=moment)
    for day, value in (
        (datetime.date(2026, 3, 1), Rating.Value.SATISFIED),
        (datetime.date(2026, 3, 31), Rating.Value.BASICALLY),
        (datetime.date(2026, 2, 28), Rating.Value.NOT_SATISFIED),
        (datetime.date(2026, 4, 1), Rating.Value.NOT_SATISFIED),
    ):
        _rate(station_a, jia, value, day=day)
    yi = _serving(station_a, "乙", start=datetime.date(2026, 3, 31))
    _serving(station_a, "丙", start=datetime.date(2026, 4, 1))
    ding = _serving(station_a, "丁", end=datetime.date(2026, 3, 1))
    _serving(station_a, "戊", end=datetime.date(2026, 2, 28))
    ji = _serving(station_a2, "己")
    (answer,) = _draw(ji, 1)
    _record(answer, "unreached")
    ren = _serving(station_a2, "壬")
    _rate(station_a2, ren, Rating.Value.NOT_SATISFIED)

    geng = _serving(station_b, "庚")
    (answer,) = _draw(geng, 1)
    _record(answer, "phone", (Y, Y, Y), (Y, Y, Y))
    _rate(station_b, geng, Rating.Value.SATISFIED)

    elsewhere = f.CountyFactory(name="邵阳县")
    far = f.StationFactory(village=f.VillageFactory(township=f.TownshipFactory(county=elsewhere)))
    xin = _serving(far, "辛")
    (answer,) = _draw(xin, 1)
    _record(answer, "phone", (Y, Y, Y), (Y, Y, Y))
    _rate(far, xin, Rating.Value.SATISFIED)
    _serving(far, "癸")

    _round(township_a, datetime.date(2026, 3, 1), ("most", "修桥", 3))
    _round(township_a, datetime.date(2026, 3, 31), ("most", "修桥", 2), ("least", "跑腿", 4))
    _round(township_a, datetime.date(2026, 2, 28), ("most", "二月的事", 9))
    _round(township_a, datetime.date(2026, 4, 1), ("least", "四月的事", 9))
    _round(township_b, datetime.date(2026, 3, 5), ("most", "别乡的事", 50))
    _round(far.village.township, datetime.date(2026, 3, 5), ("least", "外县的事", 70))
    return {
        "jia": jia,
        "yi": yi,
        "ding": ding,
        "ji": ji,
        "ren": ren,
        "geng": geng,
        "xin": xin,
        "county": township_a.county,
    }


def test_answers_draws_and_ratings_count_from_march_s_first_moment_to_its_last_day(
    edges, station_a
):
    figures = spotcheck_figures(cadre=edges["jia"], **MARCH)

    assert figures["spot_checks"] == 1
    assert (figures["answered"], figures["reached"]) == (1, 1)
    assert (figures["known_points"], figures["known_asked"]) == (3, 3)
    assert (figures["knows_points"], figures["knows_asked"]) == (3, 3)
    assert (figures["ratings"], figures["satisfied"], figures["basically"]) == (2, 1, 1)
    assert figures["not_satisfied"] == 0
    assert figures["satisfaction"] == 1.0
    # A cadre's own figures have no vote rounds and nobody unranked.
    assert figures["vote_items"] == {"most": [], "least": []}
    assert list(figures["unranked"]) == []
    # February and April each see their own draw, answer and rating.
    for start, end in (
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),
    ):
        month = spotcheck_figures(cadre=edges["jia"], start=start, end=end)
        assert (month["spot_checks"], month["answered"], month["ratings"]) == (1, 1, 1)
        assert month["not_satisfied"] == 1


def test_the_township_counts_its_members_and_ranks_a_member_with_nothing_to_score_last(
    edges, township_a
):
    figures = spotcheck_figures(township=township_a, **MARCH)

    assert (figures["answered"], figures["reached"], figures["spot_checks"]) == (2, 1, 2)
    assert (figures["known_points"], figures["known_asked"]) == (3, 3)
    assert (figures["knows_points"], figures["knows_asked"]) == (3, 3)
    assert (figures["ratings"], figures["satisfied"], figures["basically"]) == (3, 1, 1)
    assert figures["not_satisfied"] == 1
    assert figures["satisfaction"] == pytest.approx(2 / 3)
    members = [(row["cadre"].name, row["seen_exact"]) for row in figures["members"]]
    assert members == [("甲", Fraction(15, 16)), ("壬", Fraction(0)), ("己", None)]
    assert figures["members"][2]["seen"] is None
    assert figures["most_seen"] == [edges["jia"]]
    assert figures["least_seen"] == [edges["ren"]]
    assert set(figures["unranked"]) == {edges["yi"], edges["ding"]}


def test_members_who_joined_on_the_last_day_or_left_on_the_first_served_that_month(
    edges, station_a
):
    figures = spotcheck_figures(station=station_a, **MARCH)

    assert set(figures["unranked"]) == {edges["yi"], edges["ding"]}
    assert [row["cadre"] for row in figures["members"]] == [edges["jia"]]
    assert figures["spot_checks"] == 1


def test_a_county_leaves_another_county_out(edges):
    figures = spotcheck_figures(county=edges["county"], **MARCH)

    names = {row["cadre"].name for row in figures["members"]}
    assert names == {"甲", "己", "壬", "庚"}
    assert (figures["answered"], figures["spot_checks"], figures["ratings"]) == (3, 3, 4)
    assert {cadre.name for cadre in figures["unranked"]} == {"乙", "丁"}
    assert figures["vote_items"] == {
        "most": [{"text": "别乡的事", "votes": 50}, {"text": "修桥", "votes": 5}],
        "least": [{"text": "跑腿", "votes": 4}],
    }


def test_vote_items_of_the_month_s_first_and_last_day_count_and_a_station_has_its_townships(
    edges, township_a, station_a, station_b, staff_b
):
    township = {
        "most": [{"text": "修桥", "votes": 5}],
        "least": [{"text": "跑腿", "votes": 4}],
    }
    assert spotcheck_figures(township=township_a, **MARCH)["vote_items"] == township
    assert spotcheck_figures(station=station_a, **MARCH)["vote_items"] == township
    other = {"most": [{"text": "别乡的事", "votes": 50}], "least": []}
    assert spotcheck_figures(station=station_b, **MARCH)["vote_items"] == other
    # Township B's clerk sees its own round only, and its own members unranked or not.
    mine = spotcheck_figures(user=staff_b, **MARCH)
    assert mine["vote_items"] == other
    assert [row["cadre"] for row in mine["members"]] == [edges["geng"]]
    assert list(mine["unranked"]) == []


def test_only_the_top_items_are_kept_most_votes_first(township_a):
    texts = ["A", "B", "C", "D", "E", "F", "G"]
    _round(
        township_a,
        datetime.date(2026, 3, 10),
        *(("most", text, votes) for text, votes in zip(texts, (1, 7, 3, 3, 9, 2, 5), strict=True)),
    )
    items = spotcheck_figures(township=township_a, **MARCH)["vote_items"]

    assert len(items["most"]) == TOP_ITEMS == 5
    assert items["most"] == [
        {"text": "E", "votes": 9},
        {"text": "B", "votes": 7},
        {"text": "G", "votes": 5},
        {"text": "C", "votes": 3},
        {"text": "D", "votes": 3},
    ]
    assert items["least"] == []


def test_a_draw_in_the_list_counts_only_the_households_already_answered(client, staff_a, station_a):
    cadre = _serving(station_a, "甲")
    answers = _draw(cadre, 3)
    _record(answers[0], "phone", (Y, Y, Y), (Y, Y, Y))
    client.force_login(staff_a)
    (draw,) = client.get(reverse("spotchecks:spot_check_list")).context["page"]

    # Three drawn, one answered so far: 1 in the "answered" column, its rates 3/3.
    assert (draw.sample_size, draw.answered) == (3, 1)
    assert (draw.rates["known_rate"], draw.rates["knows_rate"]) == (1.0, 1.0)
