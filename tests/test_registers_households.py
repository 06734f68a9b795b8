"""The household register: list with filters and pinyin search, a household's
page, the form (phones, duplicates, constraints) and what a supervisor sees."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stations.models import Pairing
from tests import factories as f
from villages.models import Household, HouseholdTag
from villages.pagination import _encode
from villages.privacy import mask_phone
from visits.supervision.contacts import paired_contacts
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db


def _names(response):
    return [h.head_name for h in response.context["page"]]


def _form(place, **changes):
    data = {"village": place.pk, "head_name": "李四", "phone": "", "members": 4, "address": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def households(station_a, station_b):
    """Households in both townships, a group, tags and a pairing."""
    village = station_a.village
    group = f.VillageGroupFactory(village=village, name="第一组")
    zhang = f.HouseholdFactory(village=village, group=group, head_name="张三", phone="13912345678")
    zhang.tags.add(HouseholdTag.objects.get(code="hardship"))
    li = f.HouseholdFactory(village=village, head_name="李四")
    f.PairingFactory(household=li, cadre=f.CadreFactory(township=village.township))
    other = f.HouseholdFactory(village=station_b.village, head_name="张三丰")
    return {"zhang": zhang, "li": li, "other": other, "group": group}


# The list --------------------------------------------------------------------


def test_staff_see_their_townships_households_only(client, staff_a, households):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_list"))
    assert response.status_code == 200
    assert sorted(_names(response)) == ["张三", "李四"]
    assert "张三丰" not in response.text
    # The section navigation of the staff's township heads the page.
    assert reverse("supervision:township_overview", args=[staff_a.township_id]) in response.text


def test_pinyin_initials_find_a_household(client, staff_a, households):
    client.force_login(staff_a)
    assert _names(client.get(reverse("villages:household_list"), {"q": "zs"})) == ["张三"]
    assert _names(client.get(reverse("villages:household_list"), {"q": "lisi"})) == ["李四"]
    assert _names(client.get(reverse("villages:household_list"), {"q": "张"})) == ["张三"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tag": "hardship"}, ["张三"]),
        ({"group": "group"}, ["张三"]),
        ({"paired": "yes"}, ["李四"]),
        ({"paired": "no"}, ["张三"]),
        ({"card": "no"}, ["张三", "李四"]),
    ],
)
def test_filters_narrow_the_list(client, staff_a, households, params, expected):
    if "tag" in params:
        params = {"tag": HouseholdTag.objects.get(code=params["tag"]).pk}
    if "group" in params:
        params = {"group": households["group"].pk}
    client.force_login(staff_a)
    assert sorted(_names(client.get(reverse("villages:household_list"), params))) == sorted(
        expected
    )


def test_filter_choices_hold_only_the_users_villages(client, staff_a, households, station_b):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_list"))
    villages = list(response.context["filter"].form.fields["village"].queryset)
    assert villages == [households["zhang"].village]
    assert station_b.village.name not in response.text
    # Staff have one township: no township choice is offered.
    assert "township" not in response.context["filter"].form.fields


def _offered(response, name):
    return list(response.context["filter"].form.fields[name].queryset)


def test_a_supervisor_is_offered_the_chosen_townships_villages_and_the_chosen_villages_groups(
    client, supervisor, households, station_a2, township_b
):
    """At city size a county's 510 villages and 2,900 groups as options took 0.3 s to
    render: whoever chooses a township first is offered its villages, and a village's
    groups once the village is chosen."""
    zhang = households["zhang"]
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"))
    assert _offered(response, "village") == [] and _offered(response, "group") == []
    assert "选择乡镇并点击筛选，列出其村" in response.text
    assert ">高石村</option>" not in response.text and "第一组</option>" not in response.text

    response = client.get(
        reverse("villages:household_list"), {"township": zhang.village.township_id}
    )
    assert {v.name for v in _offered(response, "village")} == {"高石村", "白水村"}
    assert _offered(response, "group") == []

    response = client.get(
        reverse("villages:household_list"),
        {"township": zhang.village.township_id, "village": zhang.village_id},
    )
    assert _offered(response, "group") == [households["group"]]
    assert "第一组</option>" in response.text


def test_a_link_naming_a_village_alone_shows_and_filters_by_it(client, supervisor, households):
    """The village page's links name the village (and group) without its township."""
    zhang = households["zhang"]
    client.force_login(supervisor)
    response = client.get(
        reverse("villages:household_list"), {"village": zhang.village_id, "group": zhang.group_id}
    )
    assert _names(response) == ["张三"]
    assert _offered(response, "village") == [zhang.village]
    assert _offered(response, "group") == [zhang.group]
    assert f'<option value="{zhang.village_id}" selected>' in response.text


