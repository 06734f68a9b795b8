"""Meetings, deeds, a spot check and ratings added to the hand-built November
of ``supervision_helpers``, for the supervision pages and their exports.

Meetings (Beijing time; attendees):

=============  ==========  ==================  ========  =================
when           station     kind                villagers  attendees
=============  ==========  ==================  ========  =================
11-03 19:00    高石村       education (宣教会)   40        王明, chief
11-30 23:30    高石村       concern analysis    12        chief   (15:30 UTC)
12-01 00:30    高石村       night talk          5         chief   (December)
11-20 19:00    白水村       fellowship (联谊会)  25        王明
11-10 19:00    金石村 (B)   appraisal (评议会)   30        B's member
=============  ==========  ==================  ========  =================

Deeds (day; cadres):

=====  ==========  ========  =========  ======  ============
day    station     category  money      people  cadres
=====  ==========  ========  =========  ======  ============
11-05  高石村       road      1200.50    30      chief, 王明
11-25  白水村       water     800.00     12      王明
10-31  高石村       training  500.00     9       chief (October)
11-15  金石村 (B)   household 300.00     4       B's member
=====  ==========  ========  =========  ======  ============

So in November: county 4 meetings (3 of the four meetings, 1 concern-analysis),
107 villagers, 3 deeds, 2300.50 yuan, 46 people; township A 3 meetings, 2 deeds,
2000.50 yuan, 42 people (高石村 2 / 1 / 1200.50 / 30, 白水村 1 / 1 / 800.00 / 12);
王明 attended 2 meetings and took part in 2 deeds (2000.50 yuan, 42 people).

Spot checks and ratings in November:

- the chief's paired household 张二, drawn and answered by phone on 12 November:
  knows the name and phone, not visited (知名度 2/3); the chief knew its members,
  head's name and tags (知民度 3/3);
- ratings at 高石村: the chief 满意 ×2, cadre_user's cadre 满意 and 不满意;
  at 白水村: 王明 基本满意.

Seen: chief (2 + 3 + 2) / 8 = 87.5%, the member 50%, 王明 50%.
Township A: 5 ratings, satisfaction 4/5 = 80.0%; most seen the chief, least
seen the member and 王明. 高石村: 4 ratings, satisfaction 75.0%; most seen the
chief, least seen the member (王明's rating was at 白水村).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests import factories as f
from tests.supervision_helpers import at
from visits.models import Deed, Meeting, Rating, SpotCheck, SpotCheckAnswer
from visits.spotchecks import services as spotchecks

K, C, V = Meeting.Kind, Deed.Category, Rating.Value


def meeting(station, kind, held_at, attendees, villagers):
    row = Meeting.objects.create(
        station=station, kind=kind, held_at=held_at, villagers=villagers, topics=str(kind.label)
    )
    row.attendees.set(attendees)
    return row


def deed(station, category, done_on, cadres, money, people):
    row = Deed.objects.create(
        station=station,
        what=f"{category.label}实事",
        category=category,
        done_on=done_on,
        money_raised=Decimal(money),
        people_helped=people,
    )
    row.cadres.set(cadres)
    return row


def rate(station, cadre, value, day=datetime.date(2026, 11, 10)):
    Rating.objects.create(station=station, cadre=cadre, value=value, rated_on=day)


@dataclass
class Reported:
    b_member: object


@pytest.fixture
def reported(november, station_a, station_a2, station_b):
    wang, chief, member = november.wang, november.chief, november.member
    b_member = f.AssignmentFactory(station=station_b).cadre
    meeting(station_a, K.EDUCATION, at(11, 3, 19), [wang, chief], 40)
    meeting(station_a, K.CONCERN_ANALYSIS, at(11, 30, 23, 30), [chief], 12)
    meeting(station_a, K.NIGHT_TALK, at(12, 1, 0, 30), [chief], 5)
    meeting(station_a2, K.FELLOWSHIP, at(11, 20, 19), [wang], 25)
    meeting(station_b, K.APPRAISAL, at(11, 10, 19), [b_member], 30)
    d = datetime.date
    deed(station_a, C.ROAD, d(2026, 11, 5), [chief, wang], "1200.50", 30)
    deed(station_a2, C.WATER, d(2026, 11, 25), [wang], "800", 12)
    deed(station_a, C.TRAINING, d(2026, 10, 31), [chief], "500", 9)
    deed(station_b, C.HOUSEHOLD, d(2026, 11, 15), [b_member], "300", 4)

    check = spotchecks.draw(cadre=chief, size=1, seed=1, by=None)
    (answer,) = check.answers.all()
    assert answer.household == november.zhang
    spotchecks.record_answer(
        answer=answer,
        data={
            "contact": "phone",
            "knows_name": True,
            "knows_phone": True,
            "was_visited": False,
            "cadre_asked": True,
            "cadre_members": november.zhang.members,
            "cadre_head_name": november.zhang.head_name,
            "cadre_tags": list(november.zhang.tags.all()),
        },
        by=None,
    )
    SpotCheck.objects.filter(pk=check.pk).update(drawn_at=at(11, 12, 9))
    SpotCheckAnswer.objects.filter(pk=answer.pk).update(recorded_at=at(11, 12, 10))
    rate(station_a, chief, V.SATISFIED)
    rate(station_a, chief, V.SATISFIED)
    rate(station_a, member, V.SATISFIED)
    rate(station_a, member, V.NOT_SATISFIED)
    rate(station_a2, wang, V.BASICALLY, datetime.date(2026, 11, 20))
    return Reported(b_member=b_member)
