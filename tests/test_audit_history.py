"""Every create, change and delete of the audited records leaves a history row, bulk writes too."""

import datetime

import pytest
from django.urls import reverse

from cadres.models import Cadre
from stations.cards import services as cards
from stations.models import Assignment, ContactCard
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.test_imports import make_csv, run
from villages.models import Household
from visits.models import Concern, Visit

AUDITED = {
    "household": (Household, lambda place: f.HouseholdFactory(village=place.village), "members"),
    "cadre": (Cadre, lambda place: f.CadreFactory(township=place.village.township), "position"),
    "assignment": (Assignment, lambda place: f.AssignmentFactory(station=place), "away"),
    "card": (
        ContactCard,
        lambda place: f.ContactCardFactory(
            household=f.HouseholdFactory(village=place.village), station=place
        ),
        "voided_on",
    ),
    "visit": (Visit, lambda place: f.VisitFactory(station=place), "seen"),
    "concern": (Concern, lambda place: ConcernFactory(station=place), "urgency"),
}
NEW_VALUES = {
    "members": 5,
    "position": "副站长",
    "away": True,
    "voided_on": datetime.date(2026, 2, 1),
    "seen": "改过",
    "urgency": "urgent",
}


@pytest.mark.parametrize("kind", list(AUDITED))
def test_create_change_delete_each_leave_a_history_row(station_a, kind):
    model, make, field = AUDITED[kind]
    obj = make(station_a)
    pk = obj.pk
    setattr(obj, field, NEW_VALUES[field])
    obj.save()
    obj.delete()
    types = list(
        model.history.filter(id=pk)
        .order_by("history_date", "history_id")
        .values_list("history_type", flat=True)
    )
    assert types[0] == "+" and "~" in types and types[-1] == "-"


def test_the_register_form_records_who_created_and_changed_a_household(client, staff_a, station_a):
    client.force_login(staff_a)
    data = {"village": station_a.village.pk, "head_name": "李四", "phone": "", "members": 4}
    client.post(reverse("villages:household_create"), {**data, "address": ""})
    household = Household.objects.get()
    client.post(
        reverse("villages:household_edit", args=[household.pk]),
        {**data, "members": 5, "address": "二组"},
    )
    rows = household.history.order_by("history_date", "history_id")
    assert [(r.history_type, r.history_user) for r in rows] == [("+", staff_a), ("~", staff_a)]


# Bulk writes -------------------------------------------------------------------------


def test_an_import_writes_a_history_row_per_created_and_changed_record(
    tmp_path, staff_a, station_a
):
    header = ["村", "户主姓名", "联系电话", "家庭人口"]
    run(
        "households",
        station_a.village.township,
        make_csv(
            tmp_path, [header, ["高石村", "张三", "13900000001", 3], ["高石村", "李四", "", 2]]
        ),
        staff_a,
    )
    assert Household.history.filter(history_type="+").count() == 2
    run(
        "households",
        station_a.village.township,
        make_csv(tmp_path, [header, ["高石村", "张三", "13900000001", 4]], name="again.csv"),
        staff_a,
    )
    zhang = Household.objects.get(head_name="张三")
    assert [r.history_type for r in zhang.history.order_by("history_id")] == ["+", "~"]
    assert zhang.history.first().history_user == staff_a
    header = ["姓名", "联系电话", "工作单位"]
    run(
        "cadres",
        station_a.village.township,
        make_csv(tmp_path, [header, ["王站长", "13900000009", "乡政府"]], name="cadres.csv"),
        staff_a,
    )
    assert Cadre.history.filter(name="王站长", history_type="+").count() == 1


def test_issuing_cards_to_a_whole_village_writes_a_history_row_per_card(staff_a, station_a):
    for _ in range(3):
        f.HouseholdFactory(village=station_a.village)
    issued = cards.issue_for_village(station=station_a, by=staff_a)
    assert len(issued) == 3
    rows = ContactCard.history.filter(history_type="+")
    assert sorted(rows.values_list("id", flat=True)) == sorted(c.pk for c in issued)
    assert {r.history_user_id for r in rows} == {staff_a.pk}


def test_reissuing_voids_the_old_card_with_a_history_row(staff_a, station_a):
    household = f.HouseholdFactory(village=station_a.village)
    old = cards.issue_card(household=household, by=staff_a)
    new = cards.reissue_card(card=old, by=staff_a)
    old.refresh_from_db()
    assert old.voided_on is not None and new.voided_on is None
    change = old.history.filter(history_type="~").get()
    assert change.voided_on == old.voided_on and change.history_user == staff_a
