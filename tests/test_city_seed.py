"""The city seed: the demo county copied in PostgreSQL into further counties, each a
whole county of its own (its places, logins, work and history), none sharing a row."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cadres.models import Cadre, SponsoringUnit, User
from stations.models import (
    AssessmentNote,
    AssessmentResult,
    AssessmentRound,
    ContactCard,
    WorkStation,
)
from villages.models import County, Household, Village
from visits import day_rollups, rollups
from visits.demo import data as d
from visits.demo.cloning import _copied_models, clone_county
from visits.demo.reset import delete_demo_data
from visits.models import Concern, ReachMonth, VillageDay, Visit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="copies in PostgreSQL only"),
]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COPIES = [("新邵县", "430522"), ("邵阳县", "430523")]


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """The demo county and two copies; the row counts per table before copying."""
    if connection.vendor != "postgresql":
        pytest.skip("copies in PostgreSQL only")
    demo = override_settings(PASSWORD_HASHERS=FAST_HASHER, DEMO_MODE=True)
    with django_db_blocker.unblock(), demo:
        call_command("seed_demo", stdout=io.StringIO())
        # The seed writes its rows in bulk, without history: give one household some.
        household = Household.objects.order_by("pk").first()
        household.address = "石门乡高石村一组"
        household.save()
        before = {m: m._base_manager.count() for m in _copied_models()}
        written = clone_county(County.objects.get(name=d.COUNTY), COPIES)
        yield before, written
        delete_demo_data()


def test_every_table_of_the_county_is_copied_once_per_copy(city):
    before, written = city
    city_rows = {
        AssessmentRound: AssessmentRound.objects.filter(prefecture__isnull=False),
        AssessmentNote: AssessmentNote.objects.filter(round__prefecture__isnull=False),
        AssessmentResult: AssessmentResult.objects.filter(round__prefecture__isnull=False),
    }
    for model, n in before.items():
        if model not in (User, SponsoringUnit, *city_rows):
            assert model._base_manager.count() == 3 * n, model._meta.label
    # The city's round and its notes cover every county: not copied.
    this_year = f"{timezone.localdate().year}年度全市考核"
    assert [r.title for r in city_rows[AssessmentRound]] == [this_year]
    for model, rows in city_rows.items():
        assert model.objects.count() == 3 * (before[model] - rows.count()) + rows.count()
    assert city_rows[AssessmentNote].count() == 1
    # The city's own departments are the city's: not copied; each copy has the county's.
    city_units = SponsoringUnit.objects.filter(prefecture__isnull=False)
    assert city_units.count() == 3
    assert SponsoringUnit.objects.count() == 3 * (before[SponsoringUnit] - 3) + 3
    for name, _code in COPIES:
        copied = WorkStation.objects.filter(village__township__county__name=name)
        assert copied.filter(sponsoring_unit__in=city_units).exists()
        county_sponsors = copied.filter(sponsoring_unit__county__isnull=False)
        assert set(county_sponsors.values_list("sponsoring_unit__county__name", flat=True)) == {
            name
        }
    # Every login of the county is copied, with the copy's code; the superuser and the
    # city's supervisor (who sees every copy already) are not.
    kept = User.objects.filter(Q(is_superuser=True) | Q(prefecture__isnull=False)).count()
    assert kept == 2
    assert User.objects.filter(username__endswith=".430523").count() == before[User] - kept
    assert User.objects.count() == 3 * before[User] - 2 * kept
    assert written[Visit._meta.label] == 2 * before[Visit]
    # History rows came along too, each about its own county's household.
    history = Household.history.model
    assert history.objects.count() == 3 * before[history] > 0
    for row in history.objects.all():
        household = Household.objects.get(pk=row.id)
        assert row.village_id == household.village_id


def test_each_copy_is_a_county_of_its_own_with_the_same_work(city):
    original = County.objects.get(name=d.COUNTY)
    for name, _code in COPIES:
        copy = County.objects.get(name=name)
        for model in (Village, Household, WorkStation, Cadre, ContactCard):
            assert (
                model.objects.in_place(county=copy).count()
                == model.objects.in_place(county=original).count()
            ), model
        assert Visit.all_objects.in_place(county=copy).count() == (
            Visit.all_objects.in_place(county=original).count()
        )
        # No copied row points into another county: a visit's household, village and
        # author are its own county's.
        visits = Visit.all_objects.in_place(county=copy)
        assert not visits.exclude(village__township__county=copy).exists()
        assert not visits.exclude(author__township__county=copy).exists()
        assert (
            not visits.filter(household__isnull=False)
            .exclude(household__village__township__county=copy)
            .exists()
        )
        concerns = Concern.all_objects.in_place(county=copy)
        assert concerns.count() == Concern.all_objects.in_place(county=original).count()
        assert (
            not concerns.filter(raised_in__isnull=False)
            .exclude(raised_in__station__village__township__county=copy)
            .exists()
        )


def test_copied_logins_see_their_own_county_only(city, client):
    copy = County.objects.get(name="新邵县")
    supervisor = User.objects.get(username="county.430522")
    assert supervisor.county == copy
    client.force_login(supervisor)
    page = client.get(reverse("supervision:county_overview", args=[copy.pk]))
    assert page.status_code == 200
    assert "新邵县" in page.content.decode()
    original = County.objects.get(name=d.COUNTY)
    assert client.get(reverse("supervision:county_overview", args=[original.pk])).status_code == 404
    assert (
        Visit.objects.visible_to(supervisor).count() == Visit.objects.in_place(county=copy).count()
    )
    chief = User.objects.get(username="chief.430522")
    assert chief.cadre.township.county == copy


def test_unique_values_differ_between_copies_and_new_rows_get_new_keys(city):
    tokens = Visit.all_objects.exclude(token=None).values_list("token", flat=True)
    assert len(set(tokens)) == len(tokens)
    keys = WorkStation.objects.values_list("public_key", flat=True)
    assert len(set(keys)) == len(keys)
    # The sequences moved past the copies: a new row takes a fresh key.
    village = Village.objects.filter(township__county__name="邵阳县").first()
    household = Household.objects.create(village=village, head_name="新户主")
    assert household.pk > max(
        Household.objects.exclude(pk=household.pk).values_list("pk", flat=True)
    )


def test_a_reset_removes_the_copies_too(city, settings):
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = FAST_HASHER
    delete_demo_data()
    assert not County.objects.exists()
    assert not User.objects.filter(username__endswith=".430522").exists()


def test_each_copy_s_rollups_are_its_own_visits(city):
    """The copied rollup rows name the copies' stations, counties, households and
    members: each copy's visit counts, households reached and days in a village are
    what its visits give."""
    copies = County.objects.filter(name__in=[name for name, _code in COPIES])
    assert (
        ReachMonth.objects.filter(county__in=copies).count()
        == 2 * (ReachMonth.objects.filter(county__name=d.COUNTY).count())
        > 0
    )
    assert rollups.differences() == []
    assert rollups.reach_differences() == []
    # And each copy's members' days in a village, at the copy's stations.
    assert VillageDay.objects.count() > 0
    assert day_rollups.differences() == []
