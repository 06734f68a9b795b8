"""Two clicks on "submit" (or the chief and a second tab) at the same moment, each on its
own database connection: the month moves once, with one history row. PostgreSQL only:
SQLite lets one writer at a time, so there is no race to test there."""

import datetime
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone

from stations.materials.locks import MonthLocked
from stations.models import Assignment, StationMonth, StationMonthEvent
from tests import factories as f
from tests.concurrency import at_once
from visits import services as visit_services
from visits.materials import selectors, services
from visits.models import Visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so moves cannot race there")


def test_two_submits_at_once_move_the_month_once(township_a):
    station = f.StationFactory(village=f.VillageFactory(township=township_a))
    user = f.UserFactory(username="chief-race", role="cadre")
    cadre = f.CadreFactory(township=township_a, user=user)
    f.AssignmentFactory(cadre=cadre, station=station, role=Assignment.Role.CHIEF)
    year, month = selectors.previous_month()

    def submit():
        return services.make_move(user=user, station=station, year=year, month=month, name="submit")

    results = at_once(submit, submit, submit)
    moved = [r for r in results if isinstance(r, StationMonth)]
    refused = [r for r in results if isinstance(r, services.AlreadyMoved)]
    assert len(moved) == 1, results
    assert len(refused) == 2, results
    assert StationMonth.objects.get().state == "submitted"
    assert StationMonthEvent.objects.count() == 1


# A visit logged while the chief submits its month ----------------------------------------


def _chief_and_member(township_a):
    station = f.StationFactory(village=f.VillageFactory(township=township_a))
    chief = f.UserFactory(username="chief-lock", role="cadre")
    f.AssignmentFactory(
        cadre=f.CadreFactory(township=township_a, user=chief),
        station=station,
        role=Assignment.Role.CHIEF,
    )
    member = f.CadreFactory(township=township_a)
    f.AssignmentFactory(cadre=member, station=station)
    return station, chief, member


def _log(station, member, year, month):
    return visit_services.log_visit(
        author=member,
        station=station,
        token=str(uuid.uuid4()),
        fields={
            "occurred_at": timezone.make_aware(datetime.datetime(year, month, 3, 10)),
            "seen": "屋顶漏雨",
        },
    )


def _submit_while_held_open(write, *, chief, station, year, month):
    """Runs ``write`` in a transaction held open while the chief submits ``station``'s
    month from another connection; returns the order the two finished in."""
    written, submitted, order = threading.Event(), threading.Event(), []

    def hold():
        with transaction.atomic():
            write()
            written.set()
            # Held open for the submission: a submission the write does not hold up
            # goes through now.
            submitted.wait(timeout=2)
            order.append("write saved")

    def submit():
        written.wait(timeout=5)
        services.make_move(user=chief, station=station, year=year, month=month, name="submit")
        order.append("month submitted")
        submitted.set()

    at_once(hold, submit)
    return order


def test_a_submission_waits_for_a_visit_being_saved_and_counts_it(township_a):
    """The visit's transaction is still open when the chief clicks "submit": the month is
    submitted only after the visit is in, so what the township reviews holds it."""
    station, chief, member = _chief_and_member(township_a)
    year, month = selectors.previous_month()
    order = _submit_while_held_open(
        lambda: _log(station, member, year, month),
        chief=chief,
        station=station,
        year=year,
        month=month,
    )
    assert order == ["write saved", "month submitted"]
    assert Visit.objects.filter(station=station).count() == 1
    assert StationMonth.objects.get(station=station).state == "submitted"


def test_a_submission_waits_for_a_correction_being_saved(township_a):
    """A correction names its station by id (``visit.station_id``): it holds the station's
    row all the same, so the month is submitted with the correction in it."""
    station, chief, member = _chief_and_member(township_a)
    year, month = selectors.previous_month()
    visit, _created = _log(station, member, year, month)
    order = _submit_while_held_open(
        lambda: visit_services.edit_visit(visit=visit, fields={"seen": "屋顶已修好"}),
        chief=chief,
        station=station,
        year=year,
        month=month,
    )
    assert order == ["write saved", "month submitted"]
    assert Visit.objects.get(pk=visit.pk).seen == "屋顶已修好"


def test_a_submission_does_not_wait_for_a_visit_being_saved_at_another_station(township_a):
    """The lock is the station's own row: a visit held open at station B does not hold up
    the submission of station A's month."""
    station, chief, _member = _chief_and_member(township_a)
    other = f.StationFactory(village=f.VillageFactory(township=township_a))
    elsewhere = f.CadreFactory(township=township_a)
    f.AssignmentFactory(cadre=elsewhere, station=other)
    year, month = selectors.previous_month()
    order = _submit_while_held_open(
        lambda: _log(other, elsewhere, year, month),
        chief=chief,
        station=station,
        year=year,
        month=month,
    )
    assert order == ["month submitted", "write saved"]


def test_a_locked_month_is_checked_only_inside_the_writes_transaction(township_a):
    """Outside a transaction the station's row could not be held until the write's end:
    the check refuses to run rather than let a submission slip in between."""
    from django.db.transaction import TransactionManagementError

    from stations.materials.locks import refuse_if_locked

    station, _chief, _member = _chief_and_member(township_a)
    with pytest.raises(TransactionManagementError):
        refuse_if_locked(station=station, day=timezone.localdate())


def test_a_visit_saved_while_its_month_is_submitted_is_refused(township_a):
    """The chief's submission is committing when a member saves a visit of that month:
    the visit waits for it, then is refused and nothing of it is written."""
    station, chief, member = _chief_and_member(township_a)
    year, month = selectors.previous_month()
    moved, refused = threading.Event(), threading.Event()

    def submit():
        with transaction.atomic():
            services.make_move(user=chief, station=station, year=year, month=month, name="submit")
            moved.set()
            refused.wait(timeout=2)  # the visit, tried meanwhile, waits for this commit

    def visit():
        moved.wait(timeout=5)
        try:
            return _log(station, member, year, month)
        finally:
            refused.set()

    results = at_once(submit, visit)
    assert isinstance(results[1], MonthLocked), results
    assert not Visit.all_objects.filter(station=station).exists()
    assert StationMonth.objects.get(station=station).state == "submitted"
