"""A practical deed's quantity in a unit (350 米 of road, one well), and an annual plan's
deed target in the same unit counted from those quantities (issue 15)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from stations.models import AnnualPlan, Measure, PlanItem
from stations.units import Unit
from tests import factories as f
from visits.demo.work import deed_amount
from visits.models import Deed
from visits.plans import progress as p
from visits.plans.progress import progress_of

pytestmark = pytest.mark.django_db

M = Measure
JUNE_30 = datetime.date(2026, 6, 30)
YEAR = timezone.localdate().year


@pytest.fixture
def phone(client, cadre_user):
    client.force_login(cadre_user)
    return client


def _deed_form(cadres, **overrides):
    data = {
        "token": str(uuid.uuid4()),
        "what": "三组通组公路硬化",
        "category": "road",
        "done_on": timezone.localdate().isoformat(),
        "money_raised": "",
        "people_helped": "",
        "quantity": "350",
        "unit": "m",
        "cadres": [c.pk for c in cadres],
        "household": "",
    }
    data.update(overrides)
    return data


# The deed form ------------------------------------------------------------------


def test_a_deed_is_logged_with_its_quantity_and_shown_with_its_unit(phone, cadre_user, station_a):
    response = phone.post(
        reverse("visits:deed_new", args=[station_a.pk]), _deed_form([cadre_user.cadre])
    )
    saved = Deed.objects.get()
    assert response.status_code == 302
    assert (saved.quantity, saved.unit) == (Decimal("350"), Unit.METRES)
    assert "350 米" in phone.get(saved.get_absolute_url()).text
    station_page = phone.get(reverse("visits:station_work", args=[station_a.pk]) + "?show=deeds")
    assert "350 米" in station_page.text


def test_a_deed_without_a_quantity_needs_no_unit(phone, cadre_user, station_a):
    data = _deed_form([cadre_user.cadre], quantity="", unit="", category="power")
    assert phone.post(reverse("visits:deed_new", args=[station_a.pk]), data).status_code == 302
    saved = Deed.objects.get()
    assert (saved.quantity, saved.unit, saved.amount) == (None, "", "")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit": ""}, "unit", "选择数量的单位"),
        ({"quantity": ""}, "quantity", "填写所选单位的数量"),
        ({"quantity": "-5"}, "quantity", "确保该值大于或等于0"),
        ({"quantity": "2000000"}, "quantity", "肯定是笔误"),
        ({"quantity": "3.456"}, "quantity", "小数不超过 2 位"),
        ({"quantity": "35\x000"}, "quantity", "输入一个数字"),
        ({"quantity": "两公里"}, "quantity", "输入一个数字"),
        ({"unit": "km"}, "unit", "有效的选项"),
        ({"unit": "m\x00"}, "unit", "有效的选项"),
    ],
)
def test_bad_quantities_are_refused_and_nothing_is_written(
    phone, cadre_user, station_a, change, field, message
):
    data = _deed_form([cadre_user.cadre], **change)
    response = phone.post(reverse("visits:deed_new", args=[station_a.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.text
    assert not Deed.objects.exists()


def test_the_database_refuses_a_quantity_without_its_unit(station_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Deed.objects.create(
            station=station_a, what="路", category="road", done_on=JUNE_30, quantity=5
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Deed.objects.create(
            station=station_a, what="路", category="road", done_on=JUNE_30, unit="m"
        )
    assert not Deed.objects.exists()


def test_the_county_deed_list_shows_the_quantity(client, supervisor, station_a):
    Deed.objects.create(
        station=station_a,
        what="新打饮水井",
        category="water",
        done_on=timezone.localdate(),
        quantity=Decimal("2"),
        unit=Unit.WELLS,
    )
    client.force_login(supervisor)
    assert "2 口" in client.get(reverse("visits:deed_list")).text


def test_the_demo_deeds_carry_the_quantity_their_words_state():
    amount = deed_amount("{group}通组公路硬化{m}米", "road", meters=850, pieces=12, helped=90)
    assert amount == {"quantity": Decimal(850), "unit": Unit.METRES}
    well = deed_amount("为{group}新打饮水井一口", "water", meters=850, pieces=12, helped=20)
    assert well == {"quantity": Decimal(1), "unit": Unit.WELLS}
    assert deed_amount("协调供电所改造{group}老旧线路", "power", meters=1, pieces=1, helped=9) == {}


# A plan's target in a unit ---------------------------------------------------------


def _road(station, day, quantity=None, unit="", category="road"):
    Deed.objects.create(
        station=station,
        what="通组公路硬化",
        category=category,
        done_on=day,
        quantity=quantity,
        unit=unit,
    )


def test_a_road_target_in_metres_counts_the_metres_built(station_a, station_b):
    plan = AnnualPlan.objects.create(station=station_a, year=2026)
    PlanItem.objects.create(plan=plan, measure=M.DEEDS_ROAD, target=1500, unit=Unit.METRES)
    PlanItem.objects.create(plan=plan, measure=M.DEEDS, target=2000, unit=Unit.METRES)
    PlanItem.objects.create(plan=plan, measure=M.DEEDS_WATER, target=4, unit=Unit.WELLS)
    # Counted for roads: 400 m in April and 350 m on 30 June.
    _road(station_a, datetime.date(2026, 4, 20), Decimal("400"), Unit.METRES)
    _road(station_a, JUNE_30, Decimal("350"), Unit.METRES)
    # Not counted for roads: a road with no quantity, street lamps (items), 300 m on
    # 1 July, 120 m of water pipe (another category), station B's 900 m.
    _road(station_a, datetime.date(2026, 5, 5))
    _road(station_a, datetime.date(2026, 5, 6), Decimal("12"), Unit.ITEMS)
    _road(station_a, datetime.date(2026, 7, 1), Decimal("300"), Unit.METRES)
    _road(station_a, datetime.date(2026, 3, 3), Decimal("120"), Unit.METRES, category="water")
    _road(station_b, datetime.date(2026, 3, 3), Decimal("900"), Unit.METRES)
    # One well in May.
    _road(station_a, datetime.date(2026, 5, 9), Decimal("1"), Unit.WELLS, category="water")

    progress = progress_of([AnnualPlan.objects.get(pk=plan.pk)], today=JUNE_30)[0]
    items = {i.measure: i for i in progress.items}

    # Roads: 400 + 350 = 750 m. Expected 1500 × 181 / 365 = 743.84, shown 743.8; due
    # 743: 750 ≥ 743, on track; share 750 / 1500 = 0.5.
    road = items[M.DEEDS_ROAD]
    assert road.done == Decimal("750.00")
    assert (road.expected, road.due, road.verdict) == (Decimal("743.8"), 743, p.ON_TRACK)
    assert road.share == 0.5
    assert road.label == "办实事：道路，单位：米"
    # Every category in metres: 400 + 350 + 120 of water pipe = 870 m. Expected
    # 2000 × 181 / 365 = 991.78, due 991: behind.
    every = items[M.DEEDS]
    assert (every.done, every.due, every.verdict) == (Decimal("870.00"), 991, p.BEHIND)
    # Wells: 1 of 4. Expected 4 × 181 / 365 = 1.98, due 1: on track.
    wells = items[M.DEEDS_WATER]
    assert (wells.done, wells.due, wells.verdict) == (Decimal("1.00"), 1, p.ON_TRACK)
    # A 350 m deed less (the one of 30 June) leaves 400 m: behind the due 743.
    Deed.objects.filter(done_on=JUNE_30).delete()
    progress = progress_of([AnnualPlan.objects.get(pk=plan.pk)], today=JUNE_30)[0]
    assert progress.items[0].verdict == p.BEHIND


def test_the_plan_form_saves_a_target_in_a_unit(client, chief_user, station_a):
    plan = AnnualPlan.objects.create(station=station_a, year=YEAR)
    client.force_login(chief_user)
    data = {"notes": "", "target_deeds_road": "1500.5", "unit_deeds_road": "m"}
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    item = plan.items.get()
    assert (item.measure, item.target, item.unit) == ("deeds_road", Decimal("1500.50"), "m")
    assert "办实事：道路，单位：米" in client.get(plan.get_absolute_url()).text
    # Copied into next year's plan with its unit.
    response = client.post(
        reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR + 1, "copy": "on"}
    )
    assert AnnualPlan.objects.get(year=YEAR + 1).items.get().unit == "m"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"unit_deeds_road": "m"}, "给出所选单位的目标"),
        ({"target_deeds_road": "2.5"}, "整数"),
        ({"target_deeds_road": "200000"}, "输入错误"),
        ({"target_deeds_road": "2000000", "unit_deeds_road": "m"}, "输入错误"),
        ({"target_deeds_road": "5", "unit_deeds_road": "mile"}, "有效的选项"),
        ({"target_deeds_road": "5", "unit_deeds_road": "m\x00"}, "有效的选项"),
    ],
)
def test_bad_targets_in_a_unit_are_refused(client, chief_user, station_a, values, message):
    plan = AnnualPlan.objects.create(station=station_a, year=YEAR)
    client.force_login(chief_user)
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), {"notes": "", **values})
    assert response.status_code == 400
    assert message in response.text
    assert not plan.items.exists()


def test_the_township_list_in_units_keeps_its_queries(
    client, staff_a, township_a, django_assert_max_num_queries
):
    # One query more than a list without units (the deeds' quantities), at any size.
    client.force_login(staff_a)
    url = reverse("plans:township_plans", args=[township_a.pk])

    def grow(n):
        for k in range(n):
            station = f.StationFactory(
                village=f.VillageFactory(
                    township=township_a, name=f"量村{AnnualPlan.objects.count()}"
                )
            )
            plan = AnnualPlan.objects.create(station=station, year=YEAR)
            PlanItem.objects.create(plan=plan, measure=M.DEEDS_ROAD, target=900, unit=Unit.METRES)
            _road(station, timezone.localdate(), Decimal(100 + k), Unit.METRES)

    grow(2)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert "量村13" in response.text
