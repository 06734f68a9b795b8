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
    response = client.get(public_station.get_public_url())
    assert response.status_code == 200
    text = response.text
    assert public_station.name in text
    assert "高石村" in text and "石门乡" in text
    assert "每月5日、15日、25日" in text
    for user in (chief_user, cadre_user):
        assert user.cadre.name in text
    assert text.index(chief_user.cadre.name) < text.index(cadre_user.cadre.name)
    assert "站长" in text
    assert "0739-7123456" in text and "高石村村部二楼" in text
    # The duty phone comes first, before the duty day and the members.
    assert text.index("0739-7123456") < text.index("每月5日、15日、25日")
    assert text.index("0739-7123456") < text.index(chief_user.cadre.name)
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
    response = client.get(public_station.get_public_url())
    assert "王秀英" not in response.text
    assert "13912345678" not in response.text
    assert "家里漏雨" not in response.text
    assert household.cards.get().serial not in response.text


def test_members_who_left_are_not_on_the_public_page(client, public_station, cadre_user):
    Assignment.objects.filter(cadre=cadre_user.cadre).update(end_date="2026-11-01")
    response = client.get(public_station.get_public_url())
    assert cadre_user.cadre.name not in response.text


def test_any_logged_in_user_sees_the_same_public_page(client, public_station, staff_b):
    client.force_login(staff_b)  # another township: the page is public all the same
    assert client.get(public_station.get_public_url()).status_code == 200


def test_an_unknown_station_is_not_found(client, db):
    url = reverse("stations:station_public", args=["AAAAAAAAAAAA"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("stations:station_public_retired", args=[999999])).status_code == 404


# Not enumerable: the address carries a random key, not the station's number.


def test_the_public_address_is_random_not_a_counter(public_station, station_b):
    url = public_station.get_public_url()
    assert str(public_station.pk) not in url.replace(public_station.public_key, "")
    assert public_station.public_key != station_b.public_key
    assert len(public_station.public_key) >= 12


def test_the_old_numbered_address_shows_no_member_or_mobile(
    client, public_station, chief_user, cadre_user
):
    """Cards printed before the keys carry /stations/<number>/public/: a household
    scanning one learns the duty phone and that the card is out of date, and
    counting through the numbers yields no cadre's name or mobile."""
    for user in (chief_user, cadre_user):
        user.cadre.phone_public_since = "2026-01-05"
        user.cadre.save()
    response = client.get(reverse("stations:station_public_retired", args=[public_station.pk]))
    assert response.status_code == 410
    assert public_station.name in response.text and "0739-7123456" in response.text
    assert "联系卡" in response.text  # ask for a new card
    for user in (chief_user, cadre_user):
        assert user.cadre.name not in response.text
        assert user.cadre.phone not in response.text


# Consent: a member's mobile shows only if they agreed to publish it.


def test_only_members_who_agreed_show_their_mobile(client, public_station, chief_user, cadre_user):
    chief_user.cadre.phone_public_since = "2026-01-05"
    chief_user.cadre.save()
    text = client.get(public_station.get_public_url()).text
    assert chief_user.cadre.phone in text
    assert cadre_user.cadre.name in text and cadre_user.cadre.phone not in text


def test_the_public_page_refuses_post(client, public_station):
    response = client.post(public_station.get_public_url())
    assert response.status_code == 405


def test_the_public_page_costs_the_same_queries_at_any_size(
    client, public_station, django_assert_max_num_queries
):
    url = public_station.get_public_url()
    for size in (1, 20):
        for _ in range(size):
            cadre = f.CadreFactory(township=public_station.village.township)
            f.AssignmentFactory(station=public_station, cadre=cadre)
            f.HouseholdFactory(village=public_station.village)
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
