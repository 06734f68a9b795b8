"""An annual plan's progress against a hand-counted first half of 2026 (issue 15).

Station A's plan for 2026, read on 30 June 2026: 1 January to 30 June is
31+28+31+30+31+30 = 181 days of 365. Each item's expected figure is
target × 181 / 365, its due figure that rounded down; the comments work each out.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from stations.models import AnnualPlan, Measure, PlanItem
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from visits import hiding
from visits.models import Concern, Deed, Meeting, Visit
from visits.plans import progress as p
from visits.plans.progress import progress_of, year_span

pytestmark = pytest.mark.django_db

M = Measure
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
JUNE_30 = datetime.date(2026, 6, 30)
AFTER_THE_YEAR = datetime.date(2027, 1, 5)


# A target for every measure counted (none in a unit): the hand count below works each out.
EVERY_MEASURE = {
    "visits": 12,
    "night_visits": 4,
    "concerns_resolved": 10,
    "deeds": 3,
    "deeds_road": 2,
    "deeds_training": 1,
    "money_raised": "50000",
    "people_helped": 100,
    "four_meetings": 8,
    "analysis_meetings": 4,
    "night_activities": 12,
}


def at(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def plan_with(station, year=2026, **targets):
    plan = AnnualPlan.objects.create(station=station, year=year)
    for measure, target in targets.items():
        PlanItem.objects.create(plan=plan, measure=measure, target=Decimal(target))
    return plan


def by_measure(plan, today):
    progress = progress_of([AnnualPlan.objects.get(pk=plan.pk)], today=today)[0]
    return {i.measure: i for i in progress.items}


@pytest.fixture
def half_year(station_a, station_b, cadre_user, staff_a):
    """Station A's work of the first half of 2026, with rows on every edge."""
    cadre = cadre_user.cadre
    for day, kind in ((10, Visit.Kind.HOME), (11, Visit.Kind.HOME), (12, Visit.Kind.FIELD)):
        f.VisitFactory(station=station_a, author=cadre, occurred_at=at(2, day), kind=kind)
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(3, 1, 21), kind=Visit.Kind.NIGHT)
    # 30 June at 23:30 Beijing time is 15:30 UTC: still 30 June, counted.
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(6, 30, 23, 30), kind="phone")
    # Not counted: a reception, 1 July at 00:10, New Year's Eve 2025, a hidden visit,
    # and station B's visit.
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(4, 1), kind="reception")
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(7, 1, 0, 10))
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(12, 31, 23, 50, year=2025))
    hidden = f.VisitFactory(station=station_a, author=cadre, occurred_at=at(5, 5))
    hiding.hide(obj=hidden, by=staff_a)
    f.VisitFactory(station=station_b, occurred_at=at(5, 5))

    # Concerns resolved: one solved on the spot in March, two done in May; one still open.
    ConcernFactory(station=station_a, state=Concern.State.ON_SPOT, raised_at=at(3, 3))
    for day in (6, 7):
        ConcernFactory(
            station=station_a,
            assigned=True,
            raised_at=at(4, 1),
            state=Concern.State.DONE,
            done_at=at(5, day),
            done_on=datetime.date(2026, 5, day),
            result="已办结",
        )
    ConcernFactory(station=station_a, assigned=True, raised_at=at(4, 2))

    # Practical deeds: a road (10,000 yuan, 40 people), a training (20,000.50 yuan, 5
    # people) and, after 30 June, a well.
    def deed(category, day, money, people):
        Deed.objects.create(
            station=station_a,
            what=str(category),
            category=category,
            done_on=day,
            money_raised=Decimal(money),
            people_helped=people,
        )

    deed(Deed.Category.ROAD, datetime.date(2026, 4, 20), "10000", 40)
    deed(Deed.Category.TRAINING, datetime.date(2026, 5, 20), "20000.50", 5)
    deed(Deed.Category.WATER, datetime.date(2026, 7, 2), "999", 9)

    # Meetings: a concern-analysis meeting, an education meeting, three night activities.
    for kind, when in (
        (Meeting.Kind.CONCERN_ANALYSIS, at(3, 30)),
        (Meeting.Kind.EDUCATION, at(4, 15)),
        (Meeting.Kind.NIGHT_STUDY, at(5, 1, 20)),
        (Meeting.Kind.NIGHT_PATROL, at(5, 8, 22)),
        (Meeting.Kind.NIGHT_TALK, at(6, 12, 20)),
    ):
        Meeting.objects.create(station=station_a, kind=kind, held_at=when, topics="议题")
    return station_a


