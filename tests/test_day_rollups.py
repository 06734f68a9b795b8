"""Days in a village, rolled up (``VillageDay``): a member's row per local day and station
on which they wrote or accompanied a shown visit that was not a phone call, kept as
visits are written (logged, corrected to another day, kind, station or author, hidden,
restored) and as their companions change (from either side), rebuilt and checked with
the other rollups, filled by the migration, and read by the members' figures exactly
as the visits would give them (random data, compared both ways)."""

import datetime
import random
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Cadre
from tests import factories as f
from tests.concurrency import second_waits
from tests.migrating import latest, migrate
from tests.supervision_helpers import SHANGHAI
from visits import day_rollups, hiding, rollups, services
from visits.models import VillageDay, Visit
from visits.supervision import contacts
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

Kind = Visit.Kind
NOV = {day: datetime.date(2026, 11, day) for day in range(1, 31)}


def at(month, day, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def days():
    """``{(cadre id, day, station id): n}`` of the rows."""
    return {(r.cadre_id, r.day, r.station_id): r.n for r in VillageDay.objects.all()}


def _log(author, station, when, kind=Kind.HOME, companions=()):
    visit, created = services.log_visit(
        author=author,
        station=station,
        token=uuid.uuid4(),
        fields={"occurred_at": when, "kind": kind, "household": None, "seen": "在家"},
        companions=companions,
    )
    assert created
    return visit


@pytest.fixture
def li(township_a):
    return f.CadreFactory(township=township_a, name="李明")


@pytest.fixture
def wang(township_a):
    return f.CadreFactory(township=township_a, name="王芳")


@pytest.fixture
def zhao(township_a):
    return f.CadreFactory(township=township_a, name="赵强")


def test_each_write_moves_the_author_s_and_the_companions_days(
    li, wang, zhao, station_a, station_a2, staff_a
):
    a, a2 = station_a.pk, station_a2.pk
    # 30 November 23:30 in Shanghai is 15:30 UTC: the 30th, as on every page.
    visit = _log(li, station_a, at(11, 30, 23, 30), companions=[wang])
    assert days() == {(li.pk, NOV[30], a): 1, (wang.pk, NOV[30], a): 1}
    # A second visit the same day and station is one more on the same rows.
    second = _log(li, station_a, at(11, 30, 8))
    assert days() == {(li.pk, NOV[30], a): 2, (wang.pk, NOV[30], a): 1}
    # A phone call makes no day in a village.
    _log(li, station_a, at(11, 29), kind=Kind.PHONE, companions=[zhao])
    assert days() == {(li.pk, NOV[30], a): 2, (wang.pk, NOV[30], a): 1}

    # Corrected to the 2nd at another station: both people's days move with it.
    services.edit_visit(visit=visit, fields={"occurred_at": at(11, 2), "station": station_a2})
    assert days() == {
        (li.pk, NOV[30], a): 1,
        (li.pk, NOV[2], a2): 1,
        (wang.pk, NOV[2], a2): 1,
    }
    # Corrected to a phone call: no day for either; back to a home visit: both again.
    services.edit_visit(visit=visit, fields={"kind": Kind.PHONE})
    assert days() == {(li.pk, NOV[30], a): 1}
    services.edit_visit(visit=visit, fields={"kind": Kind.NIGHT})
    assert days() == {(li.pk, NOV[30], a): 1, (li.pk, NOV[2], a2): 1, (wang.pk, NOV[2], a2): 1}
    # Written by another: the day leaves 李明 for 赵强; the companion's stays.
    services.edit_visit(visit=visit, fields={"author": zhao})
    assert days() == {(li.pk, NOV[30], a): 1, (zhao.pk, NOV[2], a2): 1, (wang.pk, NOV[2], a2): 1}
    # A change that moves nothing (the notes) writes no row.
    with CaptureQueriesContext(connection) as queries:
        services.edit_visit(visit=visit, fields={"seen": "不在家"})
    assert not [q for q in queries if "visits_villageday" in q["sql"]]

    # Hidden, it makes nobody's day; restored, everybody's again.
    hiding.hide(obj=Visit.objects.get(pk=visit.pk), by=staff_a)
    assert days() == {(li.pk, NOV[30], a): 1}
    hiding.restore(obj=Visit.all_objects.get(pk=visit.pk), by=staff_a)
    assert days() == {(li.pk, NOV[30], a): 1, (zhao.pk, NOV[2], a2): 1, (wang.pk, NOV[2], a2): 1}
    # The other visit of the 30th hidden: 李明's row of that day goes (no row of 0).
    hiding.hide(obj=second, by=staff_a)
    assert days() == {(zhao.pk, NOV[2], a2): 1, (wang.pk, NOV[2], a2): 1}
    assert not VillageDay.objects.filter(n__lte=0).exists()
    assert day_rollups.differences() == []


def test_companions_changed_from_either_side_move_their_days(li, wang, zhao, station_a):
    a = station_a.pk
    # Another visit 王芳 and 赵强 went along on, never changed below: its days stay.
    _log(li, station_a, at(11, 20), companions=[wang, zhao])
    kept = {(wang.pk, NOV[20], a): 1, (zhao.pk, NOV[20], a): 1, (li.pk, NOV[20], a): 1}
    visit = _log(li, station_a, at(11, 5), companions=[wang])
    # The form's correction sets the companions: 王芳 out, 赵强 in.
    services.edit_visit(visit=visit, fields={}, companions=[zhao])
    assert days() == kept | {(li.pk, NOV[5], a): 1, (zhao.pk, NOV[5], a): 1}
    # Taking away someone who was not there changes nothing.
    visit.companions.remove(wang)
    assert days() == kept | {(li.pk, NOV[5], a): 1, (zhao.pk, NOV[5], a): 1}
    visit.companions.clear()
    assert days() == kept | {(li.pk, NOV[5], a): 1}
    # From the cadre's side: 王芳 added to two visits, one a phone call (no day).
    call = _log(li, station_a, at(11, 6), kind=Kind.PHONE)
    with CaptureQueriesContext(connection) as queries:
        wang.accompanied_visits.add(visit, call)
    # The places of the two visits given are read, not every visit's.
    (read,) = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and "visits_visit" in q["sql"]
        and "occurred_at" in q["sql"]
    ]
    assert '"visits_visit"."id" IN' in read
    assert days() == kept | {(li.pk, NOV[5], a): 1, (wang.pk, NOV[5], a): 1}
    wang.accompanied_visits.remove(visit)
    assert days() == kept | {(li.pk, NOV[5], a): 1}
    wang.accompanied_visits.add(visit)
    # Cleared from her side: 王芳 goes from every visit, the 20th's too; 赵强 stays there.
    wang.accompanied_visits.clear()
    del kept[wang.pk, NOV[20], a]
    assert days() == kept | {(li.pk, NOV[5], a): 1}
    # A hidden visit's companions make no day when they are added either.
    hidden = _log(li, station_a, at(11, 7))
    hiding.hide(obj=hidden, by=f.UserFactory(username="staff"))
    Visit.all_objects.get(pk=hidden.pk).companions.add(wang)
    assert days() == kept | {(li.pk, NOV[5], a): 1}
    assert day_rollups.differences() == []


