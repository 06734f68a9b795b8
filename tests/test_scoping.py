"""The one scoping mechanism: each role sees its own part of the county and nothing else."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cadres.models import Cadre
from stations.models import Assignment, ContactCard, DutyDay, Pairing, WorkStation
from tests import factories as f
from villages.models import County, Household, Township, Village
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(station_a, station_a2, station_b, cadre_user):
    """One of every place-owned row at station A, station A2 and station B."""
    rows = {}
    for key, station in {"a": station_a, "a2": station_a2, "b": station_b}.items():
        household = f.HouseholdFactory(village=station.village)
        cadre = f.CadreFactory(township=station.village.township)
        rows[key] = {
            Household: household,
            WorkStation: station,
            Village: station.village,
            Cadre: cadre,
            Assignment: f.AssignmentFactory(cadre=cadre, station=station),
            Pairing: f.PairingFactory(cadre=cadre, household=household),
            ContactCard: f.ContactCardFactory(household=household, station=station),
            DutyDay: f.DutyDayFactory(station=station, cadre=cadre),
            Visit: f.VisitFactory(station=station, author=cadre, household=household),
        }
    return rows


MODELS = [Household, WorkStation, Village, Cadre, Assignment, Pairing, ContactCard, DutyDay, Visit]


def _visible(model, user, rows):
    visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
    return {key for key, objs in rows.items() if objs[model].pk in visible}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_township_staff_see_their_township_only(model, world, staff_a, staff_b):
    assert _visible(model, staff_a, world) == {"a", "a2"}
    assert _visible(model, staff_b, world) == {"b"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_county_supervisor_sees_their_county_only(model, world, supervisor, other_supervisor):
    assert _visible(model, supervisor, world) == {"a", "a2", "b"}
    assert _visible(model, other_supervisor, world) == set()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_cadre_sees_their_current_station_only(model, world, cadre_user):
    assert _visible(model, cadre_user, world) == {"a"}


def test_a_cadre_who_rotated_away_no_longer_sees_the_old_station(world, cadre_user, station_b):
    assignment = Assignment.objects.get(cadre__user=cadre_user)
    assignment.end_date = assignment.start_date
    assignment.save()
    f.AssignmentFactory(cadre=cadre_user.cadre, station=station_b)
    cadre_user.refresh_from_db()  # a new request: the scope is computed afresh
    assert _visible(Visit, cadre_user, world) == {"b"}


def test_a_cadre_sees_the_people_serving_at_their_station_now(world, cadre_user):
    visible = Cadre.objects.visible_to(cadre_user)
    assert set(visible) == {cadre_user.cadre, world["a"][Cadre]}


def test_places_above_a_user_are_visible_as_far_as_they_reach(world, staff_a, cadre_user):
    assert list(Township.objects.visible_to(staff_a)) == [staff_a.township]
    assert list(County.objects.visible_to(staff_a)) == [staff_a.township.county]
    assert list(Township.objects.visible_to(cadre_user)) == [staff_a.township]
    assert list(County.objects.visible_to(cadre_user)) == [staff_a.township.county]


def test_a_login_without_a_role_or_place_sees_nothing(world):
    nobody = f.UserFactory()
    assert all(not model.objects.visible_to(nobody).exists() for model in MODELS)


def test_a_superuser_sees_everything(world, superuser):
    assert _visible(Visit, superuser, world) == {"a", "a2", "b"}


@pytest.mark.parametrize("model", [Household, Pairing])
def test_a_cadres_households_are_found_by_village_without_joining_the_stations(
    model, world, cadre_user
):
    """A station is one village's: the cadre's household search on the phone filters one
    column of the household's village, not a join through the stations table."""
    rows = model.objects.visible_to(cadre_user)
    assert "stations_workstation" not in str(rows.query)
    assert list(rows) == [world["a"][model]]


def test_a_cadre_is_not_offered_a_companion_who_rotated_away(client, world, cadre_user, station_b):
    """The station's cadres are those serving there now: one who served there before
    and rotated to another station is neither in the list nor offered on the visit form."""
    gone = f.CadreFactory(township=cadre_user.cadre.township, name="调走的李四")
    f.AssignmentFactory(
        cadre=gone, station=world["a"][WorkStation], end_date=datetime.date(2025, 6, 30)
    )
    f.AssignmentFactory(cadre=gone, station=station_b, start_date=datetime.date(2025, 7, 1))

    assert set(Cadre.objects.visible_to(cadre_user)) == {cadre_user.cadre, world["a"][Cadre]}
    client.force_login(cadre_user)
    form = client.get(reverse("visits:visit_new")).text
    assert world["a"][Cadre].name in form
    assert "调走的李四" not in form


def test_a_visitor_who_is_not_logged_in_sees_nothing(world):
    for nobody in (None, AnonymousUser()):
        assert all(not model.objects.visible_to(nobody).exists() for model in MODELS)


def test_a_users_scope_is_worked_out_once_however_many_lists_a_page_scopes(
    world, cadre_user, django_assert_num_queries
):
    """A page that scopes several lists asks the database for the cadre's stations once."""
    cadre_user.refresh_from_db()  # a new request's user
    with django_assert_num_queries(2 + 3):  # the login's cadre and their stations, then the lists
        for model in (Household, Visit, DutyDay):
            list(model.objects.visible_to(cadre_user))


def test_a_place_given_as_a_pk_in_text_is_that_one_place(db):
    """A pk read from a URL or a form ("56") names village 56, not villages 5 and 6."""
    township = f.TownshipFactory()
    households = {
        pk: f.HouseholdFactory(village=f.VillageFactory(pk=pk, township=township))
        for pk in (5, 6, 56)
    }
    assert list(Household.objects.in_place(village="56")) == [households[56]]
    assert set(Household.objects.in_place(village=["5", "6"])) == {households[5], households[6]}
