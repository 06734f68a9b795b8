"""Two clerks moving cadres at the same moment, each on their own database connection.

Only PostgreSQL runs transactions side by side with row locks; SQLite lets
one writer at a time, so there is no race to test there.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connection

from stations.models import Assignment, Pairing
from stations.rotation import services as rotation
from tests import factories as f
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)

ON = datetime.date(2026, 3, 2)
TODAY = datetime.date(2026, 3, 10)
# How long a clerk who has passed the lock waits for the other clerk to pass it too.
MEET_SECONDS = 1.0


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so rotations cannot race there")


@pytest.fixture
def in_step(monkeypatch):
    """Make the clerks race: whoever has locked their assignment and reads what to hand
    over waits for the other to get there too, up to MEET_SECONDS.

    With the row lock a second move of the same assignment cannot get there before
    the first commits, so the wait runs out and they take turns; without the lock
    both would read the assignment as current and both would move the cadre.
    """
    original = rotation.handover
    meet = threading.Barrier(2, timeout=MEET_SECONDS)

    def handover_then_meet(assignment):
        found = original(assignment)
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()
        return found

    monkeypatch.setattr(rotation, "handover", handover_then_meet)


def _station(township, name):
    return f.StationFactory(village=f.VillageFactory(township=township, name=name))


def _move(assignment, to_station, *, role=Assignment.Role.MEMBER, successor=None):
    def job():
        return rotation.rotate(
            assignment=assignment,
            to_station=to_station,
            role=role,
            on=ON,
            successor=successor,
            today=TODAY,
        )

    return job


def test_two_clerks_moving_the_same_cadre_at_once_make_one_move(township_a, in_step):
    old_station, one, other = (_station(township_a, n) for n in ("甲村", "乙村", "丙村"))
    cadre = f.CadreFactory(township=township_a)
    successor = f.CadreFactory(township=township_a)
    old = f.AssignmentFactory(cadre=cadre, station=old_station)
    f.AssignmentFactory(cadre=successor, station=old_station)
    household = f.HouseholdFactory(village=old_station.village)
    f.PairingFactory(cadre=cadre, household=household)
    # Each clerk read the assignment as current before either pressed the button.
    first, second = Assignment.objects.get(pk=old.pk), Assignment.objects.get(pk=old.pk)

    results = at_once(
        _move(first, one, successor=successor), _move(second, other, successor=successor)
    )

    moved = [r for r in results if isinstance(r, rotation.Rotation)]
    refused = [r for r in results if isinstance(r, rotation.RotationError)]
    assert len(moved) == 1 and len(refused) == 1, results
    assert refused[0].message == "这项任职已经结束。"
    current = Assignment.objects.current().filter(cadre=cadre)
    assert [a.station for a in current] == [moved[0].new.station]
    assert Assignment.objects.filter(cadre=cadre).count() == 2
    assert Pairing.objects.current().filter(household=household).get().cadre == successor


def test_two_cadres_made_chief_of_one_station_at_once_make_one_chief(township_a, in_step):
    target, from_one, from_other = (_station(township_a, n) for n in ("甲村", "乙村", "丙村"))
    one = f.AssignmentFactory(cadre=f.CadreFactory(township=township_a), station=from_one)
    other = f.AssignmentFactory(cadre=f.CadreFactory(township=township_a), station=from_other)
    chief = Assignment.Role.CHIEF

    results = at_once(_move(one, target, role=chief), _move(other, target, role=chief))

    moved = [r for r in results if isinstance(r, rotation.Rotation)]
    refused = [r for r in results if isinstance(r, rotation.RotationError)]
    assert len(moved) == 1 and len(refused) == 1, results
    assert refused[0].field == "role"
    assert "站长" in refused[0].message or "有人同时修改了该站成员" in refused[0].message
    assert Assignment.objects.current().filter(station=target).get() == moved[0].new
    # The refused cadre still serves where they were: nothing of their move was kept.
    stayed = one if moved[0].new.cadre_id == other.cadre_id else other
    assert Assignment.objects.get(pk=stayed.pk).end_date is None
