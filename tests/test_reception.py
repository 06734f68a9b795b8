"""Receptions on a duty day (接访登记): who came, what was asked, how it was handled."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import DutyDay
from tests import factories as f
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _form(station, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "station": station.pk,
        "village": station.village_id,
        "visitor_name": "李大娘",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "asked": "咨询城乡居民医保缴费",
        "handled": "当场讲解缴费标准和渠道",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_reception_on_the_duty_day_marks_the_duty_held(phone, cadre_user, station_a):
    duty = f.DutyDayFactory(station=station_a, cadre=cadre_user.cadre, date=timezone.localdate())
    response = phone.post(reverse("visits:reception_new"), _form(station_a))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.kind == Visit.Kind.RECEPTION
    assert visit.visitor_name == "李大娘"
    assert visit.handled == "当场讲解缴费标准和渠道"
    assert visit.duty_day == duty
    duty.refresh_from_db()
    assert duty.held


def test_a_reception_of_a_known_household_takes_its_name_and_village(phone, station_a):
    household = f.HouseholdFactory(village=station_a.village, head_name="王二")
    phone.post(
        reverse("visits:reception_new"), _form(station_a, visitor_name="", household=household.pk)
    )
    visit = Visit.objects.get()
    assert visit.visitor_name == "王二"
    assert visit.household == household


def test_a_reception_on_a_day_without_duty_is_kept_without_a_duty_day(phone, station_a):
    station_a.duty_rule, station_a.duty_days = "month_days", "31"
    station_a.save()
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    if yesterday.day == 31:
        pytest.skip("yesterday was a duty day under this rule")
    data = _form(station_a, occurred_at=yesterday.strftime("%Y-%m-%dT%H:%M"))
    assert phone.post(reverse("visits:reception_new"), data).status_code == 302
    assert Visit.objects.get().duty_day is None
    assert not DutyDay.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"visitor_name": ""}, "请填写来访人姓名或选择农户"),
        ({"asked": ""}, "这个字段是必填项"),
        ({"handled": "理" * 2001}, "2000 字以内"),
        ({"village": "999999"}, "有效的选项"),
    ],
)
def test_bad_receptions_are_refused_in_chinese(phone, station_a, change, message):
    response = phone.post(reverse("visits:reception_new"), _form(station_a, **change))
    assert response.status_code == 400
    assert message in response.text
    assert not Visit.objects.exists()
    assert not DutyDay.objects.filter(held=True).exists()


def test_a_village_of_another_township_is_refused(phone, station_a, station_b):
    response = phone.post(
        reverse("visits:reception_new"), _form(station_a, village=station_b.village_id)
    )
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_the_same_reception_sent_twice_is_saved_once(phone, station_a):
    data = _form(station_a)
    phone.post(reverse("visits:reception_new"), data)
    phone.post(reverse("visits:reception_new"), data)
    assert Visit.objects.count() == 1


def test_the_reception_form_costs_the_same_queries_at_any_size(
    phone, station_a, django_assert_max_num_queries
):
    for size in (2, 30):
        for _ in range(size):
            f.HouseholdFactory(village=station_a.village)
        with django_assert_max_num_queries(10):
            assert phone.get(reverse("visits:reception_new")).status_code == 200
