"""The Chinese working calendar: duty rules skip public holidays and may keep make-up
workdays (调休); concern time limits count working days. Around National Day 2026 (from
the seeded State Council schedule) and the Spring Festival 2027 (entered by the county, as
it will be once the schedule is published: the package knows only up to 2026).

National Day 2026 as published: 1–7 October off, make-up workdays Sunday 20 September and
Saturday 10 October (paying back Tuesday 6 and Wednesday 7 October).
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stations.duty.services import generate_roster
from stations.models import DutyDay, DutyRule
from tests import factories as f
from tests.concern_helpers import ConcernFactory, OfficeFactory
from tests.supervision_helpers import SHANGHAI
from villages.models import CalendarDay, Standard
from villages.workdays import Workdays, add_workdays
from visits.supervision import duty_rules

pytestmark = pytest.mark.django_db
D = datetime.date

# The Spring Festival 2027 as a county might enter it for these tests (the published
# schedule may differ): 5–13 February off, Saturday 20 February worked as a Friday.
SPRING_2027_OFF = [D(2027, 2, day) for day in range(5, 14)]
SPRING_2027_MAKEUP = D(2027, 2, 20)


@pytest.fixture
def spring_2027(db):
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=day, kind="holiday", festival="spring_festival")
            for day in SPRING_2027_OFF
        ]
        + [
            CalendarDay(
                date=SPRING_2027_MAKEUP, kind="makeup", festival="spring_festival", counts_as=5
            )
        ]
    )


def _station(rule="2", kind=DutyRule.WEEKDAYS, **fields):
    return f.StationFactory(duty_rule=kind, duty_days=rule, **fields)


def _freeze(monkeypatch, day):
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


# The seeded schedule ------------------------------------------------------------------


def test_the_national_day_schedule_is_seeded():
    october = Workdays.of_month(2026, 10)
    assert sorted(october.holidays) == [D(2026, 10, d) for d in range(1, 8)]
    assert october.works_as(D(2026, 10, 10)) == 3  # Saturday worked for Wednesday 7 October
    assert Workdays.between(D(2026, 9, 20), D(2026, 9, 20)).works_as(D(2026, 9, 20)) == 2


def test_loading_the_schedule_again_adds_nothing_and_a_cleared_year_comes_back(capsys):
    count = CalendarDay.objects.in_year(2026).count()
    call_command("load_holidays")
    assert CalendarDay.objects.in_year(2026).count() == count
    CalendarDay.objects.in_year(2026).delete()
    call_command("load_holidays", year=[2026], dry_run=True)
    assert CalendarDay.objects.in_year(2026).count() == 0
    call_command("load_holidays", year=[2026])
    assert CalendarDay.objects.in_year(2026).count() == count
    assert "2026: 39 days" in capsys.readouterr().out


# Duty rules ---------------------------------------------------------------------------


def test_a_tuesday_rule_skips_national_day():
    assert _station("2").duty_dates(2026, 10) == [D(2026, 10, 13), D(2026, 10, 20), D(2026, 10, 27)]


def test_a_tuesday_rule_skips_the_spring_festival(spring_2027):
    assert _station("2").duty_dates(2027, 2) == [D(2027, 2, 2), D(2027, 2, 16), D(2027, 2, 23)]


def test_days_of_the_month_skip_a_holiday():
    assert _station("5,15,25", DutyRule.MONTH_DAYS).duty_dates(2026, 10) == [
        D(2026, 10, 15),
        D(2026, 10, 25),
    ]


def test_a_make_up_workday_counts_as_the_weekday_it_replaces_when_the_station_says_so():
    wednesday = _station("3", duty_on_makeup_days=True)
    assert D(2026, 10, 10) in wednesday.duty_dates(2026, 10)
    assert D(2026, 10, 7) not in wednesday.duty_dates(2026, 10)
    tuesday = _station("2", duty_on_makeup_days=True)
    assert D(2026, 9, 20) in tuesday.duty_dates(2026, 9)
    assert D(2026, 10, 10) not in tuesday.duty_dates(2026, 10)
    # Without the choice a make-up Saturday is no duty day.
    assert D(2026, 10, 10) not in _station("3").duty_dates(2026, 10)


def test_a_make_up_day_of_the_spring_festival(spring_2027):
    friday = _station("5", duty_on_makeup_days=True)
    assert friday.duty_dates(2027, 2) == [D(2027, 2, 19), SPRING_2027_MAKEUP, D(2027, 2, 26)]


def test_the_roster_plans_no_duty_on_a_holiday(spring_2027):
    station = _station("2")
    cadre = f.CadreFactory(township=station.village.township)
    f.AssignmentFactory(cadre=cadre, station=station, start_date=D(2026, 1, 1))
    for year, month in ((2026, 10), (2027, 2)):
        generate_roster(stations=[station], year=year, month=month, today=D(2026, 9, 1))
    days = set(DutyDay.objects.filter(station=station).values_list("date", flat=True))
    assert D(2026, 10, 6) not in days and D(2027, 2, 9) not in days
    assert {D(2026, 10, 13), D(2027, 2, 2), D(2027, 2, 16)} <= days


def test_the_duty_month_names_the_holidays(client, staff_a, station_a):
    client.force_login(staff_a)
    response = client.get(reverse("stations:station_duty_month", args=[station_a.pk, 2026, 10]))
    assert "国庆节 放假，不值班" in response.text
    assert "国庆节 调休上班日，按星期三上班" in response.text
    assert D(2026, 10, 6) not in response.context["missing"]


def test_the_duty_month_warns_of_a_year_without_a_schedule(client, staff_a, station_a):
    client.force_login(staff_a)
    response = client.get(reverse("stations:station_duty_month", args=[station_a.pk, 2027, 3]))
    assert "尚未录入2027年的法定节假日" in response.text


def test_a_month_day_station_owes_no_duty_on_a_holiday():
    station = _station("5,15,25", DutyRule.MONTH_DAYS)
    owed = duty_rules.owed(station, Standard(), start=D(2026, 10, 1), as_of=D(2026, 10, 31))
    assert owed.days == 2


# Concern time limits ------------------------------------------------------------------


def test_counting_working_days_over_national_day_and_the_spring_festival(spring_2027):
    # Wednesday 30 September, then 8, 9, 10 (the make-up Saturday) and 12 October.
    assert add_workdays(D(2026, 9, 29), 5) == D(2026, 10, 12)
    # Thursday 4 February, then Monday 15 and Tuesday 16 February.
    assert add_workdays(D(2027, 2, 3), 3) == D(2027, 2, 16)


def _assign(client, concern, office, **data):
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])
    fields = {"assign-office": office.pk, "assign-version": concern.version}
    fields.update({f"assign-{name}": value for name, value in data.items()})
    return client.post(url, fields)


@pytest.fixture
def office(township_a):
    return OfficeFactory(township=township_a, name="民政办")


def test_a_time_limit_counts_working_days_over_national_day(
    client, monkeypatch, staff_a, station_a, office
):
    _freeze(monkeypatch, D(2026, 9, 29))
    concern = ConcernFactory(station=station_a)
    client.force_login(staff_a)
    page = client.get(concern.get_absolute_url())
    assert "按工作日计：不计周末和法定节假日，调休上班日照计" in page.text
    assert _assign(client, concern, office, time_limit=5).status_code == 302
    concern.refresh_from_db()
    assert concern.deadline == D(2026, 10, 12)


def test_a_time_limit_counts_working_days_over_the_spring_festival(
    client, monkeypatch, staff_a, station_a, office, spring_2027
):
    _freeze(monkeypatch, D(2027, 2, 3))
    concern = ConcernFactory(station=station_a)
    client.force_login(staff_a)
    assert _assign(client, concern, office, time_limit=3).status_code == 302
    concern.refresh_from_db()
    assert concern.deadline == D(2027, 2, 16)


def test_a_county_counting_calendar_days(client, monkeypatch, staff_a, station_a, office, county):
    Standard.objects.create(county=county, deadlines_in_working_days=False)
    _freeze(monkeypatch, D(2026, 9, 29))
    concern = ConcernFactory(station=station_a)
    client.force_login(staff_a)
    assert _assign(client, concern, office, time_limit=5).status_code == 302
    concern.refresh_from_db()
    assert concern.deadline == D(2026, 10, 4)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请设定办结时限。"),
        ({"deadline": "2026-10-20", "time_limit": 5}, "办结时限与期限天数只填一项。"),
        ({"time_limit": 0}, "期限至少一天。"),
    ],
)
def test_a_deadline_or_a_time_limit_is_asked_for(
    client, monkeypatch, staff_a, station_a, office, data, message
):
    _freeze(monkeypatch, D(2026, 9, 29))
    concern = ConcernFactory(station=station_a)
    client.force_login(staff_a)
    response = _assign(client, concern, office, **data)
    assert response.status_code == 400
    assert message in response.text
    concern.refresh_from_db()
    assert concern.state == "escalated" and concern.deadline is None
