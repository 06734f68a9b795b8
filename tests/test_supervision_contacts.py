"""Visits and contacts at the edges of a period: a visit at the first and the last
moment of a month (Asia/Shanghai), pairings that began on the last day measured or
ended on the first, contacts made as a companion, a period measured up to a day
inside it, a year's quota met exactly, farmer friends on the day measured, and the
visits of each month. Every figure is worked out by hand beside it."""

import datetime

import pytest

from tests import factories as f
from tests.supervision_helpers import SHANGHAI
from visits.models import Visit
from visits.supervision import contacts
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
