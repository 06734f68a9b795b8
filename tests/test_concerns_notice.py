"""督导公示: the public notice of assigned concerns carries no personal data and
is open without a login only when the township turns that on."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    concern_in,
    household_a,
    move,
    office_a,
    office_user,
    raise_concern,
)
from tests.factories import HouseholdFactory
from villages.models import Township
from visits.concerns.selectors import mask_personal, reviewable
from visits.models import Concern

pytestmark = pytest.mark.django_db

S = Concern.State
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def notice(station_a, cadre_user, staff_a, office_a, office_user, household_a):
    """Three concerns of this month: done with a careless result, closed, still open."""
    done = concern_in(
        S.ASSIGNED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        household=household_a,
        description="张秋菊家住高石村三组，电话13907391234，申请低保",
    )
    move(
        done, "done", office_user, result="已为张秋菊办理低保，回访电话 139 0739 1234 或13907391234"
    )
    closed = concern_in(
        S.CLOSED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        household=household_a,
        category="infra_water",
    )
    concern_in(
        S.ASSIGNED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        category="dispute_land",
    )
    # Never assigned: not on the notice.
    raise_concern(cadre_user, station_a, description="尚未批办的诉求", category="suggestion")
    _approve_as_written(station_a.village.township, staff_a)
    return closed


def _approve_as_written(township, staff):
    """Staff confirm each result's wording unchanged, careless as it is: the notice
    still masks it (tests/test_notice_review.py covers the review itself)."""
    for concern in reviewable(township):
        concern.approve_public_wording(wording=concern.result, by=staff)


def _open(township):
    township.public_notice_open = True
    township.save()


def test_the_notice_lists_what_was_assigned_and_how_it_ended(client, notice, township_a):
    _open(township_a)
    page = client.get(reverse("concerns:public_notice", args=[township_a.pk]))
    assert page.status_code == 200
    text = page.text
    for shown in ("低保救助", "饮水", "土地纠纷", "民政办", "满意", "已办理低保"):
        assert shown in text
    assert "意见建议" not in text  # never assigned
    assert len(page.context["rows"]) == 3


def test_the_notice_carries_no_name_phone_or_address(client, notice, township_a, household_a):
    _open(township_a)
    text = client.get(reverse("concerns:public_notice", args=[township_a.pk])).text
    assert household_a.head_name not in text
    assert "高石村三组" not in text
    assert not PHONE.search(text)
    assert "0739" not in text
    assert "申请低保" not in text  # the description is not published


def test_the_printable_notice_is_a_pdf_without_personal_data(
    client, notice, township_a, household_a, tmp_path
):
    _open(township_a)
    response = client.get(reverse("concerns:public_notice_pdf", args=[township_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "督导公示" in text and "民政办" in text and "饮水" in text
    assert household_a.head_name not in text
    assert not PHONE.search(text.replace(" ", ""))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13907391234", "电话***"),
        ("座机0739-5123456", "座机***"),
        ("+86 13907391234", "***"),
        ("回访电话 139 0739 1234。", "回访电话 ***。"),
        ("身份证430524199001011234", "身份证***"),
        ("2026-11-23发放", "2026-11-23发放"),
        ("张秋菊已领到", "**已领到"),
        ("补助300元，2026年发放", "补助300元，2026年发放"),
        # Phones written in Chinese digits, house addresses, relatives named by kinship.
        ("电话一三八〇七三九一二三四", "电话***"),
        ("回访电话幺三九 零七三九 一二三四", "回访电话***"),
        ("补助三千五百元，十一月三日发放", "补助三千五百元，十一月三日发放"),
        ("住3组15号", "住***"),
        ("人民路12号院门前已修", "***门前已修"),
        ("3栋2单元501室已换表", "***已换表"),
        ("11月3号已发放", "11月3号已发放"),
        ("户主之子李建国已领到", "户主之子**已领到"),
    ],
)
def test_what_looks_like_a_phone_or_the_households_name_is_masked(text, masked):
    assert mask_personal(text, ["张秋菊"]) == masked


def test_a_name_from_the_household_register_is_masked_wherever_it_stands():
    register = {"张秋菊", "李四", "欧阳建国"}
    text = "李四与欧阳建国的宅基地纠纷已调处，张秋菊作证"
    assert mask_personal(text, register) == "**与**的宅基地纠纷已调处，**作证"


def test_the_notice_masks_a_careless_result_that_names_neighbours_and_their_house(
    client, township_a, station_a, cadre_user, staff_a, office_a, office_user, household_a
):
    """The outside test's text: a neighbour from the register, a relative, a phone in
    Chinese digits, a house address and an ID number, typed into an office's result."""
    neighbour = HouseholdFactory(village=station_a.village, head_name="王德发")
    concern = concern_in(
        S.ASSIGNED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        household=household_a,
    )
    result = (
        f"户主{neighbour.head_name}之子李建国（电话一三八〇七三九一二三四）住高石村3组15号，"
        "身份证430524199001011234，已办结"
    )
    move(concern, "done", office_user, result=result)
    _approve_as_written(township_a, staff_a)
    _open(township_a)

    page = client.get(reverse("concerns:public_notice", args=[township_a.pk])).text

    assert "已办结" in page
    for personal in ("王德发", "李建国", "一三八〇七三九一二三四", "3组15号", "430524199001011234"):
        assert personal not in page


