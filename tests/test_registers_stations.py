"""The station, assignment and pairing registers: lists, filters, forms and
the constraints (one current chief, one current pairing) told in Chinese."""

import datetime

import pytest
from django.urls import reverse

from stations.forms import AssignmentForm
from stations.models import Assignment, Pairing, WorkStation
from tests import factories as f
from villages import registers

pytestmark = pytest.mark.django_db
SEVEN = [name for name, _label in WorkStation.SEVEN_HAVES]


def _rows(response):
    return list(response.context["page"])


# Stations --------------------------------------------------------------------


def _station_form(village, **changes):
    data = {
        "village": village.pk,
        "name": "新村群众工作站",
        "office_phone": "",
        "duty_rule": "weekdays",
        "duty_days": "2",
        **dict.fromkeys(SEVEN[:3], "on"),
    }
    data.update(changes)
    return data


def test_the_station_list_shows_figures_and_filters(
    client, staff_a, station_a, station_a2, station_b
):
    WorkStation.objects.filter(pk=station_a.pk).update(**dict.fromkeys(SEVEN, True))
    f.HouseholdFactory(village=station_a.village)
    f.ContactCardFactory(household=f.HouseholdFactory(village=station_a.village), station=station_a)
    client.force_login(staff_a)
    response = client.get(reverse("stations:station_list"))
    rows = {s.name: s for s in _rows(response)}
    assert set(rows) == {station_a.name, station_a2.name}
    assert (rows[station_a.name].household_count, rows[station_a.name].card_count) == (2, 1)
    assert "7/7" in response.text
    complete = client.get(reverse("stations:station_list"), {"seven_haves": "complete"})
    assert [s.pk for s in _rows(complete)] == [station_a.pk]
    missing = client.get(reverse("stations:station_list"), {"seven_haves": "incomplete"})
    assert [s.pk for s in _rows(missing)] == [station_a2.pk]
    assert [s.pk for s in _rows(client.get(reverse("stations:station_list"), {"q": "白水"}))] == [
        station_a2.pk
    ]


@pytest.mark.parametrize("n", [2, 15])
def test_the_station_list_runs_a_fixed_number_of_queries(
    client, staff_a, township_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        station = f.StationFactory(village=f.VillageFactory(township=township_a))
        f.AssignmentFactory(cadre=f.CadreFactory(township=township_a), station=station)
        f.HouseholdFactory(village=station.village)
    client.force_login(staff_a)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("stations:station_list"))
    assert len(_rows(response)) == n


def test_staff_set_up_a_station_with_seven_haves_and_a_duty_rule(client, staff_a, township_a):
    village = f.VillageFactory(township=township_a, name="新村")
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:station_create"),
        _station_form(
            village, duty_rule="month_days", duty_days="25，5, 15", office_phone="0739 5234567"
        ),
    )
    station = WorkStation.objects.get(village=village)
    assert response.status_code == 302
    assert response.url == station.get_absolute_url()
    assert station.duty_days == "5,15,25"
    assert station.office_phone == "07395234567"
    assert station.seven_haves_met() == 3
    page = client.get(station.get_absolute_url())
    assert reverse("stations:station_edit", args=[station.pk]) in page.text


def test_the_village_choice_leaves_out_villages_with_a_station(
    client, staff_a, station_a, station_b, township_a
):
    free = f.VillageFactory(township=township_a)
    client.force_login(staff_a)
    form = client.get(reverse("stations:station_create")).context["form"]
    assert list(form.fields["village"].queryset) == [free]
    response = client.post(reverse("stations:station_create"), _station_form(station_a.village))
    assert "选择一个有效的选项" in response.text
    assert WorkStation.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duty_days": "8"}, "1（周一）到 7（周日）"),
        ({"duty_rule": "month_days", "duty_days": "0,32"}, "1 到 31"),
        ({"duty_days": "周八"}, "1（周一）到 7（周日）"),
        ({"office_phone": "12"}, "请填写 11 位手机号"),
        ({"name": ""}, "请填写工作站名称"),
    ],
)
def test_bad_station_input_is_explained_in_chinese(client, staff_a, township_a, changes, message):
    village = f.VillageFactory(township=township_a)
    client.force_login(staff_a)
    response = client.post(reverse("stations:station_create"), _station_form(village, **changes))
    assert response.status_code == 200
    assert message in response.text
    assert not WorkStation.objects.exists()


