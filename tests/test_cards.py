"""Issuing contact cards: one household, a village, reissues, serial numbers, stale cards."""

import datetime

import pytest

from stations.cards import services as cards
from stations.models import Assignment, CardSerialCounter, ContactCard
from tests import factories as f
from villages.models import TownshipContact

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def crew(station_a, chief_user, cadre_user):
    """Station A with a chief, a member, the township's key contacts and a duty phone."""
    township = station_a.village.township
    station_a.office_phone = "0739-7123456"
    station_a.save()
    TownshipContact.objects.create(
        township=township, order=1, name="李书记", position="党委书记", phone="13907390001"
    )
    TownshipContact.objects.create(
        township=township, order=2, name="石门乡派出所", position="值班电话", phone="0739-7110110"
    )
    return {"chief": chief_user.cadre, "member": cadre_user.cadre}


def _households(station, n):
    return [f.HouseholdFactory(village=station.village) for _ in range(n)]


def test_a_card_prints_members_chief_first_then_township_contacts_then_the_duty_phone(
    station_a, crew, staff_a
):
    chief, member = crew["chief"], crew["member"]
    # The chief agreed to publish their number; the member did not: their line
    # prints no number, and the household calls the duty phone at the bottom.
    chief.phone_public_since = TODAY
    chief.save()
    household = f.HouseholdFactory(village=station_a.village)
    card = cards.issue_card(household=household, by=staff_a, today=TODAY)
    assert card.station == station_a
    assert card.county == station_a.village.township.county
    assert card.issued_on == TODAY
    assert card.issued_by == staff_a
    lines = [(line.name, line.position, line.phone, line.cadre) for line in card.lines.all()]
    assert member.phone
    assert lines == [
        (chief.name, "站长", chief.phone, chief),
        (member.name, "站员", "", member),
        ("李书记", "党委书记", "13907390001", None),
        ("石门乡派出所", "值班电话", "0739-7110110", None),
        (station_a.name, "工作站值班电话", "0739-7123456", None),
    ]


def test_serials_carry_the_county_initials_and_count_up(station_a, crew, staff_a):
    first, second = (
        cards.issue_card(household=h, by=staff_a, today=TODAY) for h in _households(station_a, 2)
    )
    assert first.serial == "LH000001"
    assert second.serial == "LH000002"


def test_a_household_with_a_valid_card_is_refused_a_second_one(station_a, crew, staff_a):
    household = f.HouseholdFactory(village=station_a.village)
    cards.issue_card(household=household, by=staff_a, today=TODAY)
    with pytest.raises(cards.CardError, match="已持有有效的连心卡"):
        cards.issue_card(household=household, by=staff_a, today=TODAY)
    assert ContactCard.objects.filter(household=household).count() == 1


def test_a_household_of_a_village_without_a_station_gets_no_card(staff_a, township_a):
    household = f.HouseholdFactory(village=f.VillageFactory(township=township_a, name="无站村"))
    with pytest.raises(cards.CardError, match="还没有群众工作站"):
        cards.issue_card(household=household, by=staff_a, today=TODAY)
    assert not ContactCard.objects.exists()


def test_issuing_for_a_village_skips_the_households_that_hold_a_valid_card(
    station_a, station_a2, crew, staff_a
):
    households = _households(station_a, 5)
    holder = cards.issue_card(household=households[0], by=staff_a, today=TODAY)
    voided = f.ContactCardFactory(household=households[1], station=station_a, voided_on=TODAY)
    f.HouseholdFactory(village=station_a2.village)  # another village: not touched

    new = cards.issue_for_village(station=station_a, by=staff_a, today=TODAY)

    assert sorted(c.household_id for c in new) == sorted(h.pk for h in households[1:])
    assert ContactCard.objects.valid().filter(household=households[0]).get() == holder
    assert ContactCard.objects.valid().filter(household=households[1]).count() == 1
    assert voided.household_id == households[1].pk
    assert not ContactCard.objects.filter(station=station_a2).exists()
    assert len({c.serial for c in ContactCard.objects.all()}) == ContactCard.objects.count()
    # Every new card has its own copy of the lines.
    assert all(c.lines.count() == 5 for c in new)
    # Again: nothing left to issue.
    assert cards.issue_for_village(station=station_a, by=staff_a, today=TODAY) == []


