"""Assessment rounds run by a city (issue 15): one round over all the city's counties,
each station measured against its own county's standards.

The fixture is ``tests.test_assessment``'s world (November 2026, weights 60 / 30 / 10),
with 隆回县 in 邵阳市 and 白水村 (station_a2) moved to 洞口县, a second county of the
city whose standard asks one farmer friend a member where 隆回县 asks two. The city's
round marks 高石村 80.

Recorded work (the scorecard's mean of the cells, as worked in ``test_assessment``):

- 高石村 (隆回县, two friends a member): duty 2/4, haves 6/7, logs 1/1, friends 3/6,
  materials 1/1: (0.5 + 6/7 + 1 + 0.5 + 1) / 5 = 27/35 = 0.771
- 白水村 (洞口县, one friend a member): duty 0/4, haves 7/7, logs 1/1, friends 1/1
  (王明's one friend is all 洞口县 asks), materials 0/1: (0 + 1 + 1 + 1 + 0) / 5 = 0.6
  (against 隆回县's standard it would be 0.5: its own county's standard counts)
- 罗书记 (at 高石村): friends 1/2 = 0.5

What households say: 高石村 2.5 / 4 = 0.625, 白水村 1 / 1 = 1, 罗书记 1.5 / 2 = 0.75.

Totals, ranked:

- 白水村: (60 × 0.6 + 30 × 1) / 90 = 66 / 90 = 0.733 → rank 1
- 高石村: (60 × 0.771 + 30 × 0.625 + 10 × 0.8) / 100 = 0.730 → rank 2
- 县水利局 (白水村's sponsor): 0.733 → rank 1; 县农业农村局: (60 × 0.771 + 30 × 0.625) / 90
  = 0.723 → rank 2
- 罗书记: (60 × 0.5 + 30 × 0.75) / 90 = 0.583
"""

# Fixtures come from tests.supervision_helpers and tests.test_assessment by import; their
# use as arguments redefines them.
# ruff: noqa: F811

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import User
from stations.models import AssessmentNote, AssessmentResult, AssessmentRound, WorkStation
from tests import factories as f
from tests.supervision_helpers import AFTER, freeze, november  # noqa: F401
from tests.test_assessment import computed, world  # noqa: F401
from villages.models import County, Standard, Township, Village
from visits.assessment.results import round_results
from visits.models import Rating

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


@pytest.fixture
def city(world, county, station_a, station_a2, township_a):
    shaoyang = f.PrefectureFactory(name="邵阳市")
    County.objects.filter(pk=county.pk).update(prefecture=shaoyang)
    dongkou = f.CountyFactory(name="洞口县", prefecture=shaoyang)
    shanmen = f.TownshipFactory(county=dongkou, name="山门镇")
    Village.objects.filter(pk=station_a2.village_id).update(township=shanmen)
    Standard.objects.create(county=dongkou, farmer_friends_per_member=1)
    assessment = AssessmentRound.objects.create(
        prefecture=shaoyang,
        title="2026年11月全市考核",
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
    )
    AssessmentNote.objects.create(round=assessment, station=station_a, mark=80, note="台账规范")
    hengyang = f.PrefectureFactory(name="衡阳市")
    user = f.UserFactory
    return SimpleNamespace(
        prefecture=shaoyang,
        dongkou=dongkou,
        round=assessment,
        supervisor=user(username="shaoyang", role=User.Role.PREFECTURE, prefecture=shaoyang),
        dongkou_supervisor=user(username="dongkou", role=User.Role.COUNTY, county=dongkou),
        outsider=user(username="hengyang", role=User.Role.PREFECTURE, prefecture=hengyang),
        outsider_county=user(
            username="hengdong",
            role=User.Role.COUNTY,
            county=f.CountyFactory(name="衡东县", prefecture=hengyang),
        ),
        township=user(username="shimen", role=User.Role.TOWNSHIP, township=township_a),
    )


def _table(rows):
    return [(r.rank, r.name, r.records, r.households, r.mark, r.total) for r in rows]


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _round_data(assessment=None, **change):
    data = {
        "title": assessment.title if assessment else "2026年度全市考核",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "weight_records": 60,
        "weight_households": 30,
        "weight_assessor": 10,
        **change,
    }
    return {k: v for k, v in data.items() if v is not None}


# The figures, by hand --------------------------------------------------------------