def test_the_year_so_far_on_30_june():
    assert year_span(2026, JUNE_30) == (JUNE_30, 181, 365)
    # 2028 is a leap year: 31+29+31+30+31+30 = 182 days of 366.
    assert year_span(2028, datetime.date(2028, 6, 30)) == (datetime.date(2028, 6, 30), 182, 366)
    # Once the year is over it is counted to 31 December, all of it.
    assert year_span(2026, AFTER_THE_YEAR) == (datetime.date(2026, 12, 31), 365, 365)
    # Before it begins nothing has elapsed.
    assert year_span(2027, JUNE_30) == (JUNE_30, 0, 365)


def test_every_item_against_the_hand_count(half_year):
    plan = plan_with(half_year, **EVERY_MEASURE)
    items = by_measure(plan, JUNE_30)

    # Visits: 3 home/field in February + 1 night visit + the phone call at 23:30 on
    # 30 June = 5. Expected 12 × 181 / 365 = 5.95, due 5: on track; share 5/12.
    v = items[M.VISITS]
    assert (v.target, v.done, v.due, v.verdict) == (12, 5, 5, p.ON_TRACK)
    assert v.expected == Decimal("6.0")  # 5.95 shown to one decimal
    assert v.share == pytest.approx(5 / 12)
    # Night visits: 1. Expected 4 × 181 / 365 = 1.98, due 1: on track.
    assert (items[M.NIGHT_VISITS].done, items[M.NIGHT_VISITS].due) == (1, 1)
    assert items[M.NIGHT_VISITS].verdict == p.ON_TRACK
    # Concerns resolved: 1 on the spot + 2 done = 3. Expected 10 × 181 / 365 = 4.96,
    # due 4: behind.
    c = items[M.CONCERNS_RESOLVED]
    assert (c.done, c.expected, c.due, c.verdict) == (3, Decimal("5.0"), 4, p.BEHIND)
    # Deeds: road + training = 2 (the well is July's). Expected 3 × 181 / 365 = 1.49,
    # due 1: on track.
    assert (items[M.DEEDS].done, items[M.DEEDS].due, items[M.DEEDS].verdict) == (2, 1, p.ON_TRACK)
    # Roads: 1 of 2. Expected 2 × 181 / 365 = 0.99, due 0: on track.
    assert (items[M.DEEDS_ROAD].done, items[M.DEEDS_ROAD].due) == (1, 0)
    assert items[M.DEEDS_ROAD].verdict == p.ON_TRACK
    # Trainings: 1 of 1, the target reached before the year is out.
    assert items[M.DEEDS_TRAINING].verdict == p.DONE
    assert items[M.DEEDS_TRAINING].share == 1.0
    # Money: 10,000 + 20,000.50 = 30,000.50 yuan. Expected 50,000 × 181 / 365 =
    # 24,794.52, due 24,794: on track; share 30,000.50 / 50,000 = 0.60001.
    money = items[M.MONEY_RAISED]
    assert money.done == Decimal("30000.50")
    assert (money.expected, money.due) == (Decimal("24794.5"), Decimal("24794"))
    assert money.share == pytest.approx(0.60001)
    assert money.verdict == p.ON_TRACK
    # People helped: 40 + 5 = 45. Expected 100 × 181 / 365 = 49.59, due 49: behind.
    assert (items[M.PEOPLE_HELPED].done, items[M.PEOPLE_HELPED].due) == (45, 49)
    assert items[M.PEOPLE_HELPED].verdict == p.BEHIND
    # The four meetings: 1 education meeting. Expected 8 × 181 / 365 = 3.97, due 3: behind.
    assert (items[M.FOUR_MEETINGS].done, items[M.FOUR_MEETINGS].due) == (1, 3)
    assert items[M.FOUR_MEETINGS].verdict == p.BEHIND
    # Concern-analysis meetings: 1. Expected 4 × 181 / 365 = 1.98, due 1: on track.
    assert (items[M.ANALYSIS_MEETINGS].done, items[M.ANALYSIS_MEETINGS].verdict) == (1, p.ON_TRACK)
    # Night activities: study + patrol + talk = 3. Expected 12 × 181 / 365 = 5.95,
    # due 5: behind.
    assert (items[M.NIGHT_ACTIVITIES].done, items[M.NIGHT_ACTIVITIES].due) == (3, 5)
    assert items[M.NIGHT_ACTIVITIES].verdict == p.BEHIND


