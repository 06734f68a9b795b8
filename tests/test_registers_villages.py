"""The village register: villages with their groups, a village's page, the form."""

import pytest
from django.urls import reverse

from tests import factories as f
from villages.models import Village, VillageGroup

pytestmark = pytest.mark.django_db


def _rows(response):
    return list(response.context["page"])


def _form(name="新村", groups=(), existing=()):
    """POST data of the village form: ``existing`` are (group, new name, delete) triples."""
    rows = [(g.pk, name_, delete) for g, name_, delete in existing]
    rows += [("", name_, False) for name_ in groups]
    data = {
        "name": name,
        "groups-TOTAL_FORMS": len(rows),
        "groups-INITIAL_FORMS": len(existing),
        "groups-MIN_NUM_FORMS": 0,
        "groups-MAX_NUM_FORMS": 1000,
    }
    for i, (pk, name_, delete) in enumerate(rows):
        data[f"groups-{i}-id"] = pk
        data[f"groups-{i}-name"] = name_
        if delete:
            data[f"groups-{i}-DELETE"] = "on"
    return data


def test_the_village_list_shows_groups_stations_and_households(
    client, staff_a, station_a, station_a2, station_b, township_a
):
    bare = f.VillageFactory(township=township_a, name="无站村")
    f.VillageGroupFactory(village=station_a.village)
    f.VillageGroupFactory(village=station_a.village)
    f.HouseholdFactory(village=station_a.village)
    client.force_login(staff_a)
    response = client.get(reverse("villages:village_list"))
    rows = {v.name: v for v in _rows(response)}
    assert set(rows) == {"高石村", "白水村", "无站村"}
    assert rows["高石村"].household_count == 1
    assert station_a.name in response.text
    assert [
        v.pk for v in _rows(client.get(reverse("villages:village_list"), {"has_station": "no"}))
    ] == [bare.pk]
    assert [v.name for v in _rows(client.get(reverse("villages:village_list"), {"q": "白水"}))] == [
        "白水村"
    ]


@pytest.mark.parametrize("n", [2, 20])
def test_the_village_pages_run_a_fixed_number_of_queries(
    client, staff_a, township_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        village = f.StationFactory(village=f.VillageFactory(township=township_a)).village
        group = f.VillageGroupFactory(village=village)
        f.HouseholdFactory(village=village, group=group)
    client.force_login(staff_a)
    with django_assert_max_num_queries(6):
        assert len(_rows(client.get(reverse("villages:village_list")))) == n
    village = Village.objects.last()
    for _ in range(n):
        f.HouseholdFactory(village=village, group=f.VillageGroupFactory(village=village))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("villages:village_detail", args=[village.pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("villages:village_edit", args=[village.pk])).status_code == 200


def test_the_village_page_counts_households_per_group(client, supervisor, station_a):
    village = station_a.village
    first = f.VillageGroupFactory(village=village, name="第一组")
    f.VillageGroupFactory(village=village, name="第二组")
    f.HouseholdFactory(village=village, group=first)
    f.HouseholdFactory(village=village, group=first)
    f.HouseholdFactory(village=village)
    client.force_login(supervisor)
    response = client.get(reverse("villages:village_detail", args=[village.pk]))
    counts = {g.name: g.household_count for g in response.context["groups"]}
    assert counts == {"第一组": 2, "第二组": 0}
    assert response.context["households"] == 3
    assert response.context["without_group"] == 1
    assert station_a.name in response.text
    assert reverse("villages:village_edit", args=[village.pk]) not in response.text


def test_staff_add_a_village_with_its_groups(client, staff_a, township_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:village_create"), _form("新 村", groups=["第一组", "第二组", ""])
    )
    village = Village.objects.get(name="新村")
    assert response.status_code == 302
    assert response.url == reverse("villages:village_detail", args=[village.pk])
    assert village.township == township_a
    assert sorted(village.groups.values_list("name", flat=True)) == ["第一组", "第二组"]


def test_a_village_name_already_in_the_township_is_refused(client, staff_a, station_a):
    client.force_login(staff_a)
    response = client.post(reverse("villages:village_create"), _form("高石村", groups=["第一组"]))
    assert response.status_code == 200
    assert "石门乡已有名为高石村的村。" in response.text
    assert Village.objects.filter(name="高石村").count() == 1
    assert not VillageGroup.objects.exists()


def test_the_same_name_in_another_township_is_fine(client, staff_b, station_a):
    client.force_login(staff_b)
    assert client.post(reverse("villages:village_create"), _form("高石村")).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_form(""), "请填写村名"),
        (_form("新村", groups=["第一组", "第一组"]), "重复"),
    ],
)
def test_bad_village_input_is_explained_in_chinese(client, staff_a, township_a, data, message):
    client.force_login(staff_a)
    response = client.post(reverse("villages:village_create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not Village.objects.exists()


def test_staff_rename_and_remove_groups(client, staff_a, station_a):
    village = station_a.village
    first = f.VillageGroupFactory(village=village, name="一组")
    empty = f.VillageGroupFactory(village=village, name="空组")
    f.HouseholdFactory(village=village, group=first)
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:village_edit", args=[village.pk]),
        _form(
            "高石村", groups=["三组"], existing=[(first, "第一组", False), (empty, "空组", True)]
        ),
    )
    assert response.status_code == 302
    assert set(village.groups.values_list("name", flat=True)) == {"第一组", "三组"}


def test_a_group_with_households_cannot_be_removed(client, staff_a, station_a):
    village = station_a.village
    group = f.VillageGroupFactory(village=village, name="一组")
    f.HouseholdFactory(village=village, group=group)
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:village_edit", args=[village.pk]),
        _form("高石新村", existing=[(group, "一组", True)]),
    )
    assert response.status_code == 200
    assert "一组还有农户" in response.text
    village.refresh_from_db()
    assert village.name == "高石村"
    assert village.groups.get() == group


def test_groups_of_another_village_cannot_be_edited_through_this_one(
    client, staff_a, station_a, station_b
):
    theirs = f.VillageGroupFactory(village=station_b.village, name="外组")
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:village_edit", args=[station_a.village.pk]),
        _form("高石村", existing=[(theirs, "改名", False)]),
    )
    # The forged row is not one of this village's groups: it is left alone.
    assert response.status_code in (200, 302)
    theirs.refresh_from_db()
    assert (theirs.name, theirs.village) == ("外组", station_b.village)
    assert not station_a.village.groups.exists()


def test_a_superuser_chooses_the_villages_township(client, superuser, township_a):
    client.force_login(superuser)
    response = client.post(reverse("villages:village_create"), {**_form("新村"), "township": "999"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.text
    assert not Village.objects.exists()
    response = client.post(
        reverse("villages:village_create"), {**_form("新村"), "township": township_a.pk}
    )
    assert response.status_code == 302
    assert Village.objects.get().township == township_a


def test_the_register_speaks_english_to_english_users(client, staff_a, station_a):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("villages:village_list"))
    assert "Villages and groups" in response.text
    assert "Export what is listed" in response.text
    response = client.post(reverse("villages:village_create"), _form(""))
    assert "Write the village&#x27;s name" in response.text
