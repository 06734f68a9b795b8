"""Spot-check and rating figures: 知名度, 知民度, ratings, most and least seen, vote items.

Every figure is checked against a hand count of a small township (see
``march``), on the selector the monthly report calls and on the summary page.
"""

import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests import factories as f
from villages.models import HouseholdTag
from visits.models import Rating, SpotCheckAnswer, VoteItem, VoteRound
from visits.spotchecks import services as spotchecks
from visits.spotchecks.figures import spotcheck_figures

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARCH = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}
MID_MARCH = datetime.datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI)


def _tag(code):
    return HouseholdTag.objects.get(code=code)


def _member(station, name):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    f.AssignmentFactory(cadre=cadre, station=station)
    return cadre


def _draw(cadre, n, *, at=MID_MARCH):
    """A draw of n fresh paired households of ``cadre`` (3 members, one 低保 tag each)."""
    for _ in range(n):
        household = f.HouseholdFactory(village=cadre.assignments.first().station.village)
        household.tags.set([_tag("subsistence")])
        f.PairingFactory(cadre=cadre, household=household)
    pairs = spotchecks.paired_households(cadre)
    check = spotchecks.draw(cadre=cadre, size=len(pairs), seed=1, by=None)
    check.__class__.objects.filter(pk=check.pk).update(drawn_at=at)
    done = set(
        SpotCheckAnswer.objects.exclude(spot_check=check).values_list("household", flat=True)
    )
    return [a for a in check.answers.order_by("position") if a.household_id not in done]


def _record(answer, contact, knows=(False, False, False), cadre=None, *, at=MID_MARCH):
    """Record an answer; ``cadre`` is (members right, head right, tags right) or None."""
    household = answer.household
    data = {"contact": contact, "cadre_asked": cadre is not None}
    data.update(zip(("knows_name", "knows_phone", "was_visited"), knows, strict=True))
    if cadre is not None:
        members_ok, head_ok, tags_ok = cadre
        data["cadre_members"] = household.members if members_ok else household.members + 1
        data["cadre_head_name"] = household.head_name if head_ok else "某某"
        data["cadre_tags"] = list(household.tags.all()) if tags_ok else [_tag("well_off")]
    spotchecks.record_answer(answer=answer, data=data, by=None)
    SpotCheckAnswer.objects.filter(pk=answer.pk).update(recorded_at=at)


def _rate(station, cadre, value, day=datetime.date(2026, 3, 20), n=1):
    for _ in range(n):
        Rating.objects.create(station=station, cadre=cadre, value=value, rated_on=day)


Y = True
N = False


@pytest.fixture
def march(station_a, station_a2, station_b, township_a, township_b):
    """Township A in March 2026, hand-counted:

    李明 (高石村): h1 phone 3/3 known, asked 3/3 right; h2 phone 1/3, asked 2/3;
        h3 unreached, asked 1/3 → 知名度 4/6, 知民度 6/9; ratings 满意 2, 基本满意 1.
    张华 (高石村): h4 visit 2/3, not asked; h5 phone 0/3, asked 0/3
        → 知名度 2/6, 知民度 0/3; ratings 不满意 2 (and a 满意 in February).
    王芳 (白水村): h6 phone 3/3, asked 3/3; h7 phone 0/3 at 23:50 on 31 March
        (counted), h8 phone 3/3 at 00:10 on 1 April (not) → 知名度 3/6, 知民度 3/3;
        ratings 满意 1.
    赵强 (高石村): nothing at all.
    陈刚 (township B): answers and ratings that township A never sees.
    Seen: 李明 12.5/18, 张华 2/11, 王芳 7/10 → most 王芳, least 张华.
    """
    li = _member(station_a, "李明")
    h1, h2, h3 = _draw(li, 3)
    _record(h1, "phone", (Y, Y, Y), (Y, Y, Y))
    _record(h2, "phone", (Y, N, N), (Y, N, Y))
    _record(h3, "unreached", cadre=(N, Y, N))
    _rate(station_a, li, Rating.Value.SATISFIED, n=2)
    _rate(station_a, li, Rating.Value.BASICALLY)

    zhang = _member(station_a, "张华")
    h4, h5 = _draw(zhang, 2)
    _record(h4, "visit", (Y, N, Y))
    _record(h5, "phone", (N, N, N), (N, N, N))
    _rate(station_a, zhang, Rating.Value.NOT_SATISFIED, n=2)
    _rate(station_a, zhang, Rating.Value.SATISFIED, day=datetime.date(2026, 2, 28))

    wang = _member(station_a2, "王芳")
    (h6,) = _draw(wang, 1)
    _record(h6, "phone", (Y, Y, Y), (Y, Y, Y))
    (h7,) = _draw(wang, 1, at=datetime.datetime(2026, 3, 31, 23, 50, tzinfo=SHANGHAI))
    _record(h7, "phone", at=datetime.datetime(2026, 3, 31, 23, 50, tzinfo=SHANGHAI))
    (h8,) = _draw(wang, 1, at=datetime.datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI))
    _record(
        h8, "phone", (Y, Y, Y), (Y, Y, Y), at=datetime.datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI)
    )
    _rate(station_a2, wang, Rating.Value.SATISFIED)

    zhao = _member(station_a, "赵强")

    chen = _member(station_b, "陈刚")
    (hb,) = _draw(chen, 1)
    _record(hb, "phone", (Y, Y, Y), (Y, Y, Y))
    _rate(station_b, chen, Rating.Value.SATISFIED, n=5)

    return {"li": li, "zhang": zhang, "wang": wang, "zhao": zhao, "chen": chen}


