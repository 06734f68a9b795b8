"""A login's role names its one place field: the admin refuses a place of another
level, the database refuses it too, and scoping never reads it (issue 21)."""

import pytest
from django.db import IntegrityError, transaction
from django.forms import MultiWidget
from django.urls import reverse

from cadres.models import Cadre, User
from tests import factories as f
from tests.concern_helpers import OfficeFactory
from villages.models import Household, Township
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(station_a, station_b):
    """A household and a visit at station A (township A) and station B (township B)."""
    rows = {}
    for key, station in {"a": station_a, "b": station_b}.items():
        household = f.HouseholdFactory(village=station.village)
        cadre = f.CadreFactory(township=station.village.township)
        f.AssignmentFactory(cadre=cadre, station=station)
        rows[key] = {
            Household: household,
            Visit: f.VisitFactory(station=station, author=cadre, household=household),
        }
    return rows


def _seen(user, rows):
    """Which stations' rows the user sees, for households, visits and townships."""
    seen = {}
    for model in (Household, Visit):
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        seen[model] = {key for key, objs in rows.items() if objs[model].pk in visible}
    return seen


def _admin_data(admin_client, user, **changes):
    """What the admin's change page of ``user`` sends back, with ``changes`` made."""
    form = (
        admin_client.get(reverse("admin:cadres_user_change", args=[user.pk]))
        .context["adminform"]
        .form
    )
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = changes.get(name, form[name].value())
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            data.update({f"{name}_{i}": "" if p is None else str(p) for i, p in enumerate(parts)})
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(getattr(value, "pk", value))
    return data


LEFTOVERS = {
    "a township clerk with a county": ("township", {"county": True}),
    "a supervisor with a township": ("county", {"township": True}),
    "a cadre with a township": ("cadre", {"township": True}),
    "an office clerk with a township": ("office", {"township": True}),
    "a supervisor with an office": ("county", {"office": True}),
    "a login without a role with a county": ("", {"county": True}),
}
MESSAGES = {
    "county": "只有县考核办填写所属县（区）",
    "township": "只有乡镇群工办填写所属乡镇（街道）",
    "office": "只有业务站所人员填写所属业务站所",
}


def _own_place(role, township, office):
    """The place fields a login of ``role`` has when it is consistent."""
    return {
        "county": {"county": township.county},
        "township": {"township": township},
        "office": {"office": office},
    }.get(role, {})


@pytest.mark.parametrize(("role", "leftover"), LEFTOVERS.values(), ids=list(LEFTOVERS))
def test_the_admin_refuses_a_place_field_of_another_role_in_chinese(
    admin_client, township_a, township_b, role, leftover
):
    office = OfficeFactory(township=township_a)
    user = f.UserFactory(username="zhang", role=role, **_own_place(role, township_a, office))
    other = {"county": township_b.county.pk, "township": township_b.pk, "office": office.pk}
    data = _admin_data(admin_client, user, **{k: other[k] for k in leftover})

    response = admin_client.post(reverse("admin:cadres_user_change", args=[user.pk]), data)

    assert response.status_code == 200
    for field in leftover:
        assert MESSAGES[field] in response.text
    stored = User.objects.get(pk=user.pk)
    assert all(getattr(stored, f"{field}_id") is None for field in leftover)


def test_the_admin_saves_a_consistent_role_and_place(admin_client, staff_a, township_b):
    data = _admin_data(admin_client, staff_a, township=township_b.pk)
    response = admin_client.post(reverse("admin:cadres_user_change", args=[staff_a.pk]), data)
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.township == township_b


def test_the_admin_turns_a_clerk_into_a_supervisor_once_the_township_is_cleared(
    admin_client, staff_a, county
):
    url = reverse("admin:cadres_user_change", args=[staff_a.pk])
    data = _admin_data(admin_client, staff_a, role="county", county=county.pk)
    assert MESSAGES["township"] in admin_client.post(url, data).text
    data["township"] = ""
    assert admin_client.post(url, data).status_code == 302
    staff_a.refresh_from_db()
    assert (staff_a.role, staff_a.county, staff_a.township) == ("county", county, None)


@pytest.mark.parametrize(("role", "leftover"), LEFTOVERS.values(), ids=list(LEFTOVERS))
def test_the_database_refuses_a_login_created_with_a_place_of_another_role(
    township_a, township_b, role, leftover
):
    office = OfficeFactory(township=township_a)
    other = {"county": township_b.county, "township": township_b, "office": office}
    fields = {**_own_place(role, township_a, office), **{k: other[k] for k in leftover}}
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="zhang", role=role, **fields)


# Scoping reads the role first. Rows like these cannot be stored any more, but a login
# held in memory (or one loaded before the constraint) must still see no more than its
# role allows: each of these would see station B's rows if its leftover were read.


def test_a_township_clerk_with_a_leftover_county_sees_their_township_only(
    places, staff_a, station_b
):
    staff_a.county = station_b.village.township.county
    assert _seen(staff_a, places) == {Household: {"a"}, Visit: {"a"}}
    assert list(Township.objects.visible_to(staff_a)) == [staff_a.township]


def test_a_cadre_with_a_leftover_township_sees_their_station_only(places, cadre_user, station_b):
    cadre_user.township = station_b.village.township
    assert _seen(cadre_user, places) == {Household: {"a"}, Visit: {"a"}}


def test_an_office_clerk_with_a_leftover_township_sees_their_offices_township_only(
    places, station_a, station_b
):
    office = OfficeFactory(township=station_a.village.township)
    clerk = f.UserFactory(username="minzheng", role=User.Role.OFFICE, office=office)
    clerk.township = station_b.village.township
    assert list(Township.objects.visible_to(clerk)) == [station_a.village.township]
    assert _seen(clerk, places)[Household] == {"a"}


def test_a_login_whose_role_was_cleared_sees_nothing_though_still_linked_to_a_cadre(
    places, cadre_user
):
    cadre_user.role = ""
    assert _seen(cadre_user, places) == {Household: set(), Visit: set()}
    assert not Cadre.objects.visible_to(cadre_user).exists()


def test_a_supervisor_with_a_leftover_township_sees_their_county(places, supervisor, township_a):
    supervisor.township = township_a
    assert _seen(supervisor, places) == {Household: {"a", "b"}, Visit: {"a", "b"}}


def test_a_cadre_role_without_a_cadre_sees_nothing_whatever_place_is_left(places, county):
    login = User(username="wang", role=User.Role.CADRE, county=county)
    assert _seen(login, places) == {Household: set(), Visit: set()}


@pytest.mark.parametrize("role", ["prefecture", "county", "township", "office"])
def test_a_login_whose_roles_place_is_empty_sees_nothing(places, role):
    """The database refuses it; held in memory, it sees nothing rather than failing."""
    login = User(username="wang", role=role)
    assert _seen(login, places) == {Household: set(), Visit: set()}
    assert not Township.objects.visible_to(login).exists()


def test_an_office_clerk_sees_the_township_of_their_own_office(places, station_a, station_b):
    OfficeFactory(township=station_a.village.township, name="民政办")  # another township's
    office = OfficeFactory(township=station_b.village.township, name="司法所")
    clerk = f.UserFactory(username="sifa", role=User.Role.OFFICE, office=office)
    assert list(Township.objects.visible_to(clerk)) == [station_b.village.township]
    assert _seen(clerk, places)[Household] == {"b"}
