"""Meetings, deeds, spot checks and ratings on the supervision pages, against the
hand-counted November of ``supervision_reported_helpers``; the members filter;
query budgets at two data sizes."""

# Fixtures come from the helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories as f
from tests.supervision_helpers import at, freeze, november  # noqa: F401
from tests.supervision_reported_helpers import deed, meeting, rate, reported  # noqa: F401
from visits.models import Deed, Meeting, Rating

pytestmark = pytest.mark.django_db

NOV = {"month": "2026-11"}


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _get(client, user, name, pk, query=NOV):
    client.force_login(user)
    response = client.get(reverse(name, args=[pk]), query)
    assert response.status_code == 200
    return response


# Meetings and deeds ------------------------------------------------------------


def test_the_county_page_counts_meetings_and_deeds_in_all_and_per_township(
    client, supervisor, reported, township_a, township_b
):
    page = _get(client, supervisor, "supervision:supervision_county", supervisor.county_id)
    totals = page.context["meeting_figures"]
    assert totals["meetings"] == 4
    assert totals["four_meetings"] == 3
    assert totals["by_kind"][Meeting.Kind.CONCERN_ANALYSIS] == 1
    # The night talk at 00:30 on 1 December is December's.
    assert totals["by_kind"][Meeting.Kind.NIGHT_TALK] == 0
    assert totals["villagers"] == 107
    assert (totals["deeds"], totals["money_raised"], totals["people_helped"]) == (
        3,
        Decimal("2300.50"),
        46,
    )
    rows = {row["township"]: row["meeting_figures"] for row in page.context["rows"]}
    a, b = rows[township_a], rows[township_b]
    assert (a["meetings"], a["deeds"], a["money_raised"], a["people_helped"]) == (
        3,
        2,
        Decimal("2000.50"),
        42,
    )
    assert (b["meetings"], b["deeds"], b["money_raised"], b["people_helped"]) == (
        1,
        1,
        Decimal("300.00"),
        4,
    )
    assert "2000.50" in page.text and "2300.50" in page.text


def test_a_township_with_neither_meetings_nor_deeds_has_a_row_of_zeros(
    client, supervisor, november, township_b
):
    page = _get(client, supervisor, "supervision:supervision_county", supervisor.county_id)
    (row,) = [r for r in page.context["rows"] if r["township"] == township_b]
    assert row["meeting_figures"]["meetings"] == 0
    assert row["meeting_figures"]["money_raised"] == Decimal("0.00")


def test_the_township_page_counts_meetings_and_deeds_per_station(
    client, staff_a, reported, township_a, station_a, station_a2
):
    page = _get(client, staff_a, "supervision:supervision_township", township_a.pk)
    totals = page.context["meeting_figures"]
    assert (totals["meetings"], totals["deeds"], totals["money_raised"]) == (
        3,
        2,
        Decimal("2000.50"),
    )
    rows = {row["station"]: row["meeting_figures"] for row in page.context["rows"]}
    assert (rows[station_a]["meetings"], rows[station_a]["money_raised"]) == (
        2,
        Decimal("1200.50"),
    )
    assert rows[station_a]["by_kind"][Meeting.Kind.CONCERN_ANALYSIS] == 1
    assert (rows[station_a2]["meetings"], rows[station_a2]["people_helped"]) == (1, 12)
    # The fourth quarter so far: both stations of the township, 高石村 held its 民情分析会.
    (quarter,) = totals["quarters"]
    assert (quarter["year"], quarter["quarter"], quarter["held"], quarter["stations"]) == (
        2026,
        4,
        1,
        2,
    )
    assert quarter["through"] == datetime.date(2026, 11, 30) and not quarter["complete"]


def test_the_station_page_shows_the_stations_meetings_and_deeds(
    client, staff_a, reported, station_a
):
    page = _get(client, staff_a, "supervision:supervision_station", station_a.pk)
    figures = page.context["meeting_figures"]
    assert figures["meetings"] == 2 and figures["villagers"] == 52
    assert figures["deeds"] == 1 and figures["by_category"][Deed.Category.ROAD] == 1
    # The October deed is not November's.
    assert figures["by_category"][Deed.Category.TRAINING] == 0
    (quarter,) = figures["quarters"]
    assert (quarter["held"], quarter["stations"], quarter["meetings"]) == (1, 1, 1)
    assert "1200.50" in page.text


def test_the_member_page_counts_the_meetings_attended_and_deeds_taken_part_in(
    client, supervisor, reported, november
):
    page = _get(client, supervisor, "supervision:supervision_member", november.wang.pk)
    figures = page.context["meeting_figures"]
    assert figures["meetings"] == 2 and figures["four_meetings"] == 2
    assert (figures["deeds"], figures["money_raised"], figures["people_helped"]) == (
        2,
        Decimal("2000.50"),
        42,
    )


def test_a_quarter_without_its_concern_analysis_meeting_is_marked_once_over(
    client, staff_a, november, township_a, station_a
):
    meeting(station_a, Meeting.Kind.CONCERN_ANALYSIS, at(10, 20), [november.chief], 9)
    page = _get(
        client, staff_a, "supervision:supervision_township", township_a.pk, {"month": "2026-12"}
    )
    (quarter,) = page.context["meeting_figures"]["quarters"]
    # 15 December: the quarter is not over, so nobody is behind yet.
    assert (quarter["held"], quarter["stations"], quarter["complete"]) == (1, 2, False)
    page = _get(
        client,
        staff_a,
        "supervision:supervision_township",
        township_a.pk,
        {"start": "2026-10-01", "end": "2026-11-30"},
    )
    (quarter,) = page.context["meeting_figures"]["quarters"]
    assert quarter["through"] == datetime.date(2026, 11, 30)


