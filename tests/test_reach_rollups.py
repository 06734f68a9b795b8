"""Households reached, rolled up (``ReachMonth``): one row per household a county's
stations reached in a local month, kept as visits are written (logged, corrected to
another month, household or county, hidden, restored), rebuilt and checked with the
visit rollups, and read for whole months of counties and cities only; a login that
sees less than whole counties (a township's staff) is counted from the visits."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Office, User
from tests import factories as f
from tests.concern_helpers import OfficeFactory
from tests.concurrency import second_waits
from tests.supervision_helpers import SHANGHAI
from tests.test_rollups import back_to_the_latest_schema, migrate  # noqa: F401
from visits import hiding, rollups, services
from visits.models import ReachMonth, Visit
from visits.supervision import contacts, read_once
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def at(month, day, hour=9, minute=0):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def reached():
    """``{(month, county id, household id): n}`` of the rows."""
    return {(r.month, r.county_id, r.household_id): r.n for r in ReachMonth.objects.all()}


def _log(cadre_user, station, household, when):
    visit, created = services.log_visit(
        author=cadre_user.cadre,
        station=station,
        token=uuid.uuid4(),
        fields={"occurred_at": when, "kind": Visit.Kind.HOME, "household": household},
    )
    assert created
    return visit


@pytest.fixture
def other_county_station(county):
    """A station of a second county of the same city."""
    city = f.PrefectureFactory(name="邵阳市")
    type(county).objects.filter(pk=county.pk).update(prefecture=city)
    county.refresh_from_db()
    other = f.CountyFactory(name="邵东市", prefecture=city)
    return f.StationFactory(
        village=f.VillageFactory(township=f.TownshipFactory(county=other), name="廉桥村")
    )


def test_each_write_moves_the_household_between_rows(
    cadre_user, staff_a, station_a, county, other_county_station
):
    here, there = county.pk, other_county_station.village.township.county_id
    first, second = (f.HouseholdFactory(village=station_a.village) for _ in range(2))
    visit = _log(cadre_user, station_a, first, at(11, 30, 23, 30))  # November's, in Shanghai
    _log(cadre_user, station_a, first, at(11, 3))
    _log(cadre_user, station_a, None, at(11, 4))  # no household: reaches nobody
    assert reached() == {(NOVEMBER, here, first.pk): 2}

    # To 31 October: one of November's two, and a row for October.
    services.edit_visit(visit=visit, fields={"occurred_at": at(10, 31, 23, 59)})
    assert reached() == {(NOVEMBER, here, first.pk): 1, (OCTOBER, here, first.pk): 1}
    # To the second household: October's row of the first falls to 0 and goes.
    services.edit_visit(visit=visit, fields={"household": second})
    assert reached() == {(NOVEMBER, here, first.pk): 1, (OCTOBER, here, second.pk): 1}
    # A change that moves nothing leaves the rows as they are, in no statement on them.
    with CaptureQueriesContext(connection) as queries:
        services.edit_visit(visit=visit, fields={"seen": "不在家"})
    assert not [q for q in queries if "visits_reachmonth" in q["sql"]]
    # Logged at a station of another county, it counts in that county.
    visit.refresh_from_db()
    visit.station = other_county_station
    visit.save()
    assert reached() == {(NOVEMBER, here, first.pk): 1, (OCTOBER, there, second.pk): 1}

    # Hidden, it reaches nobody; restored, where it was.
    hiding.hide(obj=Visit.objects.get(pk=visit.pk), by=staff_a)
    assert reached() == {(NOVEMBER, here, first.pk): 1}
    hiding.restore(obj=Visit.all_objects.get(pk=visit.pk), by=staff_a)
    assert reached() == {(NOVEMBER, here, first.pk): 1, (OCTOBER, there, second.pk): 1}
    # A household reached from both counties in October: hiding one county's visit
    # takes that county's row alone.
    _log(cadre_user, station_a, second, at(10, 5))
    assert reached()[(OCTOBER, here, second.pk)] == 1
    hiding.hide(obj=Visit.objects.get(pk=visit.pk), by=staff_a)
    assert reached() == {(NOVEMBER, here, first.pk): 1, (OCTOBER, here, second.pk): 1}
    assert rollups.reach_differences() == []


def test_a_rebuild_writes_the_rows_again_and_the_check_names_each_that_differs(
    cadre_user, station_a, county
):
    household = f.HouseholdFactory(village=station_a.village)
    visit = _log(cadre_user, station_a, household, at(11, 10))
    Visit.objects.filter(pk=visit.pk).update(occurred_at=at(10, 10))  # around the hooks
    assert rollups.reach_differences() == [
        ((OCTOBER, county.pk, household.pk), 0, 1),
        ((NOVEMBER, county.pk, household.pk), 1, 0),
    ]
    assert rollups.reach_differences((NOVEMBER, NOVEMBER)) == [
        ((NOVEMBER, county.pk, household.pk), 1, 0)
    ]
    neighbour = f.HouseholdFactory(village=station_a.village)
    _log(cadre_user, station_a, neighbour, at(10, 20))  # October's, kept as it is
    at_midnight = f.HouseholdFactory(village=station_a.village)
    first_moment = _log(cadre_user, station_a, at_midnight, at(11, 5))
    Visit.objects.filter(pk=first_moment.pk).update(occurred_at=at(11, 1, 0, 0))
    ReachMonth.objects.filter(household=at_midnight).delete()  # as if written around them
    # November alone: its first moment counts, October's rows stay, the one missing
    # from October (the visit moved around the hooks) is still missing.
    rollups.rebuild((NOVEMBER, NOVEMBER))
    assert reached() == {
        (OCTOBER, county.pk, neighbour.pk): 1,
        (NOVEMBER, county.pk, at_midnight.pk): 1,
    }
    rollups.rebuild()
    assert reached() == {
        (OCTOBER, county.pk, household.pk): 1,
        (OCTOBER, county.pk, neighbour.pk): 1,
        (NOVEMBER, county.pk, at_midnight.pk): 1,
    }
    assert rollups.reach_differences() == []


@pytest.fixture
def november_work(station_a, station_b, other_county_station):
    """Township A reached 甲 twice and 乙 once; township B reached 丙; the other county
    reached 甲 (a household reached from two counties) and 丁; a hidden visit
    reached 戊; and in October, 己."""
    jia, yi = (f.HouseholdFactory(village=station_a.village) for _ in range(2))
    bing = f.HouseholdFactory(village=station_b.village)
    ding, wu, ji = (f.HouseholdFactory(village=other_county_station.village) for _ in range(3))
    for station, household, when in (
        (station_a, jia, at(11, 1, 0, 0)),
        (station_a, jia, at(11, 20)),
        (station_a, yi, at(11, 30, 23, 59)),
        (station_b, bing, at(11, 2)),
        (other_county_station, jia, at(11, 3)),
        (other_county_station, ding, at(11, 4)),
        (other_county_station, ji, at(10, 31, 23, 59)),
    ):
        f.VisitFactory(station=station, household=household, occurred_at=when)
    hidden = f.VisitFactory(station=other_county_station, household=wu, occurred_at=at(11, 5))
    Visit.all_objects.filter(pk=hidden.pk).update(hidden_at=at(11, 6))
    rollups.rebuild()


def test_a_city_s_households_reached_are_counted_once_each_from_the_rows(
    november_work, county, other_county_station
):
    city, other = county.prefecture, other_county_station.village.township.county_id
    november = Period.month(2026, 11)
    per_county = contacts.visit_counts(period=november, by="county", prefecture=city)
    with CaptureQueriesContext(connection) as queries:
        total = contacts.households_reached(period=november, prefecture=city)
    assert {k: v["households_reached"] for k, v in per_county.items()} == {county.pk: 3, other: 2}
    assert total == 4  # 甲 once, though both counties reached it
    assert "visits_reachmonth" in queries[0]["sql"]
    autumn = Period(OCTOBER, datetime.date(2026, 11, 30))
    assert contacts.households_reached(period=autumn, prefecture=city) == 5  # and 己
    by_county = contacts.visit_counts(period=autumn, by="county", prefecture=city)
    assert by_county[other]["households_reached"] == 3  # 甲, 丁 and 己
    # A month cut short is counted from the visits, the same way: 甲, 丙 and 丁.
    part = Period(NOVEMBER, datetime.date(2026, 11, 19))
    with CaptureQueriesContext(connection) as queries:
        assert contacts.households_reached(period=part, prefecture=city) == 3
    assert "visits_reachmonth" not in queries[0]["sql"]


def test_a_township_s_staff_are_counted_from_the_visits_they_see(
    november_work, county, staff_a, supervisor
):
    november = Period.month(2026, 11)
    # Township A's staff see township A's visits: 甲 and 乙, never the county's four.
    assert contacts.households_reached(period=november, county=county, user=staff_a) == 2
    figures = contacts.visit_counts(period=november, county=county, user=staff_a)
    assert figures[None]["households_reached"] == 2
    assert not ReachMonth.objects.visible_to(staff_a).exists()
    assert contacts.households_reached(period=november, county=county, user=supervisor) == 3
    desk = OfficeFactory(township=staff_a.township, name="民政办", kind=Office.Kind.CIVIL_AFFAIRS)
    office = f.UserFactory(username="office", role=User.Role.OFFICE, office=desk)
    assert not ReachMonth.objects.visible_to(office).exists()


@pytest.mark.django_db(transaction=True)
def test_migrating_counts_the_households_already_reached(
    station_a,
    staff_a,
    back_to_the_latest_schema,  # noqa: F811
):
    household = f.HouseholdFactory(village=station_a.village)
    f.VisitFactory(station=station_a, household=household, occurred_at=at(10, 31, 23, 59))
    f.VisitFactory(station=station_a, household=household, occurred_at=at(11, 1, 0, 0))
    f.VisitFactory(station=station_a, household=household, occurred_at=at(11, 2))
    hidden = f.VisitFactory(station=station_a, household=household, occurred_at=at(12, 2))
    hiding.hide(obj=hidden, by=staff_a)
    migrate(("visits", "0016_card_month_counted_on"))  # before the rows were kept
    migrate(("visits", "0017_households_reached_rollups"))
    county = station_a.village.township.county_id
    assert reached() == {(OCTOBER, county, household.pk): 1, (NOVEMBER, county, household.pk): 2}
    assert rollups.reach_differences() == []


@pytest.mark.django_db(transaction=True)
def test_two_visits_to_one_household_logged_at_once_are_both_counted(station_a, station_a2):
    """PostgreSQL: the second visit's row waits for the first's transaction, then adds
    to the row it wrote (two stations of one county, the same household)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so writes cannot race there")
    household = f.HouseholdFactory(village=station_a.village)

    def log(station):
        return lambda: f.VisitFactory(station=station, household=household, occurred_at=at(11, 3))

    failures = second_waits(log(station_a), log(station_a2))
    assert failures == []
    county = station_a.village.township.county_id
    assert reached() == {(NOVEMBER, county, household.pk): 2}
    assert rollups.reach_differences() == []