def test_four_visits_by_30_june_are_behind(half_year, staff_a):
    # Hide the phone call of 30 June: 4 visits, below the due 5.
    hiding.hide(obj=Visit.objects.get(kind="phone"), by=staff_a)
    plan = plan_with(half_year, visits=12)
    assert by_measure(plan, JUNE_30)[M.VISITS].verdict == p.BEHIND


def test_the_year_end_result(half_year):
    plan = plan_with(half_year, visits=12, deeds_training=1, deeds_water=1, money_raised="0")
    items = by_measure(plan, AFTER_THE_YEAR)
    # The whole year: the 5 visits, the one of 1 July = 6 of 12; expected = the target.
    assert (items[M.VISITS].done, items[M.VISITS].expected) == (6, Decimal("12.0"))
    assert items[M.VISITS].verdict == p.NOT_MET
    assert items[M.DEEDS_TRAINING].verdict == p.MET
    # The well of 2 July counts in the year.
    assert items[M.DEEDS_WATER].verdict == p.MET
    # A target of 0 is met by nothing, and has no share.
    assert items[M.MONEY_RAISED].verdict == p.MET
    assert items[M.MONEY_RAISED].share is None


def test_a_plan_for_a_year_not_begun_owes_nothing(half_year):
    plan = plan_with(half_year, year=2027, visits=12)
    item = by_measure(plan, JUNE_30)[M.VISITS]
    assert (item.done, item.expected, item.due, item.verdict) == (0, Decimal("0.0"), 0, p.ON_TRACK)


def test_the_items_come_in_the_order_of_the_measures(half_year):
    plan = plan_with(half_year, night_activities=1, visits=1, money_raised=1)
    progress = progress_of([plan], today=JUNE_30)[0]
    assert [i.measure for i in progress.items] == [M.VISITS, M.MONEY_RAISED, M.NIGHT_ACTIVITIES]


def test_the_queries_do_not_grow_with_the_plans(
    half_year, station_a2, station_b, django_assert_num_queries
):
    """Six queries: the plans, their items, and the four figures (visits, concerns,
    meetings, deeds), whether one plan is read or three."""
    plan_with(half_year, visits=12, money_raised=1)
    with django_assert_num_queries(6):
        progress_of(AnnualPlan.objects.prefetch_related("items"), today=JUNE_30)
    plan_with(station_a2, visits=3, four_meetings=2)
    plan_with(station_b, night_activities=4)
    with django_assert_num_queries(6):
        found = progress_of(AnnualPlan.objects.prefetch_related("items"), today=JUNE_30)
    assert {pp.plan.station_id: pp.items[0].done for pp in found} == {
        half_year.pk: 5,
        station_a2.pk: 0,
        station_b.pk: 0,
    }


def test_plans_of_two_years_are_read_each_as_of_its_own_year(half_year):
    """A county's plans of 2025 and 2026 read together on 30 June 2026: 2025's over and
    counted to 31 December 2025, 2026's to 30 June, the earlier year's first."""
    this_year = plan_with(half_year, visits=12)
    last_year = plan_with(half_year, year=2025, visits=2)
    read = {plan.pk: plan for plan in AnnualPlan.objects.prefetch_related("items")}
    found = progress_of([read[this_year.pk], read[last_year.pk]], today=JUNE_30)
    assert [(pp.plan.year, pp.as_of, pp.year_over) for pp in found] == [
        (2025, datetime.date(2025, 12, 31), True),
        (2026, JUNE_30, False),
    ]
    # 2025: the visit of New Year's Eve at 23:50, 1 of 2, the year over: not met.
    # 2026: the 5 visits of the first half (not the one of 1 July): on track, as above.
    assert [(pp.items[0].done, pp.items[0].verdict) for pp in found] == [
        (1, p.NOT_MET),
        (5, p.ON_TRACK),
    ]


