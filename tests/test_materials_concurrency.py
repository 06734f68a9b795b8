"""Two clicks on "submit" (or the chief and a second tab) at the same moment, each on its
own database connection: the month moves once, with one history row. PostgreSQL only:
SQLite lets one writer at a time, so there is no race to test there."""

import pytest
from django.db import connection

from stations.models import Assignment, StationMonth, StationMonthEvent
from tests import factories as f
from tests.concurrency import at_once
from visits.materials import selectors, services

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
