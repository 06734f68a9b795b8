"""The working-calendar page (节假日与调休): county supervisors enter next year's schedule
and correct a day; township staff read it; nobody else opens it."""

import datetime

import pytest
from django.urls import reverse

from villages.models import CalendarDay

pytestmark = pytest.mark.django_db
D = datetime.date


def _add(client, **data):
    fields = {"date": "2027-02-09", "kind": "holiday", "festival": "spring_festival", "note": ""}
    fields.update(data)
    return client.post(reverse("villages:calendar_add", args=[2027]), fields)


def test_the_county_enters_a_holiday_of_next_year(client, supervisor, station_a):
    client.force_login(supervisor)
    page = client.get(reverse("villages:calendar_year", args=[2027]))
    assert "尚未录入2027年的法定节假日" in page.text
    response = _add(client)
    assert response.status_code == 302
    assert response.url == reverse("villages:calendar_year", args=[2027])
    day = CalendarDay.objects.get(date=D(2027, 2, 9))
    assert (day.kind, day.festival) == ("holiday", "spring_festival")
    page = client.get(response.url)
    assert "春节" in page.text and "尚未录入" not in page.text
    # The Tuesday on the holiday is no duty day any more.
    assert D(2027, 2, 9) not in station_a.duty_dates(2027, 2)


def test_the_county_corrects_and_removes_a_day(client, supervisor):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    client.force_login(supervisor)
    edit = reverse("villages:calendar_edit", args=[day.pk])
    assert client.get(edit).status_code == 200
    data = {"date": "2026-10-10", "kind": "makeup", "festival": "national_day", "counts_as": 2}
    assert client.post(edit, data).status_code == 302
    day.refresh_from_db()
    assert day.counts_as == 2
    response = client.post(reverse("villages:calendar_delete", args=[day.pk]))
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "makeup", "counts_as": 2}, "调休上班日应是周六或周日"),
        ({"date": "2027-02-20", "kind": "makeup"}, "请选择这一天按星期几上班。"),
        ({"counts_as": 2}, "只有调休上班日才按另一天上班。"),
        ({"date": "2026-10-01"}, "这一天已在日历中"),
        ({"date": "2027-02-30"}, "日期请按 2027-02-06 的格式填写。"),
        ({"festival": ""}, "请选择所属节日。"),
    ],
)
def test_bad_input_says_why_and_saves_nothing(client, supervisor, data, message):
    client.force_login(supervisor)
    before = CalendarDay.objects.count()
    response = _add(client, **data)
    assert response.status_code == 400
    assert message in response.text
    assert CalendarDay.objects.count() == before


def test_township_staff_read_it_but_do_not_change_it(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("villages:calendar_year", args=[2026]))
    assert page.status_code == 200
    assert "国庆节" in page.text and "新增一天" not in page.text
    assert _add(client).status_code == 403
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert client.post(reverse("villages:calendar_delete", args=[day.pk])).status_code == 403
    assert CalendarDay.objects.filter(pk=day.pk).exists()


def test_a_cadre_may_not_open_it(client, cadre_user):
    client.force_login(cadre_user)
    assert client.get(reverse("villages:calendar")).status_code == 403


def test_wrong_methods_and_years(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("villages:calendar_add", args=[2027])).status_code == 405
    assert client.post(reverse("villages:calendar_year", args=[2027])).status_code == 405
    day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert client.get(reverse("villages:calendar_delete", args=[day.pk])).status_code == 405
    assert client.get(reverse("villages:calendar_year", args=[1999])).status_code == 404
    assert client.get(reverse("villages:calendar_edit", args=[10**6])).status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_the_page_reads_a_fixed_number_of_queries(
    client, supervisor, django_assert_max_num_queries, extra
):
    # November and December 2026 hold no seeded day.
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=D(2026, 11, 1) + datetime.timedelta(days=n), kind="holiday", festival="other"
        )
        for n in range(extra)
    )
    client.force_login(supervisor)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("villages:calendar_year", args=[2026])).status_code == 200
