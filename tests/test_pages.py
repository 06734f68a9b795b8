"""Start pages: each role lands on its own page; other places are 404, other roles 403."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_anonymous_users_are_sent_to_login(client, station_a):
    for url in ["/", reverse("stations:station_detail", args=[station_a.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("user_fixture", "target"),
    [
        ("cadre_user", "today"),
        ("chief_user", "today"),
        ("staff_a", "township"),
        ("supervisor", "county"),
        ("superuser", "admin"),
    ],
)
def test_home_sends_each_role_to_its_start_page(client, request, user_fixture, target):
    user = request.getfixturevalue(user_fixture)
    station_a = request.getfixturevalue("station_a")
    expected = {
        "today": reverse("visits:today"),
        "township": reverse("supervision:township_overview", args=[station_a.village.township_id]),
        "county": reverse(
            "supervision:county_overview", args=[station_a.village.township.county_id]
        ),
        "admin": reverse("admin:index"),
    }[target]
    response = _login(client, user).get("/")
    assert response.status_code == 302
    assert response.url == expected


def test_a_cadre_whose_assignments_all_ended_is_told_they_have_no_place(client, cadre_user):
    cadre_user.cadre.assignments.update(end_date="2026-06-30")
    response = _login(client, cadre_user).get("/")
    assert response.status_code == 200
    assert "尚未分配" in response.text


def test_a_login_without_a_place_is_told_so(client):
    response = _login(client, f.UserFactory()).get("/")
    assert response.status_code == 200
    assert "尚未分配" in response.text


def test_the_station_page_shows_members_and_duty(client, cadre_user, chief_user, station_a):
    f.DutyDayFactory(station=station_a, cadre=chief_user.cadre)
    response = _login(client, cadre_user).get(
        reverse("stations:station_detail", args=[station_a.pk])
    )
    assert response.status_code == 200
    assert station_a.name in response.text
    assert chief_user.cadre.name in response.text
    assert "站长" in response.text


@pytest.mark.parametrize("user_fixture", ["cadre_user", "chief_user", "staff_a", "supervisor"])
def test_the_station_page_opens_for_everyone_whose_place_holds_it(
    client, request, user_fixture, station_a
):
    user = request.getfixturevalue(user_fixture)
    response = _login(client, user).get(reverse("stations:station_detail", args=[station_a.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("user_fixture", ["cadre_user", "staff_b", "other_supervisor"])
def test_a_station_outside_the_users_place_is_not_found(client, request, user_fixture, station_a2):
    user = request.getfixturevalue(user_fixture)
    station = station_a2
    if user_fixture != "cadre_user":
        station = request.getfixturevalue("station_a")
    response = _login(client, user).get(reverse("stations:station_detail", args=[station.pk]))
    assert response.status_code == 404


def test_the_township_overview_lists_its_stations_only(client, staff_a, station_a, station_b):
    url = reverse("supervision:township_overview", args=[staff_a.township_id])
    response = _login(client, staff_a).get(url)
    assert response.status_code == 200
    assert station_a.name in response.text
    assert station_b.name not in response.text


def test_another_townships_overview_is_not_found(client, staff_b, township_a):
    response = _login(client, staff_b).get(
        reverse("supervision:township_overview", args=[township_a.pk])
    )
    assert response.status_code == 404


def test_a_cadre_may_not_open_a_township_overview(client, cadre_user, township_a):
    response = _login(client, cadre_user).get(
        reverse("supervision:township_overview", args=[township_a.pk])
    )
    assert response.status_code == 403


def test_a_supervisor_drills_down_from_county_to_township(client, supervisor, township_a):
    county_url = reverse("supervision:county_overview", args=[supervisor.county_id])
    response = _login(client, supervisor).get(county_url)
    assert response.status_code == 200
    assert township_a.get_absolute_url() in response.text
    # Its columns are counts, and say so.
    assert '<th class="num">村数</th><th class="num">工作站数</th>' in response.text
    assert client.get(township_a.get_absolute_url()).status_code == 200


def test_township_staff_may_not_open_the_county_overview(client, staff_a, county):
    response = _login(client, staff_a).get(reverse("supervision:county_overview", args=[county.pk]))
    assert response.status_code == 403


def test_another_countys_overview_is_not_found(client, other_supervisor, county):
    response = _login(client, other_supervisor).get(
        reverse("supervision:county_overview", args=[county.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "user_fixture"),
    [
        ("stations:station_detail", "cadre_user"),
        ("supervision:township_overview", "staff_a"),
        ("supervision:county_overview", "supervisor"),
    ],
)
def test_start_pages_refuse_post(client, request, name, user_fixture, station_a):
    user = request.getfixturevalue(user_fixture)
    pk = {
        "stations:station_detail": station_a.pk,
        "supervision:township_overview": station_a.village.township_id,
        "supervision:county_overview": station_a.village.township.county_id,
    }[name]
    response = _login(client, user).post(reverse(name, args=[pk]))
    assert response.status_code == 405


def _grow(station, n):
    """Add n households, cadres, cards, duty days and visits at the station."""
    for _ in range(n):
        household = f.HouseholdFactory(village=station.village)
        cadre = f.CadreFactory(township=station.village.township)
        f.AssignmentFactory(cadre=cadre, station=station)
        f.ContactCardFactory(household=household, station=station)
        f.VisitFactory(station=station, author=cadre, household=household)


@pytest.mark.parametrize(
    ("name", "user_fixture"),
    [
        ("stations:station_detail", "cadre_user"),
        ("supervision:township_overview", "staff_a"),
        ("supervision:county_overview", "supervisor"),
    ],
)
def test_start_pages_cost_the_same_queries_at_any_size(
    client, request, django_assert_max_num_queries, name, user_fixture, station_a, station_a2
):
    user = request.getfixturevalue(user_fixture)
    pk = {
        "stations:station_detail": station_a.pk,
        "supervision:township_overview": station_a.village.township_id,
        "supervision:county_overview": station_a.village.township.county_id,
    }[name]
    url = reverse(name, args=[pk])
    _login(client, user)
    # The township's and the county's start pages measure the month against the standards
    # (the worklist's members below quota, the county's ranking): a fixed number of queries.
    budget = {
        # +6: last month's materials (its row, the county's standard, the three incomplete
        # counts, whether the reader is the chief who may submit it).
        "stations:station_detail": 18,
        # +3: what the stations print on a card today, to count the stale cards.
        "supervision:township_overview": 33,
        "supervision:county_overview": 26,
    }[name]
    counts = []
    for size in (1, 15):
        _grow(station_a, size)
        _grow(station_a2, size)
        with django_assert_max_num_queries(budget) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_not_found_and_not_allowed_pages_speak_chinese(client, cadre_user, staff_b, township_a):
    _login(client, staff_b)
    response = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    assert response.status_code == 404
    assert "页面不存在" in response.text
    _login(client, cadre_user)
    response = client.get(reverse("supervision:township_overview", args=[township_a.pk]))
    assert response.status_code == 403
    assert "无权" in response.text


def test_office_staff_land_on_their_office_inbox(client, township_a):
    from cadres.models import Office

    office = Office.objects.create(
        township=township_a, name="民政办", kind=Office.Kind.CIVIL_AFFAIRS
    )
    user = f.UserFactory(role="office", office=office)
    response = _login(client, user).get("/")
    assert response.status_code == 302
    assert response.url == reverse("concerns:office_concerns", args=[office.pk])
    assert client.get(response.url).status_code == 200