def test_staff_edit_a_station_keeping_its_village(client, staff_a, station_a):
    client.force_login(staff_a)
    url = reverse("stations:station_edit", args=[station_a.pk])
    form = client.get(url).context["form"]
    assert form["village"].value() == station_a.village_id
    response = client.post(
        url, _station_form(station_a.village, name="高石村工作站", duty_days="2,5")
    )
    assert response.status_code == 302
    station_a.refresh_from_db()
    assert (station_a.name, station_a.duty_days) == ("高石村工作站", "2,5")


def test_the_station_page_offers_register_links_to_staff_only(
    client, staff_a, supervisor, cadre_user, station_a
):
    edit = reverse("stations:station_edit", args=[station_a.pk])
    client.force_login(staff_a)
    assert edit in client.get(station_a.get_absolute_url()).text
    client.force_login(supervisor)
    page = client.get(station_a.get_absolute_url()).text
    assert edit not in page
    assert f"{reverse('stations:assignment_list')}?station={station_a.pk}" in page
    client.force_login(cadre_user)
    assert reverse("stations:assignment_list") not in client.get(station_a.get_absolute_url()).text


@pytest.mark.parametrize("n", [2, 20])
def test_the_station_form_runs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        f.VillageFactory(township=station_a.village.township)
    client.force_login(staff_a)
    url = reverse("stations:station_edit", args=[station_a.pk])
    # +1: the sponsoring units offered (one query, whatever their number).
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.post(url, _station_form(station_a.village)).status_code == 302


# Assignments -----------------------------------------------------------------


def _assignment_form(who, where, **changes):
    data = {
        "cadre": who.pk,
        "station": where.pk,
        "role": "member",
        "start_date": "2026-03-01",
        "end_date": "",
    }
    data.update(changes)
    return data


def test_staff_assign_a_cadre(client, staff_a, station_a):
    cadre = f.CadreFactory(township=station_a.village.township)
    client.force_login(staff_a)
    form = client.get(reverse("stations:assignment_create"), {"station": station_a.pk}).context[
        "form"
    ]
    assert form["station"].value() == str(station_a.pk)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(cadre, station_a)
    )
    assert response.status_code == 302
    assert response.url == reverse("cadres:cadre_detail", args=[cadre.pk])
    assignment = Assignment.objects.get(cadre=cadre)
    assert (assignment.station, assignment.start_date) == (station_a, datetime.date(2026, 3, 1))


def test_a_second_current_chief_is_refused_in_chinese(client, staff_a, chief_user, station_a):
    cadre = f.CadreFactory(township=station_a.village.township)
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(cadre, station_a, role="chief")
    )
    assert response.status_code == 200
    assert "该工作站已有现任站长。" in response.text
    assert not Assignment.objects.filter(cadre=cadre).exists()


def test_a_chief_who_left_does_not_block_a_new_one(client, staff_a, chief_user, station_a):
    chief = Assignment.objects.get(cadre=chief_user.cadre)
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:assignment_edit", args=[chief.pk]),
        _assignment_form(
            chief.cadre, station_a, role="chief", start_date="2025-01-01", end_date="2026-02-28"
        ),
    )
    assert response.status_code == 302
    cadre = f.CadreFactory(township=station_a.village.township)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(cadre, station_a, role="chief")
    )
    assert response.status_code == 302
    assert Assignment.objects.current().get(station=station_a, role="chief").cadre == cadre


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2026-02-01"}, "结束日期"),
        ({"start_date": "明天"}, "日期"),
        ({"start_date": ""}, "请填写任职开始日期"),
        ({"cadre": ""}, "请选择干部。"),
    ],
)
def test_bad_assignments_are_explained_in_chinese(client, staff_a, station_a, changes, message):
    cadre = f.CadreFactory(township=station_a.village.township)
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(cadre, station_a, **changes)
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Assignment.objects.filter(cadre=cadre).exists()