def test_township_rates_match_the_hand_count(march, township_a):
    figures = spotcheck_figures(township=township_a, **MARCH)

    assert (figures["answered"], figures["reached"]) == (7, 6)
    assert (figures["known_points"], figures["known_asked"]) == (9, 18)
    assert figures["known_rate"] == pytest.approx(0.5)
    assert (figures["cadre_asked"], figures["knows_points"], figures["knows_asked"]) == (5, 9, 15)
    assert figures["knows_rate"] == pytest.approx(0.6)
    assert (figures["ratings"], figures["satisfied"], figures["basically"]) == (6, 3, 1)
    assert figures["not_satisfied"] == 2
    assert figures["satisfaction"] == pytest.approx(4 / 6)
    # Draws made in March: 李明, 张华, 王芳's first and the one at 23:50 on the 31st.
    assert figures["spot_checks"] == 4


def test_most_and_least_seen_match_the_hand_count(march, township_a):
    figures = spotcheck_figures(township=township_a, **MARCH)

    seen = {row["cadre"].name: row["seen_exact"] for row in figures["members"]}
    assert seen == {"李明": Fraction(25, 36), "张华": Fraction(2, 11), "王芳": Fraction(7, 10)}
    assert [row["cadre"].name for row in figures["members"]] == ["王芳", "李明", "张华"]
    assert figures["most_seen"] == [march["wang"]]
    assert figures["least_seen"] == [march["zhang"]]
    assert list(figures["unranked"]) == [march["zhao"]]


def test_a_station_counts_its_members_and_its_own_ratings(march, station_a):
    figures = spotcheck_figures(station=station_a, **MARCH)

    assert {row["cadre"].name for row in figures["members"]} == {"李明", "张华"}
    assert figures["known_rate"] == pytest.approx(6 / 12)
    assert figures["knows_rate"] == pytest.approx(6 / 12)
    assert figures["ratings"] == 5
    assert figures["most_seen"] == [march["li"]]
    assert figures["least_seen"] == [march["zhang"]]
    assert list(figures["unranked"]) == [march["zhao"]]


def test_a_cadres_own_figures(march):
    figures = spotcheck_figures(cadre=march["wang"], **MARCH)

    assert (figures["known_points"], figures["known_asked"]) == (3, 6)
    assert (figures["knows_points"], figures["knows_asked"]) == (3, 3)
    assert figures["ratings"] == 1


def test_usage_of_the_app_never_moves_the_ranking(march, township_a, station_a):
    # 张华 logs many visits; the ranking comes from households alone, so nothing changes.
    for _ in range(20):
        f.VisitFactory(station=station_a, author=march["zhang"])

    figures = spotcheck_figures(township=township_a, **MARCH)

    assert figures["least_seen"] == [march["zhang"]]
    assert figures["most_seen"] == [march["wang"]]


def test_tied_members_are_all_most_seen_and_nobody_is_least_when_all_tie(station_a):
    a, b = _member(station_a, "甲"), _member(station_a, "乙")
    _rate(station_a, a, Rating.Value.SATISFIED)
    _rate(station_a, b, Rating.Value.SATISFIED)

    figures = spotcheck_figures(station=station_a, **MARCH)

    assert set(figures["most_seen"]) == {a, b}
    assert figures["least_seen"] == []


def test_an_empty_period_has_no_rates_and_nobody_ranked(march, township_a):
    figures = spotcheck_figures(
        township=township_a, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 1, 31)
    )

    assert figures["answered"] == figures["ratings"] == figures["spot_checks"] == 0
    assert figures["known_rate"] is None and figures["knows_rate"] is None
    assert figures["satisfaction"] is None
    assert figures["most_seen"] == figures["least_seen"] == []


