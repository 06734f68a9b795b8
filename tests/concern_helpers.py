"""Factories, fixtures and helpers shared by the concern tests.

Test modules import the fixtures they use by name (pytest finds fixtures in
a module's namespace).
"""

import datetime
import uuid

import factory
import pytest
from django.utils import timezone

from cadres.models import Office, User
from stations.models import Assignment
from tests import factories as f
from visits.concerns import flow as flow
from visits.concerns import services as services
from visits.models import Concern

S = Concern.State


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    township = factory.SubFactory(f.TownshipFactory)
    name = factory.Sequence(lambda n: f"业务站所{n}")
    kind = Office.Kind.CIVIL_AFFAIRS


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern written straight to the table (lists, budgets, figures).

    Tests of the workflow raise and move concerns through the services instead.
    """

    class Meta:
        model = Concern

    class Params:
        assigned = factory.Trait(
            state=S.ASSIGNED,
            office=factory.SubFactory(OfficeFactory, township=factory.SelfAttribute("..township")),
            assigned_at=factory.LazyAttribute(lambda o: o.raised_at),
            deadline=factory.LazyAttribute(
                lambda o: timezone.localdate(o.raised_at) + datetime.timedelta(days=15)
            ),
        )

    station = factory.SubFactory(f.StationFactory)
    township = factory.LazyAttribute(lambda o: o.station.village.township)
    village = factory.LazyAttribute(lambda o: o.station.village)
    household = factory.LazyAttribute(lambda o: f.HouseholdFactory(village=o.station.village))
    category = Concern.Category.HELP_SUBSISTENCE
    description = "申请低保，家中老人长期患病"
    state = S.ESCALATED
    raised_at = factory.LazyFunction(timezone.now)
    escalated_at = factory.LazyAttribute(lambda o: o.raised_at)
    version = 1


@pytest.fixture
def office_a(township_a):
    return OfficeFactory(township=township_a, name="民政办", kind=Office.Kind.CIVIL_AFFAIRS)


@pytest.fixture
def office_a2(township_a):
    return OfficeFactory(township=township_a, name="司法所", kind=Office.Kind.JUSTICE)


@pytest.fixture
def office_b(township_b):
    return OfficeFactory(township=township_b, name="金石桥民政办")


@pytest.fixture
def office_user(office_a):
    return f.UserFactory(
        username="office", role=User.Role.OFFICE, office=office_a, first_name="民政办李干事"
    )


@pytest.fixture
def other_office_user(office_a2):
    return f.UserFactory(username="office2", role=User.Role.OFFICE, office=office_a2)


@pytest.fixture
def cadre_a2(station_a2):
    """A cadre of township A serving at the other station."""
    user = f.UserFactory(username="cadre2", role=User.Role.CADRE)
    cadre = f.CadreFactory(township=station_a2.village.township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station_a2, role=Assignment.Role.MEMBER)
    return user


@pytest.fixture
def household_a(station_a):
    return f.HouseholdFactory(
        village=station_a.village, head_name="张秋菊", phone="13907391234", address="高石村三组"
    )


def raise_concern(user, station, move="raise_to_township", *, now=None, visit=None, **fields):
    fields.setdefault("category", Concern.Category.HELP_SUBSISTENCE)
    fields.setdefault("description", "申请低保，家中老人长期患病")
    result = fields.pop("result", "当场讲解政策" if move == "solve_on_spot" else "")
    concern, _created = services.raise_concern(
        user=user,
        station=station,
        move=flow.MOVES[move],
        token=uuid.uuid4(),
        fields=fields,
        visit=visit,
        result=result,
        now=now,
    )
    return concern


def move(concern, name, user, now=None, **data):
    data.setdefault("note", "")
    concern, _made = services.make_move(concern=concern, move=name, user=user, data=data, now=now)
    return concern


def assign_data(office, deadline=None):
    return {"office": office, "deadline": deadline or timezone.localdate() + datetime.timedelta(7)}


def concern_in(state, *, station, cadre, staff, office, office_user, now=None, **fields):
    """A concern brought to ``state`` through the real moves, by the right people."""
    if state == S.ON_SPOT:
        return raise_concern(cadre, station, "solve_on_spot", now=now, **fields)
    if state == S.STATION:
        return raise_concern(cadre, station, "keep_at_station", now=now, **fields)
    concern = raise_concern(cadre, station, now=now, **fields)
    if state == S.ESCALATED:
        return concern
    if state == S.EXPLAINED:
        return move(concern, "explain", staff, now=now, explanation="政策不允许，已向农户解释")
    concern = move(concern, "assign", staff, now=now, **assign_data(office))
    if state == S.ASSIGNED:
        return concern
    concern = move(concern, "done", office_user, now=now, result="已办理低保手续")
    if state == S.DONE:
        return concern
    concern = move(concern, "feedback", cadre, now=now, how="in_person", on=timezone.localdate())
    if state == S.FED_BACK:
        return concern
    return move(concern, "close", cadre, now=now, verdict="satisfied")