def test_the_same_cadre_twice_at_a_station_is_refused(client, staff_a, cadre_user, station_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(cadre_user.cadre, station_a)
    )
    assert response.status_code == 200
    assert "该干部" in response.text
    assert Assignment.objects.filter(cadre=cadre_user.cadre).count() == 1


def test_another_townships_cadre_or_station_cannot_be_chosen(client, staff_a, station_a, station_b):
    ours = f.CadreFactory(township=station_a.village.township)
    theirs = f.CadreFactory(township=station_b.village.township)
    client.force_login(staff_a)
    for data in [_assignment_form(theirs, station_a), _assignment_form(ours, station_b)]:
        response = client.post(reverse("stations:assignment_create"), data)
        assert "选择一个有效的选项" in response.text
    assert not Assignment.objects.filter(cadre__in=[ours, theirs]).exists()


def test_a_superuser_cannot_mix_townships(client, superuser, station_a, station_b):
    theirs = f.CadreFactory(township=station_b.village.township)
    client.force_login(superuser)
    response = client.post(
        reverse("stations:assignment_create"), _assignment_form(theirs, station_a)
    )
    assert "该工作站与干部不属于同一个乡镇。" in response.text
    assert not Assignment.objects.filter(cadre=theirs).exists()


def test_a_chief_saved_at_the_same_moment_gives_the_constraints_message(staff_a, station_a):
    """Two clerks: the form was checked before the other clerk's chief was saved."""
    township = station_a.village.township
    form = AssignmentForm(
        _assignment_form(f.CadreFactory(township=township), station_a, role="chief"), user=staff_a
    )
    assert form.is_valid()
    f.AssignmentFactory(cadre=f.CadreFactory(township=township), station=station_a, role="chief")
    assert registers.save_form(form) is None
    assert "该工作站已有现任站长。" in str(form.non_field_errors())
    assert Assignment.objects.filter(station=station_a, role="chief").count() == 1


def test_the_assignment_list_filters_current_and_past(
    client, staff_a, cadre_user, chief_user, station_a
):
    past = f.AssignmentFactory(
        cadre=f.CadreFactory(township=station_a.village.township, name="张三"),
        station=station_a,
        end_date=datetime.date(2025, 6, 30),
    )
    f.AssignmentFactory(station=f.StationFactory())  # another county
    client.force_login(staff_a)
    url = reverse("stations:assignment_list")
    assert len(_rows(client.get(url))) == 3
    assert _rows(client.get(url, {"status": "past"})) == [past]
    assert len(_rows(client.get(url, {"status": "current"}))) == 2
    assert [a.cadre.name for a in _rows(client.get(url, {"role": "chief"}))] == [
        chief_user.cadre.name
    ]
    assert _rows(client.get(url, {"q": "zs"})) == [past]
    assert len(_rows(client.get(url, {"station": station_a.pk}))) == 3


@pytest.mark.parametrize("n", [2, 20])
def test_the_assignment_pages_run_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    township = station_a.village.township
    for _ in range(n):
        f.AssignmentFactory(cadre=f.CadreFactory(township=township), station=station_a)
    assignment = Assignment.objects.first()
    client.force_login(staff_a)
    with django_assert_max_num_queries(6):
        assert (
            len(_rows(client.get(reverse("stations:assignment_list"), {"status": "current"}))) == n
        )
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("stations:assignment_edit", args=[assignment.pk])).status_code == 200
        )


# Pairings --------------------------------------------------------------------


def test_staff_pair_a_household_with_a_cadre(client, staff_a, cadre_user, station_a, station_b):
    household = f.HouseholdFactory(village=station_a.village, head_name="张三")
    f.CadreFactory(township=station_b.village.township, name="外乡干部")
    client.force_login(staff_a)
    url = reverse("stations:pairing_create", args=[household.pk])
    form = client.get(url).context["form"]
    assert "外乡干部" not in {c.name for c in form.fields["cadre"].queryset}
    response = client.post(url, {"cadre": cadre_user.cadre.pk, "start_date": "2026-03-01"})
    assert response.status_code == 302
    assert response.url == reverse("villages:household_detail", args=[household.pk])
    assert Pairing.objects.get().cadre == cadre_user.cadre
    page = client.get(response.url)
    assert cadre_user.cadre.name in page.text


