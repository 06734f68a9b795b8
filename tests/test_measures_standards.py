"""Each station and member measured against their own county's standards, when the
stations of a city lie in counties whose standards differ (``measures(standards=...)``,
the monthly materials' due days of ``visits.assessment.materials``).

Worked by hand: the fourth quarter of 2026 (1 October – 31 December, 92 days, a fraction
of 92 / 365 = 0.252 of the year), read on 10 January 2027, every day of it measured.
Two counties of one city, a station in each, a member at each paired with one household
of the village, nothing done:

============================  =========================  =========================
standard                      甲县 (X)                   乙县 (Y)
============================  =========================  =========================
contacts per paired household 12 → 12 × 0.252 = 3.02: 3  6 → 1.51: 1
days in a village a year      8 → 2.02: 2                4 → 1.01: 1
farmer friends per member     3                          0: none owed, not measured
station duty days a week      1 → 92 / 7 = 13.1: 13      2 → 26.3: 26
analysis meetings a quarter   0: none owed               1 × 1 whole quarter: 1
seven haves required          none: not measured         all seven: 0 of 7 met
materials due on the          5th: Oct, Nov, Dec due;    20th: Oct, Nov due (Dec not
                              Nov in on 10 Dec is late   yet); Nov in on 10 Dec on
                              → 0 of 3 on time           time → 1 of 2 on time
============================  =========================  =========================
"""

import datetime

import pytest
from django.utils import timezone

from stations.models import MaterialsStandard, StationMonth, WorkStation
from tests import factories as f
from villages.models import Standard
from visits.assessment.materials import materials_measures
from visits.models import Meeting
from visits.supervision.measures import measures
from visits.supervision.period import Period

pytestmark = pytest.mark.django_db

QUARTER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
TODAY = datetime.date(2027, 1, 10)
NONE_SEVEN = []


def _county(city, name, *, due_day, **standard):
    county = f.CountyFactory(prefecture=city, name=name)
    Standard.objects.create(county=county, **standard)
    MaterialsStandard.objects.create(county=county, due_day=due_day)
    village = f.VillageFactory(township=f.TownshipFactory(county=county), name=f"{name}村")
    station = f.StationFactory(village=village, name=f"{name}工作站")
    member = f.CadreFactory(township=village.township, name=f"{name}干部")
    f.AssignmentFactory(cadre=member, station=station)
    f.PairingFactory(cadre=member, household=f.HouseholdFactory(village=village))
    at = timezone.make_aware(datetime.datetime(2026, 12, 10, 9))
    StationMonth.objects.create(
        station=station, year=2026, month=11, state="submitted", first_submitted_at=at
    )
    return county


@pytest.fixture
def counties():
    city = f.PrefectureFactory(name="邵阳市")
    x = _county(
        city,
        "甲县",
        due_day=5,
        contacts_per_paired_household=12,
        village_days_leadership=8,
        village_days_section=8,
        village_days_ordinary=8,
        farmer_friends_per_member=3,
        station_days_per_week=1,
        analysis_meetings_per_quarter=0,
        seven_haves_required=NONE_SEVEN,
    )
    y = _county(
        city,
        "乙县",
        due_day=20,
        contacts_per_paired_household=6,
        village_days_leadership=4,
        village_days_section=4,
        village_days_ordinary=4,
        farmer_friends_per_member=0,
        station_days_per_week=2,
        analysis_meetings_per_quarter=1,
    )
    return x, y


def _table(found):
    return sorted(
        (m.station.village.township.county.name, m.kind, m.actual, m.expected) for m in found
    )


def test_each_station_and_member_is_measured_against_its_own_countys_standards(counties):
    x, y = counties
    standards = {c.pk: Standard.objects.get(county=c) for c in counties}
    found = measures(
        period=QUARTER, standards=standards, stations=WorkStation.objects.all(), today=TODAY
    )
    assert _table(found) == [
        ("乙县", "analysis_meetings", 0, 1),
        ("乙县", "duty_days", 0, 26),
        ("乙县", "logs_missing", 0, 1),
        ("乙县", "paired_contacts", 0, 1),
        ("乙县", "seven_haves", 0, 7),
        ("乙县", "village_days", 0, 1),
        ("甲县", "duty_days", 0, 13),
        ("甲县", "farmer_friends", 0, 3),
        ("甲县", "logs_missing", 0, 1),
        ("甲县", "paired_contacts", 0, 3),
        ("甲县", "village_days", 0, 2),
    ]
    # One standard for all is the same call with every county's standard the same.
    one = measures(
        period=QUARTER,
        standard=standards[x.pk],
        stations=WorkStation.objects.all(),
        today=TODAY,
    )
    assert _table(one) == _table(
        measures(
            period=QUARTER,
            standards={x.pk: standards[x.pk], y.pk: standards[x.pk]},
            stations=WorkStation.objects.all(),
            today=TODAY,
        )
    )
    assert ("乙县", "paired_contacts", 0, 3) in _table(one)


def test_each_stations_materials_are_due_by_its_own_countys_day(counties):
    stations = list(WorkStation.objects.select_related("village__township__county"))
    found = materials_measures(period=QUARTER, stations=stations, today=TODAY)
    assert _table(found) == [
        ("乙县", "materials_on_time", 1, 2),
        ("甲县", "materials_on_time", 0, 3),
    ]


def test_a_county_without_a_materials_standard_has_the_default_due_day(counties):
    x, _y = counties
    MaterialsStandard.objects.filter(county=x).delete()
    default = MaterialsStandard().due_day
    stations = list(WorkStation.objects.select_related("village__township__county"))
    found = {
        m.station.village.township.county_id: m
        for m in materials_measures(period=QUARTER, stations=stations, today=TODAY)
    }
    # The default day is before the 10th: November came in late in 甲县 too.
    assert default < 10
    assert (found[x.pk].actual, found[x.pk].expected) == (0, 3)


def test_a_countys_meetings_count_though_another_county_owes_none(counties):
    """甲县 owes no concern-analysis meeting a quarter, 乙县 one: the meeting 乙县's station
    held on 15 November is counted, with its date, in a measure of both counties."""
    standards = {c.pk: Standard.objects.get(county=c) for c in counties}
    station = WorkStation.objects.get(village__township__county__name="乙县")
    held = datetime.datetime(
        2026, 11, 15, 19, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    Meeting.objects.create(
        station=station, kind=Meeting.Kind.CONCERN_ANALYSIS, held_at=held, villagers=12
    )
    found = measures(
        period=QUARTER, standards=standards, stations=WorkStation.objects.all(), today=TODAY
    )
    (meetings,) = [m for m in found if m.kind == "analysis_meetings"]
    assert (meetings.station, meetings.actual, meetings.expected, meetings.last) == (
        station,
        1,
        1,
        datetime.date(2026, 11, 15),
    )
