"""Rules the database itself keeps, whatever page or import writes the rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stations.models import Assignment, DutyRule, WorkStation, parse_duty_days
from tests import factories as f
from villages.models import Household
from villages.validators import validate_phone

pytestmark = pytest.mark.django_db


def test_a_station_refuses_a_second_current_chief():
    station = f.StationFactory()
    f.AssignmentFactory(station=station, role=Assignment.Role.CHIEF)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AssignmentFactory(station=station, role=Assignment.Role.CHIEF)
    assert Assignment.objects.filter(station=station).count() == 1


def test_a_new_chief_may_follow_one_whose_assignment_ended():
    station = f.StationFactory()
    old = f.AssignmentFactory(station=station, role=Assignment.Role.CHIEF)
    old.end_date = datetime.date(2026, 6, 30)
    old.save()
    f.AssignmentFactory(station=station, role=Assignment.Role.CHIEF, start_date=old.end_date)
    # Both rows stay: the rotation keeps its history.
    assert Assignment.objects.filter(station=station, role="chief").count() == 2
    assert Assignment.objects.filter(station=station).current().count() == 1


def test_two_current_chiefs_are_refused_by_form_validation_too():
    station = f.StationFactory()
    f.AssignmentFactory(station=station, role=Assignment.Role.CHIEF)
    second = Assignment(
        station=station,
        cadre=f.CadreFactory(),
        role=Assignment.Role.CHIEF,
        start_date=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="已有现任站长"):
        second.validate_constraints()


def test_an_assignment_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.AssignmentFactory(
            start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1)
        )


def test_a_card_serial_is_unique_within_a_county_only():
    card = f.ContactCardFactory(serial="LH000001")
    same_county = f.HouseholdFactory(village__township__county=card.county)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ContactCardFactory(household=same_county, serial="LH000001")
    other_county = f.HouseholdFactory(village__township__county=f.CountyFactory(name="邵阳县"))
    f.ContactCardFactory(household=other_county, serial="LH000001")


def test_a_household_holds_one_valid_card_and_any_number_of_void_ones():
    card = f.ContactCardFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ContactCardFactory(household=card.household, station=card.station)
    card.voided_on = datetime.date(2026, 3, 1)
    card.save()
    f.ContactCardFactory(household=card.household, station=card.station)
    assert card.household.cards.valid().count() == 1


def test_a_household_has_at_least_one_member():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.HouseholdFactory(members=0)


def test_a_pairing_is_current_once_per_cadre_and_household():
    pairing = f.PairingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.PairingFactory(cadre=pairing.cadre, household=pairing.household)


def test_weekday_duty_rule_gives_every_tuesday_of_the_month():
    station = f.StationFactory(duty_rule=DutyRule.WEEKDAYS, duty_days="2")
    dates = station.duty_dates(2026, 12)
    assert [d.day for d in dates] == [1, 8, 15, 22, 29]
    assert all(d.isoweekday() == 2 for d in dates)


def test_month_day_duty_rule_skips_days_the_month_lacks():
    # 2024: a year without public holidays in the calendar (the seeded schedule starts in 2025).
    station = f.StationFactory(duty_rule=DutyRule.MONTH_DAYS, duty_days="5,15,30")
    assert [d.day for d in station.duty_dates(2024, 2)] == [5, 15]
    assert [d.day for d in station.duty_dates(2024, 4)] == [5, 15, 30]


@pytest.mark.parametrize(
    ("rule", "text"),
    [(DutyRule.WEEKDAYS, "8"), (DutyRule.WEEKDAYS, "周八"), (DutyRule.MONTH_DAYS, "0,32")],
)
def test_a_bad_duty_rule_is_refused_with_a_chinese_message(rule, text):
    with pytest.raises(ValidationError) as caught:
        parse_duty_days(rule, text)
    message = caught.value.message_dict["duty_days"][0]
    assert "数字" in message


def test_station_clean_normalises_chinese_commas():
    station = WorkStation(duty_rule=DutyRule.MONTH_DAYS, duty_days="25，5， 15")
    station.clean()
    assert station.duty_days == "5,15,25"


@pytest.mark.parametrize(
    "phone", ["13907391234", "+86 139 0739 1234", "0739-8123456", "07398123456", "8123456"]
)
def test_chinese_mobile_and_landline_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "1390739123", "23907391234", "abc"])
def test_other_phone_numbers_are_refused_in_chinese(phone):
    with pytest.raises(ValidationError, match="手机号"):
        validate_phone(phone)


def test_changes_to_a_household_are_kept_in_its_history():
    household = f.HouseholdFactory(head_name="张三")
    household.head_name = "张山"
    household.save()
    names = list(household.history.order_by("history_date").values_list("head_name", flat=True))
    assert names == ["张三", "张山"]


@pytest.mark.parametrize("typed", ["张", "张三", "zs", "ZS", "zhang", "zhangsan", "z s"])
def test_households_are_found_by_characters_or_pinyin(typed):
    zhang = f.HouseholdFactory(head_name="张三")
    f.HouseholdFactory(head_name="李四", village=zhang.village)
    assert list(Household.objects.search(typed)) == [zhang]


def test_a_surname_with_two_readings_is_found_by_either():
    household = f.HouseholdFactory(head_name="曾国华")
    assert list(Household.objects.search("zgh")) == [household]
    assert list(Household.objects.search("cgh")) == [household]


def test_renaming_a_household_updates_its_pinyin():
    household = f.HouseholdFactory(head_name="张三")
    household.head_name = "王五"
    household.save()
    household.refresh_from_db()
    assert household.name_pinyin.split()[:2] == ["wangwu", "ww"]
