"""The public station page the QR code on a card opens: no login, no household data."""

import pytest
from django.urls import reverse

from stations.cards import services as cards
from stations.models import Assignment
from tests import factories as f
from villages.models import ErrandGuide

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_station(station_a, chief_user, cadre_user):
    station_a.office_phone = "0739-7123456"
    station_a.office_address = "高石村村部二楼"
    station_a.duty_rule = "month_days"
    station_a.duty_days = "5,15,25"
    station_a.save()
    township = station_a.village.township
    ErrandGuide.objects.create(
        township=township, kind=ErrandGuide.Kind.CIVIL_AFFAIRS, text="低保申请：带户口本到村委会"
    )
    ErrandGuide.objects.create(
        township=f.TownshipFactory(county=township.county, name="别的乡"),
        kind=ErrandGuide.Kind.HEALTH,
        text="别的乡的办事指南",
    )
    return station_a


def test_anyone_can_open_the_public_page(client, public_station, chief_user, cadre_user):
    response = client.get(reverse("stations:station_public", args=[public_station.pk]))
    assert response.status_code == 200
    text = response.text
    assert public_station.name in text
    assert "高石村" in text and "石门乡" in text
    assert "每月5、15、25日" in text
    for user in (chief_user, cadre_user):
        assert user.cadre.name in text and user.cadre.phone in text
    assert text.index(chief_user.cadre.name) < text.index(cadre_user.cadre.name)
    assert "站长" in text
    assert "0739-7123456" in text and "高石村村部二楼" in text
    # The four maps: the township's own guide, the others say whom to ask.
    assert "低保申请：带户口本到村委会" in text
    assert "别的乡的办事指南" not in text
    assert text.count("请咨询工作站站员") == 3
    assert "民政" in text


def test_the_public_page_shows_no_household_data(client, public_station):
    household = f.HouseholdFactory(
        village=public_station.village, head_name="王秀英", phone="13912345678"
    )
    cards.issue_card(household=household, by=None)
    f.VisitFactory(station=public_station, household=household, seen="家里漏雨")
    response = client.get(reverse("stations:station_public", args=[public_station.pk]))
    assert "王秀英" not in response.text
    assert "13912345678" not in response.text
    assert "家里漏雨" not in response.text
    assert household.cards.get().serial not in response.text


def test_members_who_left_are_not_on_the_public_page(client, public_station, cadre_user):
    Assignment.objects.filter(cadre=cadre_user.cadre).update(end_date="2026-11-01")
    response = client.get(reverse("stations:station_public", args=[public_station.pk]))
    assert cadre_user.cadre.name not in response.text


def test_any_logged_in_user_sees_the_same_public_page(client, public_station, staff_b):
    client.force_login(staff_b)  # another township: the page is public all the same
    assert (
        client.get(reverse("stations:station_public", args=[public_station.pk])).status_code == 200
    )


def test_an_unknown_station_is_not_found(client, db):
    assert client.get(reverse("stations:station_public", args=[999999])).status_code == 404


def test_the_public_page_refuses_post(client, public_station):
    response = client.post(reverse("stations:station_public", args=[public_station.pk]))
    assert response.status_code == 405


def test_the_public_page_costs_the_same_queries_at_any_size(
    client, public_station, django_assert_max_num_queries
):
    url = reverse("stations:station_public", args=[public_station.pk])
    for size in (1, 20):
        for _ in range(size):
            cadre = f.CadreFactory(township=public_station.village.township)
            f.AssignmentFactory(station=public_station, cadre=cadre)
            f.HouseholdFactory(village=public_station.village)
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