@pytest.mark.parametrize("township", ["abc", "12345678901234567890", "1\x00", "-1", "1.0"])
def test_a_township_that_cannot_be_an_id_is_refused_and_offers_no_villages(
    client, supervisor, households, township
):
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"), {"township": township})
    assert response.status_code == 200
    assert _offered(response, "village") == []
    assert "township" in response.context["filter"].form.errors
    assert 'id="id_township_error"' in response.text


def test_a_township_in_full_width_digits_is_read_as_the_form_reads_it(
    client, supervisor, households
):
    zhang = households["zhang"]
    wide = str(zhang.village.township_id).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"), {"township": f" {wide} "})
    assert sorted(_names(response)) == ["张三", "李四"]
    assert {v.name for v in _offered(response, "village")} == {"高石村"}


def test_a_township_of_another_county_offers_none_of_its_villages(
    client, supervisor, households, other_supervisor
):
    elsewhere = f.VillageFactory(
        township=f.TownshipFactory(county=other_supervisor.county), name="外县村"
    )
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"), {"township": elsewhere.township_id})
    assert _offered(response, "village") == []
    assert "外县村" not in response.text


def test_a_village_of_another_township_is_refused_in_chinese(client, staff_a, households):
    client.force_login(staff_a)
    response = client.get(
        reverse("villages:household_list"), {"village": households["other"].village_id}
    )
    assert response.status_code == 200
    assert _names(response) == []
    assert "选择一个有效的选项" in response.text


def test_a_supervisor_filters_by_township_and_gets_its_navigation(
    client, supervisor, households, township_b
):
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"))
    assert sorted(_names(response)) == sorted(["张三", "李四", "张三丰"])
    response = client.get(reverse("villages:household_list"), {"township": township_b.pk})
    assert _names(response) == ["张三丰"]
    assert response.context["township"] == township_b
    assert reverse("supervision:township_overview", args=[township_b.pk]) in response.text


def test_supervisors_see_masked_phones(client, supervisor, staff_a, households):
    # Township staff too see the number masked, with a logged "show" (tests/test_privacy.py).
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_list"))
    assert "13912345678" not in response.text
    assert "139****5678" in response.text
    assert reverse("villages:household_phone", args=[households["zhang"].pk]) in response.text
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_list"))
    assert "13912345678" not in response.text
    assert "139****5678" in response.text
    detail = client.get(reverse("villages:household_detail", args=[households["zhang"].pk]))
    assert "13912345678" not in detail.text
    assert "139****5678" in detail.text


def test_mask_phone():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0739-5234567") == "073****4567"
    assert mask_phone("5234567") == "*****67"
    assert mask_phone("") == ""


def test_pages_follow_each_other_and_keep_the_filters(client, staff_a, station_a):
    for n in range(55):
        f.HouseholdFactory(village=station_a.village, head_name=f"王{n:02d}")
    f.HouseholdFactory(village=station_a.village, head_name="赵六")
    client.force_login(staff_a)
    first = client.get(reverse("villages:household_list"), {"q": "王"})
    assert len(first.context["page"]) == 50
    cursor = first.context["page"].next_cursor
    assert f"q=%E7%8E%8B&amp;after={cursor}" in first.text
    second = client.get(reverse("villages:household_list"), {"q": "王", "after": cursor})
    names = _names(first) + _names(second)
    assert names == [f"王{n:02d}" for n in range(55)]
    back = client.get(
        reverse("villages:household_list"),
        {"q": "王", "before": second.context["page"].prev_cursor},
    )
    assert _names(back) == _names(first)


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", _encode([None, None, None]), _encode(["x", "y", "z"]), _encode([1, 2])],
)
def test_a_forged_cursor_is_not_found(client, staff_a, households, cursor):
    client.force_login(staff_a)
    assert client.get(reverse("villages:household_list"), {"after": cursor}).status_code == 404


