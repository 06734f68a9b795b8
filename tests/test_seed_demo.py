"""The demo seed: its shape, its logins, and that it is deterministic and idempotent."""

import datetime
import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from cadres.models import Cadre, User
from stations.models import (
    Assignment,
    ContactCard,
    ContactCardLine,
    DutyDay,
    DutyRule,
    Pairing,
    WorkStation,
)
from villages.management.commands.seed_demo import delete_demo_data
from villages.models import (
    County,
    ErrandGuide,
    Household,
    Township,
    TownshipContact,
    Village,
    VillageGroup,
)
from visits.models import Visit

GROUPS = ["第一组", "第二组", "第三组", "第四组", "第五组", "第六组"]
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module; tests only read it, or change it inside their transaction."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        delete_demo_data()


def run_seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Everything the seed wrote, by natural values (names, phones, dates), not keys."""

    def rows(model, *fields):
        return sorted(model.objects.values_list(*fields), key=repr)

    household = ("household__village__name", "household__head_name", "household__phone")
    return {
        "townships": rows(Township, "county__name", "name"),
        "villages": rows(Village, "township__name", "name"),
        "groups": rows(VillageGroup, "village__name", "name"),
        "contacts": rows(TownshipContact, "township__name", "order", "name", "position", "phone"),
        "guides": rows(ErrandGuide, "township__name", "kind", "text"),
        "stations": rows(
            WorkStation,
            "village__name",
            "name",
            "sponsoring_unit",
            "office_address",
            "office_phone",
            *(name for name, _label in WorkStation.SEVEN_HAVES),
            "duty_rule",
            "duty_days",
        ),
        "households": rows(
            Household,
            "village__name",
            "group__name",
            "head_name",
            "name_pinyin",
            "phone",
            "members",
            "address",
        ),
        "tags": rows(
            Household.tags.through,
            "household__village__name",
            "household__head_name",
            "household__phone",
            "householdtag__code",
        ),
        "cadres": rows(
            Cadre,
            "township__name",
            "name",
            "phone",
            "work_unit",
            "position",
            "rank_class",
            "user__username",
        ),
        "assignments": rows(
            Assignment, "cadre__phone", "station__name", "role", "start_date", "end_date", "away"
        ),
        "pairings": rows(Pairing, "cadre__phone", *household, "start_date", "end_date"),
        "cards": rows(
            ContactCard,
            "serial",
            *household,
            "station__name",
            "issued_on",
            "issued_by__username",
            "voided_on",
        ),
        "lines": rows(
            ContactCardLine, "card__serial", "order", "cadre__phone", "name", "position", "phone"
        ),
        "duties": rows(DutyDay, "station__name", "date", "cadre__phone", "held", "note"),
        "visits": rows(
            Visit,
            "station__name",
            "author__phone",
            *household,
            "village__name",
            "occurred_at",
            "kind",
            "ate_together",
            "lived_together",
            "worked_together",
            "seen",
            "asked",
            "follow_up",
            "follow_up_owner__phone",
            "follow_up_closed_on",
            "duty_day__date",
            "visitor_name",
            "handled",
        ),
        "companions": rows(
            Visit.companions.through, "visit__occurred_at", "visit__author__phone", "cadre__phone"
        ),
        "users": rows(
            User,
            "username",
            "first_name",
            "role",
            "county__name",
            "township__name",
            "is_staff",
            "is_superuser",
            "cadre__phone",
        ),
    }


@pytest.mark.django_db
def test_places_stations_and_households():
    county = County.objects.get(name="隆回县")
    townships = {t.name: t for t in Township.objects.filter(county=county)}
    assert set(townships) == {"石门乡", "金石桥镇"}
    assert townships["石门乡"].villages.count() == 12
    assert townships["金石桥镇"].villages.count() == 10
    for village in Village.objects.prefetch_related("groups"):
        assert WorkStation.objects.filter(village=village).exists()
        groups = {g.name for g in village.groups.all()}
        assert groups in [set(GROUPS[:n]) for n in range(3, 7)]
    gaoshi = WorkStation.objects.get(name="高石群众工作站")
    assert (gaoshi.village.name, gaoshi.village.township.name) == ("高石村", "石门乡")
    assert all(s.office_phone.startswith("0739-") for s in WorkStation.objects.all())

    assert 2500 <= Household.objects.count() <= 3500
    per_village = Counter(Household.objects.values_list("village", flat=True))
    assert all(80 <= n <= 200 for n in per_village.values())
    assert Household.objects.exclude(group__village=F("village")).count() == 0
    hardship = Household.objects.filter(tags__code="hardship").count()
    assert 0.05 < hardship / Household.objects.count() < 0.11


@pytest.mark.django_db
def test_cadres_assignments_and_pairings():
    assert Cadre.objects.count() >= 60
    current = list(Assignment.objects.current().select_related("cadre", "station"))
    assert {a.role for a in current} == set(Assignment.Role.values)
    by_station = defaultdict(Counter)
    for a in current:
        by_station[a.station_id][a.role] += 1
    assert len(by_station) == WorkStation.objects.count()
    for roles in by_station.values():
        assert roles[Assignment.Role.CHIEF] == 1
        assert 2 <= roles[Assignment.Role.MEMBER] <= 4

    ended = Assignment.objects.filter(end_date__isnull=False).select_related("cadre")
    assert ended.values("cadre").distinct().count() >= Cadre.objects.count() / 4
    stations_now = defaultdict(set)
    for a in current:
        stations_now[a.cadre_id].add(a.station_id)
    for a in ended:
        assert a.end_date >= a.start_date
        assert a.station_id not in stations_now[a.cadre_id]

    village_of = {a.cadre_id: a.station.village_id for a in current}
    pairings = Counter()
    for p in Pairing.objects.current().select_related("cadre", "household"):
        pairings[p.cadre_id] += 1
        assert p.household.village_id == village_of[p.cadre_id]
    for a in current:
        assert pairings[a.cadre_id] == (5 if a.cadre.is_senior else 3), a
    assert Pairing.objects.filter(end_date__isnull=False).exists()


@pytest.mark.django_db
def test_contact_cards():
    households = Household.objects.count()
    valid = ContactCard.objects.valid()
    assert valid.count() > 0.75 * households
    assert 80 <= ContactCard.objects.filter(voided_on__isnull=False).count() <= 120
    assert valid.values("household").distinct().count() == valid.count()
    assert valid.exclude(station__village=F("household__village")).count() == 0
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    assert valid.filter(issued_on__lt=year_ago).count() == 0

    card = valid.filter(station__name="高石群众工作站").first()
    lines = list(card.lines.all())
    positions = [line.position for line in lines]
    assert positions[0] == "站长"
    assert "站员" in positions
    assert {"乡党委书记", "乡长", "值班电话", "工作站值班电话"} <= set(positions)
    members = Assignment.objects.current().filter(station=card.station)
    assert {line.cadre_id for line in lines if line.cadre_id} <= set(
        members.values_list("cadre", flat=True)
    )


@pytest.mark.django_db
def test_duty_days_and_visits():
    today = timezone.localdate()
    now = timezone.now()
    duties = {(d.station_id, d.date): d for d in DutyDay.objects.select_related("station")}
    for duty in duties.values():
        if duty.station.duty_rule == DutyRule.WEEKDAYS:
            assert duty.date.isoweekday() == 2
        else:
            assert duty.date.day in (5, 15, 25)
        assert duty.station.is_duty_day(duty.date)
        assert (
            today - datetime.timedelta(days=365) < duty.date <= today + datetime.timedelta(days=28)
        )
        if duty.date >= today:
            assert not duty.held
    past = [d for d in duties.values() if d.date < today]
    assert 0.85 < sum(d.held for d in past) / len(past) < 0.97

    visits = list(Visit.objects.select_related("station", "household"))
    received = set()
    for visit in visits:
        assert visit.occurred_at <= now
        assert visit.village_id == visit.station.village_id
        if visit.household_id:
            assert visit.household.village_id == visit.village_id
        if visit.kind == Visit.Kind.RECEPTION:
            day = timezone.localtime(visit.occurred_at).date()
            duty = duties[(visit.station_id, day)]
            assert duty.held
            assert visit.author_id == duty.cadre_id
            assert visit.duty_day_id == duty.pk
            received.add(duty.pk)
        if visit.follow_up:
            assert visit.follow_up_owner_id == visit.author_id
            if visit.follow_up_closed_on:
                day = timezone.localtime(visit.occurred_at).date()
                assert day <= visit.follow_up_closed_on <= today
        else:
            assert visit.follow_up_owner_id is None
    assert received == {d.pk for d in past if d.held}
    follow_ups = [v for v in visits if v.follow_up]
    assert 0.1 < len(follow_ups) / len(visits) < 0.2
    assert any(v.follow_up_closed_on is None for v in follow_ups)
    kinds = Counter(v.kind for v in visits)
    assert set(kinds) == set(Visit.Kind.values)
    assert kinds[Visit.Kind.NIGHT] > 0
    assert all(v.household_id is None for v in visits if v.kind == Visit.Kind.MEETING)
    night_hours = {timezone.localtime(v.occurred_at).hour for v in visits if v.kind == "night"}
    assert night_hours <= {19, 20, 21}


@pytest.mark.django_db
def test_demo_logins():
    expected = {
        "admin": ("", None, None),
        "county": (User.Role.COUNTY, "隆回县", None),
        "township": (User.Role.TOWNSHIP, None, "石门乡"),
        "township2": (User.Role.TOWNSHIP, None, "金石桥镇"),
        "chief": (User.Role.CADRE, None, None),
        "cadre": (User.Role.CADRE, None, None),
    }
    for username, (role, county, township) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo12345")
        assert user.first_name
        assert user.role == role
        assert (user.county.name if user.county else None) == county
        assert (user.township.name if user.township else None) == township
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff

    gaoshi = Assignment.objects.current().filter(station__name="高石群众工作站")
    chief = User.objects.get(username="chief")
    assert gaoshi.get(cadre=chief.cadre).role == Assignment.Role.CHIEF
    assert chief.first_name == chief.cadre.name
    cadre = User.objects.get(username="cadre")
    assert gaoshi.get(cadre=cadre.cadre).role == Assignment.Role.MEMBER
    assert not gaoshi.get(cadre=cadre.cadre).away


@pytest.mark.django_db
def test_seed_is_idempotent_and_deterministic():
    first = snapshot()
    assert len(first["visits"]) > 5000

    assert "already exists" in run_seed()
    assert snapshot() == first

    assert "Seeded 隆回县" in run_seed("--reset")
    assert snapshot() == first