def test_pairing_the_same_cadre_twice_is_refused_in_chinese(client, staff_a, cadre_user, station_a):
    household = f.HouseholdFactory(village=station_a.village)
    f.PairingFactory(cadre=cadre_user.cadre, household=household)
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:pairing_create", args=[household.pk]),
        {"cadre": cadre_user.cadre.pk, "start_date": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "该干部已与这户结对。" in response.text
    assert Pairing.objects.count() == 1


def test_ending_a_pairing_and_a_bad_end_date(client, staff_a, cadre_user, station_a):
    pairing = f.PairingFactory(
        cadre=cadre_user.cadre, household=f.HouseholdFactory(village=station_a.village)
    )
    client.force_login(staff_a)
    url = reverse("stations:pairing_edit", args=[pairing.pk])
    data = {"cadre": cadre_user.cadre.pk, "start_date": "2025-01-01", "end_date": "2024-01-01"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "结束日期" in response.text
    pairing.refresh_from_db()
    assert pairing.end_date is None
    response = client.post(url, {**data, "end_date": "2026-01-31"})
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.end_date == datetime.date(2026, 1, 31)


def test_a_cadre_of_another_township_cannot_be_paired(client, staff_a, station_a, station_b):
    household = f.HouseholdFactory(village=station_a.village)
    theirs = f.CadreFactory(township=station_b.village.township)
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:pairing_create", args=[household.pk]),
        {"cadre": theirs.pk, "start_date": "2026-03-01"},
    )
    assert "选择一个有效的选项" in response.text
    assert not Pairing.objects.exists()


def test_the_pairing_list_filters(client, staff_a, cadre_user, station_a, station_a2, station_b):
    zhang = f.HouseholdFactory(village=station_a.village, head_name="张三")
    li = f.HouseholdFactory(village=station_a2.village, head_name="李四")
    current = f.PairingFactory(cadre=cadre_user.cadre, household=zhang)
    past = f.PairingFactory(
        cadre=cadre_user.cadre, household=li, end_date=datetime.date(2025, 12, 31)
    )
    f.PairingFactory(household=f.HouseholdFactory(village=station_b.village))
    client.force_login(staff_a)
    url = reverse("stations:pairing_list")
    assert set(_rows(client.get(url))) == {current, past}
    assert _rows(client.get(url, {"status": "current"})) == [current]
    assert _rows(client.get(url, {"status": "past"})) == [past]
    assert _rows(client.get(url, {"village": station_a2.village_id})) == [past]
    assert _rows(client.get(url, {"q": "zs"})) == [current]
    response = client.get(url, {"village": station_b.village_id})
    assert _rows(response) == []
    assert "选择一个有效的选项" in response.text


@pytest.mark.parametrize("n", [2, 20])
def test_the_pairing_pages_run_a_fixed_number_of_queries(
    client, staff_a, cadre_user, station_a, n, django_assert_max_num_queries
):
    for _ in range(n):
        f.PairingFactory(
            cadre=f.CadreFactory(township=station_a.village.township),
            household=f.HouseholdFactory(
                village=station_a.village, group=f.VillageGroupFactory(village=station_a.village)
            ),
        )
    household = f.HouseholdFactory(village=station_a.village)
    client.force_login(staff_a)
    with django_assert_max_num_queries(7):
        assert len(_rows(client.get(reverse("stations:pairing_list")))) == n
    with django_assert_max_num_queries(6):
        assert (
            client.get(reverse("stations:pairing_create", args=[household.pk])).status_code == 200
        )
    # The constraint checks and the history row are part of the cost.
    with django_assert_max_num_queries(17):
        response = client.post(
            reverse("stations:pairing_create", args=[household.pk]),
            {"cadre": cadre_user.cadre.pk, "start_date": "2026-03-01"},
        )
    assert response.status_code == 302
