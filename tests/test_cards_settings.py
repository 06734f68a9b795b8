"""Township settings: the key contacts printed on every card and the errand guides."""

import pytest
from django.urls import reverse

from tests import factories as f
from villages.models import ErrandGuide, TownshipContact

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _formset(rows, initial=0, prefix="contacts"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_staff_add_key_contacts(client, staff_a, township_a):
    url = reverse("villages:township_contacts", args=[township_a.pk])
    page = _login(client, staff_a).get(url)
    assert page.status_code == 200
    data = _formset(
        [
            {"order": "1", "name": "李书记", "position": "党委书记", "phone": "139 0739 0001"},
            {"order": "2", "name": "石门乡派出所", "position": "值班电话", "phone": "0739-7110110"},
            {"order": "0", "name": "", "position": "", "phone": ""},  # an empty row, as shown
        ]
    )
    response = client.post(url, data, follow=True)
    assert "乡镇联系人已保存" in response.text
    contacts = list(
        TownshipContact.objects.filter(township=township_a).values_list("name", "position", "phone")
    )
    assert contacts == [
        ("李书记", "党委书记", "13907390001"),
        ("石门乡派出所", "值班电话", "0739-7110110"),
    ]


def test_staff_edit_and_remove_key_contacts(client, staff_a, township_a):
    keep = TownshipContact.objects.create(
        township=township_a, order=1, name="李书记", position="党委书记", phone="13907390001"
    )
    drop = TownshipContact.objects.create(
        township=township_a, order=2, name="王乡长", position="乡长", phone="13907390002"
    )
    data = _formset(
        [
            {
                "id": keep.pk,
                "order": "1",
                "name": "李书记",
                "position": "党委书记",
                "phone": "13907390009",
            },
            {
                "id": drop.pk,
                "order": "2",
                "name": "王乡长",
                "position": "乡长",
                "phone": "13907390002",
                "DELETE": "on",
            },
        ],
        initial=2,
    )
    _login(client, staff_a).post(reverse("villages:township_contacts", args=[township_a.pk]), data)
    assert list(TownshipContact.objects.values_list("name", "phone")) == [("李书记", "13907390009")]


def test_a_bad_phone_is_explained_and_nothing_is_saved(client, staff_a, township_a):
    data = _formset(
        [
            {"order": "1", "name": "李书记", "position": "党委书记", "phone": "13907390001"},
            {"order": "2", "name": "派出所", "position": "值班电话", "phone": "12345"},
        ]
    )
    response = _login(client, staff_a).post(
        reverse("villages:township_contacts", args=[township_a.pk]), data
    )
    assert response.status_code == 200
    assert "11 位手机号" in response.text
    assert not TownshipContact.objects.exists()


def test_a_missing_name_is_explained(client, staff_a, township_a):
    data = _formset([{"order": "1", "name": "", "position": "党委书记", "phone": "13907390001"}])
    response = _login(client, staff_a).post(
        reverse("villages:township_contacts", args=[township_a.pk]), data
    )
    assert "请填写联系人名称" in response.text
    assert not TownshipContact.objects.exists()


def test_another_townships_contact_cannot_be_edited_through_the_form(
    client, staff_a, township_a, township_b
):
    theirs = TownshipContact.objects.create(
        township=township_b, order=1, name="金书记", position="党委书记", phone="13907390003"
    )
    data = _formset(
        [{"id": theirs.pk, "order": "1", "name": "改掉", "position": "x", "phone": "13907390004"}],
        initial=1,
    )
    # Django's formset ignores a row whose id is not among the township's contacts.
    _login(client, staff_a).post(reverse("villages:township_contacts", args=[township_a.pk]), data)
    theirs.refresh_from_db()
    assert theirs.name == "金书记"
    assert not TownshipContact.objects.filter(township=township_a).exists()


def test_staff_write_the_errand_guides(client, staff_a, township_a):
    ErrandGuide.objects.create(township=township_a, kind="health", text="旧的")
    url = reverse("villages:township_errands", args=[township_a.pk])
    assert _login(client, staff_a).get(url).status_code == 200
    response = client.post(
        url,
        {
            "health": "",
            "civil_affairs": "  低保：带户口本到村委会  ",
            "land_forestry": "林权证",
            "insurance": "",
        },
        follow=True,
    )
    assert "办事指南已保存" in response.text
    assert dict(ErrandGuide.objects.filter(township=township_a).values_list("kind", "text")) == {
        "civil_affairs": "低保：带户口本到村委会",
        "land_forestry": "林权证",
    }


def test_a_too_long_guide_is_refused(client, staff_a, township_a):
    response = _login(client, staff_a).post(
        reverse("villages:township_errands", args=[township_a.pk]), {"health": "字" * 2001}
    )
    assert response.status_code == 200
    assert "最多2000个字" in response.text
    assert not ErrandGuide.objects.exists()


@pytest.mark.parametrize("name", ["villages:township_contacts", "villages:township_errands"])
def test_settings_of_another_township_are_not_found(client, staff_b, township_a, name):
    url = reverse(name, args=[township_a.pk])
    assert _login(client, staff_b).get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ["villages:township_contacts", "villages:township_errands"])
@pytest.mark.parametrize("user_fixture", ["cadre_user", "supervisor"])
def test_only_township_staff_edit_the_settings(client, request, township_a, name, user_fixture):
    user = request.getfixturevalue(user_fixture)
    url = reverse(name, args=[township_a.pk])
    assert _login(client, user).get(url).status_code == 403
    assert client.post(url, {"health": "x"}).status_code == 403
    assert not ErrandGuide.objects.exists()


@pytest.mark.parametrize("name", ["villages:township_contacts", "villages:township_errands"])
def test_settings_pages_send_anonymous_users_to_login(client, township_a, name):
    response = client.get(reverse(name, args=[township_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["villages:township_contacts", "villages:township_errands"])
def test_settings_pages_refuse_other_methods(client, staff_a, township_a, name):
    response = _login(client, staff_a).put(reverse(name, args=[township_a.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["villages:township_contacts", "villages:township_errands"])
def test_settings_pages_cost_the_same_queries_at_any_size(
    client, staff_a, township_a, name, django_assert_max_num_queries
):
    _login(client, staff_a)
    url = reverse(name, args=[township_a.pk])
    for size in (1, 6):
        for i in range(size):
            TownshipContact.objects.create(
                township=township_a,
                order=i,
                name=f"联系人{i}",
                position="干部",
                phone="13907390001",
            )
        TownshipContact.objects.filter(township=township_a).exclude(
            pk__in=TownshipContact.objects.filter(township=township_a).values("pk")[:7]
        ).delete()
        f.VillageFactory(township=township_a)
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
