"""Farmer friends (农民朋友), each member's own register apart from the pairings: township
staff add, correct and end them; the ≥10 quota counts friends, never pairings (issue 14)."""

# Fixtures come from tests.supervision_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime

import pytest
from django.urls import reverse

from stations.models import FarmerFriend, WorkStation
from tests import factories as f
from tests.supervision_helpers import AFTER, NOVEMBER, freeze, november  # noqa: F401
from villages.models import Standard
from visits.supervision import activity
from visits.supervision.shortfalls import shortfalls

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december(monkeypatch):
    freeze(monkeypatch)


def _form(village, **changes):
    return {
        "name": "刘 大爷",
        "village": village.pk,
        "who": "老党员",
        "phone": "139 0739 1234",
        "since": "2026-03-01",
        **changes,
    }


# The register pages -------------------------------------------------------------------


def test_staff_add_a_friend_for_a_member_of_their_township(client, staff_a, cadre_user, station_a):
    member = cadre_user.cadre
    client.force_login(staff_a)
    url = reverse("stations:friend_create", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(station_a.village))
    assert response.status_code == 302
    friend = FarmerFriend.objects.get()
    assert (friend.cadre, friend.name, friend.phone) == (member, "刘大爷", "13907391234")
    assert friend.since == datetime.date(2026, 3, 1) and friend.ended_on is None
    page = client.get(reverse("stations:friend_list", args=[member.pk]))
    assert "刘大爷" in page.text and "老党员" in page.text
    # A villager's phone is personal: masked in the list, even for the staff who typed it.
    assert "139****1234" in page.text and "13907391234" not in page.text
    assert "目前有1个农民朋友" in page.text and "低于标准" in page.text
    assert friend.history.count() == 1


def test_the_friends_village_is_one_of_the_members_township(client, staff_a, cadre_user, station_b):
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:friend_create", args=[cadre_user.cadre.pk]), _form(station_b.village)
    )
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.text
    assert not FarmerFriend.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写朋友的姓名"),
        ({"since": "2027-01-01"}, "不能从将来开始"),
        ({"phone": "123"}, "电话"),
    ],
)
def test_bad_friend_input_is_explained_in_chinese(
    client, staff_a, cadre_user, station_a, changes, message
):
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:friend_create", args=[cadre_user.cadre.pk]),
        _form(station_a.village, **changes),
    )
    assert response.status_code == 400
    assert message in response.text
    assert not FarmerFriend.objects.exists()


def test_the_same_friend_twice_is_refused_in_chinese(client, staff_a, cadre_user, station_a):
    f.FarmerFriendFactory(cadre=cadre_user.cadre, village=station_a.village, name="刘大爷")
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:friend_create", args=[cadre_user.cadre.pk]), _form(station_a.village)
    )
    assert response.status_code == 400
    assert "已有同名的农民朋友" in response.text
    assert FarmerFriend.objects.count() == 1


def test_staff_end_a_friendship_and_it_stays_in_the_register(
    client, staff_a, cadre_user, station_a
):
    friend = f.FarmerFriendFactory(
        cadre=cadre_user.cadre, village=station_a.village, since=datetime.date(2026, 3, 1)
    )
    client.force_login(staff_a)
    url = reverse("stations:friend_end", args=[friend.pk])
    assert client.get(url).status_code == 200
    # Before the friendship began: refused, nothing written.
    early = client.post(url, {"ended_on": "2026-02-01"})
    assert early.status_code == 400 and "2026-03-01" in early.text
    friend.refresh_from_db()
    assert friend.ended_on is None
    assert client.post(url, {"ended_on": "2026-11-20"}).status_code == 302
    friend.refresh_from_db()
    assert friend.ended_on == datetime.date(2026, 11, 20)
    page = client.get(reverse("stations:friend_list", args=[cadre_user.cadre.pk]))
    assert friend.name in page.text and "2026-11-20" in page.text