def test_each_station_is_measured_against_its_own_countys_standards(city, station_a, station_a2):
    results = round_results(city.round, today=AFTER)
    approx = pytest.approx
    gaoshi = (0.5 + 6 / 7 + 1 + 0.5 + 1) / 5
    assert _table(results["station"]) == [
        (1, station_a2.name, approx(0.6), approx(1.0), None, approx(66 / 90)),
        (2, station_a.name, approx(gaoshi), approx(0.625), 80, approx(0.6 * gaoshi + 0.2675)),
    ]
    unit_total = (60 * gaoshi + 18.75) / 90
    assert _table(results["unit"]) == [
        (1, "县水利局", approx(0.6), approx(1.0), None, approx(66 / 90)),
        (
            2,
            "县农业农村局",
            approx(gaoshi),
            approx(0.625),
            None,
            approx(unit_total),
        ),
    ]
    assert _table(results["cadre"]) == [
        (1, "罗书记", approx(0.5), approx(0.75), None, approx((30 + 22.5) / 90)),
    ]


def test_a_citys_round_holds_the_citys_counties_only(city, station_a, station_a2, station_b):
    """金石村 moves to 衡东县, of another city (衡阳市): never in 邵阳市's round."""
    Township.objects.filter(pk=station_b.village.township_id).update(
        county=city.outsider_county.county
    )
    names = {r.name for r in round_results(city.round, today=AFTER)["station"]}
    assert names == {station_a.name, station_a2.name}


# Who may see and run a city's round ------------------------------------------------


def test_the_city_supervisor_runs_the_round_and_its_counties_supervisors_read_it(
    client, city, supervisor, station_a
):
    detail = city.round.get_absolute_url()
    edit = reverse("assessment:round_edit", args=[city.round.pk])
    note = reverse("assessment:note_edit", args=[city.round.pk, "station", station_a.pk])
    rounds = reverse("assessment:city_round_list", args=[city.prefecture.pk])

    page = _get(client, city.supervisor, rounds)
    assert page.status_code == 200 and city.round.title in page.text
    assert reverse("assessment:city_round_create", args=[city.prefecture.pk]) in page.text
    client.force_login(city.supervisor)
    page = computed(client, city.round)
    assert page.status_code == 200 and edit in page.text and "73.3%" in page.text
    assert _get(client, city.supervisor, note).status_code == 200

    # 隆回县's and 洞口县's supervisors read it (listed on their county's rounds), no more.
    for reader in (supervisor, city.dongkou_supervisor):
        page = _get(client, reader, detail)
        assert page.status_code == 200 and "73.3%" in page.text and edit not in page.text
        assert _get(client, reader, edit).status_code == 403
        assert client.post(edit, _round_data(city.round, title="改")).status_code == 403
        assert _get(client, reader, note).status_code == 403
        own = reverse("assessment:round_list", args=[reader.county_id])
        assert city.round.title in _get(client, reader, own).text
    city.round.refresh_from_db()
    assert city.round.title == "2026年11月全市考核"

    # Another city's supervisors: not theirs to know of.
    for outsider in (city.outsider, city.outsider_county):
        assert _get(client, outsider, detail).status_code == 404
        assert _get(client, outsider, edit).status_code in (403, 404)
    assert _get(client, city.outsider, rounds).status_code == 404
    # A township's staff: not a supervisor's page.
    assert _get(client, city.township, detail).status_code == 403
    assert _get(client, city.township, rounds).status_code == 403
    # A county supervisor runs no city round.
    create = reverse("assessment:city_round_create", args=[city.prefecture.pk])
    assert _get(client, supervisor, create).status_code == 403


def test_the_city_round_list_is_in_the_city_navigation_bar(client, city):
    page = _get(
        client,
        city.supervisor,
        reverse("supervision:prefecture_overview", args=[city.prefecture.pk]),
    )
    assert reverse("assessment:city_round_list", args=[city.prefecture.pk]) in page.text


# Starting a round, and bad input ---------------------------------------------------


