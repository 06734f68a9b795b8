"""PIPL: phones masked on pages, shown in full only by a logged POST; exports logged."""

import io

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from cadres.models import User
from tests import factories as f
from tests.concern_helpers import ConcernFactory, OfficeFactory
from villages.models import AccessLog, Household
from villages.privacy import mask_id_number

PHONE = "13907391234"
MASKED = "139****1234"


@pytest.fixture
def household(station_a):
    return f.HouseholdFactory(
        village=station_a.village, head_name="张秋菊", phone=PHONE, address="高石村三组"
    )


def _url(household):
    return reverse("villages:household_phone", args=[household.pk])


# Pages show phones masked ----------------------------------------------------


# Not named "page": that is Playwright's fixture, and parametrizing it pulls the
# browser tests (which flush the database) into the middle of the run.
@pytest.mark.parametrize("route", ["villages:household_list", "villages:household_detail"])
def test_pages_mask_phones_even_for_township_staff(client, staff_a, household, route):
    client.force_login(staff_a)
    args = [household.pk] if route == "villages:household_detail" else []
    response = client.get(reverse(route, args=args))
    assert PHONE not in response.text
    assert MASKED in response.text
    assert _url(household) in response.text  # the "show" button
    assert not AccessLog.objects.exists()  # looking at a masked page is not logged


def test_supervisors_get_no_show_button(client, supervisor, household):
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_detail", args=[household.pk]))
    assert MASKED in response.text
    assert _url(household) not in response.text


# Showing a number in full ------------------------------------------------------