def test_a_new_visit_writes_its_days_in_one_statement_each_for_author_and_companions(
    li, wang, zhao, station_a
):
    with CaptureQueriesContext(connection) as queries:
        _log(li, station_a, at(11, 5))
    on_days = [q["sql"].split()[0] for q in queries if "visits_villageday" in q["sql"]]
    assert on_days == ["INSERT"]
    with CaptureQueriesContext(connection) as queries:
        _log(li, station_a, at(11, 6), companions=[wang, zhao])
    on_days = [q["sql"].split()[0] for q in queries if "visits_villageday" in q["sql"]]
    assert on_days == ["INSERT", "INSERT"]  # the author's, then both companions'
    assert days()[(zhao.pk, NOV[6], station_a.pk)] == 1


def test_a_rebuild_writes_the_days_again_and_the_differences_name_each(li, wang, station_a):
    visit = _log(li, station_a, at(11, 10), companions=[wang])
    # Around the hooks: a bulk correction and a companion row written in bulk.
    Visit.objects.filter(pk=visit.pk).update(occurred_at=at(10, 31, 12))
    Visit.companions.through.objects.bulk_create(
        [Visit.companions.through(visit_id=_log(wang, station_a, at(11, 12)).pk, cadre_id=li.pk)]
    )
    a = station_a.pk
    october_31 = datetime.date(2026, 10, 31)
    assert day_rollups.differences() == [
        ((li.pk, october_31, a), 0, 1),
        ((li.pk, NOV[10], a), 1, 0),
        ((li.pk, NOV[12], a), 0, 1),
        ((wang.pk, october_31, a), 0, 1),
        ((wang.pk, NOV[10], a), 1, 0),
    ]
    rollups.rebuild()
    assert day_rollups.differences() == []
    assert days() == {
        (li.pk, october_31, a): 1,
        (wang.pk, october_31, a): 1,
        (wang.pk, NOV[12], a): 1,
        (li.pk, NOV[12], a): 1,
    }
    # A row of 0 is no row: nothing differs.
    VillageDay.objects.create(cadre=li, day=NOV[13], station=station_a, n=0)
    assert day_rollups.differences() == []


