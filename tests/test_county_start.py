"""The county's start page ranks its townships and stations with the month's exceptions,
coloured the scorecard way with the thresholds written on the page, sortable (issue 14)."""

# ruff: noqa: F811

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from cadres.models import User
from stations.models import WorkStation
from tests import factories as f
from tests.concern_helpers import office_a, office_b  # noqa: F401
from tests.worklist_helpers import at, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _get(client, supervisor, county, **query):
    client.force_login(supervisor)
    response = client.get(reverse("supervision:county_overview", args=[county.pk]), query)
    assert response.status_code == 200
    return response


def _ranked_names(response):
    table = re.search(r'<table class="scorecard" id="ranking">(.*?)</table>', response.text, re.S)
    return re.findall(r'<td><a href="/townships/\d+/">([^<]+)</a></td>', table.group(1))


def test_townships_are_ranked_with_their_exceptions(
    client, supervisor, world, county, township_a, township_b
):
    response = _get(client, supervisor, county)
    rows = {row.place.pk: row for row in response.context["ranked"]}
    a, b = rows[township_a.pk], rows[township_b.pk]
    assert (a.overdue, a.to_assign, a.missed_duty) == (1, 2, 2)
    assert (b.overdue, b.to_assign, b.missed_duty) == (1, 2, 1)
    assert sorted(row.rank for row in rows.values()) == [1, 2]
    assert [row.rank for row in response.context["ranked"]] == [1, 2]
    for row in rows.values():
        assert row.level in ("green", "amber", "red")


def test_the_thresholds_are_written_on_the_page(client, supervisor, world, county):
    text = _get(client, supervisor, county).text
    assert "颜色怎么定" in text
    assert "不到应达数的50%。" in text  # the county's red line, as the standards set it
    assert 'class="level level-red"' in text


def test_the_ranking_sorts_and_each_row_links_to_the_place(
    client, supervisor, world, county, township_a, township_b
):
    by_name = _ranked_names(_get(client, supervisor, county, sort="name"))
    assert by_name == sorted([township_a.name, township_b.name])
    by_missed = _ranked_names(_get(client, supervisor, county, sort="missed_duty"))
    assert by_missed[0] == township_a.name  # 2 missed duty days against 1
    text = _get(client, supervisor, county, sort="bogus").text
    assert f'href="{reverse("supervision:township_overview", args=[township_a.pk])}"' in text
    assert reverse("concerns:township_concerns", args=[township_a.pk]) + "?tab=overdue" in text


def test_the_stations_furthest_behind_link_to_their_pages(client, supervisor, world, county):
    response = _get(client, supervisor, county)
    worst = response.context["worst_stations"]
    assert worst, "the member with no farmer friends puts 高石 behind"
    for row in worst:
        assert reverse("supervision:supervision_station", args=[row.place.pk]) in response.text


def test_a_county_sees_only_its_townships(client, other_supervisor, world, township_a):
    county = other_supervisor.county
    f.TownshipFactory(county=county, name="别县的乡")
    response = _get(client, other_supervisor, county)
    assert [row.place.name for row in response.context["ranked"]] == ["别县的乡"]
    assert township_a.name not in response.text
    client.force_login(other_supervisor)
    url = reverse("supervision:county_overview", args=[township_a.county_id])
    assert client.get(url).status_code == 404


def test_a_township_without_exceptions_shows_zeros_and_the_page_keeps_its_sort(
    client, supervisor, world, county
):
    quiet = f.TownshipFactory(county=county, name="无事乡")
    response = _get(client, supervisor, county, sort="name")
    row = next(row for row in response.context["ranked"] if row.place == quiet)
    assert (row.overdue, row.to_assign, row.missed_duty) == (0, 0, 0)
    text = response.text
    assert '<option value="name" selected>' in text
    assert '<option value="missed_duty">' in text  # every sort is offered
    with translation.override("zh-hans"):
        start = formats.date_format(datetime.date(2026, 12, 1), "SHORT_DATE_FORMAT")
    assert start in text  # measured from the month's first day


def _worst_names(response):
    table = re.search(
        r'<table class="scorecard" id="worst-stations">(.*?)</table>', response.text, re.S
    )
    return re.findall(r'<td><a href="/supervision/stations/\d+/">([^<]+)</a></td>', table.group(1))


def test_a_station_on_track_is_not_among_those_furthest_behind(
    client, supervisor, world, county, township_a, station_a, station_a2, station_b
):
    # 青山 meets everything due by the 10th: its seven haves, a duty day held on each of the
    # nine days so far (at least the rule's), a visit this month, its member's 10 farmer
    # friends. Every other station is red (no haves): they alone are listed.
    qingshan = f.StationFactory(village=f.VillageFactory(township=township_a, name="青山村"))
    WorkStation.objects.filter(pk=qingshan.pk).update(
        **{name: True for name, _label in WorkStation.SEVEN_HAVES}
    )
    member = f.CadreFactory(township=township_a)
    f.AssignmentFactory(cadre=member, station=qingshan)
    for _ in range(10):
        f.FarmerFriendFactory(cadre=member, village=qingshan.village)
    for day in range(1, 10):
        f.DutyDayFactory(station=qingshan, date=datetime.date(2026, 12, day), held=True)
    f.VisitFactory(station=qingshan, author=member, occurred_at=at(datetime.date(2026, 12, 2)))
    response = _get(client, supervisor, county)
    assert sorted(_worst_names(response)) == sorted(
        [station_a.name, station_a2.name, station_b.name]
    )
    assert qingshan.name not in _worst_names(response)


def test_a_city_login_sees_one_countys_townships_and_stations_on_its_page(
    client, world, county, township_a, township_b, station_a
):
    # The city sees two counties; the page of 隆回县 ranks 隆回县's townships and stations only,
    # never the other county's 别县乡 and its station (red: no haves).
    city = f.PrefectureFactory(name="邵阳市")
    county.prefecture = city
    county.save()
    other = f.CountyFactory(prefecture=city, name="邵东县")
    elsewhere = f.StationFactory(
        village=f.VillageFactory(township=f.TownshipFactory(county=other, name="别县乡"))
    )
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=elsewhere.village.township), station=elsewhere
    )
    user = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=city)
    response = _get(client, user, county)
    assert sorted(_ranked_names(response)) == sorted([township_a.name, township_b.name])
    assert station_a.name in _worst_names(response)
    assert elsewhere.name not in _worst_names(response)
    assert "别县乡" not in response.text
