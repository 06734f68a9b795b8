"""The county's list of its townships' annual plans (issue 15): each township's stations'
plans of a year counted on track or behind, its stations without a plan named; read by
the county's supervisor and the city's, nobody else; a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cadres.models import User
from stations.models import AnnualPlan, Measure, PlanItem, PlanState
from tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _plan(station, state=PlanState.DRAFT, **targets):
    plan = AnnualPlan.objects.create(station=station, year=YEAR, state=state)
    for measure, target in targets.items():
        PlanItem.objects.create(plan=plan, measure=measure, target=target)
    return plan


@pytest.fixture
def county_of_plans(county, township_a, township_b, station_a, station_a2, station_b):
    # Township A: station A's approved plan aims at 0 visits, done from the first day
    # (on track); station A2's submitted plan aims at 1,000 visits with none logged, so
    # behind whatever today is (1,000 × 1 / 366 ≥ 2 are due already on 1 January).
    _plan(station_a, PlanState.APPROVED, **{Measure.VISITS: 0})
    _plan(station_a2, PlanState.SUBMITTED, **{Measure.VISITS: 1000})
    # Township B: station B's draft has no target yet (neither on track nor behind);
    # 岩口村 has no plan.
    _plan(station_b)
    f.StationFactory(village=f.VillageFactory(township=township_b, name="岩口村"))
    # Another county's plan is not counted.
    elsewhere = f.TownshipFactory(county=f.CountyFactory(name="邵阳县"), name="外乡")
    _plan(f.StationFactory(village=f.VillageFactory(township=elsewhere, name="外村")))
    return county


def _rows(response):
    return {r["township"].name: r for r in response.context["rows"]}


def test_each_township_is_counted_by_hand(client, supervisor, county_of_plans):
    client.force_login(supervisor)
    response = client.get(reverse("plans:county_plans", args=[county_of_plans.pk]))
    assert response.status_code == 200
    rows = _rows(response)
    assert set(rows) == {"石门乡", "金石桥镇"}
    a, b = rows["石门乡"], rows["金石桥镇"]
    # 石门乡: 2 stations, 2 plans, 1 approved, 1 on track, 1 behind, none without.
    assert (a["stations"], a["with_plan"], a["approved"]) == (2, 2, 1)
    assert (a["on_track"], a["behind"], a["without_plan"]) == (1, 1, [])
    # 金石桥镇: 2 stations, 1 plan (a draft without targets), 岩口村 without a plan.
    assert (b["stations"], b["with_plan"], b["approved"]) == (2, 1, 0)
    assert (b["on_track"], b["behind"]) == (0, 0)
    assert [s.village.name for s in b["without_plan"]] == ["岩口村"]
    assert "岩口村" in response.text
    assert "外乡" not in response.text
    assert reverse("plans:township_plans_of", args=[rows["石门乡"]["township"].pk, YEAR]) in (
        response.text
    )


def test_the_city_supervisor_reads_a_county_of_the_city(client, county_of_plans):
    county_of_plans.prefecture = f.PrefectureFactory(name="邵阳市")
    county_of_plans.save()
    city = f.UserFactory(
        username="city", role=User.Role.PREFECTURE, prefecture=county_of_plans.prefecture
    )
    client.force_login(city)
    response = client.get(reverse("plans:county_plans", args=[county_of_plans.pk]))
    assert response.status_code == 200
    assert _rows(response)["石门乡"]["behind"] == 1


def test_others_are_refused(client, county_of_plans, other_supervisor, staff_a, cadre_user):
    url = reverse("plans:county_plans", args=[county_of_plans.pk])
    client.force_login(other_supervisor)
    assert client.get(url).status_code == 404
    client.force_login(staff_a)
    assert client.get(url).status_code == 403
    client.force_login(cadre_user)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_methods_and_years(client, supervisor, county_of_plans):
    client.force_login(supervisor)
    pk = county_of_plans.pk
    assert client.post(reverse("plans:county_plans", args=[pk])).status_code == 405
    assert client.get(reverse("plans:county_plans_of", args=[pk, 1999])).status_code == 404
    assert client.get(reverse("plans:county_plans_of", args=[pk, YEAR + 2])).status_code == 404
    last_year = client.get(reverse("plans:county_plans_of", args=[pk, YEAR - 1]))
    assert _rows(last_year)["石门乡"]["with_plan"] == 0


def test_the_county_bar_links_to_the_plans(client, supervisor, county):
    client.force_login(supervisor)
    html = client.get(reverse("supervision:supervision_county", args=[county.pk])).text
    assert reverse("plans:county_plans", args=[county.pk]) in html


def test_the_list_keeps_its_queries(
    client, supervisor, county_of_plans, django_assert_max_num_queries
):
    client.force_login(supervisor)
    url = reverse("plans:county_plans", args=[county_of_plans.pk])

    def grow(n):
        for _ in range(n):
            k = AnnualPlan.objects.count()
            township = f.TownshipFactory(county=county_of_plans, name=f"新乡{k}")
            for j in range(2):
                station = f.StationFactory(
                    village=f.VillageFactory(township=township, name=f"新村{k}{j}")
                )
                _plan(station, **{Measure.VISITS: 10, Measure.DEEDS: 2})
                f.VisitFactory(station=station, occurred_at=timezone.now())

    grow(1)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    grow(8)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["rows"]) == 11