def test_a_month_s_rebuild_writes_its_first_and_last_days_and_no_other(li, station_a):
    a = station_a.pk
    october_31, december_1 = datetime.date(2026, 10, 31), datetime.date(2026, 12, 1)
    for when in (at(10, 31, 23, 59), at(11, 1, 0, 0), at(11, 30, 23, 59), at(12, 1, 0, 0)):
        _log(li, station_a, when)
    VillageDay.objects.update(n=5)  # every row wrong, around the hooks
    november = (NOV[1], datetime.date(2026, 11, 30))
    assert [key for key, _kept, _counted in day_rollups.differences(november)] == [
        (li.pk, NOV[1], a),
        (li.pk, NOV[30], a),
    ]
    rollups.rebuild((NOV[1], NOV[1]))  # November, as the command's --month 2026-11
    assert days() == {
        (li.pk, october_31, a): 5,  # the days on either side left as they were
        (li.pk, NOV[1], a): 1,
        (li.pk, NOV[30], a): 1,
        (li.pk, december_1, a): 5,
    }
    assert day_rollups.differences(november) == []
    assert len(day_rollups.differences()) == 2


def test_raw_counts_the_days_from_the_visits_of_the_members_asked(li, wang, station_a):
    """``raw`` reads the visits, not the rows: after a write around the hooks the two
    differ, and each asks for the members given only."""
    _log(li, station_a, at(11, 3), companions=[wang])
    _log(wang, station_a, at(11, 4))
    Visit.objects.filter(author=wang).update(occurred_at=at(12, 4))  # around the hooks
    _log(wang, station_a, at(11, 10))
    november = Period.month(2026, 11)
    both = Cadre.objects.filter(pk__in=[li.pk, wang.pk])
    # 王芳's rows: the 3rd (along with 李明), the 4th (the visit since moved), the 10th.
    assert contacts.village_days(period=november, cadres=both) == {li.pk: 1, wang.pk: 3}
    assert contacts.village_days(period=november, cadres=both, raw=True) == {li.pk: 1, wang.pk: 2}
    only_li = Cadre.objects.filter(pk=li.pk)
    assert contacts.village_days(period=november, cadres=only_li, raw=True) == {li.pk: 1}
    nobody = Cadre.objects.none()
    assert contacts.village_days(period=november, cadres=nobody, raw=True) == {}


