"""The contact-card pages: coverage, a station's households, issuing, reissuing, stale cards."""

import datetime

import pytest
from django.urls import reverse

from stations.cards import services as cards
from stations.models import Assignment, ContactCard
from tests import factories as f
from villages.models import Household

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


def _login(client, user):
    client.force_login(user)
    return client


def _grow(station, n, *, carded=0):
    """n households in the station's village, the first ``carded`` of them holding a card."""
    households = [f.HouseholdFactory(village=station.village) for _ in range(n)]
    for household in households[:carded]:
        cards.issue_card(household=household, by=None, today=TODAY)
    return households


@pytest.fixture
def staffed(station_a, chief_user, cadre_user):
    station_a.office_phone = "0739-7123456"
    station_a.save()
    return station_a


# Coverage --------------------------------------------------------------------------


def test_township_coverage_matches_a_hand_count(client, staff_a, staffed, station_a2, township_a):
    _grow(staffed, 4, carded=3)  # 高石村: 3 of 4
    _grow(station_a2, 5, carded=1)  # 白水村: 1 of 5
    f.HouseholdFactory(village=f.VillageFactory(township=township_a, name="无站村"))  # 0 of 1
    old = ContactCard.objects.filter(station=staffed).first()
    cards.reissue_card(card=old, by=staff_a, today=TODAY)  # a voided card does not count twice
    f.ContactCardFactory(station=f.StationFactory(village=f.VillageFactory()))  # elsewhere

    response = _login(client, staff_a).get(reverse("stations:card_township", args=[township_a.pk]))

    assert response.status_code == 200
    rows = {r["village"].name: r for r in response.context["rows"]}
    assert {name: (r["households"], r["carded"], r["coverage"]) for name, r in rows.items()} == {
        "白水村": (5, 1, 20),
        "无站村": (1, 0, 0),
        "高石村": (4, 3, 75),
    }
    assert rows["无站村"]["station"] is None
    totals = response.context["totals"]
    assert (totals["households"], totals["carded"], totals["coverage"]) == (10, 4, 40)
    assert "75%" in response.text
    assert "尚未建站" in response.text


def test_county_coverage_per_township(client, supervisor, staffed, station_b, township_a):
    _grow(staffed, 4, carded=2)
    _grow(station_b, 2, carded=2)
    response = _login(client, supervisor).get(
        reverse("stations:card_county", args=[township_a.county_id])
    )
    assert response.status_code == 200
    rows = {r["township"].name: (r["households"], r["carded"]) for r in response.context["rows"]}
    assert rows == {"石门乡": (4, 2), "金石桥镇": (2, 2)}
    assert response.context["totals"]["coverage"] == 67
    assert reverse("stations:card_township", args=[township_a.pk]) in response.text


# The station's households ----------------------------------------------------------


def test_the_station_page_lists_households_with_their_cards(client, staff_a, staffed):
    with_card, without = _grow(staffed, 2, carded=1)
    response = _login(client, staff_a).get(reverse("stations:station_cards", args=[staffed.pk]))
    assert response.status_code == 200
    card = with_card.cards.get()
    assert card.serial in response.text
    assert reverse("stations:card_reissue", args=[card.pk]) in response.text
    assert reverse("stations:card_issue", args=[without.pk]) in response.text
    assert "未发卡" in response.text


def test_a_supervisor_reads_the_station_cards_but_gets_no_buttons(client, supervisor, staffed):
    _grow(staffed, 2, carded=1)
    response = _login(client, supervisor).get(reverse("stations:station_cards", args=[staffed.pk]))
    assert response.status_code == 200
    assert reverse("stations:station_cards_issue", args=[staffed.pk]) not in response.text
    assert "补发" not in response.text


def test_the_station_page_pages_through_households(client, staff_a, staffed):
    _grow(staffed, 55)
    _login(client, staff_a)
    url = reverse("stations:station_cards", args=[staffed.pk])
    first = client.get(url)
    page = first.context["page"]
    assert len(page.rows) == 50 and page.next_cursor
    second = client.get(url, {"after": page.next_cursor})
    assert len(second.context["page"].rows) == 5
    assert client.get(url, {"after": "not-a-cursor!"}).status_code == 404


# Issuing -----------------------------------------------------------------------------