def test_reissue_voids_the_old_card_today_and_issues_a_new_one(station_a, crew, staff_a):
    household = f.HouseholdFactory(village=station_a.village)
    old = cards.issue_card(household=household, by=staff_a, today=datetime.date(2026, 1, 5))
    new = cards.reissue_card(card=old, by=staff_a, today=TODAY)
    old.refresh_from_db()
    assert old.voided_on == TODAY
    assert new.household == household
    assert new.voided_on is None
    assert new.serial != old.serial
    assert ContactCard.objects.valid().filter(household=household).get() == new


def test_reissuing_a_voided_card_changes_nothing(station_a, crew, staff_a):
    household = f.HouseholdFactory(village=station_a.village)
    old = cards.issue_card(household=household, by=staff_a, today=TODAY)
    cards.reissue_card(card=old, by=staff_a, today=TODAY)
    with pytest.raises(cards.CardError):
        cards.reissue_card(card=old, by=staff_a, today=TODAY)
    assert ContactCard.objects.filter(household=household).count() == 2


def test_serials_skip_numbers_already_used_by_imported_cards(station_a, crew, staff_a):
    # The demo data (or an import) numbered cards without the counter.
    households = _households(station_a, 3)
    f.ContactCardFactory(household=households[0], station=station_a, serial="LH000001")
    f.ContactCardFactory(household=households[1], station=station_a, serial="LH000007")
    card = cards.issue_card(household=households[2], by=staff_a, today=TODAY)
    assert card.serial == "LH000008"
    assert CardSerialCounter.objects.get(county=station_a.village.township.county).last_number == 8


def test_serials_are_per_county(station_a, crew, staff_a, superuser):
    other = f.StationFactory(
        village=f.VillageFactory(township=f.TownshipFactory(county=f.CountyFactory(name="邵阳县")))
    )
    a = cards.issue_card(household=_households(station_a, 1)[0], by=staff_a, today=TODAY)
    b = cards.issue_card(household=_households(other, 1)[0], by=superuser, today=TODAY)
    assert (a.serial, b.serial) == ("LH000001", "SY000001")


def test_a_card_turns_stale_when_a_member_it_lists_leaves_the_station(
    station_a, station_a2, crew, staff_a
):
    households = _households(station_a, 3)
    issued = cards.issue_for_village(station=station_a, by=staff_a, today=TODAY)
    f.HouseholdFactory(village=station_a2.village)
    cards.issue_for_village(station=station_a2, by=staff_a, today=TODAY)
    assert not cards.stale_cards().exists()

    # The member leaving (rotated elsewhere) makes them stale, at this station only (joining
    # does too: tests/test_card_freshness.py).
    Assignment.objects.filter(cadre=crew["member"], station=station_a).update(end_date=TODAY)
    assert set(cards.stale_cards()) == set(issued)
    f.AssignmentFactory(station=station_a2, cadre=crew["member"])
    assert set(cards.stale_cards()) == set(issued) | set(
        ContactCard.objects.filter(station=station_a2)
    )
    assert set(cards.departed_lines(issued).values_list("name", flat=True)) == {crew["member"].name}

    # Reissuing them brings the cards up to date.
    new = cards.reissue_stale(stations=[station_a], by=staff_a, today=TODAY)
    assert len(new) == len(households)
    assert {c.station_id for c in cards.stale_cards()} == {station_a2.pk}
    names = set(new[0].lines.values_list("name", flat=True))
    assert crew["member"].name not in names
    assert crew["chief"].name in names


def test_a_voided_card_is_never_stale(station_a, crew, staff_a):
    household = f.HouseholdFactory(village=station_a.village)
    card = cards.issue_card(household=household, by=staff_a, today=TODAY)
    card.voided_on = TODAY
    card.save()
    Assignment.objects.filter(cadre=crew["member"]).update(end_date=TODAY)
    assert not cards.stale_cards().exists()