PERIODS = (
    Period.month(2026, 10),
    Period.month(2026, 11),
    Period(datetime.date(2026, 11, 9), datetime.date(2026, 11, 15)),  # a week
    Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_days_read_from_the_rows_equal_days_counted_from_the_visits_on_random_work(
    seed, township_a, station_a, station_a2, station_b, staff_a
):
    rng = random.Random(seed)
    stations = [station_a, station_a2, station_b]
    cadres = [f.CadreFactory(township=township_a) for _ in range(6)]
    visits = []
    for _ in range(80):
        author = rng.choice(cadres)
        others = [c for c in cadres if c != author]
        visits.append(
            _log(
                author,
                rng.choice(stations),
                # Near midnight on either side of a day, in October to December.
                at(rng.choice([10, 11, 12]), rng.choice([1, 9, 15, 30]), rng.choice([0, 23])),
                kind=rng.choice(Kind.values),
                companions=rng.sample(others, rng.choice([0, 0, 1, 2])),
            )
        )
    hidden = rng.sample(visits, 10)
    for visit in hidden:
        hiding.hide(obj=visit, by=staff_a)
    for visit in rng.sample([v for v in visits if v not in hidden], 15):
        services.edit_visit(
            visit=visit,
            fields={
                "occurred_at": visit.occurred_at + datetime.timedelta(days=rng.choice([-8, 1])),
                "kind": rng.choice(Kind.values),
                "station": rng.choice(stations),
            },
            companions=rng.sample([c for c in cadres if c.pk != visit.author_id], 1),
        )
    assert day_rollups.differences() == []
    everyone = Cadre.objects.filter(pk__in=[c.pk for c in cadres])
    found = 0
    for period in PERIODS:
        for station in (None, station_a.pk, [station_a.pk, station_b.pk]):
            asked = {"period": period, "cadres": everyone, "station": station}
            from_rows = contacts.village_days(**asked)
            assert from_rows == contacts.village_days(raw=True, **asked), (period, station)
            found += sum(from_rows.values())
    assert found > 40  # enough days to compare


def test_a_day_at_two_stations_is_one_day(li, station_a, station_b):
    # A rotation's day: the morning at the old station, the afternoon at the new one.
    _log(li, station_a, at(11, 3, 9))
    _log(li, station_b, at(11, 3, 15))
    _log(li, station_b, at(11, 4, 15))
    november, only = Period.month(2026, 11), Cadre.objects.filter(pk=li.pk)
    assert len(days()) == 3
    assert contacts.village_days(period=november, cadres=only) == {li.pk: 2}
    assert contacts.village_days(period=november, cadres=only, station=station_b) == {li.pk: 2}
    assert contacts.village_days(period=november, cadres=only, station=station_a) == {li.pk: 1}


@pytest.mark.django_db(transaction=True)
def test_migrating_counts_the_days_already_there(township_a, station_a, staff_a):
    li, wang = (f.CadreFactory(township=township_a) for _ in range(2))
    try:
        visit = f.VisitFactory(station=station_a, author=li, occurred_at=at(10, 31, 23, 59))
        visit.companions.add(wang)
        f.VisitFactory(station=station_a, author=li, occurred_at=at(11, 1, 0, 0))
        f.VisitFactory(station=station_a, author=li, occurred_at=at(11, 1, 9))
        f.VisitFactory(station=station_a, author=wang, occurred_at=at(11, 2), kind=Kind.PHONE)
        hiding.hide(
            obj=f.VisitFactory(station=station_a, author=wang, occurred_at=at(11, 3)), by=staff_a
        )
        migrate([("visits", "0017_households_reached_rollups")])  # before the rows were kept
        migrate([("visits", "0018_days_in_a_village")])
        a = station_a.pk
        assert days() == {
            (li.pk, datetime.date(2026, 10, 31), a): 1,
            (wang.pk, datetime.date(2026, 10, 31), a): 1,
            (li.pk, NOV[1], a): 2,  # the phone call and the hidden visit make none
        }
    finally:
        migrate(latest())
    assert day_rollups.differences() == []


@pytest.mark.django_db(transaction=True)
def test_two_visits_of_one_member_on_one_day_logged_at_once_are_both_counted(
    li, wang, station_a, station_a2
):
    """PostgreSQL: the second visit's row waits for the first's transaction, then adds
    to the row it wrote (the same member the same day, once as author, once as
    companion)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so writes cannot race there")
    failures = second_waits(
        lambda: _log(li, station_a, at(11, 3)),
        lambda: _log(wang, station_a, at(11, 3), companions=[li]),
    )
    assert failures == []
    a = station_a.pk
    assert days() == {(li.pk, NOV[3], a): 2, (wang.pk, NOV[3], a): 1}
    assert day_rollups.differences() == []