def test_issuing_for_a_village_from_the_page(client, staff_a, staffed):
    households = _grow(staffed, 3, carded=1)
    response = _login(client, staff_a).post(
        reverse("stations:station_cards_issue", args=[staffed.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("stations:station_cards", args=[staffed.pk])
    assert "已发放2张连心卡" in response.text
    assert all(ContactCard.objects.valid().filter(household=h).count() == 1 for h in households)
    card = ContactCard.objects.filter(household=households[1]).get()
    assert card.issued_by == staff_a


def test_issuing_to_one_household(client, staff_a, staffed):
    (household,) = _grow(staffed, 1)
    response = _login(client, staff_a).post(
        reverse("stations:card_issue", args=[household.pk]), follow=True
    )
    card = household.cards.get()
    assert f"已向{household.head_name}发放连心卡{card.serial}" in response.text


def test_issuing_twice_to_one_household_says_so_and_writes_nothing(client, staff_a, staffed):
    (household,) = _grow(staffed, 1, carded=1)
    response = _login(client, staff_a).post(
        reverse("stations:card_issue", args=[household.pk]), follow=True
    )
    assert response.status_code == 200
    assert "已持有有效的连心卡" in response.text
    assert household.cards.count() == 1


def test_reissuing_from_the_page(client, staff_a, staffed):
    (household,) = _grow(staffed, 1, carded=1)
    old = household.cards.get()
    response = _login(client, staff_a).post(
        reverse("stations:card_reissue", args=[old.pk]), follow=True
    )
    old.refresh_from_db()
    assert old.voided_on is not None
    new = household.cards.valid().get()
    assert f"连心卡{old.serial}已作废" in response.text and new.serial in response.text
    # The voided card cannot be reissued again: it is no longer found.
    assert client.post(reverse("stations:card_reissue", args=[old.pk])).status_code == 404


# Stale cards -------------------------------------------------------------------------


def test_stale_cards_are_listed_per_station_and_reissued(
    client, staff_a, staffed, station_a2, cadre_user
):
    _grow(staffed, 3, carded=3)
    _grow(station_a2, 2, carded=2)
    Assignment.objects.filter(cadre=cadre_user.cadre).update(end_date=TODAY)
    _login(client, staff_a)
    url = reverse("stations:card_stale", args=[staffed.village.township_id])

    response = client.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["station"], r["stale"], r["departed"]) for r in rows] == [
        (staffed, 3, [cadre_user.cadre.name])
    ]
    assert "补发全部3张待更新的连心卡" in response.text

    station_page = client.get(reverse("stations:station_cards", args=[staffed.pk]), {"stale": "1"})
    assert len(station_page.context["page"].rows) == 3
    assert "待更新" in station_page.text

    response = client.post(
        reverse("stations:card_reissue_stale", args=[staffed.village.township_id]), follow=True
    )
    assert "已补发3张过期连心卡" in response.text
    assert not cards.stale_cards().exists()
    assert ContactCard.objects.valid().count() == 5
    assert ContactCard.objects.exclude(voided_on=None).count() == 3


def test_reissuing_the_stale_cards_of_one_station(client, staff_a, staffed, station_a2):
    _grow(staffed, 1, carded=1)
    a2_member = f.AssignmentFactory(
        station=station_a2, cadre=f.CadreFactory(township=station_a2.village.township)
    )
    _grow(station_a2, 1, carded=1)
    Assignment.objects.filter(station=staffed).update(end_date=TODAY)
    Assignment.objects.filter(pk=a2_member.pk).update(end_date=TODAY)
    township = staffed.village.township_id
    _login(client, staff_a).post(
        reverse("stations:card_reissue_stale", args=[township]), {"station": station_a2.pk}
    )
    assert set(cards.stale_cards().values_list("station", flat=True)) == {staffed.pk}


def test_reissuing_stale_cards_of_another_townships_station_is_not_found(
    client, staff_a, staffed, station_b
):
    township = staffed.village.township_id
    response = _login(client, staff_a).post(
        reverse("stations:card_reissue_stale", args=[township]), {"station": station_b.pk}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("stations:card_reissue_stale", args=[township]), {"station": "x"}
    )
    assert response.status_code == 404


# Access: place, role, method ---------------------------------------------------------


def _urls(station, household, card):
    township = station.village.township_id
    return {
        "stations:card_township": ("get", reverse("stations:card_township", args=[township])),
        "stations:card_stale": ("get", reverse("stations:card_stale", args=[township])),
        "stations:station_cards": ("get", reverse("stations:station_cards", args=[station.pk])),
        "stations:station_cards_issue": (
            "post",
            reverse("stations:station_cards_issue", args=[station.pk]),
        ),
        "stations:card_issue": ("post", reverse("stations:card_issue", args=[household.pk])),
        "stations:card_reissue": ("post", reverse("stations:card_reissue", args=[card.pk])),
        "stations:card_reissue_stale": (
            "post",
            reverse("stations:card_reissue_stale", args=[township]),
        ),
    }


@pytest.fixture
def targets(staffed):
    household, carded = _grow(staffed, 2)
    card = cards.issue_card(household=carded, by=None, today=TODAY)
    return _urls(staffed, household, card)


@pytest.mark.parametrize(
    "name",
    [
        "stations:card_township",
        "stations:card_stale",
        "stations:station_cards",
        "stations:station_cards_issue",
        "stations:card_issue",
        "stations:card_reissue",
        "stations:card_reissue_stale",
    ],
)
def test_another_townships_cards_are_not_found(client, staff_b, targets, name):
    method, url = targets[name]
    response = getattr(_login(client, staff_b), method)(url)
    assert response.status_code == 404
    assert ContactCard.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "stations:card_township",
        "stations:card_stale",
        "stations:station_cards",
        "stations:station_cards_issue",
        "stations:card_issue",
        "stations:card_reissue",
        "stations:card_reissue_stale",
    ],
)
def test_cadres_may_not_use_the_card_pages(client, cadre_user, targets, name):
    method, url = targets[name]
    response = getattr(_login(client, cadre_user), method)(url)
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "stations:station_cards_issue",
        "stations:card_issue",
        "stations:card_reissue",
        "stations:card_reissue_stale",
    ],
)
def test_supervisors_may_not_issue(client, supervisor, targets, name):
    _method, url = targets[name]
    response = _login(client, supervisor).post(url)
    assert response.status_code == 403
    assert ContactCard.objects.count() == 1