def test_which_rows_answer_whole_counties_months_and_everything_else(
    november_work, county, supervisor, other_county_station
):
    """The rows answer a county's or a city's whole months, per county or in all, for
    whoever sees whole counties; a county's single month is a count of rows, a longer
    period a distinct count; ``raw`` and anything else read the visits."""
    city = county.prefecture
    city_user = f.UserFactory(username="city", role=User.Role.PREFECTURE, prefecture=city)
    november, autumn = Period.month(2026, 11), Period(OCTOBER, datetime.date(2026, 11, 30))

    def reads(function, **asked):
        """The statements on the rows that ``function(**asked)`` ran."""
        with CaptureQueriesContext(connection) as queries:
            function(**asked)
        return [q["sql"] for q in queries if "visits_reachmonth" in q["sql"]]

    counts, reached = contacts.visit_counts, contacts.households_reached
    for place in ({"prefecture": city, "user": city_user}, {"county": county, "user": supervisor}):
        (one_month,) = reads(counts, period=november, by="county", **place)
        assert "COUNT(DISTINCT" not in one_month
        (longer,) = reads(counts, period=autumn, by="county", **place)
        assert "COUNT(DISTINCT" in longer
        assert reads(counts, period=november, **place)
        assert reads(reached, period=november, **place)
        assert not reads(counts, period=november, by="county", raw=True, **place)
        assert not reads(reached, period=november, raw=True, **place)
    assert not reads(counts, period=november, by="township", county=county)


def test_days_in_a_village_at_a_list_of_stations_are_counted_as_asked(station_a, station_a2):
    from cadres.models import Cadre

    zhou = f.CadreFactory(township=station_a.village.township, name="周平")
    f.AssignmentFactory(cadre=zhou, station=station_a)
    f.VisitFactory(station=station_a, author=zhou, occurred_at=at(11, 2))
    f.VisitFactory(station=station_a2, author=zhou, occurred_at=at(11, 3))
    november, only = Period.month(2026, 11), Cadre.objects.filter(pk=zhou.pk)
    with read_once.read_once():
        assert contacts.village_days(period=november, cadres=only) == {zhou.pk: 2}
        assert contacts.village_days(period=november, cadres=only, station=station_a.pk) == {
            zhou.pk: 1
        }
        both = [station_a.pk, station_a2.pk]
        assert contacts.village_days(period=november, cadres=only, station=both) == {zhou.pk: 2}
