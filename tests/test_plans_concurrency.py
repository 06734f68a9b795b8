"""Two clicks at the same moment on "start the plan" or "approve", each on its own
database connection: one plan, moved once; the other click is told so and writes
nothing. PostgreSQL only: SQLite serialises writers, so there is no race there."""

import pytest
from django.db import connection
from django.utils import timezone

from stations.models import AnnualPlan, Measure, PlanItem, PlanState
from tests.concurrency import at_once
from visits.plans import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so writes cannot race there")


def test_two_starts_at_once_make_one_plan(staff_a, station_a):
    year = timezone.localdate().year

    def start():
        return services.start_plan(user=staff_a, station=station_a, year=year)

    results = at_once(start, start, start)
    made = [r for r in results if isinstance(r, AnnualPlan)]
    refused = [r for r in results if isinstance(r, services.PlanRefused)]
    assert (len(made), len(refused)) == (1, 2), results
    assert "已有" in refused[0].message or "already has" in refused[0].message
    assert AnnualPlan.objects.count() == 1


def test_two_approvals_at_once_approve_once(staff_a, station_a):
    plan = AnnualPlan.objects.create(
        station=station_a, year=timezone.localdate().year, state=PlanState.SUBMITTED
    )
    PlanItem.objects.create(plan=plan, measure=Measure.VISITS, target=12)

    def approve():
        return services.move_plan(user=staff_a, plan=plan, name="approve")

    results = at_once(approve, approve)
    moved = [r for r in results if isinstance(r, AnnualPlan)]
    assert len(moved) == 1, results
    assert isinstance(next(r for r in results if r not in moved), services.PlanRefused)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