def test_the_county_page_is_for_supervisors_of_that_county(
    client, staff_a, other_supervisor, county
):
    url = reverse("stations:card_county", args=[county.pk])
    assert _login(client, staff_a).get(url).status_code == 403
    assert _login(client, other_supervisor).get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "stations:card_township",
        "stations:card_stale",
        "stations:station_cards",
        "stations:station_cards_issue",
        "stations:card_issue",
        "stations:card_reissue",
        "stations:card_reissue_stale",
    ],
)
def test_anonymous_users_are_sent_to_login(client, targets, name):
    method, url = targets[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    [
        "stations:card_township",
        "stations:card_stale",
        "stations:station_cards",
        "stations:station_cards_issue",
        "stations:card_issue",
        "stations:card_reissue",
        "stations:card_reissue_stale",
    ],
)
def test_the_wrong_method_is_refused(client, staff_a, targets, name):
    method, url = targets[name]
    wrong = "post" if method == "get" else "get"
    response = getattr(_login(client, staff_a), wrong)(url)
    assert response.status_code == 405
    assert ContactCard.objects.count() == 1


def test_a_superuser_may_issue(client, superuser, staffed):
    (household,) = _grow(staffed, 1)
    _login(client, superuser).post(reverse("stations:card_issue", args=[household.pk]))
    assert household.cards.get().issued_by == superuser


# Query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "user_fixture"),
    [
        ("stations:card_township", "staff_a"),
        ("stations:card_county", "supervisor"),
        ("stations:card_stale", "staff_a"),
        ("stations:station_cards", "staff_a"),
        ("station_cards_stale", "staff_a"),
    ],
)
def test_card_pages_cost_the_same_queries_at_any_size(
    client,
    request,
    django_assert_max_num_queries,
    staffed,
    station_a2,
    cadre_user,
    name,
    user_fixture,
):
    user = request.getfixturevalue(user_fixture)
    township = staffed.village.township
    url = {
        "stations:card_township": reverse("stations:card_township", args=[township.pk]),
        "stations:card_county": reverse("stations:card_county", args=[township.county_id]),
        "stations:card_stale": reverse("stations:card_stale", args=[township.pk]),
        "stations:station_cards": reverse("stations:station_cards", args=[staffed.pk]),
        "station_cards_stale": reverse("stations:station_cards", args=[staffed.pk]) + "?stale=1",
    }[name]
    _login(client, user)
    for size in (2, 30):
        _grow(staffed, size, carded=size // 2)
        _grow(station_a2, size, carded=size)
        leaver = f.AssignmentFactory(station=staffed, cadre=f.CadreFactory(township=township))
        _grow(staffed, 1, carded=1)
        Assignment.objects.filter(pk=leaver.pk).update(end_date=TODAY)
        # +3 where stale cards count: what the stations print today (stations, members,
        # township contacts), read once per page; +1 on the stale list for today's issues.
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200
    assert Household.objects.count() > 60


def test_issuing_a_village_costs_the_same_queries_at_any_size(
    client, staff_a, staffed, django_assert_max_num_queries
):
    _login(client, staff_a)
    url = reverse("stations:station_cards_issue", args=[staffed.pk])
    for size in (2, 40):
        _grow(staffed, size)
        with django_assert_max_num_queries(30):
            assert client.post(url).status_code == 302
    assert ContactCard.objects.valid().count() == 42