def test_staff_correct_a_friend(client, staff_a, cadre_user, station_a, station_a2):
    friend = f.FarmerFriendFactory(cadre=cadre_user.cadre, village=station_a.village)
    client.force_login(staff_a)
    url = reverse("stations:friend_edit", args=[friend.pk])
    response = client.post(url, _form(station_a2.village, name="陈三"))
    assert response.status_code == 302
    friend.refresh_from_db()
    assert (friend.name, friend.village) == ("陈三", station_a2.village)


def test_the_cadre_page_leads_to_the_friends(client, staff_a, cadre_user, station_a):
    f.FarmerFriendFactory(cadre=cadre_user.cadre, village=station_a.village)
    f.FarmerFriendFactory(
        cadre=cadre_user.cadre, village=station_a.village, ended_on=datetime.date(2026, 6, 1)
    )
    client.force_login(staff_a)
    page = client.get(reverse("cadres:cadre_detail", args=[cadre_user.cadre.pk]))
    assert reverse("stations:friend_list", args=[cadre_user.cadre.pk]) in page.text
    assert page.context["friends_now"] == 1


def test_the_friend_pages_run_a_fixed_number_of_queries(
    client, staff_a, cadre_user, station_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    for n in (1, 30):
        for _ in range(n):
            f.FarmerFriendFactory(cadre=cadre_user.cadre, village=station_a.village)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("stations:friend_list", args=[cadre_user.cadre.pk]))
        assert response.status_code == 200
        with django_assert_max_num_queries(8):
            client.get(reverse("stations:friend_create", args=[cadre_user.cadre.pk]))


# The quota counts friends, not pairings -------------------------------------------------


def test_the_quota_counts_friends_not_pairings(november, county, township_a, station_a):
    """The standard is 10 friends. On 30 November:

    - the chief has 12 paired households and 3 friends (one more ended on 29 November,
      one begins on 1 December): 3 friends → behind, 3 of 10;
    - 王明 has 10 friends (one of them since 30 November) and no pairing besides 陈三's:
      10 → not behind;
    - the member (cadre_user) has none.
    """
    chief, wang = november.chief, november.wang
    for _ in range(12 - 1):  # the chief is paired with 张二 already
        f.PairingFactory(cadre=chief, household=f.HouseholdFactory(village=station_a.village))
    village = station_a.village
    for _ in range(3):
        f.FarmerFriendFactory(cadre=chief, village=village)
    f.FarmerFriendFactory(cadre=chief, village=village, ended_on=datetime.date(2026, 11, 29))
    f.FarmerFriendFactory(cadre=chief, village=village, since=datetime.date(2026, 12, 1))
    for n in range(10):
        since = datetime.date(2026, 11, 30) if n == 0 else datetime.date(2026, 5, 1)
        f.FarmerFriendFactory(cadre=wang, village=village, since=since)
    standard = Standard.objects.for_county(county.pk)
    assert standard.farmer_friends_per_member == 10
    found = shortfalls(
        period=NOVEMBER,
        standard=standard,
        stations=WorkStation.objects.filter(village__township=township_a),
        today=AFTER,
        kinds={"farmer_friends"},
    )
    behind = {s.cadre.name: (s.actual, s.expected) for s in found}
    assert behind == {chief.name: (3, 10), november.member.name: (0, 10)}
    figures = activity.activity(period=NOVEMBER, standard=standard, cadre=chief)
    assert figures["farmer_friends"] == 3 and figures["paired"] == 12


def test_the_member_page_shows_the_friends_against_the_standard(
    client, staff_a, november, station_a
):
    for _ in range(4):
        f.FarmerFriendFactory(cadre=november.chief, village=station_a.village)
    client.force_login(staff_a)
    html = client.get(
        reverse("supervision:supervision_member", args=[november.chief.pk]), {"month": "2026-11"}
    ).text
    assert "4 / 10" in html
