"""The visit rollups (issue 13): counted as visits are written, in the same transaction
(logging, corrections that move a visit to another month or kind, hiding, restoring,
erasing a household), brought right by the worker after a write that went around
them, rebuilt and checked by ``manage.py rollups``, and read by the figures for whole
months exactly as the visits would give them (random data, compared both ways)."""

import datetime
import io
import random
import re
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stations.cards import services as card_services
from tests import factories as f
from tests.jobs import run_worker
from tests.supervision_helpers import SHANGHAI
from tests.test_imports import GOOD_HOUSEHOLDS, make_xlsx, run
from visits import card_rollups, hiding, rollups, services
from visits.erasure import erase_household
from visits.models import CardMonth, Visit, VisitMonth
from visits.supervision import contacts, upkeep
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

Kind = Visit.Kind
NOVEMBER, DECEMBER = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)
OCTOBER = datetime.date(2026, 10, 1)
TODAY = datetime.date(2026, 12, 15)  # October and November are over, December is not


@pytest.fixture(autouse=True)
def _today_is_today(monkeypatch):
    # The rows of the month under way are counted on the day they are written, by the
    # clock; the figures are asked for TODAY: the clock says so too.
    moment = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


def at(month, day, hour=0, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def statements_on(table, queries):
    """The kinds of the statements that write or read ``table`` itself."""
    on = re.compile(rf'(FROM|INTO|UPDATE) "{table}"\s')
    return [q["sql"].split()[0] for q in queries if on.search(q["sql"])]


def counted():
    """``{(month, author, kind): n}`` of the rollups' rows that count something."""
    return {(r.month, r.author_id, r.kind): r.n for r in VisitMonth.objects.exclude(n=0)}


@pytest.fixture
def household(station_a):
    return f.HouseholdFactory(village=station_a.village)


def _log(cadre_user, station, household, when, kind=Kind.HOME, **more):
    visit, created = services.log_visit(
        author=cadre_user.cadre,
        station=station,
        token=uuid.uuid4(),
        fields={"occurred_at": when, "kind": kind, "household": household, "seen": "在家"},
        **more,
    )
    assert created
    return visit


def test_each_write_moves_the_visit_between_rows_in_the_same_transaction(
    cadre_user, staff_a, station_a, household
):
    me = cadre_user.cadre.pk
    # 30 November 23:30 in Shanghai is 15:30 UTC: November's, as on every page.
    visit = _log(cadre_user, station_a, household, at(11, 30, 23, 30))
    _log(cadre_user, station_a, None, at(11, 3, 9), kind=Kind.RECEPTION, reception=True)
    assert counted() == {(NOVEMBER, me, Kind.HOME): 1, (NOVEMBER, me, Kind.RECEPTION): 1}

    # A correction to 1 December 00:10 moves it to December: -1 November, +1 December.
    services.edit_visit(visit=visit, fields={"occurred_at": at(12, 1, 0, 10)})
    assert counted() == {(DECEMBER, me, Kind.HOME): 1, (NOVEMBER, me, Kind.RECEPTION): 1}
    # A correction of its kind: a home visit becomes a phone call.
    services.edit_visit(visit=visit, fields={"kind": Kind.PHONE})
    assert counted() == {(DECEMBER, me, Kind.PHONE): 1, (NOVEMBER, me, Kind.RECEPTION): 1}
    # A change that moves nothing (the notes) leaves the rows as they are.
    services.edit_visit(visit=visit, fields={"seen": "不在家"})
    assert counted() == {(DECEMBER, me, Kind.PHONE): 1, (NOVEMBER, me, Kind.RECEPTION): 1}

    # Hidden, it counts nowhere; restored, where it was.
    hiding.hide(obj=Visit.objects.get(pk=visit.pk), by=staff_a)
    assert counted() == {(NOVEMBER, me, Kind.RECEPTION): 1}
    hiding.restore(obj=Visit.all_objects.get(pk=visit.pk), by=staff_a)
    assert counted() == {(DECEMBER, me, Kind.PHONE): 1, (NOVEMBER, me, Kind.RECEPTION): 1}

    # Erasing the household's person rewrites the visit's words, not where it counts.
    erase_household(household=household, by=staff_a)
    assert counted() == {(DECEMBER, me, Kind.PHONE): 1, (NOVEMBER, me, Kind.RECEPTION): 1}
    assert rollups.differences() == []


def test_a_write_that_fails_leaves_the_rollups_as_they_were(cadre_user, station_a, household):
    token = uuid.uuid4()
    fields = {"occurred_at": at(11, 5, 10), "kind": Kind.HOME, "household": household}
    services.log_visit(author=cadre_user.cadre, station=station_a, token=token, fields=fields)
    # The same form sent again: the visit is found, nothing is counted twice.
    services.log_visit(author=cadre_user.cadre, station=station_a, token=token, fields=fields)
    assert counted() == {(NOVEMBER, cadre_user.cadre.pk, Kind.HOME): 1}


def test_the_worker_brings_the_rollups_right_after_a_write_around_them(
    cadre_user, station_a, household
):
    visit = _log(cadre_user, station_a, household, at(11, 10, 8))
    _log(cadre_user, station_a, household, at(12, 2, 8))
    # A bulk correction (QuerySet.update) goes around Visit.save and its hooks.
    Visit.objects.filter(pk=visit.pk).update(kind=Kind.NIGHT)
    key = (NOVEMBER, station_a.pk, station_a.village_id, cadre_user.cadre.pk)
    assert rollups.differences() == [
        ((*key, Kind.HOME), 1, 0),
        ((*key, Kind.NIGHT), 0, 1),
    ]
    rollups.rebuild_months_task.enqueue(NOVEMBER.isoformat(), NOVEMBER.isoformat())
    run_worker()
    assert rollups.differences() == []
    me = cadre_user.cadre.pk
    assert counted() == {(NOVEMBER, me, Kind.NIGHT): 1, (DECEMBER, me, Kind.HOME): 1}


def test_the_command_names_the_rows_that_differ_and_rebuilds_them(cadre_user, station_a, household):
    visit = _log(cadre_user, station_a, household, at(11, 10, 8))
    call_command("rollups", "--rebuild", stdout=io.StringIO())  # the card rollups too
    out = io.StringIO()
    call_command("rollups", "--check", stdout=out)
    assert "match" in out.getvalue()

    Visit.objects.filter(pk=visit.pk).update(occurred_at=at(10, 31, 12))  # around the hooks
    out = io.StringIO()
    # The visit's two rows, the household's two rows of households reached, its
    # author's two days in a village, and October's card coverage: the months now
    # begin in October.
    with pytest.raises(CommandError, match="7 rollup rows differ"):
        call_command("rollups", "--check", stdout=out)
    cadre = cadre_user.cadre.pk
    where = f"station {station_a.pk} village {station_a.village_id} author {cadre} home"
    assert f"2026-10 {where}: rollup 0, visits 1" in out.getvalue()
    assert f"2026-11 {where}: rollup 1, visits 0" in out.getvalue()
    reached = f"county {station_a.village.township.county_id} household {household.pk}"
    assert f"2026-10 {reached}: rollup 0, visits 1" in out.getvalue()
    assert f"2026-11 {reached}: rollup 1, visits 0" in out.getvalue()
    assert (
        f"2026-10 village {station_a.village_id}: rollup 0 households, 0 carded; "
        "counted 1 households, 0 carded"
    ) in out.getvalue()
    days = f"cadre {cadre} station {station_a.pk}: days rollup"
    assert f"2026-10-31 {days} 0, visits 1" in out.getvalue()
    assert f"2026-11-10 {days} 1, visits 0" in out.getvalue()
    with pytest.raises(CommandError, match="3 rollup rows differ"):
        call_command("rollups", "--check", "--month", "2026-11", stdout=io.StringIO())

    out = io.StringIO()
    call_command("rollups", "--rebuild", "--check", stdout=out)
    assert "Rebuilt the visit rollups: 1 rows." in out.getvalue()
    assert "match" in out.getvalue()
    out = io.StringIO()
    call_command("rollups", "--rebuild", "--check", "--last-month", stdout=out)
    # November's card row, and December's (under way), counted again on today.
    assert "Rebuilt the card rollups: 2 rows." in out.getvalue()
    assert "match" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("rollups", "--check", "--month", "11/2026")
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("rollups")


GROUPS = (None, "township", "station", "village", "cadre")
PERIODS = (
    Period.month(2026, 10),
    Period.month(2026, 11),
    Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollup_read_figures_equal_raw_read_figures_on_random_work(
    seed, county, township_a, township_b, station_a, station_a2, station_b, staff_a, supervisor
):
    rng = random.Random(seed)
    stations = [station_a, station_a2, station_b]
    cadres = [f.CadreFactory(township=rng.choice([township_a, township_b])) for _ in range(5)]
    households = [f.HouseholdFactory(village=rng.choice(stations).village) for _ in range(8)]
    visits = []
    for _ in range(60):
        station = rng.choice(stations)
        household = rng.choice([*households, None])
        month = rng.choice([9, 10, 11, 12])
        visits.append(
            f.VisitFactory(
                station=station,
                author=rng.choice(cadres),
                household=household,
                # A reception's visitor may come from another village than the station's.
                village=household.village if household else station.village,
                kind=rng.choice(Kind.values),
                # Near midnight at either end of a month, to try the local month's edges.
                occurred_at=at(month, rng.choice([1, 15, 30]), rng.choice([0, 12, 23]), 59),
            )
        )
    hidden = rng.sample(visits, 10)
    for visit in hidden:
        hiding.hide(obj=visit, by=staff_a)
    for visit in rng.sample([v for v in visits if v not in hidden], 10):
        services.edit_visit(
            visit=visit,
            fields={
                "occurred_at": visit.occurred_at + datetime.timedelta(days=rng.choice([-20, 20])),
                "kind": rng.choice(Kind.values),
            },
        )
    assert rollups.differences() == []
    assert rollups.reach_differences() == []
    assert contacts.visit_counts(period=PERIODS[2], county=county)[None]["logged"] > 20
    # Households reached of whole counties, from their rollups (``ReachMonth``): the
    # county's, and the city's of a second county, per county and in all.
    city = f.PrefectureFactory(name="邵阳市")
    type(county).objects.filter(pk=county.pk).update(prefecture=city)
    other = f.StationFactory(
        village=f.VillageFactory(
            township=f.TownshipFactory(county=f.CountyFactory(prefecture=city))
        )
    )
    for household in rng.sample(households, 4):  # reached from two counties
        f.VisitFactory(station=other, household=household, occurred_at=at(11, 15, 12))
    for period in PERIODS:
        for place in (
            {"county": county},
            {"prefecture": city},
            {"prefecture": city, "user": supervisor},
        ):
            for by in (None, "county"):
                from_rollups = contacts.visit_counts(period=period, by=by, **place)
                assert from_rollups == contacts.visit_counts(
                    period=period, by=by, raw=True, **place
                ), (period, place, by)
            assert contacts.households_reached(period=period, **place) == (
                contacts.households_reached(period=period, raw=True, **place)
            )
    places = (
        {"county": county},
        {"township": township_b},
        {"station": station_a2},
        {"cadre": cadres[0]},
        {"county": county, "user": staff_a},  # only township A's, as the user sees it
        {"county": county, "user": supervisor},
    )
    for period in PERIODS:
        for place in places:
            for by in GROUPS:
                from_rollups = contacts.visit_counts(period=period, by=by, **place)
                from_visits = contacts.visit_counts(period=period, by=by, raw=True, **place)
                assert from_rollups == from_visits, (period, place, by)
            months = {"end": period.end, "months": 4, **place}
            assert contacts.visits_per_month(**months) == contacts.visits_per_month(
                raw=True, **months
            )

    # Cards issued and voided on random days, the finished months rolled up, then more
    # written through the hooks: cards voided after the fact, households new and moved.
    def some_day():
        return datetime.date(2026, rng.choice([9, 10, 11, 12]), rng.choice([1, 14, 28]))

    made = []
    for household in households:
        if rng.random() < 0.7:
            issued = some_day()
            voided = some_day() if rng.random() < 0.4 else None
            made.append(
                f.ContactCardFactory(
                    household=household,
                    station=household.village.station,
                    issued_on=issued,
                    voided_on=voided if voided and voided > issued else None,
                )
            )
    card_rollups.rebuild(today=TODAY)
    for card in rng.sample(made, min(3, len(made))):
        if card.voided_on is None:
            card.voided_on = max(card.issued_on, datetime.date(2026, 10, 30))
            card.save()
    for household in rng.sample(households, 2):
        household.village = rng.choice(stations).village
        household.save()
    f.HouseholdFactory(village=station_b.village)
    assert card_rollups.differences(today=TODAY) == []
    for period in (*PERIODS[:2], Period(OCTOBER, datetime.date(2026, 11, 30))):
        for place in places:
            for by in GROUPS:
                from_rollups = coverage(period, by, **place)
                assert from_rollups == coverage(period, by, raw=True, **place), (period, by)


def cards():
    """``{(month, village): (households, carded)}`` of the card rollups."""
    return {(r.month, r.village_id): (r.households, r.carded) for r in CardMonth.objects.all()}


def coverage(period, by=None, raw=False, **place):
    return upkeep.card_coverage(period=period, by=by, today=TODAY, raw=raw, **place)


def test_card_rollups_follow_cards_and_households_of_every_month(station_a, station_b):
    a, b = station_a.village_id, station_b.village_id
    first, second, third = (f.HouseholdFactory(village=station_a.village) for _ in range(3))
    f.ContactCardFactory(household=first, station=station_a, issued_on=datetime.date(2026, 10, 10))
    voided = f.ContactCardFactory(
        household=second, station=station_a, issued_on=datetime.date(2026, 11, 20)
    )
    f.VisitFactory(station=station_a, household=third, occurred_at=at(10, 2, 9))
    assert cards() == {}  # nothing written until the months are over and rebuilt
    card_rollups.rebuild(today=TODAY)
    # October: 3 households, the first carded (10 Oct); November: the second too (20 Nov);
    # December, under way, counted today.
    assert cards() == {(OCTOBER, a): (3, 1), (NOVEMBER, a): (3, 2), (DECEMBER, a): (3, 2)}

    # Voided on 25 November (a correction after the fact): November's last day sees one.
    voided.voided_on = datetime.date(2026, 11, 25)
    voided.save()
    assert cards() == {(OCTOBER, a): (3, 1), (NOVEMBER, a): (3, 1), (DECEMBER, a): (3, 1)}
    # A card issued today counts in the month under way alone.
    f.ContactCardFactory(household=third, station=station_a, issued_on=TODAY)
    assert cards() == {(OCTOBER, a): (3, 1), (NOVEMBER, a): (3, 1), (DECEMBER, a): (3, 2)}
    # A new household: one more in each month, without a card.
    f.HouseholdFactory(village=station_a.village)
    assert cards() == {(OCTOBER, a): (4, 1), (NOVEMBER, a): (4, 1), (DECEMBER, a): (4, 2)}
    # The first household moves to B's village, its card with it: 3 + 1 households.
    first.village = station_b.village
    first.save()
    assert cards() == {
        (OCTOBER, a): (3, 0),
        (NOVEMBER, a): (3, 0),
        (DECEMBER, a): (3, 1),
        (OCTOBER, b): (1, 1),
        (NOVEMBER, b): (1, 1),
        (DECEMBER, b): (1, 1),
    }
    assert card_rollups.differences() == []

    november = Period.month(2026, 11)
    for by in (None, "township", "station", "village"):
        assert coverage(november, by, county=station_a.village.township.county) == coverage(
            november, by, raw=True, county=station_a.village.township.county
        )
    (total,) = coverage(november, township=station_a.village.township).values()
    assert total == {"households": 3, "carded": 0, "card_coverage": 0.0}
    # A month not written yet (its rows gone) is counted from the households, the same.
    CardMonth.objects.filter(month=NOVEMBER).delete()
    (total,) = coverage(november, township=station_a.village.township).values()
    assert total == {"households": 3, "carded": 0, "card_coverage": 0.0}


def test_the_timer_writes_last_month_nightly_and_the_readme_says_so():
    root = Path(__file__).resolve().parent.parent
    service = (root / "deploy/systemd/gzz-rollups.service").read_text()
    timer = (root / "deploy/systemd/gzz-rollups.timer").read_text()
    assert "manage.py rollups --rebuild --check --last-month" in service
    assert "OnCalendar=*-*-* 00:10:00 Asia/Shanghai" in timer and "Persistent=true" in timer
    assert "gzz-rollups.timer" in (root / "README.md").read_text()


def test_households_imported_in_bulk_count_in_the_card_rollups(
    tmp_path, station_a, station_a2, staff_a, township_a
):
    f.VillageGroupFactory(village=station_a.village, name="第一组")
    f.VillageGroupFactory(village=station_a.village, name="第二组")
    f.HouseholdFactory(village=station_a.village)
    card_rollups.rebuild([OCTOBER, NOVEMBER], today=TODAY)
    a, a2 = station_a.village_id, station_a2.village_id
    assert cards() == {(OCTOBER, a): (1, 0), (NOVEMBER, a): (1, 0)}
    # Two households for 高石村 (station A's), one for 白水村 (A2's), written in bulk.
    result = run("households", township_a, make_xlsx(tmp_path, GOOD_HOUSEHOLDS), staff_a)
    assert result.created == 3
    assert cards() == {
        (OCTOBER, a): (3, 0),
        (NOVEMBER, a): (3, 0),
        (OCTOBER, a2): (1, 0),
        (NOVEMBER, a2): (1, 0),
    }
    assert card_rollups.differences(months=[OCTOBER, NOVEMBER], today=TODAY) == []


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


@pytest.fixture
def back_to_the_latest_schema():
    yield
    migrate(None)


@pytest.mark.django_db(transaction=True)
def test_migrating_counts_the_visits_already_there(station_a, staff_a, back_to_the_latest_schema):
    f.VisitFactory(station=station_a, occurred_at=at(10, 31, 23, 59))
    f.VisitFactory(station=station_a, occurred_at=at(11, 1, 0, 0), kind=Kind.NIGHT)
    hiding.hide(obj=f.VisitFactory(station=station_a, occurred_at=at(11, 2)), by=staff_a)
    migrate(("visits", "0013_visit_time_index"))  # before the rollups were counted
    assert not VisitMonth.objects.exists()
    migrate(("visits", "0014_count_the_visits_into_their_rollups"))
    assert sorted((r.month, r.kind, r.n) for r in VisitMonth.objects.all()) == [
        (OCTOBER, Kind.HOME, 1),
        (NOVEMBER, Kind.NIGHT, 1),  # the hidden one counts nowhere
    ]
    assert rollups.differences() == []


@pytest.mark.django_db(transaction=True)
def test_migrating_dates_the_card_rows_already_there(station_a, back_to_the_latest_schema):
    household = f.HouseholdFactory(village=station_a.village)
    f.VisitFactory(station=station_a, household=household, occurred_at=at(10, 2, 9))
    migrate(("visits", "0015_deed_quantity_unit"))  # before the rows had a day
    table = CardMonth._meta.db_table
    with connection.cursor() as cursor:
        for month in (OCTOBER, NOVEMBER):
            cursor.execute(
                f"INSERT INTO {table} (month, village_id, households, carded) "
                "VALUES (%s, %s, 1, 0)",
                [month, station_a.village_id],
            )
    migrate(("visits", "0016_card_month_counted_on"))
    # Every row then was a finished month's, counted on its last day: still read.
    assert sorted(CardMonth.objects.values_list("month", "counted_on")) == [
        (OCTOBER, datetime.date(2026, 10, 31)),
        (NOVEMBER, datetime.date(2026, 11, 30)),
    ]
    assert card_rollups.differences([OCTOBER, NOVEMBER]) == []


def test_a_month_checked_or_rebuilt_alone_runs_from_its_first_midnight_to_the_next(
    cadre_user, station_a, household
):
    # Each on an edge, Shanghai time: 31 October 23:59, 1 and 30 November at midnight
    # and 23:59, 1 December at midnight.
    for when in (at(10, 31, 23, 59), at(11, 1), at(11, 30, 23, 59), at(12, 1)):
        _log(cadre_user, station_a, household, when)
    me = cadre_user.cadre.pk
    every = {
        (OCTOBER, me, Kind.HOME): 1,
        (NOVEMBER, me, Kind.HOME): 2,
        (DECEMBER, me, Kind.HOME): 1,
    }
    assert counted() == every

    # November alone: its two visits, neither neighbour's; one row written.
    assert rollups.differences((NOVEMBER, NOVEMBER)) == []
    assert rollups.rebuild((NOVEMBER, NOVEMBER)) == 1
    # October's and December's rows are left as they were.
    assert counted() == every
    assert rollups.differences() == []
    # February 2026 has 28 days, and nothing in it.
    february = datetime.date(2026, 2, 1)
    assert rollups.differences((february, february)) == []
    assert rollups.rebuild((february, february)) == 0


def test_the_worker_repairs_the_months_between_two_days_whole(cadre_user, station_a, household):
    visits = [_log(cadre_user, station_a, household, at(m, 10, 8)) for m in (10, 11, 12)]
    me = cadre_user.cadre.pk
    # A bulk correction of all three, around the hooks; the import that made it asks the
    # worker for the months from 15 October to 20 November: October and November, whole.
    Visit.objects.filter(pk__in=[v.pk for v in visits]).update(kind=Kind.NIGHT)
    key = (station_a.pk, station_a.village_id, me)
    assert rollups.differences((datetime.date(2026, 10, 15), datetime.date(2026, 11, 20))) == [
        ((OCTOBER, *key, Kind.HOME), 1, 0),
        ((OCTOBER, *key, Kind.NIGHT), 0, 1),
        ((NOVEMBER, *key, Kind.HOME), 1, 0),
        ((NOVEMBER, *key, Kind.NIGHT), 0, 1),
    ]
    rollups.rebuild_months_task.enqueue("2026-10-15", "2026-11-20")
    run_worker()
    # December was not asked for: still the home visit until its own repair.
    assert counted() == {
        (OCTOBER, me, Kind.NIGHT): 1,
        (NOVEMBER, me, Kind.NIGHT): 1,
        (DECEMBER, me, Kind.HOME): 1,
    }
    assert rollups.differences() == [
        ((DECEMBER, *key, Kind.HOME), 1, 0),
        ((DECEMBER, *key, Kind.NIGHT), 0, 1),
    ]


def test_a_new_visit_is_counted_in_one_statement(cadre_user, station_a, household):
    visit = f.VisitFactory.build(
        station=station_a, author=cadre_user.cadre, household=household, occurred_at=at(11, 5)
    )
    with CaptureQueriesContext(connection) as queries:
        visit.save()
    # A new visit has no row as it was to read back: its insert, the rollup's upsert.
    assert statements_on("visits_visit", queries) == ["INSERT"]
    assert statements_on("visits_visitmonth", queries) == ["INSERT"]
    assert counted() == {(NOVEMBER, cadre_user.cadre.pk, Kind.HOME): 1}


SEPTEMBER = datetime.date(2026, 9, 1)


def test_months_are_rolled_up_from_the_first_visit_to_the_month_under_way(station_a):
    a = station_a.village_id
    household = f.HouseholdFactory(village=station_a.village)
    # The first visit (14 September) comes before the first card (10 October).
    f.VisitFactory(station=station_a, household=household, occurred_at=at(9, 14, 10))
    f.ContactCardFactory(
        household=household, station=station_a, issued_on=datetime.date(2026, 10, 10)
    )
    # On 30 November, November is under way: counted that day; December is to come.
    assert card_rollups.rebuild(today=datetime.date(2026, 11, 30)) == 3
    assert cards() == {(SEPTEMBER, a): (1, 0), (OCTOBER, a): (1, 1), (NOVEMBER, a): (1, 1)}
    assert card_rollups.differences(today=datetime.date(2026, 11, 30)) == []
    assert card_rollups.rebuild(today=datetime.date(2026, 12, 1)) == 4
    assert cards()[DECEMBER, a] == (1, 1)


def test_a_rebuild_drops_the_months_before_the_first_card_or_visit(station_a):
    a = station_a.village_id
    household = f.HouseholdFactory(village=station_a.village)
    card = f.ContactCardFactory(
        household=household, station=station_a, issued_on=datetime.date(2026, 9, 10)
    )
    f.VisitFactory(station=station_a, household=household, occurred_at=at(10, 2, 10))
    card_rollups.rebuild(today=TODAY)
    assert cards() == {
        (SEPTEMBER, a): (1, 1),
        (OCTOBER, a): (1, 1),
        (NOVEMBER, a): (1, 1),
        (DECEMBER, a): (1, 1),
    }
    # The admin deletes the card, entered by mistake (a delete goes around the hooks):
    # the months begin with the visit in October now, and the rebuild writes them alone.
    card.delete()
    assert card_rollups.rebuild(today=TODAY) == 3
    assert cards() == {(OCTOBER, a): (1, 0), (NOVEMBER, a): (1, 0), (DECEMBER, a): (1, 0)}
    # September is counted from the households again: no card.
    (september,) = coverage(Period.month(2026, 9), township=station_a.village.township).values()
    assert september == {"households": 1, "carded": 0, "card_coverage": 0.0}


def test_a_fresh_install_rebuilds_and_checks_nothing(db):
    out = io.StringIO()
    call_command("rollups", "--rebuild", "--check", stdout=out)
    assert out.getvalue().splitlines() == [
        "Rebuilt the visit rollups: 0 rows.",
        "Rebuilt the card rollups: 0 rows.",
        "The rollups match the raw rows.",
    ]


def test_a_card_issue_date_corrected_later_rewrites_the_months_from_the_earlier(
    station_a, station_b
):
    a, b = station_a.village_id, station_b.village_id
    # B's card is the first written, A's the second.
    f.ContactCardFactory(
        household=f.HouseholdFactory(village=station_b.village),
        station=station_b,
        issued_on=datetime.date(2026, 11, 20),
    )
    card = f.ContactCardFactory(
        household=f.HouseholdFactory(village=station_a.village),
        station=station_a,
        issued_on=datetime.date(2026, 10, 10),
    )
    card_rollups.rebuild(today=TODAY)
    assert cards() == {
        (OCTOBER, a): (1, 1),
        (NOVEMBER, a): (1, 1),
        (DECEMBER, a): (1, 1),
        (OCTOBER, b): (1, 0),
        (NOVEMBER, b): (1, 1),
        (DECEMBER, b): (1, 1),
    }
    # A's card was in fact issued on 20 November: October no longer counts it.
    card.issued_on = datetime.date(2026, 11, 20)
    card.save()
    assert cards() == {
        (OCTOBER, a): (1, 0),
        (NOVEMBER, a): (1, 1),
        (DECEMBER, a): (1, 1),
        (OCTOBER, b): (1, 0),
        (NOVEMBER, b): (1, 1),
        (DECEMBER, b): (1, 1),
    }
    assert card_rollups.differences(today=TODAY) == []


def test_a_card_of_today_rewrites_its_village_in_the_month_under_way_alone(station_a, station_b):
    in_b = f.HouseholdFactory(village=station_b.village)
    household, newcomer = (f.HouseholdFactory(village=station_a.village) for _ in range(2))
    f.ContactCardFactory(
        household=household, station=station_a, issued_on=datetime.date(2026, 10, 10)
    )
    card_rollups.rebuild(today=TODAY)
    a, b = station_a.village_id, station_b.village_id
    written = {
        (OCTOBER, a): (2, 1),
        (NOVEMBER, a): (2, 1),
        (DECEMBER, a): (2, 1),
        (OCTOBER, b): (1, 0),
        (NOVEMBER, b): (1, 0),
        (DECEMBER, b): (1, 0),
    }
    assert cards() == written

    # A card issued today: no finished month holds it; the month under way's row of
    # its village is counted again, the other village's left alone.
    card = f.ContactCardFactory.build(household=newcomer, station=station_a, issued_on=TODAY)
    with CaptureQueriesContext(connection) as queries:
        card.save()
    # The card, then its village's households asked for their cards (one query).
    assert statements_on("stations_contactcard", queries) == ["INSERT", "SELECT"]
    assert statements_on("visits_cardmonth", queries) == ["SELECT", "DELETE", "INSERT"]
    written[DECEMBER, a] = (2, 2)
    assert cards() == written
    # Each village's household's telephone corrected, its village the same: rows stay.
    for edited, phone in ((household, "13900000000"), (in_b, "13900000001")):
        edited.phone = phone
        with CaptureQueriesContext(connection) as queries:
            edited.save()
        assert statements_on("visits_cardmonth", queries) == []
    assert cards() == written
    assert card_rollups.differences(today=TODAY) == []


def test_cards_issued_and_reissued_in_bulk_count_in_the_month_under_way(
    station_a, station_b, staff_a
):
    a, b = station_a.village_id, station_b.village_id
    early, *rest = (f.HouseholdFactory(village=station_a.village) for _ in range(3))
    f.HouseholdFactory(village=station_b.village)
    f.ContactCardFactory(household=early, station=station_a, issued_on=datetime.date(2026, 10, 10))
    card_rollups.rebuild(today=TODAY)
    assert cards() == {
        **{(month, a): (3, 1) for month in (OCTOBER, NOVEMBER, DECEMBER)},
        **{(month, b): (1, 0) for month in (OCTOBER, NOVEMBER, DECEMBER)},
    }
    untouched = set(CardMonth.objects.exclude(village=a, month=DECEMBER).values_list("pk"))
    december = Period.month(2026, 12)
    # The village's other two households get their cards today, in one bulk write: its
    # row of the month under way is written again, no other village's, no finished month.
    issued = card_services.issue_for_village(station=station_a, by=staff_a, today=TODAY)
    assert len(issued) == 2
    assert cards()[DECEMBER, a] == (3, 3)
    assert set(CardMonth.objects.exclude(village=a, month=DECEMBER).values_list("pk")) == untouched
    with CaptureQueriesContext(connection) as queries:
        (today,) = coverage(december, township=station_a.village.township).values()
    assert today == {"households": 3, "carded": 3, "card_coverage": 1.0}
    assert statements_on("villages_household", queries) == []  # the rows alone
    # Reissued in bulk: the old card voided, a new one issued, still three of three.
    card_services.reissue(cards=issued, by=staff_a, today=TODAY)
    assert cards()[DECEMBER, a] == (3, 3)
    assert card_rollups.differences(today=TODAY) == []


def test_rows_counted_on_another_day_do_not_answer_for_today(station_a):
    a = station_a.village_id
    household = f.HouseholdFactory(village=station_a.village)
    f.ContactCardFactory(household=household, station=station_a, issued_on=TODAY)
    f.VisitFactory(station=station_a, household=household, occurred_at=at(10, 2, 9))
    card_rollups.rebuild(today=TODAY)
    assert cards() == {(OCTOBER, a): (1, 0), (NOVEMBER, a): (1, 0), (DECEMBER, a): (1, 1)}
    # As the rows stood last night, before today's card, and not counted again since
    # (the nightly recount has not run): today's figures come from the households.
    yesterday = TODAY - datetime.timedelta(days=1)
    CardMonth.objects.filter(month=DECEMBER).update(carded=0, counted_on=yesterday)
    township = station_a.village.township
    for period in (Period.month(2026, 12), Period(datetime.date(2026, 12, 8), TODAY)):
        (today,) = coverage(period, township=township).values()
        assert today == {"households": 1, "carded": 1, "card_coverage": 1.0}
        by_village = coverage(period, "village", township=township)
        assert by_village == {a: {"households": 1, "carded": 1, "card_coverage": 1.0}}
    # A day of a finished month other than its last is not what its rows counted either:
    # 20 November, when the household held no card yet, like November's last day.
    CardMonth.objects.filter(month=NOVEMBER).update(carded=1)
    (november,) = coverage(Period.month(2026, 11), township=township).values()
    assert november["carded"] == 1  # its rows, as written (wrongly, here)
    (twentieth,) = coverage(
        Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 20)), township=township
    ).values()
    assert twentieth["carded"] == 0
