"""Concern figures at the edges of a period and of a place (issue 21): what was done,
mediated or judged a minute outside the month is not counted, what happened on its
last day (Asia/Shanghai) is; and every place asked for narrows, grouped or not."""

import datetime
import zoneinfo

import pytest

from tests import factories as f
from tests.concern_helpers import ConcernFactory
from villages.models import County
from visits.concerns.figures import concern_figures, concern_figures_by, reminders_sent
from visits.models import Concern, ConcernEvent

pytestmark = pytest.mark.django_db

S = Concern.State
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOVEMBER = {"start": datetime.date(2026, 11, 1), "end": datetime.date(2026, 11, 30)}
TODAY = datetime.date(2026, 12, 5)

# A minute either side of each end of November, Beijing time (UTC+8: the last
# moment of November is still 30 November 15:59 in UTC, its first 31 October 16:00).
EDGES = {
    "before": datetime.datetime(2026, 10, 31, 23, 59, tzinfo=SHANGHAI),
    "first": datetime.datetime(2026, 11, 1, 0, 0, tzinfo=SHANGHAI),
    "last": datetime.datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI),
    "after": datetime.datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI),
}
RAISED = datetime.datetime(2026, 10, 20, 9, tzinfo=SHANGHAI)


def _done(moment):
    return {
        "state": S.DONE,
        "done_at": moment,
        "done_on": moment.date(),
    }


def _mediated(moment):
    return {
        "state": S.STATION,
        "category": "dispute_land",
        "mediation": Concern.Mediation.SUCCEEDED,
        "mediation_at": moment,
    }


def _escalated(moment):
    return {"state": S.ESCALATED, "escalated_at": moment}


def _judged(moment):
    return {
        "state": S.CLOSED,
        "done_at": RAISED,
        "done_on": RAISED.date(),
        "verdict": "satisfied",
        "verdict_at": moment,
        "closed_at": moment,
    }


@pytest.mark.parametrize(
    ("fields", "figures"),
    [
        (_done, ("done", "done_on_time")),
        (_judged, ("verdicts", "satisfied")),
        (_escalated, ("escalated",)),
    ],
    ids=["done", "judged", "escalated"],
)
def test_a_minute_outside_the_month_is_not_counted_its_last_minute_is(station_a, fields, figures):
    for key, moment in EDGES.items():
        ConcernFactory(station=station_a, raised_at=RAISED, description=key, **fields(moment))

    counted = concern_figures(station=station_a, today=TODAY, **NOVEMBER)
    assert {name: counted[name] for name in figures} == dict.fromkeys(figures, 2)

    last_day = {"start": NOVEMBER["end"], "end": NOVEMBER["end"]}
    assert concern_figures(station=station_a, today=TODAY, **last_day)[figures[0]] == 1
    december = {"start": datetime.date(2026, 12, 1), "end": datetime.date(2026, 12, 31)}
    assert concern_figures(station=station_a, today=TODAY, **december)[figures[0]] == 1


@pytest.fixture
def two_counties(station_a, station_a2, station_b, cadre_user, chief_user):
    """Concerns raised in November at stations A, A2 (township A), B (township B), and
    at a station of another county; some raised by our cadre, some by the chief."""
    elsewhere = f.StationFactory(
        village=f.VillageFactory(
            township=f.TownshipFactory(county=f.CountyFactory(name="邵阳县"), name="塘渡口镇")
        )
    )
    raised = datetime.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)
    rows = [
        (station_a, cadre_user),
        (station_a, cadre_user),
        (station_a, chief_user),
        (station_a2, None),
        (station_b, None),
        (elsewhere, None),
        (elsewhere, None),
    ]
    for station, user in rows:
        ConcernFactory(station=station, raised_at=raised, raised_by=user.cadre if user else None)
    return elsewhere


def test_a_superusers_figures_for_one_county_count_that_county_only(
    two_counties, superuser, county
):
    period = {"today": TODAY, **NOVEMBER}
    assert concern_figures(user=superuser, **period)["raised"] == 7
    assert concern_figures(user=superuser, county=county, **period)["raised"] == 5
    other = two_counties.village.township.county
    assert concern_figures(user=superuser, county=other, **period)["raised"] == 2
    by_township = concern_figures_by("township", user=superuser, county=other, **period)
    assert {k: v["raised"] for k, v in by_township.items()} == {two_counties.village.township_id: 2}


def test_grouped_figures_for_one_station_have_that_stations_row_only(
    two_counties, station_a, station_a2, township_a
):
    period = {"today": TODAY, **NOVEMBER}
    by_station = concern_figures_by("station", township=township_a, **period)
    assert {k: v["raised"] for k, v in by_station.items()} == {station_a.pk: 3, station_a2.pk: 1}
    one = concern_figures_by("station", station=station_a2, **period)
    assert {k: v["raised"] for k, v in one.items()} == {station_a2.pk: 1}


def test_grouped_figures_for_one_cadre_count_what_that_cadre_raised(
    two_counties, station_a, cadre_user, chief_user
):
    period = {"today": TODAY, **NOVEMBER}
    mine = concern_figures_by("station", cadre=cadre_user.cadre, **period)
    assert {k: v["raised"] for k, v in mine.items()} == {station_a.pk: 2}
    by_raiser = concern_figures_by("raised_by", station=station_a, **period)
    assert {k: v["raised"] for k, v in by_raiser.items()} == {
        cadre_user.cadre.pk: 2,
        chief_user.cadre.pk: 1,
    }