def _many(station, n):
    township = station.village.township
    hardship = HouseholdTag.objects.get(code="hardship")
    for _ in range(n):
        group = f.VillageGroupFactory(village=station.village)
        household = f.HouseholdFactory(village=station.village, group=group)
        household.tags.add(hardship)
        cadre = f.CadreFactory(township=township)
        f.PairingFactory(cadre=cadre, household=household)
        f.ContactCardFactory(household=household, station=station)
        f.ContactCardFactory(
            household=household, station=station, voided_on=datetime.date(2026, 1, 1)
        )
        f.VisitFactory(station=station, household=household, author=cadre)
    return household


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    _many(station_a, n)
    client.force_login(staff_a)
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("villages:household_list"), {"q": "hz", "village": station_a.village_id}
        )
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_the_household_page_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    household = _many(station_a, n)
    for _ in range(n):
        f.PairingFactory(household=household, end_date=datetime.date(2025, 6, 1))
        f.VisitFactory(station=station_a, household=household)
    client.force_login(staff_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("villages:household_detail", args=[household.pk]))
    assert response.status_code == 200


# A household's page --------------------------------------------------------------


def test_the_household_page_shows_card_pairings_and_visits(client, staff_a, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.ContactCardFactory(
        household=household,
        station=station_a,
        serial="T000001",
        voided_on=datetime.date(2026, 1, 5),
    )
    f.ContactCardFactory(household=household, station=station_a, serial="T000009")
    now = f.PairingFactory(household=household, cadre=f.CadreFactory(name="王书记"))
    f.PairingFactory(
        household=household,
        cadre=f.CadreFactory(name="赵站员"),
        end_date=datetime.date(2025, 12, 1),
    )
    f.VisitFactory(station=station_a, household=household, author=now.cadre, seen="屋顶漏雨")
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_detail", args=[household.pk]))
    context = response.context
    assert context["valid_card"].serial == "T000009"
    assert [c.serial for c in context["old_cards"]] == ["T000001"]
    assert [p.cadre.name for p in context["pairings"]] == ["王书记", "赵站员"]
    assert "屋顶漏雨" in response.text
    assert "已作废" in response.text
    assert reverse("stations:pairing_create", args=[household.pk]) in response.text


def test_the_household_page_keeps_visits_bounded(client, staff_a, station_a):
    household = f.HouseholdFactory(village=station_a.village)
    for _ in range(25):
        f.VisitFactory(station=station_a, household=household)
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_detail", args=[household.pk]))
    assert len(response.context["visits"]) == 20


def test_supervisors_get_no_edit_links(client, supervisor, households):
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_detail", args=[households["zhang"].pk]))
    assert reverse("villages:household_edit", args=[households["zhang"].pk]) not in response.text
    assert (
        reverse("villages:household_create")
        not in client.get(reverse("villages:household_list")).text
    )


# The form ------------------------------------------------------------------------


def test_staff_register_a_household(client, staff_a, station_a):
    group = f.VillageGroupFactory(village=station_a.village, name="第二组")
    tags = HouseholdTag.objects.filter(code__in=["hardship", "left_behind"])
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_create"),
        _form(
            station_a.village,
            head_name=" 张 三 ",
            group=group.pk,
            phone="+86 139 1234 5678",
            tags=[t.pk for t in tags],
        ),
    )
    household = Household.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("villages:household_detail", args=[household.pk])
    assert household.head_name == "张三"
    assert household.phone == "13912345678"
    assert household.name_pinyin == "zhangsan zs"
    assert household.group == group
    assert set(household.tags.values_list("code", flat=True)) == {"hardship", "left_behind"}
    assert household.history.first().history_user == staff_a


def test_the_form_offers_only_the_townships_villages(client, staff_a, station_a, station_b):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_create"))
    assert list(response.context["form"].fields["village"].queryset) == [station_a.village]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12345"}, "请填写 11 位手机号"),
        ({"head_name": ""}, "请填写户主姓名。"),
        ({"members": 0}, "家庭人口至少为1人。"),
        ({"members": "三"}, "输入整数"),
        ({"village": ""}, "请选择农户所在的村。"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_saved(
    client, staff_a, station_a, changes, message
):
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_create"), _form(station_a.village, **changes)
    )
    assert response.status_code == 200
    assert message in response.text
    assert "尚未保存" in response.text
    assert not Household.objects.exists()


def test_a_village_of_another_township_cannot_be_chosen(client, staff_a, station_a, station_b):
    client.force_login(staff_a)
    response = client.post(reverse("villages:household_create"), _form(station_b.village))
    assert "选择一个有效的选项" in response.text
    assert not Household.objects.exists()


