"""A township world whose worklist is worked out by hand, for the start-page tests.

Today is Thursday 10 December 2026 (Beijing). In township A (石门乡):

- overdue concerns: 1 (assigned, due 5 December, not done); one due on the 20th is not;
- waiting to be assigned: 2 (escalated);
- duty days missed this month: 2 (高石 on the 3rd, 白水 on the 9th); the 8th was held,
  today's (the 10th) is not counted yet, 26 November is last month's;
- stale cards: 2 (高石's cards list 老周, who left on 25 November);
- households without a valid card: 2 (of 4: the two that hold the stale cards count as carded);
- unread suggestions: 2 (a third was read);
- members below quota: 1 (the county asks for no village days, and 10 farmer friends: the
  chief has 10, the member none; 老周 left before December).

Township B (金石桥镇) has one of each, which A's page must not count.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cadres.models import Feedback
from stations.cards import services as cards
from stations.models import Assignment
from tests import factories as f
from tests.concern_helpers import ConcernFactory
from tests.supervision_helpers import SHANGHAI
from villages.models import Standard
from visits.models import Concern

TODAY = datetime.date(2026, 12, 10)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def freeze_today(monkeypatch, day=TODAY):
    moment = at(day, 12).astimezone(datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@dataclass
class World:
    overdue: Concern
    escalated: list
    missed: list


def _concerns(station, office):
    overdue = ConcernFactory(
        station=station,
        household=None,
        assigned=True,
        office=office,
        raised_at=at(datetime.date(2026, 12, 1)),
        deadline=datetime.date(2026, 12, 5),
        description="修复水渠，逾期未办",
    )
    ConcernFactory(
        station=station,
        household=None,
        assigned=True,
        office=office,
        raised_at=at(datetime.date(2026, 12, 2)),
        deadline=datetime.date(2026, 12, 20),
    )
    escalated = [
        ConcernFactory(station=station, household=None, raised_at=at(datetime.date(2026, 12, d)))
        for d in (6, 7)
    ]
    return overdue, escalated


def build(*, station_a, station_a2, station_b, chief_user, cadre_user, office_a, office_b):
    county = station_a.village.township.county
    Standard.objects.create(
        county=county,
        village_days_leadership=0,
        village_days_section=0,
        village_days_ordinary=0,
        farmer_friends_per_member=10,
    )
    for _ in range(10):
        f.FarmerFriendFactory(cadre=chief_user.cadre, village=station_a.village)
    # 老周 served at 高石 when its cards were printed, and left on 25 November.
    leaver = f.CadreFactory(township=station_a.village.township, name="老周")
    f.AssignmentFactory(cadre=leaver, station=station_a)
    households = [f.HouseholdFactory(village=station_a.village) for _ in range(3)]
    households.append(f.HouseholdFactory(village=station_a2.village))
    for household in households[:2]:
        cards.issue_card(household=household, by=None, today=datetime.date(2026, 11, 20))
    Assignment.objects.filter(cadre=leaver).update(end_date=datetime.date(2026, 11, 25))
    overdue, escalated = _concerns(station_a, office_a)
    _concerns(station_b, office_b)
    missed = [
        f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 3)),
        f.DutyDayFactory(station=station_a2, date=datetime.date(2026, 12, 9)),
    ]
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 8), held=True)
    f.DutyDayFactory(station=station_a, date=TODAY)
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 11, 26))
    f.DutyDayFactory(station=station_b, date=datetime.date(2026, 12, 3))
    township_a, township_b = station_a.village.township, station_b.village.township
    for township, read in ((township_a, False), (township_a, False), (township_a, True)):
        Feedback.objects.create(
            township=township, text="希望增加夜间值班", read_at=at(TODAY) if read else None
        )
    Feedback.objects.create(township=township_b, text="别的乡镇的意见")
    f.HouseholdFactory(village=station_b.village)
    return World(overdue=overdue, escalated=escalated, missed=missed)


@pytest.fixture
def world(
    monkeypatch, station_a, station_a2, station_b, chief_user, cadre_user, office_a, office_b
):
    freeze_today(monkeypatch)
    return build(
        station_a=station_a,
        station_a2=station_a2,
        station_b=station_b,
        chief_user=chief_user,
        cadre_user=cadre_user,
        office_a=office_a,
        office_b=office_b,
    )


EXPECTED_A = {
    "overdue": 1,
    "to_assign": 2,
    "missed_duty": 2,
    "stale_cards": 2,
    "no_card": 2,
    "unread_feedback": 2,
    "members_behind": 1,
}