def test_showing_a_phone_returns_it_and_logs_who_what_when_where(client, staff_a, household):
    client.force_login(staff_a)
    response = client.post(_url(household), HTTP_ACCEPT="application/json", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response.json() == {"phone": PHONE}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get()
    assert log.user == staff_a and log.username == "township"
    assert log.action == AccessLog.Action.REVEAL
    assert (log.model, log.object_id, log.field) == ("villages.household", household.pk, "phone")
    assert log.address == "10.1.2.3"
    assert log.at is not None
    # Never the value itself, in any column.
    row = AccessLog.objects.filter(pk=log.pk).values().get()
    assert not any(PHONE in str(value) for value in row.values())


def test_behind_a_trusted_proxy_the_log_keeps_the_client_address(
    client, settings, staff_a, household
):
    # Behind nginx REMOTE_ADDR is nginx itself; the log must name the phone
    # that asked, read the way the login throttle reads it.
    settings.PROXY_COUNT = 1
    client.force_login(staff_a)
    client.post(
        _url(household),
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 10.20.30.40",
    )
    assert AccessLog.objects.get().address == "10.20.30.40"


def test_without_javascript_a_small_page_shows_the_number(client, staff_a, household):
    client.force_login(staff_a)
    back = reverse("villages:household_list")
    response = client.post(_url(household), {"next": back})
    assert response.status_code == 200
    assert PHONE in response.text
    assert f'href="{back}"' in response.text
    evil = client.post(_url(household), {"next": "https://evil.example/"})
    assert "evil.example" not in evil.text
    assert AccessLog.objects.count() == 2


def test_showing_is_post_only_scoped_and_for_township_staff(
    client, staff_b, supervisor, cadre_user, household
):
    url = _url(household)
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(staff_b)
    assert client.post(url).status_code == 404  # another township's household
    client.force_login(supervisor)
    assert client.post(url).status_code == 403
    client.force_login(cadre_user)
    assert client.post(url).status_code == 403
    assert not AccessLog.objects.exists()


def test_showing_by_get_is_refused(client, staff_a, household):
    client.force_login(staff_a)
    assert client.get(_url(household)).status_code == 405
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("n", [1, 20])
def test_showing_costs_a_fixed_number_of_queries(
    client, staff_a, station_a, n, django_assert_max_num_queries
):
    households = [f.HouseholdFactory(village=station_a.village, phone=PHONE) for _ in range(n)]
    client.force_login(staff_a)
    with django_assert_max_num_queries(5):
        client.post(_url(households[-1]), HTTP_ACCEPT="application/json")


def test_office_staff_show_the_phone_of_a_concern_assigned_to_them(
    client, staff_b, station_a, township_a, household
):
    office_a = OfficeFactory(township=township_a)
    office_user = f.UserFactory(username="office", role=User.Role.OFFICE, office=office_a)
    concern = ConcernFactory(station=station_a, household=household, assigned=True, office=office_a)
    url = reverse("visits:concern_phone", args=[concern.pk])
    client.force_login(office_user)
    page = client.get(concern.get_absolute_url())
    assert MASKED in page.text and PHONE not in page.text
    assert url in page.text
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.json() == {"phone": PHONE}
    log = AccessLog.objects.get()
    assert (log.user, log.object_id, log.field) == (office_user, household.pk, "phone")
    # Not the register's endpoint: office staff keep no register.
    assert client.post(_url(household)).status_code == 403
    client.force_login(staff_b)
    assert client.post(url).status_code == 404


def test_opening_the_edit_form_which_holds_the_number_is_logged(client, staff_a, household):
    client.force_login(staff_a)
    response = client.get(reverse("villages:household_edit", args=[household.pk]))
    assert PHONE in response.text  # the clerk corrects it
    log = AccessLog.objects.get()
    assert (log.action, log.object_id, log.field) == (AccessLog.Action.EDIT, household.pk, "phone")


def test_the_likely_duplicate_warning_masks_the_phone(client, staff_a, station_a, household):
    client.force_login(staff_a)
    data = {"village": station_a.village.pk, "head_name": "张秋菊", "phone": "", "members": 2}
    response = client.post(reverse("villages:household_create"), {**data, "address": ""})
    assert MASKED in response.text and PHONE not in response.text


# Exports are logged -------------------------------------------------------------


def test_an_xlsx_export_is_logged_with_rows_filters_and_address(
    client, staff_a, station_a, household
):
    f.HouseholdFactory(village=station_a.village, head_name="李四", phone="13900000002")
    client.force_login(staff_a)
    url = reverse("villages:household_export", args=["xlsx"])
    response = client.get(url, {"village": station_a.village.pk}, REMOTE_ADDR="10.9.8.7")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3  # header and two households
    log = AccessLog.objects.get()
    assert log.action == AccessLog.Action.EXPORT
    assert log.user == staff_a and log.address == "10.9.8.7"
    assert log.model == "villages.household"
    assert log.rows == 2
    assert log.filters == {"village": str(station_a.village.pk)}
    assert log.what.endswith(".xlsx")


def test_a_csv_export_is_logged_and_counts_its_rows_once_streamed(
    client, supervisor, station_a, household
):
    client.force_login(supervisor)
    response = client.get(reverse("villages:household_export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert MASKED in body and PHONE not in body  # supervisors get masked phones
    log = AccessLog.objects.get()
    assert (log.user, log.rows, log.model) == (supervisor, 1, "villages.household")


@pytest.mark.parametrize(
    "name",
    [
        "cadres:cadre_export",
        "stations:station_export",
        "stations:assignment_export",
        "stations:pairing_export",
    ],
)
def test_every_register_export_is_logged(client, staff_a, station_a, name):
    client.force_login(staff_a)
    b"".join(client.get(reverse(name, args=["csv"])).streaming_content)
    log = AccessLog.objects.get()
    assert log.action == AccessLog.Action.EXPORT and log.rows is not None


# The log itself ----------------------------------------------------------------------


def test_the_admin_shows_the_log_read_only(superuser, staff_a, household):
    admin = site._registry[AccessLog]
    request = RequestFactory().get("/")
    request.user = superuser
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
    assert admin.has_view_permission(request)


def test_the_admin_changelist_opens(client, superuser, staff_a, household):
    client.force_login(staff_a)
    client.post(_url(household), HTTP_ACCEPT="application/json")
    client.force_login(superuser)
    response = client.get(reverse("admin:villages_accesslog_changelist"))
    assert response.status_code == 200
    assert "township" in response.text


def test_id_numbers_would_be_masked_the_same_way():
    assert mask_id_number("430524199001011234") == "4305**********1234"
    assert mask_id_number("1234") == "****"


def test_the_household_stays_untouched_by_a_reveal(client, staff_a, household):
    client.force_login(staff_a)
    client.post(_url(household), HTTP_ACCEPT="application/json")
    assert Household.objects.get().history.count() == 1