def test_a_closed_notice_needs_a_login_whose_place_reaches_the_township(
    client, notice, township_a, staff_a, staff_b, supervisor, other_supervisor, office_user
):
    for name in ("concerns:public_notice", "concerns:public_notice_pdf"):
        url = reverse(name, args=[township_a.pk])
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        for user in (staff_b, other_supervisor):
            client.force_login(user)
            assert client.get(url).status_code == 404
        for user in (staff_a, supervisor, office_user):
            client.force_login(user)
            assert client.get(url).status_code == 200
        client.logout()


def test_an_unknown_township_or_month_is_not_found(client, township_a):
    _open(township_a)
    assert (
        client.get(reverse("concerns:public_notice", args=[township_a.pk + 99])).status_code == 404
    )
    url = reverse("concerns:public_notice", args=[township_a.pk])
    assert client.get(url, {"month": "2026-13"}).status_code == 404
    assert client.get(url, {"month": "1800-01"}).status_code == 404
    assert client.get(url, {"after": "not-a-cursor"}).status_code == 404
    assert client.post(url).status_code == 405


def test_township_staff_open_and_close_their_notice(
    client, township_a, staff_a, staff_b, supervisor
):
    url = reverse("concerns:public_notice_setting", args=[township_a.pk])
    client.force_login(staff_a)
    assert "向公众公开" in client.get(reverse("concerns:public_notice", args=[township_a.pk])).text
    assert client.post(url, {"open": "1"}).status_code == 302
    assert Township.objects.get(pk=township_a.pk).public_notice_open
    client.logout()
    assert client.get(reverse("concerns:public_notice", args=[township_a.pk])).status_code == 200
    client.force_login(staff_b)
    assert client.post(url, {"open": "0"}).status_code == 404
    client.force_login(supervisor)
    assert client.post(url, {"open": "0"}).status_code == 403
    assert client.get(url).status_code == 405
    client.force_login(staff_a)
    client.post(url, {"open": "0"})
    assert not Township.objects.get(pk=township_a.pk).public_notice_open


def test_the_notice_shows_the_chosen_month_only(client, township_a, station_a, office_a):
    _open(township_a)
    last_year = timezone.now() - datetime.timedelta(days=400)
    ConcernFactory(station=station_a, assigned=True, office=office_a, raised_at=last_year)
    url = reverse("concerns:public_notice", args=[township_a.pk])
    assert client.get(url).context["rows"] == []
    month = timezone.localtime(last_year).strftime("%Y-%m")
    assert len(client.get(url, {"month": month}).context["rows"]) == 1


def test_the_notice_costs_the_same_queries_at_any_size(
    client, township_a, station_a, office_a, django_assert_max_num_queries
):
    _open(township_a)
    url = reverse("concerns:public_notice", args=[township_a.pk])
    for size in (2, 60):
        for _ in range(size):
            ConcernFactory(station=station_a, assigned=True, office=office_a)
        # The township, the page of rows, the register's names to mask.
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


def test_the_pdf_costs_the_same_queries_at_any_size(
    client, township_a, station_a, office_a, django_assert_max_num_queries
):
    _open(township_a)
    url = reverse("concerns:public_notice_pdf", args=[township_a.pk])
    for size in (2, 40):
        for _ in range(size):
            ConcernFactory(station=station_a, assigned=True, office=office_a)
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200
