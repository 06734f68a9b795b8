"""Cards and households written at the same moment in two villages, each on its own
database connection: each rewrites its own village's card rollups and neither waits
for the other. PostgreSQL only: SQLite serialises writers, so there is no race there."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction

from stations.models import ContactCard
from tests import factories as f
from villages.models import Household
from visits import card_rollups
from visits.models import CardMonth

pytestmark = pytest.mark.django_db(transaction=True)

# October and November are over; the month under way is left out (its rows are
# counted on the day by the clock, which these threads do not share with TODAY).
TODAY = datetime.date(2026, 12, 15)
OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def rows():
    """``{(month, village): (households, carded)}`` of the card rollups."""
    return {(r.month, r.village_id): (r.households, r.carded) for r in CardMonth.objects.all()}


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so writes cannot race there")


def test_a_card_written_in_one_village_does_not_wait_for_another_villages_writes(
    station_a, station_a2, station_b
):
    a, a2, b = station_a.village_id, station_a2.village_id, station_b.village_id
    carded = f.HouseholdFactory(village=station_a.village)
    moving = f.HouseholdFactory(village=station_a.village)
    newcomer = f.HouseholdFactory(village=station_b.village)
    f.ContactCardFactory(household=carded, station=station_a, issued_on=datetime.date(2026, 10, 10))
    card_rollups.rebuild([OCTOBER, NOVEMBER], today=TODAY)
    assert rows() == {
        (OCTOBER, a): (2, 1),
        (NOVEMBER, a): (2, 1),
        (OCTOBER, b): (1, 0),
        (NOVEMBER, b): (1, 0),
    }

    written, finish = threading.Event(), threading.Event()

    def in_station_a():
        # Station A voids its card on 25 November and moves a household to A2's village,
        # then holds its transaction open while station B writes.
        try:
            with transaction.atomic():
                card = ContactCard.objects.get(household=carded)
                card.voided_on = datetime.date(2026, 11, 25)
                card.save()
                household = Household.objects.get(pk=moving.pk)
                household.village = station_a2.village
                household.save()
                written.set()
                finish.wait(timeout=20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_station_a)
    thread.start()
    try:
        assert written.wait(timeout=20)
        with transaction.atomic():
            # Waiting on A's rows would fail here rather than hang: B must not touch them.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            f.ContactCardFactory(
                household=newcomer, station=station_b, issued_on=datetime.date(2026, 11, 20)
            )
    finally:
        finish.set()
        thread.join(timeout=30)

    # Both written: A's November without its card, the moved household in A2's village
    # in both months, B's November with its new card.
    assert rows() == {
        (OCTOBER, a): (1, 1),
        (NOVEMBER, a): (1, 0),
        (OCTOBER, a2): (1, 0),
        (NOVEMBER, a2): (1, 0),
        (OCTOBER, b): (1, 0),
        (NOVEMBER, b): (1, 1),
    }
    assert card_rollups.differences([OCTOBER, NOVEMBER], today=TODAY) == []


def test_two_cards_written_at_once_in_one_village_are_both_counted(station_a):
    a = station_a.village_id
    first, second = (f.HouseholdFactory(village=station_a.village) for _ in range(2))
    card = f.ContactCardFactory(
        household=first, station=station_a, issued_on=datetime.date(2026, 10, 10)
    )
    card_rollups.rebuild([OCTOBER, NOVEMBER], today=TODAY)
    assert rows() == {(OCTOBER, a): (2, 1), (NOVEMBER, a): (2, 1)}

    written, finish = threading.Event(), threading.Event()
    results = {}

    def void_the_first():
        # Voided on 20 October after all: October and November rewritten, the
        # transaction held open a moment while the second card comes in.
        try:
            with transaction.atomic():
                voided = ContactCard.objects.get(pk=card.pk)
                voided.voided_on = datetime.date(2026, 10, 20)
                voided.save()
                written.set()
                finish.wait(timeout=20)
        finally:
            connections.close_all()

    def issue_the_second():
        # Issued on 20 November: November rewritten, once the first is committed.
        try:
            with transaction.atomic():
                results["second"] = f.ContactCardFactory(
                    household=second, station=station_a, issued_on=datetime.date(2026, 11, 20)
                )
        except Exception as error:  # noqa: BLE001 - reported to the test
            results["second"] = error
        finally:
            connections.close_all()

    one = threading.Thread(target=void_the_first)
    one.start()
    assert written.wait(timeout=20)
    two = threading.Thread(target=issue_the_second)
    two.start()
    time.sleep(1)  # the second waits on November's row, which the first rewrote
    finish.set()
    one.join(timeout=30)
    two.join(timeout=30)

    assert isinstance(results["second"], ContactCard), results["second"]
    # October: the first card voided on the 20th, none; November: the second card.
    assert rows() == {(OCTOBER, a): (2, 0), (NOVEMBER, a): (2, 1)}
    assert card_rollups.differences([OCTOBER, NOVEMBER], today=TODAY) == []