def test_the_user_sees_only_their_place(march, staff_b, supervisor):
    figures_b = spotcheck_figures(user=staff_b, **MARCH)
    county = spotcheck_figures(user=supervisor, **MARCH)

    assert [row["cadre"].name for row in figures_b["members"]] == ["陈刚"]
    assert figures_b["ratings"] == 5
    assert {row["cadre"].name for row in county["members"]} == {"李明", "张华", "王芳", "陈刚"}


@pytest.fixture
def votes(township_a, township_b):
    def round_(township, day, items):
        vote_round = VoteRound.objects.create(township=township, title="测评", held_on=day)
        for kind, text, n in items:
            VoteItem.objects.create(round=vote_round, kind=kind, text=text, votes=n)

    round_(
        township_a,
        datetime.date(2026, 3, 5),
        [
            ("most", "修通村道", 30),
            ("most", "安装路灯", 12),
            ("least", "办事来回跑", 9),
        ],
    )
    round_(township_a, datetime.date(2026, 3, 25), [("most", "修通村道", 5)])
    round_(township_a, datetime.date(2026, 2, 25), [("least", "二月的事", 99)])
    round_(township_b, datetime.date(2026, 3, 5), [("most", "别乡的事", 50)])


def test_vote_items_are_summed_over_the_periods_rounds(votes, township_a):
    items = spotcheck_figures(township=township_a, **MARCH)["vote_items"]

    assert items == {
        "most": [{"text": "修通村道", "votes": 35}, {"text": "安装路灯", "votes": 12}],
        "least": [{"text": "办事来回跑", "votes": 9}],
    }


# The summary page ---------------------------------------------------------------------------


def _summary(client, user, **params):
    client.force_login(user)
    return client.get(
        reverse("spotchecks:spot_check_summary"),
        {"start": "2026-03-01", "end": "2026-03-31", **params},
    )


def test_the_summary_page_shows_the_same_figures_as_the_selector(
    client, staff_a, march, votes, township_a
):
    response = _summary(client, staff_a)

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["known_rate"] == pytest.approx(0.5)
    assert figures["knows_rate"] == pytest.approx(0.6)
    html = response.content.decode()
    assert '<p id="most-seen">王芳</p>' in html
    assert '<p id="least-seen">张华</p>' in html
    assert "50%" in html and "60%" in html
    assert "修通村道 · 35" in html
    assert "陈刚" not in html


def test_the_supervisor_chooses_a_township_and_a_station(client, supervisor, march, station_a):
    response = _summary(client, supervisor, station=station_a.pk)

    assert response.context["figures"]["most_seen"] == [march["li"]]


def test_staff_cannot_sum_another_townships_station(client, staff_b, march, station_a):
    response = _summary(client, staff_b, station=station_a.pk)

    assert response.status_code == 400
    assert "station" in response.context["form"].errors
    assert "figures" not in response.context


def test_a_period_ending_before_it_starts_is_refused(client, staff_a):
    response = _summary(client, staff_a, start="2026-03-31", end="2026-03-01")

    assert response.status_code == 400
    assert "end" in response.context["form"].errors


def test_without_dates_the_summary_is_this_month(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("spotchecks:spot_check_summary"))

    assert response.status_code == 200
    assert response.context["start"].day == 1
    assert response.context["end"].month == response.context["start"].month


def _grow(station, n):
    for i in range(n):
        cadre = _member(station, f"站员{i}")
        (answer,) = _draw(cadre, 1)
        _record(answer, "phone", (Y, N, Y), (Y, Y, N))
        _rate(station, cadre, Rating.Value.BASICALLY)


@pytest.mark.parametrize("n", [1, 30])
def test_the_selector_and_the_summary_cost_the_same_at_any_size(
    client, staff_a, station_a, township_a, django_assert_max_num_queries, n
):
    _grow(station_a, n)
    VoteRound.objects.create(township=township_a, title="测评", held_on=datetime.date(2026, 3, 2))
    client.force_login(staff_a)
    url = reverse("spotchecks:spot_check_summary")

    with django_assert_max_num_queries(7):
        figures = spotcheck_figures(township=township_a, **MARCH)
    with django_assert_max_num_queries(11):
        response = client.get(url, {"start": "2026-03-01", "end": "2026-03-31"})

    assert len(figures["members"]) == n
    assert len(response.context["figures"]["members"]) == n
    assert figures["known_rate"] == pytest.approx(2 / 3)
