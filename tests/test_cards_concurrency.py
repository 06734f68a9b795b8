"""Two clerks issuing cards at the same moment, each on their own database connection.

Only PostgreSQL runs transactions side by side with row locks; SQLite lets
one writer at a time, so there is no race to test there.
"""

import contextlib
import threading

import pytest
from django.db import connection

from stations.cards import services as cards
from stations.models import CardSerialCounter, ContactCard
from tests import factories as f
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)

# How long a clerk who has read the counter waits for the other clerk to read it too.
MEET_SECONDS = 1.0


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so issuing cannot race there")


@pytest.fixture
def in_step(monkeypatch):
    """Call it to make the clerks race: whoever reads the serial counter waits for the other
    to read it too, up to MEET_SECONDS.

    With the row lock the other clerk cannot read the counter before the
    first commits, so the wait runs out and they take turns; without the lock
    both would read the same number and draw the same serials.
    """

    def start():
        original = cards._locked_counter
        meet = threading.Barrier(2, timeout=MEET_SECONDS)

        def counter_then_meet(county):
            counter = original(county)
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait()
            return counter

        monkeypatch.setattr(cards, "_locked_counter", counter_then_meet)

    return start


def _villages(township, n_households):
    stations = []
    for name in ("甲村", "乙村"):
        station = f.StationFactory(village=f.VillageFactory(township=township, name=name))
        for _ in range(n_households):
            f.HouseholdFactory(village=station.village)
        stations.append(station)
    return stations


def test_the_first_two_clerks_of_a_county_draw_distinct_serials(township_a, in_step):
    # No counter row yet: both create it at once, and one waits for the other's.
    first, second = _villages(township_a, 25)
    in_step()
    results = at_once(
        lambda: cards.issue_for_village(station=first, by=None),
        lambda: cards.issue_for_village(station=second, by=None),
    )
    assert [len(r) if isinstance(r, list) else r for r in results] == [25, 25]
    serials = list(ContactCard.objects.values_list("serial", flat=True))
    assert len(serials) == 50
    assert sorted(serials) == [f"LH{n:06d}" for n in range(1, 51)]
    assert CardSerialCounter.objects.get(county=township_a.county).last_number == 50


def test_two_clerks_issuing_at_once_draw_distinct_serials(township_a, in_step):
    first, second = _villages(township_a, 4)
    # The counter row exists already: the clerks take turns on its lock.
    cards.issue_card(household=f.HouseholdFactory(village=first.village), by=None)
    in_step()

    def clerk(station):
        return [
            cards.issue_card(household=h, by=None).serial
            for h in station.village.households.filter(cards=None)
        ]

    results = at_once(lambda: clerk(first), lambda: clerk(second))
    assert all(isinstance(r, list) and len(r) == 4 for r in results), results
    serials = set(ContactCard.objects.values_list("serial", flat=True))
    assert len(serials) == ContactCard.objects.count() == 9


def test_the_same_household_clicked_twice_at_once_gets_one_card(township_a, in_step):
    station, _other = _villages(township_a, 1)
    household = station.village.households.get()
    in_step()
    results = at_once(
        lambda: cards.issue_card(household=household, by=None),
        lambda: cards.issue_card(household=household, by=None),
    )
    issued = [r for r in results if isinstance(r, ContactCard)]
    refused = [r for r in results if isinstance(r, cards.CardError)]
    assert len(issued) == 1 and len(refused) == 1, results
    assert ContactCard.objects.valid().filter(household=household).count() == 1
