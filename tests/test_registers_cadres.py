"""The cadre register: list with filters and pinyin search, a cadre's page
(every station served, pairings, visits), the form."""

import datetime

import pytest
from django.urls import reverse

from cadres.models import Cadre
from stations.models import Assignment
from tests import factories as f

pytestmark = pytest.mark.django_db


def _names(response):
    return sorted(c.name for c in response.context["page"])


def _form(**changes):
    data = {"name": "王伟", "phone": "", "work_unit": "乡农业站", "position": "站员"}
    data["rank_class"] = Cadre.RankClass.ORDINARY
    data.update(changes)
    return data


@pytest.fixture
def cadres(station_a, station_a2, station_b):
    township = station_a.village.township
    zhang = f.CadreFactory(township=township, name="张三", phone="13812341234")
    f.AssignmentFactory(cadre=zhang, station=station_a, role=Assignment.Role.CHIEF)
    li = f.CadreFactory(township=township, name="李四", rank_class=Cadre.RankClass.LEADERSHIP)
    f.AssignmentFactory(cadre=li, station=station_a2)
    f.AssignmentFactory(
        cadre=li,
        station=station_a,
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    idle = f.CadreFactory(township=township, name="赵六")
    other = f.CadreFactory(township=station_b.village.township, name="张三丰")
    f.AssignmentFactory(cadre=other, station=station_b)
    return {"zhang": zhang, "li": li, "idle": idle, "other": other}


def test_staff_see_their_townships_cadres_only(client, staff_a, cadres):
    client.force_login(staff_a)
    response = client.get(reverse("cadres:cadre_list"))
    assert _names(response) == sorted(["张三", "李四", "赵六"])
    assert "张三丰" not in response.text
    assert "高石村群众工作站（站长）" in response.text


def test_pinyin_initials_find_a_cadre(client, staff_a, cadres):
    client.force_login(staff_a)
    assert _names(client.get(reverse("cadres:cadre_list"), {"q": "zs"})) == ["张三"]
    assert _names(client.get(reverse("cadres:cadre_list"), {"q": "ZHANG"})) == ["张三"]
    assert _names(client.get(reverse("cadres:cadre_list"), {"q": "李"})) == ["李四"]


def test_filters_narrow_the_list(client, staff_a, cadres, station_a, station_a2):
    client.force_login(staff_a)
    url = reverse("cadres:cadre_list")
    # Only who serves there now: 李四 left station A in 2024.
    assert _names(client.get(url, {"station": station_a.pk})) == ["张三"]
    assert _names(client.get(url, {"station": station_a2.pk})) == ["李四"]
    assert _names(client.get(url, {"role": "chief"})) == ["张三"]
    assert _names(client.get(url, {"station": station_a2.pk, "role": "chief"})) == []
    assert _names(client.get(url, {"serving": "no"})) == ["赵六"]
    assert _names(client.get(url, {"rank_class": "leadership"})) == ["李四"]


def test_the_station_choice_holds_only_the_users_stations(
    client, staff_a, cadres, station_a, station_b
):
    client.force_login(staff_a)
    response = client.get(reverse("cadres:cadre_list"))
    stations = set(response.context["filter"].form.fields["station"].queryset)
    assert station_a in stations
    assert station_b not in stations
    response = client.get(reverse("cadres:cadre_list"), {"station": station_b.pk})
    assert _names(response) == []
    assert "选择一个有效的选项" in response.text


def test_supervisors_see_masked_phones(client, supervisor, cadres):
    client.force_login(supervisor)
    response = client.get(reverse("cadres:cadre_list"))
    assert "13812341234" not in response.text
    assert "138****1234" in response.text
    response = client.get(reverse("cadres:cadre_detail", args=[cadres["zhang"].pk]))
    assert "138****1234" in response.text
    assert "13812341234" not in response.text


def test_a_forged_cursor_is_not_found(client, staff_a, cadres):
    client.force_login(staff_a)
    assert client.get(reverse("cadres:cadre_list"), {"after": "!!"}).status_code == 404


def test_the_cadre_page_shows_every_station_served(client, staff_a, cadres, station_a):
    li = cadres["li"]
    household = f.HouseholdFactory(village=station_a.village, head_name="孙八")
    f.PairingFactory(cadre=li, household=household)
    f.VisitFactory(station=station_a, author=li, household=household, seen="看望老人")
    companion_visit = f.VisitFactory(station=station_a, household=household)
    companion_visit.companions.add(li)
    client.force_login(staff_a)
    response = client.get(reverse("cadres:cadre_detail", args=[li.pk]))
    assert response.status_code == 200
    served = [(a.station.name, a.is_current) for a in response.context["assignments"]]
    assert served == [("白水村群众工作站", True), ("高石村群众工作站", False)]
    assert "2024-12-31" in response.text
    assert "孙八" in response.text
    assert len(response.context["visits"]) == 2
    assert f"与{companion_visit.author.name}同行" in response.text


@pytest.mark.parametrize("n", [2, 15])
def test_the_cadre_page_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    cadre = f.CadreFactory(township=station_a.village.township)
    for i in range(n):
        station = f.StationFactory(village=f.VillageFactory(township=cadre.township))
        f.AssignmentFactory(cadre=cadre, station=station, end_date=datetime.date(2025, 1, 1 + i))
        household = f.HouseholdFactory(village=station_a.village)
        f.PairingFactory(cadre=cadre, household=household)
        f.VisitFactory(station=station_a, author=cadre, household=household)
        f.FarmerFriendFactory(cadre=cadre, village=station_a.village)
    client.force_login(staff_a)
    with django_assert_max_num_queries(8):  # +1: the farmer friends counted
        response = client.get(reverse("cadres:cadre_detail", args=[cadre.pk]))
    assert len(response.context["assignments"]) == n
    assert response.context["friends_now"] == n


@pytest.mark.parametrize("n", [2, 15])
def test_the_list_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        station = f.StationFactory(village=f.VillageFactory(township=station_a.village.township))
        f.AssignmentFactory(
            cadre=f.CadreFactory(township=station.village.township), station=station
        )
    client.force_login(staff_a)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cadres:cadre_list"), {"q": "gb", "serving": "yes"})
    assert response.status_code == 200


def test_staff_add_a_cadre_to_their_township(client, staff_a, township_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("cadres:cadre_create"), _form(name="张 三", phone="138 1234 1234")
    )
    cadre = Cadre.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cadres:cadre_detail", args=[cadre.pk])
    assert (cadre.name, cadre.phone, cadre.township) == ("张三", "13812341234", township_a)
    assert "zs" in cadre.name_pinyin.split()
    # Found by pinyin straight away.
    assert _names(client.get(reverse("cadres:cadre_list"), {"q": "zs"})) == ["张三"]


def test_a_superuser_chooses_the_township(client, superuser, township_a):
    client.force_login(superuser)
    assert "township" in client.get(reverse("cadres:cadre_create")).context["form"].fields
    response = client.post(reverse("cadres:cadre_create"), _form(township=township_a.pk))
    assert response.status_code == 302
    assert Cadre.objects.get().township == township_a


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "1381234"}, "请填写 11 位手机号"),
        ({"name": " "}, "请填写干部姓名。"),
        ({"rank_class": "general"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_saved(client, staff_a, changes, message):
    client.force_login(staff_a)
    response = client.post(reverse("cadres:cadre_create"), _form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Cadre.objects.exists()


def test_a_landline_is_accepted(client, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("cadres:cadre_create"), _form(phone="0739-5234567"))
    assert response.status_code == 302
    assert Cadre.objects.get().phone == "0739-5234567"


def test_staff_edit_a_cadre_and_a_bad_edit_changes_nothing(client, staff_a, cadres):
    zhang = cadres["zhang"]
    client.force_login(staff_a)
    url = reverse("cadres:cadre_edit", args=[zhang.pk])
    response = client.post(url, _form(name="张三", phone="abc"))
    assert response.status_code == 200
    zhang.refresh_from_db()
    assert zhang.phone == "13812341234"
    response = client.post(url, _form(name="张三", position="副站长"))
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.position, zhang.township_id) == ("副站长", cadres["li"].township_id)


@pytest.mark.parametrize("n", [2, 20])
def test_the_form_runs_a_fixed_number_of_queries(
    client, staff_a, cadres, n, django_assert_max_num_queries
):
    for _ in range(n):
        f.AssignmentFactory(cadre=cadres["zhang"], end_date=datetime.date(2025, 1, 1))
    client.force_login(staff_a)
    url = reverse("cadres:cadre_edit", args=[cadres["zhang"].pk])
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.post(url, _form()).status_code == 302


# Consent to publish the mobile number on cards and the station's public page.


def test_staff_record_a_cadres_consent_to_publish_their_number(client, staff_a, cadres):
    zhang = cadres["zhang"]
    client.force_login(staff_a)
    url = reverse("cadres:cadre_edit", args=[zhang.pk])
    page = client.get(reverse("cadres:cadre_detail", args=[zhang.pk])).text
    assert "否：改为提供工作站值班电话" in page
    response = client.post(
        url, _form(name="张三", phone="13812341234", phone_public_since="2026-03-02")
    )
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.phone_public_since == datetime.date(2026, 3, 2)
    # Who recorded it, and when, is in the cadre's history.
    assert zhang.history.first().history_user == staff_a
    page = client.get(reverse("cadres:cadre_detail", args=[zhang.pk])).text
    assert "是，自 2026-03-02 起经本人同意" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "phone_public_since": "2026-03-02"}, "请填写干部同意公开的手机号"),
        ({"phone": "13812341234", "phone_public_since": "2099-01-01"}, "不能登记尚未到来的日期"),
    ],
)
def test_consent_without_a_number_or_in_the_future_is_refused(
    client, staff_a, cadres, changes, message
):
    zhang = cadres["zhang"]
    client.force_login(staff_a)
    response = client.post(reverse("cadres:cadre_edit", args=[zhang.pk]), _form(**changes))
    assert response.status_code == 200
    assert message in response.text
    zhang.refresh_from_db()
    assert zhang.phone_public_since is None and zhang.phone == "13812341234"