def test_a_group_must_belong_to_the_village(client, staff_a, station_a, station_a2):
    group = f.VillageGroupFactory(village=station_a2.village)
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_create"), _form(station_a.village, group=group.pk)
    )
    assert "该村民小组不属于所选的村。" in response.text
    assert not Household.objects.exists()


def test_a_likely_duplicate_is_warned_before_saving(client, staff_a, station_a):
    f.HouseholdFactory(village=station_a.village, head_name="张三", phone="13900000001")
    client.force_login(staff_a)
    url = reverse("villages:household_create")
    response = client.post(url, _form(station_a.village, head_name="张三"))
    assert response.status_code == 200
    assert "高石村已登记户主为张三的农户" in response.text
    assert "仍然保存：这是另一户" in response.text
    assert "139****0001" in response.text  # the clerk sees which household it may be
    assert Household.objects.count() == 1
    response = client.post(url, _form(station_a.village, head_name="张三", save_anyway="on"))
    assert response.status_code == 302
    assert Household.objects.filter(head_name="张三").count() == 2


def test_the_same_name_in_another_village_is_no_duplicate(client, staff_a, station_a, station_a2):
    f.HouseholdFactory(village=station_a2.village, head_name="张三")
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_create"), _form(station_a.village, head_name="张三")
    )
    assert response.status_code == 302


def test_editing_other_fields_of_a_namesake_is_not_held_back(client, staff_a, station_a):
    f.HouseholdFactory(village=station_a.village, head_name="张三")
    twin = f.HouseholdFactory(village=station_a.village, head_name="张三")
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_edit", args=[twin.pk]),
        _form(station_a.village, head_name="张三", members=6, address="村东头"),
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert (twin.members, twin.address) == (6, "村东头")


def test_renaming_a_household_refills_its_pinyin(client, staff_a, households):
    household = households["li"]
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("villages:household_edit", args=[household.pk]),
            _form(household.village, head_name="王五", members=2),
        )
    assert response.status_code == 302
    household.refresh_from_db()
    assert "wangwu" in household.name_pinyin.split()
    # Its pairing is untouched by the edit: still there, and not even rewritten (only
    # a move to another village writes the pairings' copy of it).
    assert Pairing.objects.filter(household=household).count() == 1
    assert not [q for q in queries if q["sql"].startswith('UPDATE "stations_pairing"')]


def test_a_household_moved_to_another_village_takes_its_pairing_along(
    client, staff_a, station_a, station_a2
):
    """A place's pairings are found by the village each keeps (``Pairing.village``):
    moved with the form, the household's pairing counts at its new village's station
    (where another household already lives)."""
    f.HouseholdFactory(village=station_a.village, head_name="钱七")
    household = f.HouseholdFactory(village=station_a2.village, head_name="赵六")
    cadre = f.CadreFactory(township=station_a.village.township)
    start = datetime.date(2026, 1, 1)
    pairing = f.PairingFactory(cadre=cadre, household=household, start_date=start)
    township = station_a.village.township

    def paired_at_each_station():
        found = paired_contacts(
            period=Period.month(2026, 11),
            quota=12,
            by="station",
            today=datetime.date(2026, 12, 15),
            township=township,
        )
        return {station: figures["paired"] for station, figures in found.items()}

    assert pairing.village == station_a2.village
    assert paired_at_each_station() == {station_a2.pk: 1}
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_edit", args=[household.pk]),
        _form(station_a.village, head_name="赵六"),
    )
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.village == station_a.village
    assert paired_at_each_station() == {station_a.pk: 1}
    assert Pairing.objects.in_place(village=station_a2.village).count() == 0


def test_a_bad_edit_changes_nothing(client, staff_a, households):
    household = households["zhang"]
    client.force_login(staff_a)
    response = client.post(
        reverse("villages:household_edit", args=[household.pk]),
        _form(household.village, head_name="张三", phone="0000"),
    )
    assert response.status_code == 200
    household.refresh_from_db()
    assert household.phone == "13912345678"


@pytest.mark.parametrize("n", [2, 30])
def test_the_form_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        f.VillageGroupFactory(village=f.VillageFactory(township=station_a.village.township))
    client.force_login(staff_a)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("villages:household_create")).status_code == 200
    # Session, user, township; choices, duplicates, the village; the row, its history, tags.
    # 16: one of them counts the new household in its village's card rollups.
    with django_assert_max_num_queries(16):
        response = client.post(reverse("villages:household_create"), _form(station_a.village))
    assert response.status_code == 302