def test_the_city_supervisor_starts_a_round_of_the_city(client, city):
    client.force_login(city.supervisor)
    create = reverse("assessment:city_round_create", args=[city.prefecture.pk])
    response = client.post(create, _round_data())
    assert response.status_code == 302
    made = AssessmentRound.objects.get(title="2026年度全市考核")
    assert (made.prefecture, made.county, made.created_by) == (
        city.prefecture,
        None,
        city.supervisor,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weight_records": 50}, "The weights add up to 90%: make them 100%."),
        ({"title": "2026年11月全市考核"}, "The city already has a round of this title."),
        ({"end": "2026-10-01"}, "The last day cannot be before the first day."),
        ({"start": "tomorrow"}, "Enter a valid date."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(
    client, city, change, message
):
    client.force_login(city.supervisor)
    create = reverse("assessment:city_round_create", args=[city.prefecture.pk])
    before = list(AssessmentRound.objects.values_list("pk", "title", "start", "end"))
    response = client.post(create, _round_data(**change), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(AssessmentRound.objects.values_list("pk", "title", "start", "end")) == before


def test_a_city_without_counties_runs_no_round(client, city):
    empty = f.PrefectureFactory(name="空市")
    lonely = f.UserFactory(username="empty", role=User.Role.PREFECTURE, prefecture=empty)
    client.force_login(lonely)
    create = reverse("assessment:city_round_create", args=[empty.pk])
    response = client.post(create, _round_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The city has no counties yet" in response.content.decode()
    assert not AssessmentRound.objects.filter(prefecture=empty).exists()


def test_a_round_is_a_countys_or_a_citys_never_both_nor_neither(city, county):
    from django.db import IntegrityError, transaction

    for place in ({}, {"county": county, "prefecture": city.prefecture}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AssessmentRound.objects.create(
                title="两者",
                start=datetime.date(2026, 1, 1),
                end=datetime.date(2026, 1, 2),
                **place,
            )


# Published and frozen --------------------------------------------------------------


def test_a_published_city_result_stays_as_published(client, city, station_a2):
    client.force_login(city.supervisor)
    edit = reverse("assessment:round_edit", args=[city.round.pk])
    assert client.post(edit, _round_data(city.round, published="on")).status_code == 302
    city.round.refresh_from_db()
    assert city.round.published and city.round.frozen_at is not None
    assert AssessmentResult.objects.filter(round=city.round).count() == 5
    public = client.get(city.round.get_public_url())
    assert public.status_code == 200 and "73.3%" in public.text and "邵阳市" in public.text

    # 洞口县 raises its standard to two friends a member: recomputed, 白水村 falls to
    # (0 + 1 + 1 + 0.5 + 0) / 5 = 0.5 and (60 × 0.5 + 30) / 90 = 0.667; as published: 0.733.
    Standard.objects.filter(county=city.dongkou).update(farmer_friends_per_member=2)
    assert round_results(city.round, today=AFTER)["station"][1].total == pytest.approx(60 / 90)
    for url in (city.round.get_absolute_url(), city.round.get_public_url()):
        page = client.get(url)
        assert "73.3%" in page.text and "66.7%" not in page.text

    # Withdrawn with a reason: computed from the records again.
    response = client.post(edit, _round_data(city.round, withdraw_reason="台账更正"))
    assert response.status_code == 302
    assert not AssessmentResult.objects.filter(round=city.round).exists()
    assert "66.7%" in computed(client, city.round).text


# Queries ---------------------------------------------------------------------------


def _county_with_a_station(city, k):
    """One more county of the city, with a station rated by its member."""
    county = f.CountyFactory(name=f"新县{k}", prefecture=city.prefecture)
    _station_with_a_member(f.TownshipFactory(county=county, name=f"新镇{k}"), k)


def _station_with_a_member(township, k):
    station = f.StationFactory(village=f.VillageFactory(township=township, name=f"新村{k}"))
    cadre = f.CadreFactory(township=township)
    f.AssignmentFactory(cadre=cadre, station=station)
    Rating.objects.create(
        station=station,
        cadre=cadre,
        household=f.HouseholdFactory(village=station.village),
        value="satisfied",
        rated_on=datetime.date(2026, 11, 3),
    )


def _cost(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", ["detail", "export", "public", "list"])
def test_a_city_page_costs_a_fixed_number_of_queries_whatever_its_counties_and_stations(
    client, city, township_a, name
):
    """A round's pages cost the same at one county and three, with one station a county
    or four, although each county is measured against its own standards."""
    AssessmentRound.objects.filter(pk=city.round.pk).update(published=True)
    url = {
        "detail": city.round.get_absolute_url(),
        "export": reverse("assessment:round_export", args=[city.round.pk, "xlsx"]),
        "public": city.round.get_public_url(),
        "list": reverse("assessment:city_round_list", args=[city.prefecture.pk]),
    }[name]
    client.force_login(city.supervisor)
    # One county alone first: 洞口县 and its station go to another city.
    County.objects.filter(pk=city.dongkou.pk).update(prefecture=f.PrefectureFactory(name="别市"))
    client.get(url)  # the session and the caches, once
    one = _cost(client, url)
    County.objects.filter(pk=city.dongkou.pk).update(prefecture=city.prefecture)
    two = _cost(client, url)
    _county_with_a_station(city, 0)
    assert WorkStation.objects.in_place(prefecture=city.prefecture).count() == 3
    three = _cost(client, url)
    for k, township in enumerate(Township.objects.in_place(prefecture=city.prefecture)):
        for j in range(3):
            _station_with_a_member(township, f"{k}-{j}")
    assert WorkStation.objects.in_place(prefecture=city.prefecture).count() == 12
    assert _cost(client, url) == three
    assert one == two == three
