"""A hand-built November 2026 in township A, shared by the supervision tests.

Figures for it are counted by hand in the tests. The people:

- 王明 (ordinary rank) served at 高石村 (station_a) until 15 November, then
  rotated to 白水村 (station_a2) from the 16th; paired with 刘一 (高石村)
  until the 15th and with 陈三 (白水村) from the 16th.
- the chief of 高石村 (chief_user), paired with 张二 (高石村).
- cadre_user, a member of 高石村 with no visits and no pairings.

Visits (Beijing time):

=========  ==========  =========  ======  ============  ==============
when       station     author     kind    household     note
=========  ==========  =========  ======  ============  ==============
10-31 23:59 白水村      王明       home    陈三          October
11-03 10:00 高石村      王明       home    刘一
11-03 15:00 高石村      王明       field   —             same day
11-05 09:00 高石村      chief      home    张二          王明 along
11-10 20:00 高石村      王明       phone   刘一          not a village day
11-11 09:30 高石村      chief      recep.  —             on a duty day
11-20 19:00 白水村      王明       night   陈三
11-30 23:30 白水村      王明       home    陈三          15:30 UTC
12-01 00:30 白水村      王明       home    陈三          December
=========  ==========  =========  ======  ============  ==============

Duty days at 高石村: 4 and 11 November held, 18 and 25 not, 2 December.
Cards: 刘一 valid since January; 张二's voided on 20 November; 李四 (高石村,
unpaired) issued on 1 December; 陈三 none.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.utils import timezone

from cadres.models import Cadre
from stations.models import Assignment
from tests import factories as f
from visits.models import Visit
from visits.supervision.period import Period

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOVEMBER = Period.month(2026, 11)
DECEMBER = Period.month(2026, 12)
OCTOBER = Period.month(2026, 10)
AFTER = datetime.date(2026, 12, 15)  # "today" in the tests: November is over


def at(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def freeze(monkeypatch, day=AFTER):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


@dataclass
class November:
    wang: Cadre
    chief: Cadre
    member: Cadre
    liu: object
    zhang: object
    li: object
    chen: object
    late_evening: Visit


@pytest.fixture
def november(station_a, station_a2, chief_user, cadre_user):
    township = station_a.village.township
    wang = f.CadreFactory(township=township, name="王明", rank_class=Cadre.RankClass.ORDINARY)
    f.AssignmentFactory(
        cadre=wang,
        station=station_a,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 11, 15),
    )
    f.AssignmentFactory(cadre=wang, station=station_a2, start_date=datetime.date(2026, 11, 16))
    chief = chief_user.cadre
    liu = f.HouseholdFactory(village=station_a.village, head_name="刘一")
    zhang = f.HouseholdFactory(village=station_a.village, head_name="张二")
    li = f.HouseholdFactory(village=station_a.village, head_name="李四")
    chen = f.HouseholdFactory(village=station_a2.village, head_name="陈三")
    f.PairingFactory(
        cadre=wang,
        household=liu,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 11, 15),
    )
    f.PairingFactory(cadre=wang, household=chen, start_date=datetime.date(2026, 11, 16))
    f.PairingFactory(cadre=chief, household=zhang, start_date=datetime.date(2025, 1, 1))

    def visit(station, author, when, kind=Visit.Kind.HOME, household=None, **fields):
        return f.VisitFactory(
            station=station,
            author=author,
            occurred_at=when,
            kind=kind,
            household=household,
            **fields,
        )

    visit(station_a2, wang, at(10, 31, 23, 59), household=chen)
    visit(station_a, wang, at(11, 3, 10), household=liu)
    visit(station_a, wang, at(11, 3, 15), kind=Visit.Kind.FIELD)
    joint = visit(station_a, chief, at(11, 5, 9), household=zhang)
    joint.companions.add(wang)
    visit(station_a, wang, at(11, 10, 20), kind=Visit.Kind.PHONE, household=liu)
    held = f.DutyDayFactory(
        station=station_a, date=datetime.date(2026, 11, 11), cadre=chief, held=True
    )
    visit(
        station_a,
        chief,
        at(11, 11, 9, 30),
        kind=Visit.Kind.RECEPTION,
        duty_day=held,
        visitor_name="过路群众",
    )
    visit(station_a2, wang, at(11, 20, 19), kind=Visit.Kind.NIGHT, household=chen)
    late = visit(station_a2, wang, at(11, 30, 23, 30), household=chen)
    visit(station_a2, wang, at(12, 1, 0, 30), household=chen)
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 11, 4), cadre=chief, held=True)
    for day in (18, 25):
        f.DutyDayFactory(station=station_a, date=datetime.date(2026, 11, day), cadre=chief)
    f.DutyDayFactory(station=station_a, date=datetime.date(2026, 12, 2), cadre=chief, held=True)
    f.ContactCardFactory(household=liu, station=station_a, issued_on=datetime.date(2026, 1, 5))
    f.ContactCardFactory(
        household=zhang,
        station=station_a,
        issued_on=datetime.date(2026, 1, 5),
        voided_on=datetime.date(2026, 11, 20),
    )
    f.ContactCardFactory(household=li, station=station_a, issued_on=datetime.date(2026, 12, 1))
    assert Assignment.objects.filter(cadre=wang).count() == 2
    return November(
        wang=wang,
        chief=chief,
        member=cadre_user.cadre,
        liu=liu,
        zhang=zhang,
        li=li,
        chen=chen,
        late_evening=late,
    )