# Spot checks and ratings -------------------------------------------------------


def test_the_township_page_shows_known_and_knows_rates_and_who_is_most_and_least_seen(
    client, staff_a, reported, november, township_a
):
    page = _get(client, staff_a, "supervision:supervision_township", township_a.pk)
    spot = page.context["spot_figures"]
    assert spot["spot_checks"] == 1
    assert (spot["reached"], spot["answered"]) == (1, 1)
    assert spot["known_rate"] == pytest.approx(2 / 3)
    assert spot["knows_rate"] == 1
    assert spot["ratings"] == 5 and spot["satisfaction"] == pytest.approx(0.8)
    assert spot["most_seen"] == [november.chief]
    assert set(spot["least_seen"]) == {november.member, november.wang}
    assert "66.7%" in page.text and "80.0%" in page.text
    most = page.text.split('class="most-seen">')[1].split("</dd>")[0]
    assert most == november.chief.name


def test_the_station_page_shows_its_own_members_spot_figures(
    client, staff_a, reported, november, station_a
):
    page = _get(client, staff_a, "supervision:supervision_station", station_a.pk)
    spot = page.context["spot_figures"]
    # 王明's rating was given at 白水村.
    assert spot["ratings"] == 4 and spot["satisfaction"] == pytest.approx(0.75)
    assert spot["most_seen"] == [november.chief]
    assert spot["least_seen"] == [november.member]
    members = {row["cadre"]: row for row in page.context["members"]}
    assert members[november.chief]["spot"]["seen"] == pytest.approx(0.875)
    assert members[november.member]["spot"]["ratings"] == 2
    assert members[november.wang]["spot"] is None
    assert "87.5%" in page.text


def test_another_townships_ratings_never_reach_a_townships_page(
    client, staff_a, reported, township_a, station_b
):
    rate(station_b, reported.b_member, Rating.Value.NOT_SATISFIED)
    page = _get(client, staff_a, "supervision:supervision_township", township_a.pk)
    assert page.context["spot_figures"]["ratings"] == 5
    assert reported.b_member not in page.context["spot_figures"]["least_seen"]


# The members filter --------------------------------------------------------------


def test_the_station_members_filter_by_name_and_role(
    client, staff_a, november, station_a, cadre_user
):
    page = _get(
        client, staff_a, "supervision:supervision_station", station_a.pk, {**NOV, "member": "王"}
    )
    assert [row["cadre"] for row in page.context["members"]] == [november.wang]
    page = _get(
        client, staff_a, "supervision:supervision_station", station_a.pk, {**NOV, "role": "chief"}
    )
    assert [row["cadre"] for row in page.context["members"]] == [november.chief]
    # The visit list keeps its own filter: all five visits of November at 高石村.
    assert len(page.context["page"]) == 5


def test_a_bad_role_is_refused_with_a_message_not_an_error(client, staff_a, station_a):
    page = _get(
        client, staff_a, "supervision:supervision_station", station_a.pk, {**NOV, "role": "boss"}
    )
    assert page.context["members"] == []
    assert "role" in page.context["member_filter"].errors


# Query budgets -------------------------------------------------------------------


def _grow(township, size, wang):
    """``size`` more stations, each with a member, a meeting, a deed and a rating."""
    for _ in range(size):
        station = f.StationFactory(village=f.VillageFactory(township=township))
        member = f.CadreFactory(township=township)
        f.AssignmentFactory(cadre=member, station=station)
        meeting(station, Meeting.Kind.CONCERN_ANALYSIS, at(11, 8), [member, wang], 10)
        deed(station, Deed.Category.OTHER, datetime.date(2026, 11, 9), [member, wang], "10", 1)
        rate(station, member, Rating.Value.SATISFIED)
        f.VisitFactory(station=station, author=member, occurred_at=at(11, 4))


@pytest.mark.parametrize(
    ("name", "budget"),
    # The township page counts reminders sent (one query); the member page reads its paired
    # households' last visits and its days together (three). +2 county and township, +1
    # station: a finished month whose card rollups are not written yet asks them first,
    # then the households (per row and in total).
    [("county", 27), ("township", 34), ("station", 33), ("member", 26)],
)
def test_the_pages_with_meetings_and_ratings_cost_the_same_queries_at_any_size(
    client,
    supervisor,
    reported,
    november,
    township_a,
    station_a,
    name,
    budget,
    django_assert_max_num_queries,
):
    client.force_login(supervisor)
    pk = {
        "county": supervisor.county_id,
        "township": township_a.pk,
        "station": station_a.pk,
        "member": november.wang.pk,
    }[name]
    for size in (1, 20):
        _grow(township_a, size, november.wang)
        if name == "station":
            f.AssignmentFactory(station=station_a)
        with django_assert_max_num_queries(budget):
            response = client.get(reverse(f"supervision:supervision_{name}", args=[pk]), NOV)
        assert response.status_code == 200
