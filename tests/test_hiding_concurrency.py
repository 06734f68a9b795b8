"""Hiding a visit or a concern while someone else corrects or moves it, in real
concurrent transactions (PostgreSQL only: SQLite runs one writer at a time).

Whichever comes first, nobody gets a 500, the row ends hidden, the second one
is told (the move or correction made after the hiding writes nothing) and the
history's last row is the row as it is, not the copy a page read."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import time

import pytest
from django.db import connection

from tests import factories as f
from tests.concern_helpers import assign_data, office_a, raise_concern  # noqa: F401 (fixtures)
from tests.concurrency import at_once
from visits import hiding
from visits import services as visit_services
from visits.concerns import services
from visits.models import Concern, ConcernEvent, Visit

pytestmark = pytest.mark.django_db(transaction=True)

HOLD = 0.3  # how long the first one holds the row
LATE = 0.1  # how long the second one waits before it starts


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one write transaction at a time")


def _late(job):
    def run():
        time.sleep(LATE)
        return job()

    return run


def _slow(function):
    def run(*args, **kwargs):
        time.sleep(HOLD)
        return function(*args, **kwargs)

    return run


# Who holds the row first: the hiding, done before the other starts ("hide, then"),
# the hiding still holding it ("hide holding"), or the other one holding it.
ORDERS = ["hide, then", "hide holding", "other holding"]


@pytest.mark.parametrize("order", ORDERS)
def test_hiding_a_concern_while_it_is_assigned(
    monkeypatch, order, station_a, cadre_user, staff_a, office_a
):
    concern = raise_concern(cadre_user, station_a)
    seen = Concern.objects.get(pk=concern.pk)  # the assigning clerk's page
    if order == "hide holding":
        monkeypatch.setattr(hiding, "_save", _slow(hiding._save))
    if order == "other holding":
        monkeypatch.setitem(services.APPLY, "assign", _slow(services.APPLY["assign"]))

    def hide():
        return hiding.hide(obj=concern, by=staff_a)

    def assign():
        data = {**assign_data(office_a), "note": ""}
        return services.make_move(concern=seen, move="assign", user=staff_a, data=data)

    if order == "hide, then":
        results = at_once(hide, lambda: time.sleep(2 * LATE) or assign())
    elif order == "hide holding":
        results = at_once(hide, _late(assign))
    else:
        results = at_once(_late(hide), assign)
    hidden, moved = results
    assert isinstance(hidden, Concern), hidden
    row = Concern.all_objects.get(pk=concern.pk)
    assert row.is_hidden
    assigned = ConcernEvent.objects.filter(concern=row, move="assign").count()
    if order == "other holding":
        assert isinstance(moved, tuple), moved
        assert row.state == Concern.State.ASSIGNED and assigned == 1
    else:
        assert isinstance(moved, services.ConcernHidden), moved
        assert row.state == Concern.State.ESCALATED and assigned == 0
    last = Concern.history.filter(id=row.pk).first()
    assert last.history_change_reason == "hidden"
    assert (last.state, last.version, last.office_id) == (row.state, row.version, row.office_id)


@pytest.mark.parametrize("order", ORDERS)
def test_hiding_a_visit_while_it_is_corrected(monkeypatch, order, cadre_user, staff_a, station_a):
    visit = f.VisitFactory(station=station_a, author=cadre_user.cadre, seen="屋顶漏雨")
    seen = Visit.objects.get(pk=visit.pk)  # the cadre's correction form
    if order == "hide holding":
        monkeypatch.setattr(hiding, "_save", _slow(hiding._save))
    if order == "other holding":
        monkeypatch.setattr(visit_services, "delete_photos", _slow(visit_services.delete_photos))

    def hide():
        return hiding.hide(obj=visit, by=staff_a)

    def correct():
        return visit_services.edit_visit(visit=seen, fields={"seen": "屋顶漏雨，已修好"})

    if order == "hide, then":
        results = at_once(hide, lambda: time.sleep(2 * LATE) or correct())
    elif order == "hide holding":
        results = at_once(hide, _late(correct))
    else:
        results = at_once(_late(hide), correct)
    hidden, corrected = results
    assert isinstance(hidden, Visit), hidden
    row = Visit.all_objects.get(pk=visit.pk)
    assert row.is_hidden  # a correction never brings a hidden visit back
    if order == "other holding":
        assert isinstance(corrected, Visit), corrected
        assert row.seen == "屋顶漏雨，已修好"
    else:
        assert isinstance(corrected, visit_services.VisitHidden), corrected
        assert row.seen == "屋顶漏雨"
    last = Visit.history.filter(id=row.pk).first()
    assert last.history_change_reason == "hidden" and last.seen == row.seen
