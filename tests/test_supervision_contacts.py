"""Visits and contacts at the edges of a period: a visit at the first and the last
moment of a month (Asia/Shanghai), pairings that began on the last day measured or
ended on the first, contacts made as a companion, a period measured up to a day
inside it, a year's quota met exactly, farmer friends on the day measured, and the
visits of each month. Every figure is worked out by hand beside it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Cadre
from tests import factories as f
from tests.supervision_helpers import SHANGHAI
from villages.models import Standard
from visits.models import Visit
from visits.supervision import activity, contacts
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
AFTER = datetime.date(2026, 12, 15)  # November is over
LONG_AGO = datetime.date(2025, 1, 1)
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(month, day, hour=0, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def day(month, n, year=2026):
    return datetime.date(year, month, n)


def test_a_visit_at_midnight_belongs_to_the_month_it_begins(station_a, station_a2):
    f.VisitFactory(station=station_a, occurred_at=at(11, 1))  # November's first moment
    f.VisitFactory(station=station_a, occurred_at=at(12, 1))  # December's first moment
    f.VisitFactory(station=station_a, occurred_at=at(12, 1), kind=Visit.Kind.RECEPTION)
    f.VisitFactory(station=station_a2, occurred_at=at(11, 15))  # another station's
    (november,) = contacts.visit_counts(period=NOVEMBER, station=station_a).values()
    assert (november["visits"], november["receptions"], november["logged"]) == (1, 0, 1)
    assert november["households_reached"] == 1
    (december,) = contacts.visit_counts(period=Period.month(2026, 12), station=station_a).values()
    assert (december["visits"], december["receptions"], december["logged"]) == (1, 1, 2)
    assert december["by_kind"]["home"] == 1


def test_households_reached_in_a_place_are_counted_once_from_the_first_moment_to_the_last(
    station_a, station_a2
):
    one, two, three, four, elsewhere = (
        f.HouseholdFactory(village=station_a.village) for _ in range(5)
    )
    f.VisitFactory(station=station_a, household=one, occurred_at=at(11, 1))  # first moment
    f.VisitFactory(station=station_a, household=two, occurred_at=at(11, 30, 23, 59))  # last
    for when in (at(11, 10), at(11, 20)):
        f.VisitFactory(station=station_a, household=four, occurred_at=when)  # twice: once
    f.VisitFactory(station=station_a, household=three, occurred_at=at(12, 1))  # December's
    f.VisitFactory(station=station_a, household=three, occurred_at=at(10, 31, 23, 59))  # October
    f.VisitFactory(station=station_a, household=None, occurred_at=at(11, 5))  # none reached
    f.VisitFactory(station=station_a2, household=elsewhere, occurred_at=at(11, 5))  # not here
    assert contacts.households_reached(period=NOVEMBER, station=station_a) == 3
    assert contacts.households_reached(period=NOVEMBER, station=station_a2) == 1


def _paired(**kwargs):
    (figures,) = contacts.paired_contacts(**kwargs).values()
    return figures


@pytest.fixture
def member(station_a):
    cadre = f.CadreFactory(township=station_a.village.township, name="周平")
    f.AssignmentFactory(cadre=cadre, station=station_a)
    return cadre


def _pair(cadre, start=LONG_AGO, end=None):
    household = f.HouseholdFactory(village=cadre.assignments.get().station.village)
    f.PairingFactory(cadre=cadre, household=household, start_date=start, end_date=end)
    return household


def _visit(author, household, when, companions=(), kind=Visit.Kind.HOME):
    station = author.assignments.get().station
    visit = f.VisitFactory(
        station=station, author=author, household=household, occurred_at=when, kind=kind
    )
    visit.companions.set(companions)
    return visit


def test_pairings_that_began_on_the_last_day_or_ended_on_the_first_each_owe_one_day(member):
    last = _pair(member, start=day(11, 30))
    first = _pair(member, start=day(1, 1), end=day(11, 1))
    _pair(member, end=day(10, 31))  # over before November
    _pair(member, start=day(12, 1))  # not begun in November
    _visit(member, first, at(11, 1))  # November's first moment: a contact
    _visit(member, last, at(12, 1))  # December's first moment: not November's
    figures = _paired(period=NOVEMBER, quota=3, today=AFTER, cadre=member)
    assert (figures["paired"], figures["paired_contacted"], figures["paired_contacts"]) == (2, 1, 1)
    assert figures["paired_contacts_expected"] == pytest.approx(3 * 2 / 365)


def test_a_contact_made_as_a_companion_counts_and_one_without_the_cadre_does_not(member, station_a):
    colleague = f.CadreFactory(township=station_a.village.township, name="吴刚")
    f.AssignmentFactory(cadre=colleague, station=station_a)
    stranger = f.CadreFactory(township=station_a.village.township, name="郑强")
    along = _pair(member)
    without = _pair(member)
    _visit(colleague, along, at(11, 5, 9), companions=[member])
    _visit(colleague, without, at(11, 6, 9), companions=[stranger])
    figures = _paired(period=NOVEMBER, quota=3, today=AFTER, cadre=member)
    assert (figures["paired"], figures["paired_contacted"], figures["paired_contacts"]) == (2, 1, 1)


def test_a_period_not_over_counts_contacts_up_to_the_end_of_today(member):
    today_s = _pair(member)
    tomorrow_s = _pair(member)
    _visit(member, today_s, at(11, 15, 23, 59))
    _visit(member, tomorrow_s, at(11, 16))  # after the day measured
    figures = _paired(period=NOVEMBER, quota=3, today=day(11, 15), cadre=member)
    assert (figures["paired"], figures["paired_contacted"], figures["paired_contacts"]) == (2, 1, 1)
    assert figures["paired_contacts_expected"] == pytest.approx(3 * 2 * 15 / 365)


def test_a_period_measured_from_its_first_day_owes_that_day_and_one_not_begun_owes_nothing(
    member,
):
    _pair(member)
    figures = _paired(period=NOVEMBER, quota=3, today=day(11, 1), cadre=member)
    assert figures["paired"] == 1
    assert figures["paired_contacts_expected"] == pytest.approx(3 / 365)
    assert contacts.paired_contacts(period=NOVEMBER, quota=3, today=day(10, 31), cadre=member) == {}


def test_a_whole_year_counts_exactly_the_quota_of_each_pairing(member):
    household = _pair(member)
    for month in (2, 5, 8, 11):
        _visit(member, household, at(month, 3, 10))
    figures = _paired(period=YEAR, quota=3, today=day(1, 10, 2027), cadre=member)
    # Four contacts, of which the year's quota of three count.
    assert (figures["paired_contacts"], figures["paired_contacts_due"]) == (3, 3)


def test_a_place_without_pairings_has_nothing_owed_or_counted(station_a2):
    figures = _paired(period=NOVEMBER, quota=3, today=AFTER, station=station_a2)
    assert (figures["paired"], figures["paired_contacted"], figures["paired_contacts"]) == (0, 0, 0)
    assert figures["paired_contacts_expected"] == 0


def test_no_members_asked_have_no_pairings_owed_or_counted(member):
    """A list of no members (a station whose members all left): per member there is no
    row, and in total nothing is owed or counted."""
    _visit(member, _pair(member), at(11, 3, 10))
    asked = {"period": NOVEMBER, "quota": 3, "today": day(12, 5), "cadre": []}
    assert contacts.paired_contacts(by="cadre", **asked) == {}
    total = contacts.paired_contacts(**asked)[None]
    assert (total["paired"], total["paired_contacts"], total["paired_contacts_due"]) == (0, 0, 0)


def test_farmer_friends_are_counted_on_the_day_measured(member):
    f.FarmerFriendFactory(cadre=member, since=day(11, 10))
    f.FarmerFriendFactory(cadre=member, since=day(11, 20))  # after the day measured
    assert contacts.farmer_friends(period=NOVEMBER, today=day(11, 15), cadre=member) == {
        member.pk: 1
    }
    assert contacts.farmer_friends(period=NOVEMBER, today=AFTER, cadre=member) == {member.pk: 2}


def test_visits_per_month_run_from_the_first_moment_of_the_first_month_to_the_end(
    station_a, station_b, staff_a
):
    f.VisitFactory(station=station_a, occurred_at=at(9, 30, 23, 59))  # before the months
    f.VisitFactory(station=station_a, occurred_at=at(10, 1))
    f.VisitFactory(station=station_a, occurred_at=at(10, 1), kind=Visit.Kind.RECEPTION)
    f.VisitFactory(station=station_a, occurred_at=at(11, 30, 23, 59))
    f.VisitFactory(station=station_a, occurred_at=at(12, 1))  # after the end
    f.VisitFactory(station=station_b, occurred_at=at(11, 2, 10))  # township B's
    months = contacts.visits_per_month(end=day(11, 30), months=2, user=staff_a)
    assert months == [(day(10, 1), 1), (day(11, 1), 1)]
    year = contacts.visits_per_month(end=day(11, 30))
    assert len(year) == 12 and year[0] == (day(12, 1, 2025), 0)
    assert dict(year)[day(11, 1)] == 2


def test_days_in_a_village_are_local_dates_written_or_accompanied_each_counted_once(
    member, station_a, station_a2
):
    colleague = f.CadreFactory(township=station_a.village.township, name="吴刚")
    f.AssignmentFactory(cadre=colleague, station=station_a)
    _visit(member, None, at(11, 1))  # November's first moment
    _visit(member, None, at(12, 1))  # December's first moment
    _visit(member, None, at(11, 2, 23, 30))  # 15:30 UTC on the 2nd
    _visit(member, None, at(11, 3, 0, 30))  # 16:30 UTC on the 2nd, the 3rd in Beijing
    _visit(colleague, None, at(11, 3, 9), companions=[member])  # the 3rd again
    _visit(colleague, None, at(11, 4, 9), companions=[member])
    _visit(colleague, None, at(11, 5, 9), companions=[member], kind=Visit.Kind.PHONE)
    elsewhere = f.VisitFactory(station=station_a2, author=colleague, occurred_at=at(11, 6, 9))
    elsewhere.companions.set([member])
    only_member = Cadre.objects.filter(pk=member.pk)
    # 1, 2, 3, 4 and 6 November; not the phone call on the 5th, nor 1 December.
    assert contacts.village_days(period=NOVEMBER, cadres=only_member) == {member.pk: 5}
    assert contacts.village_days(period=NOVEMBER, cadres=only_member, station=station_a) == {
        member.pk: 4
    }
    both = Cadre.objects.filter(pk__in=[member.pk, colleague.pk])
    assert contacts.village_days(period=NOVEMBER, cadres=both) == {
        member.pk: 5,
        colleague.pk: 3,  # the 3rd, 4th and 6th; the 5th was a phone call
    }
    assert contacts.village_days(period=NOVEMBER, cadres=Cadre.objects.none()) == {}


def test_households_reached_are_counted_per_station_when_grouped(station_a, station_a2):
    twice = f.HouseholdFactory(village=station_a.village)
    for when in (at(11, 3, 9), at(11, 4, 9)):
        f.VisitFactory(station=station_a, household=twice, occurred_at=when)
    f.VisitFactory(station=station_a, household=None, occurred_at=at(11, 5, 9))
    f.VisitFactory(station=station_a2, occurred_at=at(11, 6, 9))
    f.VisitFactory(
        station=station_a2, household=None, occurred_at=at(11, 7, 9), kind=Visit.Kind.RECEPTION
    )
    rows = contacts.visit_counts(
        period=NOVEMBER, by="station", station=[station_a.pk, station_a2.pk]
    )
    assert {
        k: (r["visits"], r["receptions"], r["households_reached"]) for k, r in rows.items()
    } == {
        station_a.pk: (3, 0, 1),
        station_a2.pk: (1, 1, 1),
    }


def test_a_station_without_visits_reached_no_household(station_a, station_a2):
    f.VisitFactory(station=station_a, occurred_at=at(11, 3, 9))
    rows = activity.activity_by(
        "station",
        period=NOVEMBER,
        standard=Standard(),
        keys=[station_a.pk, station_a2.pk],
        today=AFTER,
    )
    assert [
        (rows[s.pk]["logged"], rows[s.pk]["households_reached"]) for s in (station_a, station_a2)
    ] == [
        (1, 1),
        (0, 0),
    ]
    quiet = activity.activity(period=NOVEMBER, standard=Standard(), station=station_a2, today=AFTER)
    assert (quiet["logged"], quiet["households_reached"]) == (0, 0)


def test_a_pairing_ending_after_the_day_measured_owes_only_up_to_that_day(member):
    _pair(member, end=day(12, 10))
    figures = _paired(period=NOVEMBER, quota=3, today=AFTER, cadre=member)
    assert figures["paired_contacts_expected"] == pytest.approx(3 * 30 / 365)
    midway = _paired(period=NOVEMBER, quota=3, today=day(11, 15), cadre=member)
    assert midway["paired_contacts_expected"] == pytest.approx(3 * 15 / 365)


def test_a_station_s_farmer_friends_are_those_of_its_village(member, station_a, station_a2):
    f.FarmerFriendFactory(cadre=member, village=station_a.village)
    f.FarmerFriendFactory(cadre=member, village=station_a2.village)  # another village
    assert contacts.farmer_friends(period=NOVEMBER, today=AFTER, station=station_a) == {
        member.pk: 1
    }
    assert contacts.farmer_friends(period=NOVEMBER, today=AFTER, cadre=member) == {member.pk: 2}


def test_visits_per_month_stop_at_the_end_of_a_last_day_inside_a_month(station_a):
    f.VisitFactory(station=station_a, occurred_at=at(11, 15, 23, 59))
    f.VisitFactory(station=station_a, occurred_at=at(11, 16))  # after the 15th
    months = contacts.visits_per_month(end=day(11, 15), months=1, station=station_a)
    assert months == [(day(11, 1), 1)]


def _tables(queries):
    return [
        ("visitmonth" if '"visits_visitmonth"' in q["sql"] else "visit")
        for q in queries
        if '"visits_visit' in q["sql"]
    ]


def test_whole_months_are_read_from_the_rollups_and_a_month_cut_short_from_the_visits(
    station_a,
):
    f.VisitFactory(station=station_a, occurred_at=at(10, 1))  # October's first moment
    f.VisitFactory(station=station_a, occurred_at=at(11, 15, 9))
    with CaptureQueriesContext(connection) as queries:
        whole = contacts.visits_per_month(end=day(11, 30), months=2, station=station_a)
    assert whole == [(day(10, 1), 1), (day(11, 1), 1)]
    assert _tables(queries) == ["visitmonth"]
    # Up to the 15th: the visits themselves, from October's first moment.
    with CaptureQueriesContext(connection) as queries:
        cut = contacts.visits_per_month(end=day(11, 15), months=2, station=station_a)
    assert cut == [(day(10, 1), 1), (day(11, 1), 1)]
    assert _tables(queries) == ["visit"]
    # The counts by kind of whole months come from the rollups too (households reached,
    # a distinct count, from the visits).
    with CaptureQueriesContext(connection) as queries:
        (november,) = contacts.visit_counts(period=NOVEMBER, station=station_a).values()
    assert november["visits"] == 1
    assert _tables(queries) == ["visitmonth", "visit"]