def test_disputes_found_a_minute_outside_the_month_are_not_counted_its_last_minute_is(
    station_a,
):
    """调处率's two terms: disputes found (raised) in the month, and of those the ones
    mediated by its end. A dispute found on the 30th and mediated at 00:00 on
    1 December is found in November but not mediated in it."""
    for key, moment in EDGES.items():
        ConcernFactory(station=station_a, raised_at=moment, description=key, **_mediated(moment))
    late = {**_mediated(EDGES["after"])}
    ConcernFactory(station=station_a, raised_at=EDGES["last"], description="late", **late)

    counted = concern_figures(station=station_a, today=TODAY, **NOVEMBER)
    # first, last and late were found in November; first and last were mediated in it.
    assert (counted["disputes"], counted["disputes_mediated"]) == (3, 2)
    last_day = {"start": NOVEMBER["end"], "end": NOVEMBER["end"]}
    assert concern_figures(station=station_a, today=TODAY, **last_day)["disputes"] == 2
    december = {"start": datetime.date(2026, 12, 1), "end": datetime.date(2026, 12, 31)}
    assert concern_figures(station=station_a, today=TODAY, **december)["disputes"] == 1


def test_only_disputes_count_as_mediated_and_only_given_verdicts_as_verdicts(station_a):
    """Rows as an old import may have left them: a mediation outcome on a request for
    help, a mediation time or a verdict time without an outcome. None is counted."""
    moment = EDGES["first"]
    ConcernFactory(station=station_a, raised_at=moment, **_mediated(moment), description="纠纷")
    ConcernFactory(
        station=station_a,
        raised_at=moment,
        **{**_mediated(moment), "category": Concern.Category.HELP_SUBSISTENCE},
    )
    ConcernFactory(station=station_a, raised_at=moment, **{**_judged(moment), "verdict": ""})
    ConcernFactory(station=station_a, raised_at=moment, **{**_mediated(moment), "mediation": ""})
    counted = concern_figures(station=station_a, today=TODAY, **NOVEMBER)
    # Two disputes found (the mediated one and the one without an outcome), one mediated.
    assert (counted["disputes"], counted["disputes_mediated"], counted["verdicts"]) == (2, 1, 0)


def test_due_and_done_on_the_months_last_day_counts_closed_at_midnight_does_not(station_a):
    """Of the concerns due in November (assigned, deadline the 30th): one done on the
    30th counts as closed in time for 办结率, one closed as explained at 00:00 on
    1 December does not."""
    raised = datetime.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI)
    deadline = {"deadline": datetime.date(2026, 11, 30)}
    ConcernFactory(
        station=station_a, raised_at=raised, assigned=True, **deadline, **_done(EDGES["last"])
    )
    ConcernFactory(
        station=station_a,
        raised_at=raised,
        assigned=True,
        **deadline,
        state=S.EXPLAINED,
        closed_at=EDGES["after"],
    )
    counted = concern_figures(station=station_a, today=TODAY, **NOVEMBER)
    assert (counted["due"], counted["due_closed"]) == (2, 1)


def test_due_counts_a_deadline_on_the_first_day_and_only_what_was_assigned_by_the_day_asked(
    station_a,
):
    """Due in November: assigned by the day asked with a deadline from 1 to 30 November.
    A deadline on the 1st is due; on 31 October it is not. A concern assigned at 00:00
    on 1 December (a row as an import may leave it: its deadline kept from before) is
    not due on November's figures asked on 5 December."""
    raised = datetime.datetime(2026, 10, 20, 9, tzinfo=SHANGHAI)
    for deadline in (datetime.date(2026, 11, 1), datetime.date(2026, 10, 31)):
        ConcernFactory(station=station_a, raised_at=raised, assigned=True, deadline=deadline)
    ConcernFactory(
        station=station_a,
        raised_at=raised,
        assigned=True,
        assigned_at=EDGES["after"],
        deadline=datetime.date(2026, 11, 20),
    )
    assert concern_figures(station=station_a, today=TODAY, **NOVEMBER)["due"] == 1


def _reminded(concern, at, move="remind"):
    ConcernEvent.objects.create(
        concern=concern,
        at=at,
        move=move,
        from_state=concern.state,
        to_state=concern.state,
        version=concern.events.count() + 1,
    )


def test_reminders_sent_count_the_places_reminders_of_the_period_only(
    two_counties, station_a, station_a2, county
):
    """催办次数 in November: reminders (not other moves) from its first minute to its
    last, of the place asked: the county, the township or the station."""
    a, a2 = (Concern.objects.filter(station=s).first() for s in (station_a, station_a2))
    other = Concern.objects.filter(station=two_counties).first()
    for moment in EDGES.values():
        _reminded(a, moment)
    _reminded(a, EDGES["first"], move="assign")
    _reminded(a2, EDGES["last"])
    _reminded(other, EDGES["last"])
    period = {"start": NOVEMBER["start"], "end": NOVEMBER["end"]}
    assert reminders_sent(**period) == 4
    assert reminders_sent(county=county, **period) == 3
    assert reminders_sent(township=station_a.village.township, **period) == 3
    assert reminders_sent(station=station_a, **period) == 2
    assert reminders_sent(station=station_a2, **period) == 1


def test_grouped_figures_of_one_city_hold_its_counties_only(two_counties, county):
    """The city's figures per county (its supervision page) leave another city's out."""
    city, other_city = f.PrefectureFactory(name="邵阳市"), f.PrefectureFactory(name="娄底市")
    County.objects.filter(pk=county.pk).update(prefecture=city)
    elsewhere = two_counties.village.township.county
    County.objects.filter(pk=elsewhere.pk).update(prefecture=other_city)
    period = {"today": TODAY, **NOVEMBER}
    by_county = concern_figures_by("county", prefecture=city, **period)
    assert {k: v["raised"] for k, v in by_county.items()} == {county.pk: 5}