def test_good_and_behind_count_the_items_as_worked_by_hand(half_year):
    """The plan page's "items on track" (and the assessment's kept plan) count the items
    on track, done or met; the others are behind. On 30 June (see the hand count above)
    seven are good and four behind."""
    plan = plan_with(half_year, **EVERY_MEASURE)
    progress = progress_of([AnnualPlan.objects.get(pk=plan.pk)], today=JUNE_30)[0]
    assert progress.good == 7
    assert [i.measure for i in progress.behind] == [
        M.CONCERNS_RESOLVED,
        M.PEOPLE_HELPED,
        M.FOUR_MEETINGS,
        M.NIGHT_ACTIVITIES,
    ]


def test_each_item_says_what_it_counts(half_year):
    """The words printed under the plan: the measure's rows, and for a target in a unit
    that the deeds' quantities in that unit are summed."""
    from stations.units import Unit
    from visits.plans.definitions import IN_UNIT, MEASURES

    plan = plan_with(half_year, visits=12)
    PlanItem.objects.create(plan=plan, measure=M.DEEDS_ROAD, target=1500, unit=Unit.METRES)
    items = by_measure(plan, JUNE_30)
    assert items[M.VISITS].counts == MEASURES[M.VISITS]
    assert items[M.DEEDS_ROAD].counts == f"{MEASURES[M.DEEDS_ROAD]} {IN_UNIT}"


@pytest.fixture
def year_edges(station_a, cadre_user):
    """Rows on the year's first and last moments, Beijing time: a visit at 00:00 on
    1 January 2026 (counted), one at 00:00 on 1 July (not counted on 30 June), a road
    of 100 m on 1 January (counted) and one of 200 m on 31 December 2025 (not)."""
    from stations.units import Unit

    cadre = cadre_user.cadre
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(1, 1, 0, 0))
    f.VisitFactory(station=station_a, author=cadre, occurred_at=at(7, 1, 0, 0))
    for day, metres in ((datetime.date(2026, 1, 1), 100), (datetime.date(2025, 12, 31), 200)):
        Deed.objects.create(
            station=station_a,
            what="通组公路硬化",
            category=Deed.Category.ROAD,
            done_on=day,
            quantity=Decimal(metres),
            unit=Unit.METRES,
        )
    plan = plan_with(station_a, visits=4)
    PlanItem.objects.create(plan=plan, measure=M.DEEDS_ROAD, target=300, unit=Unit.METRES)
    return plan


def test_the_years_first_moment_counts_and_the_day_after_the_one_asked_does_not(year_edges):
    """A plan with one item counted and one in a unit: 1 visit (1 January 00:00; 1 July
    00:00 is after 30 June) and 100 m of road (1 January; the road of New Year's Eve is
    last year's). Visits: expected 4 × 181 / 365 = 1.98, due 1: on track. Roads:
    expected 300 × 181 / 365 = 148.8, due 148: 100 m is behind."""
    items = by_measure(year_edges, JUNE_30)
    assert (items[M.VISITS].done, items[M.VISITS].verdict) == (1, p.ON_TRACK)
    road = items[M.DEEDS_ROAD]
    assert (road.done, road.due, road.verdict) == (Decimal("100.00"), 148, p.BEHIND)


def test_on_31_december_the_year_is_not_over_yet(year_edges):
    """Read on the year's last day: counted to it, but verdicts stay on track or behind
    until the day after (met or not met)."""
    last_day = datetime.date(2026, 12, 31)
    progress = progress_of([AnnualPlan.objects.get(pk=year_edges.pk)], today=last_day)[0]
    assert (progress.as_of, progress.year_over) == (last_day, False)
    # 2 visits of 4 (1 January, 1 July): expected 4, due 4: behind, not "not met".
    visits = {i.measure: i for i in progress.items}[M.VISITS]
    assert (visits.done, visits.due, visits.verdict) == (2, 4, p.BEHIND)


def test_a_station_without_any_record_has_done_nothing_of_any_item(half_year, station_a2):
    """Station A2 has no visit, concern, meeting or deed: every item is 0 done (not the
    other station's, not a default of 1); a target in yuan keeps its cents."""
    plan = plan_with(
        station_a2,
        visits=1,
        night_visits=1,
        concerns_resolved=1,
        deeds_road=1,
        analysis_meetings=1,
        four_meetings=1,
        money_raised="100.50",
    )
    items = by_measure(plan, JUNE_30)
    assert {m: i.done for m, i in items.items()} == dict.fromkeys(items, 0)
    assert items[M.MONEY_RAISED].target == Decimal("100.50")
    assert str(items[M.MONEY_RAISED].target) == "100.50"
