"""What a page or report asks again is read once (``read_once.read_once``): the paired
contacts of one place, summed per grouping in Python from one read of its pairings,
and each member's days in a village, counted once. Every figure is worked out by
hand and is the same as when each grouping is read on its own."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.models import Cadre
from tests import factories as f
from tests.supervision_helpers import SHANGHAI
from visits import glossary
from visits.models import Visit
from visits.reports.monthly import build_report
from visits.supervision import contacts, read_once
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
AFTER = datetime.date(2026, 12, 15)  # November is over
# Three contacts a year: November owes 3 × 30/365 a pairing, and each pairing's
# contacts count up to ceil(3 × 30/365) = 1.
QUOTA = 3


def at(day, hour=9):
    return datetime.datetime(2026, 11, day, hour, tzinfo=SHANGHAI)


def _cadre(station, name):
    cadre = f.CadreFactory(township=station.village.township, name=name)
    f.AssignmentFactory(cadre=cadre, station=station)
    return cadre


def _pair(cadre, station, *, start=datetime.date(2025, 1, 1), end=None):
    household = f.HouseholdFactory(village=station.village)
    f.PairingFactory(cadre=cadre, household=household, start_date=start, end_date=end)
    return household


def _visit(author, household, when, companions=()):
    station = author.assignments.get().station
    visit = f.VisitFactory(station=station, author=author, household=household, occurred_at=when)
    visit.companions.set(companions)
    return visit


@pytest.fixture
def pairings(county, station_a, station_a2, station_b):
    """Four pairings in township A and one in township B:

    - 周平 (station A): 甲 visited three times (counted once, the cap), 乙 never,
      丙 at station A2 ended on 10 November (ten days owed), visited once as a companion;
    - 吴刚 (station A2): 丁, visited once;
    - 郑强 (station B): 戊, visited twice (counted once).
    """
    zhou, wu = _cadre(station_a, "周平"), _cadre(station_a2, "吴刚")
    zheng = _cadre(station_b, "郑强")
    jia, _yi = _pair(zhou, station_a), _pair(zhou, station_a)
    bing = _pair(zhou, station_a2, end=datetime.date(2026, 11, 10))
    ding, wu_ = _pair(wu, station_a2), _pair(zheng, station_b)
    for day in (2, 12, 22):
        _visit(zhou, jia, at(day))
    _visit(wu, bing, at(5), companions=[zhou])
    _visit(wu, ding, at(6))
    _visit(zheng, wu_, at(7))
    _visit(zheng, wu_, at(8))
    return {"zhou": zhou, "wu": wu, "zheng": zheng}


# (paired, contacted, counted, days owed) per group, worked out from the fixture's list.
def _expected(pairings, station_a, station_a2, station_b):
    zhou, wu, zheng = pairings["zhou"], pairings["wu"], pairings["zheng"]
    a, b = station_a.village.township, station_b.village.township
    return {
        None: {None: (5, 4, 4, 30 * 4 + 10)},
        "township": {a.pk: (4, 3, 3, 30 * 3 + 10), b.pk: (1, 1, 1, 30)},
        "station": {
            station_a.pk: (2, 1, 1, 60),
            station_a2.pk: (2, 2, 2, 10 + 30),
            station_b.pk: (1, 1, 1, 30),
        },
        "village": {
            station_a.village_id: (2, 1, 1, 60),
            station_a2.village_id: (2, 2, 2, 40),
            station_b.village_id: (1, 1, 1, 30),
        },
        "cadre": {zhou.pk: (3, 2, 2, 60 + 10), wu.pk: (1, 1, 1, 30), zheng.pk: (1, 1, 1, 30)},
    }


def _seen(found):
    return {
        key: (
            figures["paired"],
            figures["paired_contacted"],
            figures["paired_contacts"],
            round(figures["paired_contacts_expected"] * 365 / QUOTA),
        )
        for key, figures in found.items()
    }


def test_each_grouping_summed_from_one_read_is_what_its_own_query_counts(
    pairings, county, station_a, station_a2, station_b
):
    expected = _expected(pairings, station_a, station_a2, station_b)
    asked = {"period": NOVEMBER, "quota": QUOTA, "today": AFTER, "county": county}
    alone = {by: _seen(contacts.paired_contacts(by=by, **asked)) for by in expected}
    with read_once.read_once():
        with CaptureQueriesContext(connection) as first:
            once = {None: _seen(contacts.paired_contacts(**asked))}
        with CaptureQueriesContext(connection) as rest:
            once |= {by: _seen(contacts.paired_contacts(by=by, **asked)) for by in expected}
    assert alone == expected
    assert once == expected
    assert len(first) == 1
    assert len(rest) == 0  # every other grouping is summed from the first read


def test_a_place_without_pairings_read_once_has_nothing_owed_or_counted(station_b):
    with read_once.read_once():
        (total,) = contacts.paired_contacts(
            period=NOVEMBER, quota=QUOTA, today=AFTER, station=station_b
        ).values()
        by_cadre = contacts.paired_contacts(
            period=NOVEMBER, quota=QUOTA, today=AFTER, by="cadre", station=station_b
        )
    assert (total["paired"], total["paired_contacts"], total["paired_contacts_expected"]) == (
        0,
        0,
        0,
    )
    assert by_cadre == {}


def test_another_place_period_quota_or_day_is_read_afresh(pairings, county, station_a):
    township = station_a.village.township
    with read_once.read_once(), CaptureQueriesContext(connection) as queries:
        county_total = contacts.paired_contacts(
            period=NOVEMBER, quota=QUOTA, today=AFTER, county=county
        )[None]
        township_total = contacts.paired_contacts(
            period=NOVEMBER, quota=QUOTA, today=AFTER, township=township
        )[None]
        more = contacts.paired_contacts(period=NOVEMBER, quota=12, today=AFTER, county=county)[None]
        early = contacts.paired_contacts(
            period=NOVEMBER, quota=QUOTA, today=datetime.date(2026, 11, 5), county=county
        )[None]
        october = contacts.paired_contacts(
            period=Period.month(2026, 10), quota=QUOTA, today=AFTER, county=county
        )[None]
    assert len(queries) == 5
    assert (county_total["paired_contacts"], township_total["paired_contacts"]) == (4, 3)
    # Twelve a year: up to ceil(12 × 30/365) = 1 contact a pairing still.
    assert more["paired_contacts_due"] == int(12 * (30 * 4 + 10) / 365)
    # Up to 5 November: 甲 on the 2nd and 丙 (as a companion) on the 5th.
    assert early["paired_contacts"] == 2
    assert october["paired_contacts"] == 0


def test_a_list_of_cadres_is_read_as_asked_even_in_a_block(pairings):
    zhou = pairings["zhou"]
    with read_once.read_once(), CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            (figures,) = contacts.paired_contacts(
                period=NOVEMBER, quota=QUOTA, today=AFTER, cadre=[zhou.pk]
            ).values()
            assert figures["paired_contacts"] == 2
    assert len(queries) == 2


def test_a_place_named_by_its_id_is_read_once_and_a_list_of_places_as_asked(
    pairings, station_a, station_a2
):
    asked = {"period": NOVEMBER, "quota": QUOTA, "today": AFTER}
    with read_once.read_once():
        with CaptureQueriesContext(connection) as by_id:
            for _ in range(2):
                (figures,) = contacts.paired_contacts(station=station_a.pk, **asked).values()
                assert figures["paired_contacts"] == 1  # 甲, counted once
        with CaptureQueriesContext(connection) as by_list:
            for _ in range(2):
                (figures,) = contacts.paired_contacts(
                    station=[station_a.pk, station_a2.pk], **asked
                ).values()
                assert figures["paired_contacts"] == 3  # 甲, 丙 and 丁
    assert (len(by_id), len(by_list)) == (1, 2)


def test_nothing_is_kept_after_the_block(pairings, county):
    asked = {"period": NOVEMBER, "quota": QUOTA, "today": AFTER, "county": county}
    with read_once.read_once():
        contacts.paired_contacts(**asked)
    _visit(pairings["wu"], None, at(20))  # any write after the block
    household = pairings["zheng"].pairings.get().household
    _visit(pairings["zheng"], household, at(25))
    with CaptureQueriesContext(connection) as queries:
        contacts.paired_contacts(**asked)
    assert len(queries) == 1


def test_a_block_inside_a_block_shares_its_reads(pairings, county):
    asked = {"period": NOVEMBER, "quota": QUOTA, "today": AFTER, "county": county}
    with read_once.read_once():
        contacts.paired_contacts(**asked)
        with read_once.read_once(), CaptureQueriesContext(connection) as inner:
            contacts.paired_contacts(by="township", **asked)
        with CaptureQueriesContext(connection) as after:
            contacts.paired_contacts(by="station", **asked)
    assert (len(inner), len(after)) == (0, 0)


def test_days_in_a_village_are_counted_once_for_each_member(station_a, station_a2):
    """周平 was in a village on 2, 3 and 6 November (the 6th at station A2, as a
    companion); 吴刚 on 3 and 6 November; 郑强 never."""
    zhou, wu = _cadre(station_a, "周平"), _cadre(station_a2, "吴刚")
    zheng = _cadre(station_a, "郑强")
    _visit(zhou, None, at(2))
    _visit(zhou, None, at(2, 15))  # the 2nd again
    _visit(zhou, None, at(3))
    _visit(wu, None, at(3))
    _visit(wu, None, at(6), companions=[zhou])
    phone = f.VisitFactory(station=station_a, author=zhou, occurred_at=at(9), kind=Visit.Kind.PHONE)
    assert phone.kind == Visit.Kind.PHONE
    both = Cadre.objects.filter(pk__in=[zhou.pk, wu.pk])
    everyone = Cadre.objects.filter(pk__in=[zhou.pk, wu.pk, zheng.pk])
    with read_once.read_once():
        with CaptureQueriesContext(connection) as first:
            assert contacts.village_days(period=NOVEMBER, cadres=both) == {zhou.pk: 3, wu.pk: 2}
        with CaptureQueriesContext(connection) as again:
            # Only the ids asked are read: 周平 and 吴刚 were counted; 郑强 has no day.
            assert contacts.village_days(period=NOVEMBER, cadres=everyone) == {
                zhou.pk: 3,
                wu.pk: 2,
            }
            assert contacts.village_days(
                period=NOVEMBER, cadres=Cadre.objects.filter(pk=zhou.pk)
            ) == {zhou.pk: 3}
        with CaptureQueriesContext(connection) as at_station:
            assert contacts.village_days(period=NOVEMBER, cadres=both, station=station_a) == {
                zhou.pk: 2
            }
    # The first: the ids asked and the count. Then: the ids, and 郑强's count once.
    assert (len(first), len(again), len(at_station)) == (2, 3, 2)
    assert contacts.village_days(period=NOVEMBER, cadres=everyone) == {zhou.pk: 3, wu.pk: 2}


def test_the_county_report_reads_the_pairings_and_the_members_days_once(
    pairings, supervisor, county, township_a, township_b, station_a, station_a2, station_b
):
    with CaptureQueriesContext(connection) as queries:
        report = build_report(user=supervisor, period=NOVEMBER, county=county)
    pairing_reads = [q for q in queries if 'COUNT("V0"."id")' in q["sql"]]
    days_reads = [q for q in queries if 'COUNT(DISTINCT "visits_villageday"."day")' in q["sql"]]
    # The tables' one read of the county's pairings, and the shortfalls' of its members'
    # (asked as a list of members, each against their county's quota).
    assert len(pairing_reads) == 2
    assert len(days_reads) == 1
    counted = str(glossary.definition("activity.paired_contacts_counted").label)
    assert {figure.label: figure.value for figure in report.summary}[counted] == 4
    townships = report.table("townships")
    column = townships.headers.index(counted)
    assert {row[0]: row[column] for row in townships.rows} == {
        township_a.name: 3,
        township_b.name: 1,
    }
    stations = report.table("stations")
    column = stations.headers.index(counted)
    assert {row[1]: row[column] for row in stations.rows} == {
        station_a.name: 1,
        station_a2.name: 2,
        station_b.name: 1,
    }
    members = report.table("members")
    column = members.headers.index(counted)
    assert {row[1]: row[column] for row in members.rows} == {"周平": 2, "吴刚": 1, "郑强": 1}
