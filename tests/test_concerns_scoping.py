"""Who sees which concerns and offices: each role its own part, offices only theirs."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import pytest

from cadres.models import Office
from tests import factories as f
from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    cadre_a2,
    office_a,
    office_a2,
    office_b,
    office_user,
    other_office_user,
)
from villages.models import Township
from visits.models import Concern, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def concerns(station_a, station_a2, station_b, office_a, office_a2, office_b):
    return {
        "a": ConcernFactory(station=station_a),
        "a_office": ConcernFactory(station=station_a, assigned=True, office=office_a),
        "a2_office2": ConcernFactory(station=station_a2, assigned=True, office=office_a2),
        "b_office": ConcernFactory(station=station_b, assigned=True, office=office_b),
    }


def _visible(user, rows):
    seen = set(Concern.objects.visible_to(user).values_list("pk", flat=True))
    return {key for key, concern in rows.items() if concern.pk in seen}


def test_each_role_sees_its_part_of_the_concerns(
    concerns,
    cadre_user,
    cadre_a2,
    staff_a,
    staff_b,
    office_user,
    other_office_user,
    supervisor,
    other_supervisor,
    superuser,
):
    everything = {"a", "a_office", "a2_office2", "b_office"}
    assert _visible(cadre_user, concerns) == {"a", "a_office"}
    assert _visible(cadre_a2, concerns) == {"a2_office2"}
    assert _visible(staff_a, concerns) == {"a", "a_office", "a2_office2"}
    assert _visible(staff_b, concerns) == {"b_office"}
    assert _visible(office_user, concerns) == {"a_office"}
    assert _visible(other_office_user, concerns) == {"a2_office2"}
    assert _visible(supervisor, concerns) == everything
    assert _visible(other_supervisor, concerns) == set()
    assert _visible(superuser, concerns) == everything
    assert _visible(f.UserFactory(), concerns) == set()


def test_reassigning_takes_a_concern_out_of_the_old_offices_sight(concerns, office_user, office_a2):
    concern = concerns["a_office"]
    concern.office = office_a2
    concern.save()
    assert _visible(office_user, concerns) == set()


def test_office_staff_reach_their_township_but_no_visit_logs(
    office_user, office_a, office_a2, township_a, station_a
):
    f.VisitFactory(station=station_a)
    assert list(Township.objects.visible_to(office_user)) == [township_a]
    assert list(Office.objects.visible_to(office_user)) == [office_a]
    assert not Visit.objects.visible_to(office_user).exists()


def test_offices_follow_their_township(office_a, office_a2, office_b, staff_a, supervisor):
    assert set(Office.objects.visible_to(staff_a)) == {office_a, office_a2}
    assert set(Office.objects.visible_to(supervisor)) == {office_a, office_a2, office_b}


def test_an_office_login_needs_an_office(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        f.UserFactory(role="office")
