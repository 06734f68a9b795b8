"""Two staff assigning the same concern at the same moment: one wins, the other is
told who was first, and nothing is lost; so is one clerk assigning it from eight
windows at once. Real concurrent transactions need PostgreSQL (SQLite lets only
one writer in at a time)."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import time
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cadres.models import User
from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    OfficeFactory,
    office_a,
    office_a2,
    raise_concern,
)
from tests.concurrency import at_once
from visits.concerns import flow as flow
from visits.concerns import services as services
from visits.models import Concern, ConcernEvent
from visits.views.concerns import conflict_message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one write transaction at a time")


def test_two_staff_assign_at_once_one_wins_the_other_is_told(
    monkeypatch, township_a, station_a, cadre_user, office_a, office_a2
):
    concern = raise_concern(cadre_user, station_a)
    zhang = f.UserFactory(
        username="zhang", role=User.Role.TOWNSHIP, township=township_a, first_name="张主任"
    )
    li = f.UserFactory(
        username="li", role=User.Role.TOWNSHIP, township=township_a, first_name="李主任"
    )
    deadline = timezone.localdate() + datetime.timedelta(days=10)

    # Hold the claimed row a moment, so the second UPDATE really waits on the first.
    assign = services.APPLY["assign"]

    def slow_assign(*args):
        time.sleep(0.3)
        assign(*args)

    monkeypatch.setitem(services.APPLY, "assign", slow_assign)

    def job(user, office):
        def run():
            seen = Concern.objects.get(pk=concern.pk)  # both pages show version 1
            return services.make_move(
                concern=seen,
                move="assign",
                user=user,
                data={"office": office, "deadline": deadline, "note": ""},
                expected_version=seen.version,
            )

        return run

    results = at_once(job(zhang, office_a), job(li, office_a2))
    won = [r for r in results if isinstance(r, tuple)]
    lost = [r for r in results if isinstance(r, services.MoveConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    winner = won[0][0]
    concern.refresh_from_db()
    assert concern.state == Concern.State.ASSIGNED
    assert concern.office == winner.office and concern.version == 2
    # Exactly one assignment on the timeline, by the winner; nothing half-written.
    events = ConcernEvent.objects.filter(concern=concern, move="assign")
    assert events.count() == 1
    assert events.get().actor == concern.assigned_by
    # The loser is told who assigned it, when and to which office.
    message = str(conflict_message(lost[0]))
    who = "张主任" if concern.assigned_by == zhang else "李主任"
    assert f"已由{who}于" in message and f"批办至{concern.office.name}" in message


def test_one_login_assigning_to_eight_offices_at_once_keeps_one_and_tells_the_others(
    monkeypatch, township_a, station_a, cadre_user, staff_a
):
    concern = raise_concern(cadre_user, station_a)
    offices = [OfficeFactory(township=township_a, name=f"站所{i}") for i in range(8)]
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    assign = services.APPLY["assign"]

    def slow_assign(*args):
        time.sleep(0.3)
        assign(*args)

    monkeypatch.setitem(services.APPLY, "assign", slow_assign)
    login = Client()
    login.force_login(staff_a)  # one login, eight windows of it
    url = reverse("visits:concern_move", args=[concern.pk, "assign"])

    def job(office):
        def run():
            window = Client()
            window.cookies = login.cookies
            data = {"assign-office": office.pk, "assign-deadline": deadline, "assign-version": 1}
            return window.post(url, data)

        return run

    responses = at_once(*(job(office) for office in offices))
    codes = sorted(r.status_code for r in responses)
    assert codes == [302] + [409] * 7, responses
    concern.refresh_from_db()
    assert ConcernEvent.objects.filter(concern=concern, move="assign").count() == 1
    for response in responses:
        if response.status_code == 409:
            assert f"批办至{concern.office.name}，本次操作未保存" in response.text


def test_a_form_sent_twice_at_once_raises_one_concern(station_a, cadre_user):
    token = uuid.uuid4()

    def send():
        return services.raise_concern(
            user=cadre_user,
            station=station_a,
            move=flow.MOVES["raise_to_township"],
            token=token,
            fields={"category": "infra_road", "description": "村道塌方"},
        )

    results = at_once(send, send)
    assert all(isinstance(r, tuple) for r in results), results
    assert sorted(created for _concern, created in results) == [False, True]
    assert Concern.objects.count() == 1
    assert ConcernEvent.objects.count() == 1
